using System.ComponentModel.DataAnnotations;

namespace Epss.Usage.Analytics;

/// <summary>Settings of the analyses, bound from <c>Epss:Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Epss:Analytics";

    /// <summary>A cell resting on fewer distinct pseudonymous users than this is suppressed, so no official can be singled out.</summary>
    [Range(1, 1000)]
    public int MinimumGroupSize { get; set; } = 5;

    /// <summary>The time zone whose days the filters name (an IANA or Windows id).</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>The longest period one report may cover.</summary>
    [Range(1, 3660)]
    public int MaximumPeriodDays { get; set; } = 400;

    /// <summary>The period when none is asked for: this many days up to today.</summary>
    [Range(1, 3660)]
    public int DefaultPeriodDays { get; set; } = 30;
}
