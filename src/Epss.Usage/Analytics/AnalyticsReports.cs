using System.Text.Json.Serialization;

namespace Epss.Usage.Analytics;

// The records of src/web/src/shared/analytics-contract.ts: serialised with System.Text.Json's web defaults (camelCase)
// they give exactly its shapes. Numbers are null where a cell is suppressed; optional properties are left out when empty.

/// <summary>What every report carries: its period, the suppression threshold and the filters that were applied.</summary>
public abstract record AnalyticsReport
{
    public required AnalyticsPeriod Period { get; init; }

    public required int MinimumGroupSize { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? App { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GuideId { get; init; }

    /// <summary>True when the figures are those of clients that did not sign in (the filter <c>users=anonymous</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Anonymous { get; init; }
}

public sealed record GuideUseReport(IReadOnlyList<GuideUseRow> Guides) : AnalyticsReport;

public sealed record GuideUseRow(
    string GuideId,
    string Title,
    long? Opened,
    long? Completed,
    long? Abandoned,
    double? CompletionRate,
    double? MedianSecondsToComplete,
    long? Users,
    bool Suppressed);

/// <summary>Use per week: a day's figures would be its week's minus the other days' (issue 16).</summary>
public sealed record UseOverTimeReport(IReadOnlyList<UseOverTimeRow> Weeks) : AnalyticsReport;

/// <param name="Week">ISO 8601, e.g. <c>2026-W45</c>.</param>
/// <param name="From">The week's Monday.</param>
/// <param name="To">The week's Sunday.</param>
public sealed record UseOverTimeRow(string Week, DateOnly From, DateOnly To, long? Opened, long? Completed, long? Users, bool Suppressed);

public sealed record FunnelReport(string Title, long? Runs, long? Completed, bool Suppressed, IReadOnlyList<FunnelStep> Steps) : AnalyticsReport;

public sealed record FunnelStep(string StepId, string Title, int? Position, long? Reached, long? LeftHere, double? DropOffRate, bool Suppressed);

public sealed record DecisionReport(string Title, IReadOnlyList<DecisionRow> Decisions) : AnalyticsReport;

public sealed record DecisionRow(
    string StepId,
    string StepTitle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ToStepId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ToGuideId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
    long? Count,
    double? Share,
    bool Suppressed);

public sealed record SearchReport(IReadOnlyList<SearchRow> NoHits, IReadOnlyList<SearchRow> NotOpened) : AnalyticsReport;

/// <summary>One normalised query; a suppressed row stands for all queries typed by too few users, and shows none of them.</summary>
public sealed record SearchRow(string? Query, long? Count, long? Users, DateTimeOffset? LastSeen, bool Suppressed);

public sealed record FlagReport(IReadOnlyList<FlagRow> Flags) : AnalyticsReport;

public sealed record FlagRow(string GuideId, string Title, string? StepId, string? StepTitle, long? Open, long? Answered, long? Closed, bool Suppressed);

public sealed record TargetMissingReport(IReadOnlyList<TargetMissingRow> Targets) : AnalyticsReport;

public sealed record TargetMissingRow(
    string GuideId,
    string Title,
    string StepId,
    string StepTitle,
    string Selector,
    string TargetStatus,
    long? Count,
    long? Users,
    DateTimeOffset? LastSeen,
    IReadOnlyList<string> Pages,
    bool Suppressed);

public sealed record HealthReport(
    IReadOnlyList<OutdatedGuide> Outdated,
    IReadOnlyList<NotOpenedGuide> NotOpened,
    IReadOnlyList<HighDropOffGuide> HighDropOff,
    IReadOnlyList<OpenFlagsGuide> OpenFlags) : AnalyticsReport;

public sealed record OutdatedGuide(string GuideId, string Title, string? Owner, DateOnly ReviewBy);

public sealed record NotOpenedGuide(string GuideId, string Title, string? Owner, DateTimeOffset? LastOpened);

public sealed record HighDropOffGuide(string GuideId, string Title, long Runs, double CompletionRate);

/// <param name="Open">Null (suppressed) when the open flags rest on fewer officials than the threshold.</param>
public sealed record OpenFlagsGuide(string GuideId, string Title, long? Open, bool Suppressed);

/// <summary>The thresholds of the content health report.</summary>
public sealed record HealthSettings(int NotOpenedDays = 30, double DropOffThreshold = 0.5);
