using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Epss.Usage.Analytics;

/// <summary>
/// The usage reports for L&amp;D analysts: counts from <see cref="IUsageAnalyticsQueries"/>, titles and order from the
/// guide catalogue, and suppression of every cell that rests on fewer than
/// <see cref="AnalyticsOptions.MinimumGroupSize"/> distinct pseudonymous users. Against differencing (issue 16) every
/// period is widened to whole weeks (<see cref="AnalyticsFilter.WholeWeeks"/>) and every figure leaves out the parts
/// (week, role, application of a cell) that rest on fewer users than that (<see cref="SmallParts"/>).
/// </summary>
/// <remarks>
/// A row about no one (zero users, e.g. a guide nobody opened) is shown as zeros: it singles nobody out, and "nobody
/// used it" is what an analyst needs to see. Every method throws <see cref="ArgumentException"/> with a Dutch message
/// for a bad filter (see <see cref="Problem"/>).
/// </remarks>
public sealed partial class UsageAnalytics
{
    private readonly IUsageAnalyticsQueries _queries;
    private readonly IGuideCatalogSource _catalog;
    private readonly AnalyticsOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;

    public UsageAnalytics(IUsageAnalyticsQueries queries, IGuideCatalogSource catalog, IOptions<AnalyticsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queries = queries;
        _catalog = catalog;
        _options = options.Value;
        _time = time;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);
    }

    /// <summary>The <c>users</c> filter: signed-in officials (the default).</summary>
    public const string UsersSignedIn = "signed-in";

    /// <summary>The <c>users</c> filter: clients that did not sign in, counted apart.</summary>
    public const string UsersAnonymous = "anonymous";

    public int MinimumGroupSize => _options.MinimumGroupSize;

    public TimeZoneInfo TimeZone => _zone;

    /// <summary>Today in the analytics time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _zone).DateTime);

    /// <summary>The filter when none is given: the last <see cref="AnalyticsOptions.DefaultPeriodDays"/> days up to today.</summary>
    public AnalyticsFilter DefaultFilter(string? role = null, string? app = null, string? guideId = null) =>
        new(Today.AddDays(1 - _options.DefaultPeriodDays), Today, role, app, guideId);

    /// <summary>
    /// The filter a request names in text (days as <c>yyyy-MM-dd</c>, every part optional; one end alone keeps the
    /// default period's length from that end), or why it cannot be answered, in Dutch.
    /// </summary>
    public AnalyticsFilter? Filter(string? from, string? to, string? role, string? app, string? guideId, out string? problem) =>
        Filter(from, to, role, app, guideId, null, out problem);

    /// <inheritdoc cref="Filter(string?, string?, string?, string?, string?, out string?)"/>
    /// <param name="users"><c>signed-in</c> (the default) or <c>anonymous</c>: whose use is counted.</param>
    public AnalyticsFilter? Filter(string? from, string? to, string? role, string? app, string? guideId, string? users, out string? problem)
    {
        if (users is not (null or "" or UsersSignedIn or UsersAnonymous))
        {
            problem = $"'users' is '{UsersSignedIn}' (aangemelde medewerkers, de standaard) of '{UsersAnonymous}' (niet aangemelde browsers).";
            return null;
        }
        var fallback = DefaultFilter();
        if (!TryDay(from, fallback.From, out var first) || !TryDay(to, fallback.To, out var last))
        {
            problem = "Geef 'from' en 'to' als datum in de vorm jjjj-mm-dd, bijvoorbeeld ?from=2026-11-01&to=2026-11-30.";
            return null;
        }
        if (from is not null && to is null)
        {
            last = first.AddDays(fallback.To.DayNumber - fallback.From.DayNumber);
        }
        else if (to is not null && from is null)
        {
            first = last.AddDays(fallback.From.DayNumber - fallback.To.DayNumber);
        }
        var filter = new AnalyticsFilter(first, last, Blank(role), Blank(app), Blank(guideId), users == UsersAnonymous);
        problem = Problem(filter);
        // Whole weeks from here on, so that what the endpoint names (a CSV file) is the period the figures are for.
        return problem is null ? filter.WholeWeeks() : null;

        static bool TryDay(string? value, DateOnly fallback, out DateOnly day)
        {
            day = fallback;
            return string.IsNullOrEmpty(value)
                || DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);
        }

        static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>Why <paramref name="filter"/> cannot be answered, in Dutch (for a 400); null when it can.</summary>
    public string? Problem(AnalyticsFilter filter) => ProblemWithSlack(filter, 0);

    /// <param name="slack">Days a period may exceed the longest by: a period widened to whole weeks has up to 12 more.</param>
    private string? ProblemWithSlack(AnalyticsFilter filter, int slack)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.To < filter.From)
        {
            return "De einddatum (to) ligt vóór de begindatum (from).";
        }
        if (filter.To.DayNumber - filter.From.DayNumber + 1 > _options.MaximumPeriodDays + slack)
        {
            return $"Een periode beslaat hoogstens {_options.MaximumPeriodDays} dagen.";
        }
        if (filter.GuideId is not null && !UsageValidation.IsSlug(filter.GuideId))
        {
            return "Het id van de gids (guideId) is ongeldig.";
        }
        if (filter.Role is { Length: 0 or > UsageValidation.MaximumRoleLength } || filter.App is { Length: 0 or > UsageValidation.MaximumAppLength })
        {
            return "De rol of de applicatie is ongeldig.";
        }
        return null;
    }

    public async Task<GuideUseReport> GuideUseAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        filter = Weeks(filter);
        var query = Query(filter, filter.GuideId);
        var counts = await _queries.GuideUseAsync(query, cancellationToken);
        var rows = GuideUseRows(counts, filter.GuideId).ToList();
        return new GuideUseReport(rows) { Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App, GuideId = filter.GuideId };
    }

    public async Task<UseOverTimeReport> UseOverTimeAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        filter = Weeks(filter);
        var counts = (await _queries.UseOverTimeAsync(Query(filter, filter.GuideId), cancellationToken)).ToDictionary(d => d.Week);
        var weeks = new List<UseOverTimeRow>();
        // Every week of the period, also the quiet ones, so a chart has no gaps. Weeks, not days: a day's figures would be
        // a week's minus the other days' (issue 16).
        for (var monday = filter.From; monday <= filter.To; monday = monday.AddDays(7))
        {
            var week = AnalyticsFilter.IsoWeek(monday);
            weeks.Add(counts.TryGetValue(monday, out var c) && Suppress(c.RowUsers)
                ? new UseOverTimeRow(week, monday, monday.AddDays(6), null, null, null, true)
                : new UseOverTimeRow(week, monday, monday.AddDays(6), c?.Opened ?? 0, c?.Completed ?? 0, c?.Users ?? 0, false));
        }
        return new UseOverTimeReport(weeks) { Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App, GuideId = filter.GuideId };
    }

    public async Task<FunnelReport> FunnelAsync(string guideId, AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guideId);
        filter = Weeks(filter);
        var counts = await _queries.FunnelAsync(Query(filter, guideId), cancellationToken);
        var guide = _catalog.GetCatalog().Find(guideId);
        var seen = counts.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        var order = (guide?.Steps.Select(s => s.Id) ?? [])
            .Concat(counts.Steps.Where(s => guide?.FindStep(s.StepId) is null).OrderByDescending(s => s.Reached).ThenBy(s => s.StepId, StringComparer.Ordinal)
                .Select(s => s.StepId));
        var steps = order.Select(id =>
        {
            var title = guide?.FindStep(id)?.Title ?? id;
            var position = guide?.Position(id);
            if (!seen.TryGetValue(id, out var c))
            {
                return new FunnelStep(id, title, position, 0, 0, null, false);
            }
            return Suppress(c.Users)
                ? new FunnelStep(id, title, position, null, null, null, true)
                : new FunnelStep(id, title, position, c.Reached, c.LeftHere, Rate(c.LeftHere, c.Reached), false);
        }).ToList();
        var suppressed = Suppress(counts.Users);
        return new FunnelReport(guide?.Title ?? guideId, suppressed ? null : counts.Runs, suppressed ? null : counts.Completed, suppressed, steps)
        {
            Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App, GuideId = guideId,
        };
    }

    public async Task<DecisionReport> DecisionsAsync(string guideId, AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guideId);
        filter = Weeks(filter);
        var counts = await _queries.DecisionsAsync(Query(filter, guideId), cancellationToken);
        var guide = _catalog.GetCatalog().Find(guideId);
        var perStep = counts.GroupBy(c => c.StepId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);
        var rows = counts
            .Select(c =>
            {
                var step = guide?.FindStep(c.StepId);
                var options = step?.Options ?? [];
                var optionIndex = IndexOf(options, o => o.ToStepId == c.ToStepId && o.ToGuideId == c.ToGuideId);
                return (Counts: c, Step: step, Position: guide?.Position(c.StepId) ?? int.MaxValue, OptionIndex: optionIndex,
                    Label: optionIndex < options.Count ? options[optionIndex].Label : null);
            })
            .OrderBy(r => r.Position).ThenBy(r => r.Counts.StepId, StringComparer.Ordinal)
            .ThenBy(r => r.OptionIndex).ThenByDescending(r => r.Counts.Count)
            .ThenBy(r => r.Counts.ToStepId, StringComparer.Ordinal).ThenBy(r => r.Counts.ToGuideId, StringComparer.Ordinal)
            .Select(r =>
            {
                var c = r.Counts;
                var stepTitle = r.Step?.Title ?? c.StepId;
                return Suppress(c.Users)
                    ? new DecisionRow(c.StepId, stepTitle, c.ToStepId, c.ToGuideId, r.Label, null, null, true)
                    : new DecisionRow(c.StepId, stepTitle, c.ToStepId, c.ToGuideId, r.Label, c.Count, Rate(c.Count, perStep[c.StepId]), false);
            })
            .ToList();
        return new DecisionReport(guide?.Title ?? guideId, rows)
        {
            Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App, GuideId = guideId,
        };
    }

    public async Task<SearchReport> SearchesAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        filter = Weeks(filter);
        var counts = await _queries.FailedSearchesAsync(Query(filter, null), cancellationToken);
        var noHits = SearchRows(counts.Where(c => c.NoHits));
        var notOpened = SearchRows(counts.Where(c => !c.NoHits));
        // Searches are about no guide: a guide filter is not applied, so it is not echoed.
        return new SearchReport(noHits, notOpened) { Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App };
    }

    public async Task<FlagReport> FlagsAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        filter = Weeks(filter);
        var counts = await _queries.FlagsAsync(Query(filter, filter.GuideId), cancellationToken);
        var catalog = _catalog.GetCatalog();
        var rows = counts
            .OrderBy(c => c.GuideId, StringComparer.Ordinal)
            .ThenBy(c => c.StepId is null ? -1 : catalog.Find(c.GuideId)?.Position(c.StepId) ?? int.MaxValue)
            .ThenBy(c => c.StepId, StringComparer.Ordinal)
            .Select(c =>
            {
                var stepTitle = c.StepId is null ? null : catalog.Find(c.GuideId)?.FindStep(c.StepId)?.Title ?? c.StepId;
                return Suppress(c.Users)
                    ? new FlagRow(c.GuideId, catalog.Title(c.GuideId), c.StepId, stepTitle, null, null, null, true)
                    : new FlagRow(c.GuideId, catalog.Title(c.GuideId), c.StepId, stepTitle, c.Open, c.Answered, c.Closed, false);
            })
            .ToList();
        return new FlagReport(rows) { Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App, GuideId = filter.GuideId };
    }

    public async Task<TargetMissingReport> TargetsMissingAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        filter = Weeks(filter);
        var query = Query(filter, filter.GuideId);
        var counts = await _queries.TargetsMissingAsync(query, cancellationToken);
        var details = (await _queries.TargetDetailsAsync(query, cancellationToken))
            .ToLookup(d => (d.GuideId, d.StepId, d.Selector));
        var catalog = _catalog.GetCatalog();
        var rows = counts
            .OrderByDescending(c => c.Count).ThenBy(c => c.GuideId, StringComparer.Ordinal).ThenBy(c => c.StepId, StringComparer.Ordinal)
            .ThenBy(c => c.Selector, StringComparer.Ordinal)
            .Select(c =>
            {
                var d = details[(c.GuideId, c.StepId, c.Selector)].ToList();
                var status = d.GroupBy(x => x.TargetStatus, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Sum(x => x.Count)).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => g.Key).FirstOrDefault() ?? TargetStatuses.Missing;
                var stepTitle = catalog.Find(c.GuideId)?.FindStep(c.StepId)?.Title ?? c.StepId;
                if (Suppress(c.Users))
                {
                    return new TargetMissingRow(c.GuideId, catalog.Title(c.GuideId), c.StepId, stepTitle, c.Selector, status, null, null, null, [], true);
                }
                // Only pages on which enough officials met it: a page one official visited may name their case (issue 16).
                var pages = d.Where(x => x.PageUrl.Length > 0).GroupBy(x => x.PageUrl, StringComparer.Ordinal)
                    .Where(g => g.Select(x => x.UserPseudonym).Distinct(StringComparer.Ordinal).Count() >= MinimumGroupSize)
                    .OrderByDescending(g => g.Sum(x => x.Count)).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Take(5).Select(g => g.Key).ToList();
                return new TargetMissingRow(c.GuideId, catalog.Title(c.GuideId), c.StepId, stepTitle, c.Selector, status, c.Count, c.Users,
                    Local(c.LastSeenMs), pages, false);
            })
            .ToList();
        return new TargetMissingReport(rows) { Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App, GuideId = filter.GuideId };
    }

    /// <summary>
    /// Guides that need an expert: past review-by today; not opened in the <see cref="HealthSettings.NotOpenedDays"/>
    /// up to now; completion in the period so low that drop-off exceeds the threshold (only guides whose runs rest on
    /// enough users); open flags now.
    /// </summary>
    public async Task<HealthReport> HealthAsync(AnalyticsFilter filter, HealthSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.NotOpenedDays is < 1 or > 3660 || settings.DropOffThreshold is < 0 or > 1 || double.IsNaN(settings.DropOffThreshold))
        {
            throw new ArgumentException("notOpenedDays ligt tussen 1 en 3660, dropOffThreshold tussen 0 en 1.", nameof(settings));
        }
        filter = Weeks(filter);
        var catalog = _catalog.GetCatalog();
        var guides = catalog.Guides.Where(g => filter.GuideId is null || g.Id == filter.GuideId).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        var today = Today;
        var outdated = guides.Where(g => g.ReviewBy is { } by && by < today)
            .OrderBy(g => g.ReviewBy).ThenBy(g => g.Id, StringComparer.Ordinal)
            .Select(g => new OutdatedGuide(g.Id, g.Title, g.Owner, g.ReviewBy!.Value)).ToList();

        var now = _time.GetUtcNow();
        var recent = AnalyticsQuery.Between(now.AddDays(-settings.NotOpenedDays), now, _zone, filter.Role, filter.App, filter.GuideId, filter.Anonymous)
            with { MinimumPartSize = MinimumGroupSize };
        var lastOpened = await _queries.LastOpenedAsync(recent, [.. guides.Select(g => g.Id)], cancellationToken);
        var notOpened = guides
            .Select(g => (Guide: g, Last: lastOpened.TryGetValue(g.Id, out var ms) ? ms : (long?)null))
            .Where(x => x.Last is null || x.Last < recent.FromUtcMs)
            .OrderBy(x => x.Last ?? long.MinValue).ThenBy(x => x.Guide.Id, StringComparer.Ordinal)
            // Under a role or application filter the last opening may be one official's: its moment is not shown (issue 16).
            .Select(x => new NotOpenedGuide(x.Guide.Id, x.Guide.Title, x.Guide.Owner,
                x.Last is { } ms && filter.Role is null && filter.App is null ? Local(ms) : null)).ToList();

        var use = await _queries.GuideUseAsync(Query(filter, filter.GuideId), cancellationToken);
        var highDropOff = use
            .Where(u => !Suppress(u.Users) && u.Opened > 0 && 1.0 - (double)u.Completed / u.Opened > settings.DropOffThreshold)
            .Select(u => new HighDropOffGuide(u.GuideId, catalog.Title(u.GuideId), u.Opened, (double)u.Completed / u.Opened))
            .OrderBy(g => g.CompletionRate).ThenBy(g => g.GuideId, StringComparer.Ordinal).ToList();

        // Open flags rest on the officials who raised them, like any other figure.
        var openFlags = (await _queries.OpenFlagsAsync(recent, cancellationToken))
            .Select(c => Suppress(c.Users) ? new OpenFlagsGuide(c.GuideId, catalog.Title(c.GuideId), null, true) : new OpenFlagsGuide(c.GuideId, catalog.Title(c.GuideId), c.Open, false))
            .OrderByDescending(g => g.Open ?? -1).ThenBy(g => g.GuideId, StringComparer.Ordinal).ToList();

        return new HealthReport(outdated, notOpened, highDropOff, openFlags)
        {
            Period = Period(filter), MinimumGroupSize = MinimumGroupSize, Role = filter.Role, Anonymous = filter.Anonymous, App = filter.App, GuideId = filter.GuideId,
        };
    }

    /// <summary>Lower case, trimmed, inner whitespace collapsed to one space; accents kept.</summary>
    public static string NormaliseQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Whitespace().Replace(query.Trim(), " ").ToLowerInvariant();
    }

    private IEnumerable<GuideUseRow> GuideUseRows(IReadOnlyList<GuideUseCounts> counts, string? guideId)
    {
        var catalog = _catalog.GetCatalog();
        var byGuide = counts.ToDictionary(c => c.GuideId, StringComparer.Ordinal);
        // Every guide of the library, used or not, then guides that are gone but were used in the period.
        var ids = catalog.Guides.Select(g => g.Id).Concat(counts.Select(c => c.GuideId))
            .Where(id => guideId is null || id == guideId)
            .Distinct(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var title = catalog.Title(id);
            if (!byGuide.TryGetValue(id, out var c))
            {
                yield return new GuideUseRow(id, title, 0, 0, 0, null, null, 0, false);
            }
            else if (Suppress(c.Users))
            {
                yield return new GuideUseRow(id, title, null, null, null, null, null, null, true);
            }
            else
            {
                yield return new GuideUseRow(id, title, c.Opened, c.Completed, c.Abandoned, Rate(c.Completed, c.Opened),
                    c.MedianMsToComplete / 1000.0, c.Users, false);
            }
        }
    }

    private List<SearchRow> SearchRows(IEnumerable<SearchCounts> counts)
    {
        // A normalised query's small parts (week, role, application) are left out, as everywhere.
        var groups = counts
            .GroupBy(c => NormaliseQuery(c.Query), StringComparer.Ordinal)
            .Select(g =>
            {
                var kept = SmallParts.Keep(g, c => (c.Week, c.Role, c.App), c => c.UserPseudonym, MinimumGroupSize);
                return (Query: g.Key, Count: kept.Sum(c => c.Count), Users: SmallParts.Users(kept, g, c => c.UserPseudonym, MinimumGroupSize),
                    LastSeen: kept.Count > 0 ? kept.Max(c => c.LastSeenMs) : 0);
            })
            .ToList();
        var rows = groups.Where(g => !Suppress(g.Users))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Query, StringComparer.Ordinal)
            .Select(g => new SearchRow(g.Query, g.Count, g.Users, Local(g.LastSeen), false))
            .ToList();
        // One row for all queries too rare to show: how many there were would hint at who typed them.
        if (groups.Any(g => Suppress(g.Users)))
        {
            rows.Add(new SearchRow(null, null, null, null, true));
        }
        return rows;
    }

    /// <summary>The query of a filter that is already whole weeks.</summary>
    private AnalyticsQuery Query(AnalyticsFilter filter, string? guideId)
    {
        return AnalyticsQuery.For(filter, _zone, guideId) with { MinimumPartSize = MinimumGroupSize };
    }

    /// <summary>
    /// <paramref name="filter"/> over whole weeks (as <see cref="Filter(string?, string?, string?, string?, string?, string?, out string?)"/>
    /// already gives it, or as a caller asks), checked with room for the days that complete its first and last week.
    /// </summary>
    private AnalyticsFilter Weeks(AnalyticsFilter filter)
    {
        if (ProblemWithSlack(filter, 12) is { } problem)
        {
            throw new ArgumentException(problem, nameof(filter));
        }
        return filter.WholeWeeks();
    }

    private AnalyticsPeriod Period(AnalyticsFilter filter) => new(filter.From, filter.To, _options.TimeZone);

    private bool Suppress(long users) => users > 0 && users < _options.MinimumGroupSize;

    private DateTimeOffset Local(long utcMs) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(utcMs), _zone);

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, bool> match)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }
        return items.Count;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
