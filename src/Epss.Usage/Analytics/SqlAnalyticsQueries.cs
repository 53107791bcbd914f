using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Epss.Usage.Analytics;

/// <summary>
/// <see cref="IUsageAnalyticsQueries"/> in one set of SQL statements for both stores (<see cref="SqliteAnalyticsQueries"/>
/// and the PostgreSQL store's): plain SQL (CASE, COUNT(DISTINCT), GROUP BY, LIMIT; no date or JSON functions) with
/// <c>@name</c> parameters, which SQLite and Npgsql both take. A store gives only its connections. Day boundaries come
/// from C# (<see cref="AnalyticsQuery"/>). Where a report needs per-run or per-day distinct counts, SQL reduces the
/// events to one row per run or event of interest and C# finishes the count: measured cheaper on a million events than
/// window functions and joins of CTEs, which SQLite cannot index.
/// </summary>
public abstract class SqlAnalyticsQueries : IUsageAnalyticsQueries
{
    /// <summary>
    /// Word for word the condition of the partial index ix_usage_events_runs: SQLite uses a partial index only when the
    /// query's WHERE repeats its condition, so the run-based queries all read these three types (and ignore what they
    /// do not need).
    /// </summary>
    private const string RunTypes = "type IN ('guide-opened', 'guide-completed', 'guide-abandoned')";

    private readonly Func<CancellationToken, Task<DbConnection>> _openReader;

    /// <param name="openReader">Opens a connection for reading, of the caller's own.</param>
    protected SqlAnalyticsQueries(Func<CancellationToken, Task<DbConnection>> openReader)
    {
        ArgumentNullException.ThrowIfNull(openReader);
        _openReader = openReader;
    }

