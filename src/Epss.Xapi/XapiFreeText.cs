using Epss.Usage;
using Epss.Usage.Analytics;

namespace Epss.Xapi;

/// <summary>
/// Which free text an official typed (a search query, the query of a "Niets gevonden" report) may leave the server in
/// a statement: only text that at least the analyses' minimum group size of distinct officials typed, compared as the
/// dashboard compares queries (<see cref="UsageAnalytics.NormaliseQuery"/>). Anything rarer may be a citizen's name and
/// becomes <see cref="Marker"/>, as the dashboard shows it only as one suppressed row. Counted over every event kept,
/// not over the exported period, so the same query is shown or hidden alike in every export.
/// </summary>
public sealed class XapiFreeText
{
    /// <summary>What a statement carries instead of text too few officials typed.</summary>
    public const string Marker = "[verborgen: door minder collega's getypt dan de drempel]";

    /// <summary>Normalised texts enough officials typed; null: every text (<see cref="ShowAll"/>).</summary>
    private readonly IReadOnlySet<string>? _shared;

    private XapiFreeText(IReadOnlySet<string>? shared)
    {
        _shared = shared;
    }

    /// <summary>Every text as typed: for tests of the statements' shape only.</summary>
    public static XapiFreeText ShowAll { get; } = new(null);

    /// <summary>The rule for the events stored now.</summary>
    public static async Task<XapiFreeText> ReadAsync(IUsageStore store, int minimumGroupSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumGroupSize, 1);
        var typists = await store.ReadQueryTypistsAsync(cancellationToken).ConfigureAwait(false);
        var shared = typists
            .GroupBy(t => UsageAnalytics.NormaliseQuery(t.Query), StringComparer.Ordinal)
            .Where(g => g.Select(t => t.UserPseudonym).Distinct(StringComparer.Ordinal).Count() >= minimumGroupSize)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        return new XapiFreeText(shared);
    }

    /// <summary><paramref name="text"/> when enough officials typed it, else <see cref="Marker"/>; null stays null.</summary>
    public string? Show(string? text) =>
        text is null ? null : _shared is null || _shared.Contains(UsageAnalytics.NormaliseQuery(text)) ? text : Marker;
}
