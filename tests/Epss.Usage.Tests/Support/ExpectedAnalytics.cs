using Epss.Usage.Analytics;

namespace Epss.Usage.Tests.Support;

/// <summary>
/// The reports computed again in LINQ over the generated events themselves, not over the database and not with the
/// SQL: local days by <see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/>, one run at a time. What the
/// analytics return must equal this, suppression included: periods widened to whole weeks, and the parts (week, role,
/// application of a cell) of fewer than <see cref="MinimumGroupSize"/> users left out of every figure.
/// </summary>
internal sealed class ExpectedAnalytics(IReadOnlyList<UsageEvent> events, IReadOnlyList<StepFlag> flags, int minimumGroupSize = 5)
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public int MinimumGroupSize { get; } = minimumGroupSize;

    public static DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Amsterdam).DateTime);

    public bool Suppress(long users) => users > 0 && users < MinimumGroupSize;

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly WeekOf(DateTimeOffset at) => Monday(LocalDay(at));

    public static AnalyticsFilter Weeks(AnalyticsFilter f) => f with { From = Monday(f.From), To = Monday(f.To).AddDays(6) };

    public IEnumerable<UsageEvent> InPeriod(AnalyticsFilter f, string? guideId)
    {
        f = Weeks(f);
        return events.Where(e =>
            LocalDay(e.OccurredAt) >= f.From && LocalDay(e.OccurredAt) <= f.To
            && (f.Role is null || e.Role == f.Role) && (f.App is null || e.App == f.App) && (guideId is null || e.GuideId == guideId));
    }

    /// <summary>The items of the parts that hold at least <see cref="MinimumGroupSize"/> distinct users.</summary>
    public List<T> Large<T>(IEnumerable<T> items, Func<T, object> part, Func<T, string> user) =>
        [.. items.GroupBy(part).Where(g => g.Select(user).Distinct().Count() >= MinimumGroupSize).SelectMany(g => g)];

    /// <summary>Users of what was kept; when nothing was, fewer than the threshold if there was anything.</summary>
    public long Users<T>(IReadOnlyCollection<T> kept, IEnumerable<T> all, Func<T, string> user) =>
        kept.Count > 0 ? kept.Select(user).Distinct().Count() : Math.Min(all.Select(user).Distinct().Count(), MinimumGroupSize - 1);

    private static object Part(UsageEvent e) => (WeekOf(e.OccurredAt), e.Role, e.App);

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
            var allRuns = guide.GroupBy(RunOf).Where(r => r.Any(e => e.Type == UsageEventTypes.GuideOpened)).ToList();
            if (allRuns.Count == 0)
            {
                continue;
            }
            // A run is in the part of its opening.
            var runs = Large(allRuns, r => Part(Opening(r)), r => Opening(r).UserPseudonym);
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
                Users(runs, allRuns, r => Opening(r).UserPseudonym));
        }
        return result;
    }

    private static UsageEvent Opening(IEnumerable<UsageEvent> run) =>
        run.Where(e => e.Type == UsageEventTypes.GuideOpened).OrderBy(e => e.OccurredAt).First();

    public sealed record Day(long Opened, long Completed, long Users, long RowUsers);

    /// <summary>Per week, by its Monday; openings and completions are parts of their own per guide, role and application.</summary>
    public Dictionary<DateOnly, Day> UseOverTime(AnalyticsFilter f) => InPeriod(f, f.GuideId)
        .Where(e => e.RunId is not null && e.GuideId is not null && e.Type is UsageEventTypes.GuideOpened or UsageEventTypes.GuideCompleted)
        .GroupBy(e => WeekOf(e.OccurredAt))
        .ToDictionary(g => g.Key, g =>
        {
            var kept = Large(g, e => (e.GuideId, e.Type, e.Role, e.App), e => e.UserPseudonym);
            return new Day(
                kept.Where(e => e.Type == UsageEventTypes.GuideOpened).Select(RunOf).Distinct().Count(),
                kept.Where(e => e.Type == UsageEventTypes.GuideCompleted).Select(RunOf).Distinct().Count(),
                kept.Where(e => e.Type == UsageEventTypes.GuideOpened).Select(e => e.UserPseudonym).Distinct().Count(),
                Users(kept, g, e => e.UserPseudonym));
        });

    public sealed record StepFunnel(long Reached, long LeftHere, long Users);

    public (long Runs, long Completed, long Users, Dictionary<string, StepFunnel> Steps) Funnel(string guideId, AnalyticsFilter f)
    {
        var guideEvents = InPeriod(f, guideId).Where(e => e.RunId is not null).ToList();
        var runs = guideEvents.GroupBy(RunOf)
            .Where(r => r.Any(e => e.Type == UsageEventTypes.GuideOpened))
            .ToDictionary(r => r.Key, r => r.ToList());
        var kept = Large(runs.Keys, run => Part(Opening(runs[run])), run => Opening(runs[run]).UserPseudonym).ToHashSet();
        var completed = runs.Where(r => r.Value.Any(e => e.Type == UsageEventTypes.GuideCompleted)).Select(r => r.Key).ToHashSet();
        var lastStep = runs.ToDictionary(r => r.Key, r => r.Value.Where(e => e.Type == UsageEventTypes.StepViewed)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id, StringComparer.Ordinal).FirstOrDefault()?.StepId);
        var views = runs.SelectMany(r => r.Value).Where(e => e.Type == UsageEventTypes.StepViewed && e.StepId is not null);
        var steps = views.GroupBy(e => e.StepId!).ToDictionary(g => g.Key, g =>
        {
            // One fact per run that reached the step, in the part of the run's opening.
            var facts = g.GroupBy(RunOf).Select(r => (Run: r.Key, User: r.First().UserPseudonym)).ToList();
            var keptFacts = Large(facts.Where(x => kept.Contains(x.Run)), x => Part(Opening(runs[x.Run])), x => x.User);
            return new StepFunnel(keptFacts.Count, keptFacts.Count(x => !completed.Contains(x.Run) && lastStep[x.Run] == g.Key), Users(keptFacts, facts, x => x.User));
        });
        var users = Users(kept, runs.Keys, run => Opening(runs[run]).UserPseudonym);
        return (kept.Count, kept.Count(completed.Contains), users, steps);
    }

    public Dictionary<(string Step, string? ToStep, string? ToGuide), (long Count, long Users, double Share)> Decisions(string guideId, AnalyticsFilter f)
    {
        var decisions = InPeriod(f, guideId).Where(e => e.Type == UsageEventTypes.DecisionTaken).ToList();
        var groups = decisions
            .GroupBy(e => (Step: e.StepId!, ToStep: e.Details.ToStepId, ToGuide: e.Details.ToGuideId))
            .ToDictionary(g => g.Key, g => (Kept: Large(g, Part, e => e.UserPseudonym), All: g.ToList()));
        return groups.ToDictionary(g => g.Key, g => ((long)g.Value.Kept.Count, Users(g.Value.Kept, g.Value.All, e => e.UserPseudonym),
            (double)g.Value.Kept.Count / groups.Where(x => x.Key.Step == g.Key.Step).Sum(x => x.Value.Kept.Count)));
    }

    public static string Normalise(string query) => string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public sealed record Search(long Count, long Users, DateTimeOffset LastSeen);

    public (Dictionary<string, Search> Shown, bool AnySuppressed) Searches(AnalyticsFilter f, bool noHits)
    {
        var groups = InPeriod(f, null)
            .Where(e => e.Type == UsageEventTypes.Search && e.Details.Query is not null)
            .Where(e => noHits ? e.Details.HitCount == 0 : e.Details.HitCount != 0 && e.Details.OpenedGuideId is null)
            .GroupBy(e => Normalise(e.Details.Query!))
            .Select(g =>
            {
                var kept = Large(g, Part, e => e.UserPseudonym);
                return (Query: g.Key, Value: new Search(kept.Count, Users(kept, g, e => e.UserPseudonym), kept.Count > 0 ? kept.Max(e => e.OccurredAt) : default));
            })
            .ToList();
        return (groups.Where(g => !Suppress(g.Value.Users)).ToDictionary(g => g.Query, g => g.Value), groups.Any(g => Suppress(g.Value.Users)));
    }

    public Dictionary<(string Guide, string? Step), (long Open, long Answered, long Closed, long Users)> Flags(AnalyticsFilter f)
    {
        f = Weeks(f);
        return flags
            .Where(x => x.GuideId is not null && LocalDay(x.CreatedAt) >= f.From && LocalDay(x.CreatedAt) <= f.To
                && (f.Role is null || x.Role == f.Role) && (f.App is null || x.App == f.App) && (f.GuideId is null || x.GuideId == f.GuideId))
            .GroupBy(x => (x.GuideId!, x.StepId))
            .ToDictionary(g => g.Key, g =>
            {
                var kept = Large(g, x => (WeekOf(x.CreatedAt), x.Role, x.App), x => x.UserPseudonym);
                return ((long)kept.Count(x => x.Status == StepFlag.StatusOpen), (long)kept.Count(x => x.Status == StepFlag.StatusAnswered),
                    (long)kept.Count(x => x.Status == StepFlag.StatusClosed), Users(kept, g, x => x.UserPseudonym));
            });
    }

    public sealed record Target(long Count, long Users, DateTimeOffset LastSeen, string Status, IReadOnlyList<string> Pages);

    public Dictionary<(string Guide, string Step, string Selector), Target> TargetsMissing(AnalyticsFilter f) => InPeriod(f, f.GuideId)
        .Where(e => e.Type == UsageEventTypes.TargetMissing)
        .GroupBy(e => (e.GuideId!, e.StepId!, e.Details.Selector!))
        .ToDictionary(g => g.Key, g =>
        {
            var kept = Large(g, Part, e => e.UserPseudonym);
            return new Target(
                kept.Count,
                Users(kept, g, e => e.UserPseudonym),
                kept.Count > 0 ? kept.Max(e => e.OccurredAt) : g.Max(e => e.OccurredAt),
                kept.GroupBy(e => e.Details.TargetStatus!).OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal).FirstOrDefault()?.Key ?? "missing",
                [.. kept.Where(e => !string.IsNullOrEmpty(e.Details.PageUrl)).GroupBy(e => e.Details.PageUrl!)
                    .Where(p => p.Select(e => e.UserPseudonym).Distinct().Count() >= MinimumGroupSize)
                    .OrderByDescending(p => p.Count()).ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).Select(p => p.Key)]);
        });

    public Dictionary<string, DateTimeOffset> LastOpened(DateTimeOffset now) => events
        .Where(e => e.Type == UsageEventTypes.GuideOpened && e.OccurredAt < now)
        .GroupBy(e => e.GuideId!)
        .ToDictionary(g => g.Key, g => g.Max(e => e.OccurredAt));

    /// <summary>Open flags now per guide, the small parts (role, application) left out; null where suppressed.</summary>
    public Dictionary<string, long?> OpenFlags() => flags
        .Where(x => x.GuideId is not null && x.Status == StepFlag.StatusOpen)
        .GroupBy(x => x.GuideId!)
        .ToDictionary(g => g.Key, g =>
        {
            var kept = Large(g, x => (x.Role, x.App), x => x.UserPseudonym);
            return Suppress(Users(kept, g, x => x.UserPseudonym)) ? null : (long?)kept.Count;
        });
}