    public async Task<IReadOnlyList<GuideUseCounts>> GuideUseAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // One row per run opened in the period (what it did later in the period counts, an opening before it does not).
        // SQL reduces a million events to the runs in one pass over ix_usage_events_runs, in guide and run order so no
        // sort is needed; counting, distinct users and the median over those rows are cheaper in C# than as window
        // functions over a materialised CTE. A run belongs to the part (week, role, application) of its opening.
        var runs = await RunsAsync(query, cancellationToken);
        return [.. runs.GroupBy(r => r.Guide, StringComparer.Ordinal).Select(g =>
        {
            var kept = SmallParts.Keep(g, r => (query.WeekOf(r.OpenedAt), r.Role, r.App), r => r.By, query.MinimumPartSize);
            var durations = kept.Where(r => r.CompletedAt >= r.OpenedAt).Select(r => r.CompletedAt!.Value - r.OpenedAt).Order().ToList();
            double? median = durations.Count == 0 ? null
                : durations.Count % 2 == 1 ? durations[durations.Count / 2]
                : (durations[durations.Count / 2 - 1] + durations[durations.Count / 2]) / 2.0;
            return new GuideUseCounts(g.Key, kept.LongCount(), kept.LongCount(r => r.CompletedAt is not null), kept.LongCount(r => r.Abandoned), median,
                SmallParts.Users(kept, g, r => r.By, query.MinimumPartSize));
        })];
    }

    public async Task<IReadOnlyList<WeekCounts>> UseOverTimeAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // The openings and completions, read in one pass over ix_usage_events_runs and counted per local week in C#:
        // four COUNT(DISTINCT) per day in SQL cost twice as much on a million events. Openings and completions are
        // parts of their own (per guide, role and application), each resting on its own users.
        var sql = $"""
            SELECT occurred_at, CASE WHEN type = 'guide-opened' THEN 1 ELSE 0 END, run_id, user_pseudonym, guide_id, role, app
            FROM usage_events
            WHERE {RunTypes} AND type <> 'guide-abandoned' AND guide_id IS NOT NULL AND run_id IS NOT NULL {RunWhere(query)}
            """;
        var rows = await ReadAsync(query, sql, r => (At: r.GetInt64(0), Opened: r.GetInt64(1) == 1, Run: r.GetString(2), User: r.GetString(3),
            Guide: r.GetString(4), Role: Text(r, 5), App: Text(r, 6)), cancellationToken);
        return [.. rows.GroupBy(r => query.WeekOf(r.At)).Select(week =>
        {
            var kept = SmallParts.Keep(week, r => (r.Guide, r.Opened, r.Role, r.App), r => r.User, query.MinimumPartSize);
            var opened = kept.Where(r => r.Opened).ToList();
            return new WeekCounts(week.Key,
                opened.Select(r => r.Run).Distinct(StringComparer.Ordinal).LongCount(),
                kept.Where(r => !r.Opened).Select(r => r.Run).Distinct(StringComparer.Ordinal).LongCount(),
                opened.Select(r => r.User).Distinct(StringComparer.Ordinal).LongCount(),
                SmallParts.Users(kept, week, r => r.User, query.MinimumPartSize));
        })];
    }

    public async Task<FunnelCounts> FunnelAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        RequireGuide(query);
        // Two streams in run order from the two partial indexes, joined in C#: a join of two CTEs has no index in SQLite
        // and was measured at minutes on a million events.
        var viewsSql = $"""
            SELECT run_id, step_id, user_pseudonym, occurred_at, id
            FROM usage_events
            WHERE type = 'step-viewed' AND step_id IS NOT NULL AND run_id IS NOT NULL {RunWhere(query)}
            """;
        var allRuns = await RunsAsync(query, cancellationToken);
        var runs = allRuns.ToDictionary(r => r.Run, StringComparer.Ordinal);
        // Runs of small parts are left out as in the use per guide; a step's figures are parts of their own, of the runs
        // (by their opening's week, role and application) that reached it.
        var kept = SmallParts.Keep(allRuns, Part, r => r.By, query.MinimumPartSize).Select(r => r.Run).ToHashSet(StringComparer.Ordinal);
        var views = await ReadAsync(query, viewsSql, r => (Run: r.GetString(0), Step: r.GetString(1), User: r.GetString(2), At: r.GetInt64(3), Id: r.GetString(4)),
            cancellationToken);
        // The last step a run viewed is where it left, unless it completed.
        var last = new Dictionary<string, (long At, string Id, string Step)>(StringComparer.Ordinal);
        var reached = new Dictionary<(string Run, string Step), string>();
        foreach (var v in views.Where(v => runs.ContainsKey(v.Run)))
        {
            if (!last.TryGetValue(v.Run, out var l) || v.At > l.At || (v.At == l.At && string.CompareOrdinal(v.Id, l.Id) > 0))
            {
                last[v.Run] = (v.At, v.Id, v.Step);
            }
            reached.TryAdd((v.Run, v.Step), v.User);
        }
        var steps = reached.GroupBy(x => x.Key.Step, StringComparer.Ordinal).Select(step =>
        {
            var all = step.Select(x => (x.Key.Run, User: x.Value, Left: !runs[x.Key.Run].Completed && last[x.Key.Run].Step == step.Key)).ToList();
            var keptStep = SmallParts.Keep(all.Where(x => kept.Contains(x.Run)), x => Part(runs[x.Run]), x => x.User, query.MinimumPartSize);
            return new FunnelStepCounts(step.Key, keptStep.Count, keptStep.LongCount(x => x.Left), SmallParts.Users(keptStep, all, x => x.User, query.MinimumPartSize));
        }).ToList();
        var keptRuns = allRuns.Where(r => kept.Contains(r.Run)).ToList();
        return new FunnelCounts(keptRuns.Count, keptRuns.LongCount(r => r.Completed),
            SmallParts.Users(keptRuns, allRuns, r => r.By, query.MinimumPartSize), steps);

        (DateOnly, string?, string?) Part(RunRow run) => (query.WeekOf(run.OpenedAt), run.Role, run.App);
    }

    public async Task<IReadOnlyList<DecisionCounts>> DecisionsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        RequireGuide(query);
        var sql = $"""
            SELECT step_id, to_step_id, to_guide_id, user_pseudonym, role, app, occurred_at
            FROM usage_events
            WHERE type = 'decision-taken' AND step_id IS NOT NULL {Where(query)}
            """;
        var rows = await ReadAsync(query, sql, r => (Step: r.GetString(0), ToStep: Text(r, 1), ToGuide: Text(r, 2), User: r.GetString(3),
            Role: Text(r, 4), App: Text(r, 5), At: r.GetInt64(6)), cancellationToken);
        return [.. rows.GroupBy(r => (r.Step, r.ToStep, r.ToGuide)).Select(g =>
        {
            var kept = SmallParts.Keep(g, r => (query.WeekOf(r.At), r.Role, r.App), r => r.User, query.MinimumPartSize);
            return new DecisionCounts(g.Key.Step, g.Key.ToStep, g.Key.ToGuide, kept.Count, SmallParts.Users(kept, g, r => r.User, query.MinimumPartSize));
        })];
    }

    public async Task<IReadOnlyList<SearchCounts>> FailedSearchesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // Searches are about no guide: the guide filter does not apply. Per query, user and part; the caller merges
        // queries that normalise alike and leaves out small parts of the merged query.
        var sql = $"""
            SELECT CASE WHEN hit_count = 0 THEN 1 ELSE 0 END AS no_hits, query, user_pseudonym, role, app, occurred_at
            FROM usage_events
            WHERE type = 'search' AND query IS NOT NULL AND (hit_count = 0 OR opened_guide_id IS NULL) {Where(query with { GuideId = null })}
            """;
        var rows = await ReadAsync(query, sql, r => (NoHits: r.GetInt64(0) == 1, Query: r.GetString(1), User: r.GetString(2), Role: Text(r, 3),
            App: Text(r, 4), At: r.GetInt64(5)), cancellationToken);
        return [.. rows.GroupBy(r => (r.NoHits, r.Query, r.User, r.Role, r.App, Week: query.WeekOf(r.At)))
            .Select(g => new SearchCounts(g.Key.NoHits, g.Key.Query, g.Key.User, g.LongCount(), g.Max(r => r.At), g.Key.Week, g.Key.Role, g.Key.App))];
    }

    public async Task<IReadOnlyList<FlagCounts>> FlagsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT guide_id, step_id, status, user_pseudonym, role, app, created_at
            FROM flags
            WHERE guide_id IS NOT NULL {Where(query, "created_at")}
            """;
        var rows = await ReadAsync(query, sql, r => (Guide: r.GetString(0), Step: Text(r, 1), Status: r.GetString(2), User: r.GetString(3),
            Role: Text(r, 4), App: Text(r, 5), At: r.GetInt64(6)), cancellationToken);
        return [.. rows.GroupBy(r => (r.Guide, r.Step)).Select(g =>
        {
            var kept = SmallParts.Keep(g, r => (query.WeekOf(r.At), r.Role, r.App), r => r.User, query.MinimumPartSize);
            return new FlagCounts(g.Key.Guide, g.Key.Step, kept.LongCount(r => r.Status == "open"), kept.LongCount(r => r.Status == "answered"),
                kept.LongCount(r => r.Status == "closed"), SmallParts.Users(kept, g, r => r.User, query.MinimumPartSize));
        })];
    }

    public async Task<IReadOnlyList<TargetCounts>> TargetsMissingAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var rows = await TargetEventsAsync(query, cancellationToken);
        return [.. rows.GroupBy(r => (r.Guide, r.Step, r.Selector)).Select(g =>
        {
            var kept = g.Where(r => r.Kept).ToList();
            return new TargetCounts(g.Key.Guide, g.Key.Step, g.Key.Selector, kept.Count, SmallParts.Users(kept, g, r => r.User, query.MinimumPartSize),
                kept.Count > 0 ? kept.Max(r => r.At) : g.Max(r => r.At));
        })];
    }

    public async Task<IReadOnlyList<TargetDetailCounts>> TargetDetailsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var rows = await TargetEventsAsync(query, cancellationToken);
        return [.. rows.Where(r => r.Kept).GroupBy(r => (r.Guide, r.Step, r.Selector, r.Status, r.Page, r.User))
            .Select(g => new TargetDetailCounts(g.Key.Guide, g.Key.Step, g.Key.Selector, g.Key.Status, g.Key.Page, g.Key.User, g.LongCount()))];
    }

    public async Task<IReadOnlyDictionary<string, long>> LastOpenedAsync(AnalyticsQuery query, IReadOnlyCollection<string> guideIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guideIds);
        // One guide at a time, newest first: ix_usage_events_guide stops at the first opening, where a MAX per guide
        // over all openings reads them all.
        var filters = Where(query with { GuideId = null }, null);
        var sql = $"""
            SELECT occurred_at
            FROM usage_events
            WHERE guide_id = @guide_id AND type = 'guide-opened' AND occurred_at < @to {filters}
            ORDER BY occurred_at DESC
            LIMIT 1
            """;
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var guideId in guideIds)
        {
            var at = await ReadAsync(query with { GuideId = guideId }, sql, r => r.GetInt64(0), cancellationToken);
            if (at.Count > 0)
            {
                result[guideId] = at[0];
            }
        }
        return result;
    }

    public async Task<IReadOnlyList<OpenFlagCounts>> OpenFlagsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // Open now, whenever raised: the parts are the roles and applications of a guide, without weeks.
        var sql = $"""
            SELECT guide_id, user_pseudonym, role, app
            FROM flags
            WHERE status = 'open' AND guide_id IS NOT NULL {Where(query, null)}
            """;
        var rows = await ReadAsync(query, sql, r => (Guide: r.GetString(0), User: r.GetString(1), Role: Text(r, 2), App: Text(r, 3)), cancellationToken);
        return [.. rows.GroupBy(r => r.Guide, StringComparer.Ordinal).Select(g =>
        {
            var kept = SmallParts.Keep(g, r => (r.Role, r.App), r => r.User, query.MinimumPartSize);
            return new OpenFlagCounts(g.Key, kept.Count, SmallParts.Users(kept, g, r => r.User, query.MinimumPartSize));
        })];
    }

    private sealed record RunRow(string Guide, string Run, long OpenedAt, string By, long? CompletedAt, bool Abandoned, bool Completed, string? Role, string? App);

    /// <summary>The runs opened in the period, with the part (role, application, and by its time the week) of their opening.</summary>
    private Task<List<RunRow>> RunsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT guide_id, run_id,
                   MIN(CASE WHEN type = 'guide-opened' THEN occurred_at END),
                   MIN(CASE WHEN type = 'guide-opened' THEN user_pseudonym END),
                   MIN(CASE WHEN type = 'guide-completed' THEN occurred_at END),
                   MAX(CASE WHEN type = 'guide-abandoned' THEN 1 ELSE 0 END),
                   MIN(CASE WHEN type = 'guide-opened' THEN role END),
                   MIN(CASE WHEN type = 'guide-opened' THEN app END)
            FROM usage_events
            WHERE {RunTypes} AND guide_id IS NOT NULL AND run_id IS NOT NULL {RunWhere(query)}
            GROUP BY guide_id, run_id
            HAVING MIN(CASE WHEN type = 'guide-opened' THEN occurred_at END) IS NOT NULL
            """;
        return ReadAsync(query, sql, r => new RunRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetInt64(4), r.GetInt64(5) == 1, !r.IsDBNull(4), Text(r, 6), Text(r, 7)), cancellationToken);
    }

    private sealed record TargetEvent(string Guide, string Step, string Selector, string Status, string Page, string User, long At, bool Kept);

    /// <summary>Target-missing events one by one, each marked whether its part (week, role, application of its target) is kept.</summary>
    private async Task<List<TargetEvent>> TargetEventsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT guide_id, step_id, selector, COALESCE(target_status, ''), COALESCE(page_url, ''), user_pseudonym, occurred_at, role, app
            FROM usage_events
            WHERE type = 'target-missing' AND guide_id IS NOT NULL AND step_id IS NOT NULL AND selector IS NOT NULL {Where(query)}
            """;
        var rows = await ReadAsync(query, sql, r => (Event: new TargetEvent(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetString(5), r.GetInt64(6), false), Role: Text(r, 7), App: Text(r, 8)), cancellationToken);
        var kept = SmallParts.Keep(rows, r => (r.Event.Guide, r.Event.Step, r.Event.Selector, query.WeekOf(r.Event.At), r.Role, r.App), r => r.Event.User,
            query.MinimumPartSize).Select(r => r.Event).ToHashSet(ReferenceEqualityComparer.Instance);
        return [.. rows.Select(r => r.Event with { Kept = kept.Contains(r.Event) })];
    }

    /// <summary>
    /// As <see cref="Where"/> for the run-based reports: the period's column is written as <c>+occurred_at</c> (the same
    /// value in SQLite and PostgreSQL) so that SQLite does not take the (type, occurred_at) index and look up every
    /// row, but the covering partial indexes of migration 4 in guide and run order.
    /// </summary>
    private static string RunWhere(AnalyticsQuery query) => Where(query, "+occurred_at");

    /// <summary>
    /// The period and the filters that are set. Only set filters become SQL, so that the planner sees plain equalities
    /// it can match to an index. <paramref name="timeColumn"/> null: no period.
    /// </summary>
    private static string Where(AnalyticsQuery query, string? timeColumn = "occurred_at")
    {
        var sql = new StringBuilder();
        if (timeColumn is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {timeColumn} >= @from AND {timeColumn} < @to");
        }
        // Signed-in officials and clients that did not sign in are never counted together (the pseudonym says which):
        // anyone can send anonymous events, under any browser id, and lift a small group over the threshold with them.
        // user_pseudonym is in the covering indexes, so this costs no row lookups.
        sql.Append(query.Anonymous ? " AND substr(user_pseudonym, 1, 2) = 'a_'" : " AND substr(user_pseudonym, 1, 2) <> 'a_'");
        if (query.Role is not null)
        {
            sql.Append(" AND role = @role");
        }
        if (query.App is not null)
        {
            sql.Append(" AND app = @app");
        }
        if (query.GuideId is not null)
        {
            sql.Append(" AND guide_id = @guide_id");
        }
        return sql.ToString();
    }

    private static void RequireGuide(AnalyticsQuery query)
    {
        if (query.GuideId is null)
        {
            throw new ArgumentException("Deze analyse hoort bij één gids (guideId).", nameof(query));
        }
    }

    private async Task<List<T>> ReadAsync<T>(AnalyticsQuery query, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await _openReader(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Only the parameters the statement names: PostgreSQL cannot type a null it is given for nothing.
        Parameter(command, sql, "@from", query.FromUtcMs);
        Parameter(command, sql, "@to", query.ToUtcMs);
        Parameter(command, sql, "@role", query.Role);
        Parameter(command, sql, "@app", query.App);
        Parameter(command, sql, "@guide_id", query.GuideId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private static void Parameter(DbCommand command, string sql, string name, object? value)
    {
        if (sql.Contains(name, StringComparison.Ordinal))
        {
            SqlUsageStore.Add(command, name, value);
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
