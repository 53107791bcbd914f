namespace Epss.Usage.Analytics;

/// <summary>
/// The aggregates the reports are made of, straight from the store: exact counts and distinct-user counts, before any
/// suppression, titles or ordering (<see cref="UsageAnalytics"/> adds those). One implementation per store: SQLite
/// here, PostgreSQL in its own project; the SQL is kept to what both databases run.
/// </summary>
/// <remarks>
/// A run is a run_id (the panel sets one on every event of a walk through a guide; an event without one belongs to no
/// run). Run counts take the runs opened (guide-opened) in the period and what those runs did in it. Times are Unix
/// milliseconds, UTC. Every count leaves out the parts resting on fewer than <see cref="AnalyticsQuery.MinimumPartSize"/>
/// users (<see cref="SmallParts"/>); a cell's users are those of what was kept, or fewer than that size when nothing was.
/// </remarks>
public interface IUsageAnalyticsQueries
{
    Task<IReadOnlyList<GuideUseCounts>> GuideUseAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<WeekCounts>> UseOverTimeAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>The funnel of <see cref="AnalyticsQuery.GuideId"/> (required).</summary>
    Task<FunnelCounts> FunnelAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>The decisions taken in <see cref="AnalyticsQuery.GuideId"/> (required).</summary>
    Task<IReadOnlyList<DecisionCounts>> DecisionsAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Failed searches per stored query and user (the query is normalised and merged by the caller).</summary>
    Task<IReadOnlyList<SearchCounts>> FailedSearchesAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Flags raised in the period about a guide (not about a search), per guide and step.</summary>
    Task<IReadOnlyList<FlagCounts>> FlagsAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<TargetCounts>> TargetsMissingAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Target-missing counts per target, status and page, for the most frequent status and pages.</summary>
    Task<IReadOnlyList<TargetDetailCounts>> TargetDetailsAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>The latest guide-opened of each of <paramref name="guideIds"/> up to the end of the query (its start is ignored); absent when never.</summary>
    Task<IReadOnlyDictionary<string, long>> LastOpenedAsync(AnalyticsQuery query, IReadOnlyCollection<string> guideIds, CancellationToken cancellationToken);

    /// <summary>Open flags per guide now, whenever raised (the query's period is ignored).</summary>
    Task<IReadOnlyList<OpenFlagCounts>> OpenFlagsAsync(AnalyticsQuery query, CancellationToken cancellationToken);
}

/// <param name="Users">Distinct users who opened the guide in the period: what the row rests on.</param>
/// <param name="MedianMsToComplete">Over runs opened and completed in the period; null when there are none.</param>
public sealed record GuideUseCounts(string GuideId, long Opened, long Completed, long Abandoned, double? MedianMsToComplete, long Users);

/// <param name="Week">The Monday of the local week.</param>
/// <param name="Users">Distinct users who opened a guide that week.</param>
/// <param name="RowUsers">Distinct users of the week's opened and completed events: what the row rests on.</param>
public sealed record WeekCounts(DateOnly Week, long Opened, long Completed, long Users, long RowUsers);

public sealed record FunnelCounts(long Runs, long Completed, long Users, IReadOnlyList<FunnelStepCounts> Steps);

/// <param name="Users">Distinct users of the runs that viewed the step.</param>
public sealed record FunnelStepCounts(string StepId, long Reached, long LeftHere, long Users);

public sealed record DecisionCounts(string StepId, string? ToStepId, string? ToGuideId, long Count, long Users);

/// <param name="NoHits">True: the search found nothing; false: it found something and no hit was opened.</param>
/// <param name="Week">The Monday of the local week; with <paramref name="Role"/> and <paramref name="App"/> the part the searches belong to.</param>
public sealed record SearchCounts(bool NoHits, string Query, string UserPseudonym, long Count, long LastSeenMs, DateOnly Week = default, string? Role = null,
    string? App = null);

/// <param name="Users">Distinct users who raised the open flags counted.</param>
public sealed record OpenFlagCounts(string GuideId, long Open, long Users);

public sealed record FlagCounts(string GuideId, string? StepId, long Open, long Answered, long Closed, long Users);

public sealed record TargetCounts(string GuideId, string StepId, string Selector, long Count, long Users, long LastSeenMs);

/// <summary>How often one pseudonym met one status on one page: the pages a row shows must each rest on enough users.</summary>
public sealed record TargetDetailCounts(string GuideId, string StepId, string Selector, string TargetStatus, string PageUrl, string UserPseudonym, long Count);
