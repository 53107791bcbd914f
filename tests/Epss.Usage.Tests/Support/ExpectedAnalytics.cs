using Epss.Usage.Analytics;

namespace Epss.Usage.Tests.Support;

/// <summary>
/// The reports computed again in LINQ over the generated events themselves, not over the database and not with the
/// SQL: local days by <see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/>, one run at a time. What the
/// analytics return must equal this, suppression included.
/// </summary>
internal sealed class ExpectedAnalytics(IReadOnlyList<UsageEvent> events, IReadOnlyList<StepFlag> flags, int minimumGroupSize = 5)
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public int MinimumGroupSize { get; } = minimumGroupSize;

    public static DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Amsterdam).DateTime);

    public bool Suppress(long users) => users > 0 && users < MinimumGroupSize;

    public IEnumerable<UsageEvent> InPeriod(AnalyticsFilter f, string? guideId) => events.Where(e =>
        LocalDay(e.OccurredAt) >= f.From && LocalDay(e.OccurredAt) <= f.To
        && (f.Role is null || e.Role == f.Role) && (f.App is null || e.App == f.App) && (guideId is null || e.GuideId == guideId));

    /// <summary>Run-based figures count the events that carry a run id (every event of a walk through a guide does).</summary>
    public static string RunOf(UsageEvent e) => e.RunId!;

    public sealed record Use(long Opened, long Completed, long Abandoned, double? MedianSeconds, long Users);

    public Dictionary<string, Use> GuideUse(AnalyticsFilter f)
    {
        var result = new Dictionary<string, Use>(StringComparer.Ordinal);
        var relevant = InPeriod(f, f.GuideId).Where(e => e.GuideId is not null && e.RunId is not null &&
            e.Type is UsageEventTypes.GuideOpened or UsageEventTypes.GuideCompleted or UsageEventTypes.GuideAbandoned);
        foreach (var guide in relevant.GroupBy(e => e.GuideId!))
        {
            var runs = guide.GroupBy(RunOf).Where(r => r.Any(e => e.Type == UsageEventTypes.GuideOpened)).ToList();
            if (runs.Count == 0)
            {
                continue;
            }
            var durations = new List<long>();
            foreach (var run in runs.Where(r => r.Any(e => e.Type == UsageEventTypes.GuideCompleted)))
            {
                var opened = run.Where(e => e.Type == UsageEventTypes.GuideOpened).Min(e => e.OccurredAt);
                var completed = run.Where(e => e.Type == UsageEventTypes.GuideCompleted).Min(e => e.OccurredAt);
                if (completed >= opened)
                {
                    durations.Add((long)(completed - opened).TotalMilliseconds);
                }
            }
            durations.Sort();
            double? median = durations.Count == 0 ? null
                : durations.Count % 2 == 1 ? durations[durations.Count / 2] / 1000.0
                : (durations[durations.Count / 2 - 1] + durations[durations.Count / 2]) / 2.0 / 1000.0;
            result[guide.Key] = new Use(
                runs.Count,
                runs.Count(r => r.Any(e => e.Type == UsageEventTypes.GuideCompleted)),
                runs.Count(r => r.Any(e => e.Type == UsageEventTypes.GuideAbandoned)),
                median,
                guide.Where(e => e.Type == UsageEventTypes.GuideOpened).Select(e => e.UserPseudonym).Distinct().Count());
        }
        return result;
    }

    public sealed record Day(long Opened, long Completed, long Users, long RowUsers);

    public Dictionary<DateOnly, Day> UseOverTime(AnalyticsFilter f) => InPeriod(f, f.GuideId)
        .Where(e => e.RunId is not null && e.Type is UsageEventTypes.GuideOpened or UsageEventTypes.GuideCompleted)
        .GroupBy(e => LocalDay(e.OccurredAt))
        .ToDictionary(g => g.Key, g => new Day(
            g.Where(e => e.Type == UsageEventTypes.GuideOpened).Select(RunOf).Distinct().Count(),
            g.Where(e => e.Type == UsageEventTypes.GuideCompleted).Select(RunOf).Distinct().Count(),
            g.Where(e => e.Type == UsageEventTypes.GuideOpened).Select(e => e.UserPseudonym).Distinct().Count(),
            g.Select(e => e.UserPseudonym).Distinct().Count()));

    public sealed record StepFunnel(long Reached, long LeftHere, long Users);

    public (long Runs, long Completed, long Users, Dictionary<string, StepFunnel> Steps) Funnel(string guideId, AnalyticsFilter f)
    {
        var guideEvents = InPeriod(f, guideId).Where(e => e.RunId is not null).ToList();
        var runs = guideEvents.GroupBy(RunOf)
            .Where(r => r.Any(e => e.Type == UsageEventTypes.GuideOpened))
            .ToDictionary(r => r.Key, r => r.ToList());
        var completed = runs.Where(r => r.Value.Any(e => e.Type == UsageEventTypes.GuideCompleted)).Select(r => r.Key).ToHashSet();
        var lastStep = runs.ToDictionary(r => r.Key, r => r.Value.Where(e => e.Type == UsageEventTypes.StepViewed)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id, StringComparer.Ordinal).FirstOrDefault()?.StepId);
        var views = runs.SelectMany(r => r.Value).Where(e => e.Type == UsageEventTypes.StepViewed && e.StepId is not null);
        var steps = views.GroupBy(e => e.StepId!).ToDictionary(g => g.Key, g => new StepFunnel(
            g.Select(RunOf).Distinct().Count(),
            g.Select(RunOf).Distinct().Count(run => !completed.Contains(run) && lastStep[run] == g.Key),
            g.Select(e => e.UserPseudonym).Distinct().Count()));
        var users = guideEvents.Where(e => e.Type == UsageEventTypes.GuideOpened).Select(e => e.UserPseudonym).Distinct().Count();
        return (runs.Count, completed.Count, users, steps);
    }

    public Dictionary<(string Step, string? ToStep, string? ToGuide), (long Count, long Users, double Share)> Decisions(string guideId, AnalyticsFilter f)
    {
        var decisions = InPeriod(f, guideId).Where(e => e.Type == UsageEventTypes.DecisionTaken).ToList();
        return decisions
            .GroupBy(e => (Step: e.StepId!, ToStep: e.Details.ToStepId, ToGuide: e.Details.ToGuideId))
            .ToDictionary(g => g.Key, g => ((long)g.Count(), (long)g.Select(e => e.UserPseudonym).Distinct().Count(),
                (double)g.Count() / decisions.Count(d => d.StepId == g.Key.Step)));
    }

    public static string Normalise(string query) => string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public sealed record Search(long Count, long Users, DateTimeOffset LastSeen);

    public (Dictionary<string, Search> Shown, bool AnySuppressed) Searches(AnalyticsFilter f, bool noHits)
    {
        var groups = InPeriod(f, null)
            .Where(e => e.Type == UsageEventTypes.Search && e.Details.Query is not null)
            .Where(e => noHits ? e.Details.HitCount == 0 : e.Details.HitCount != 0 && e.Details.OpenedGuideId is null)
            .GroupBy(e => Normalise(e.Details.Query!))
            .Select(g => (Query: g.Key, Value: new Search(g.Count(), g.Select(e => e.UserPseudonym).Distinct().Count(), g.Max(e => e.OccurredAt))))
            .ToList();
        return (groups.Where(g => !Suppress(g.Value.Users)).ToDictionary(g => g.Query, g => g.Value), groups.Any(g => Suppress(g.Value.Users)));
    }

    public Dictionary<(string Guide, string? Step), (long Open, long Answered, long Closed, long Users)> Flags(AnalyticsFilter f) => flags
        .Where(x => x.GuideId is not null && LocalDay(x.CreatedAt) >= f.From && LocalDay(x.CreatedAt) <= f.To
            && (f.Role is null || x.Role == f.Role) && (f.App is null || x.App == f.App) && (f.GuideId is null || x.GuideId == f.GuideId))
        .GroupBy(x => (x.GuideId!, x.StepId))
        .ToDictionary(g => g.Key, g => ((long)g.Count(x => x.Status == StepFlag.StatusOpen), (long)g.Count(x => x.Status == StepFlag.StatusAnswered),
            (long)g.Count(x => x.Status == StepFlag.StatusClosed), (long)g.Select(x => x.UserPseudonym).Distinct().Count()));

    public sealed record Target(long Count, long Users, DateTimeOffset LastSeen, string Status, IReadOnlyList<string> Pages);

    public Dictionary<(string Guide, string Step, string Selector), Target> TargetsMissing(AnalyticsFilter f) => InPeriod(f, f.GuideId)
        .Where(e => e.Type == UsageEventTypes.TargetMissing)
        .GroupBy(e => (e.GuideId!, e.StepId!, e.Details.Selector!))
        .ToDictionary(g => g.Key, g => new Target(
            g.Count(),
            g.Select(e => e.UserPseudonym).Distinct().Count(),
            g.Max(e => e.OccurredAt),
            g.GroupBy(e => e.Details.TargetStatus!).OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key,
            [.. g.GroupBy(e => e.Details.PageUrl!).OrderByDescending(p => p.Count()).ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).Select(p => p.Key)]));

    public Dictionary<string, DateTimeOffset> LastOpened(DateTimeOffset now) => events
        .Where(e => e.Type == UsageEventTypes.GuideOpened && e.OccurredAt < now)
        .GroupBy(e => e.GuideId!)
        .ToDictionary(g => g.Key, g => g.Max(e => e.OccurredAt));

    public Dictionary<string, long> OpenFlags() => flags
        .Where(x => x.GuideId is not null && x.Status == StepFlag.StatusOpen)
        .GroupBy(x => x.GuideId!)
        .ToDictionary(g => g.Key, g => (long)g.Count());
}
