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
        // functions over a materialised CTE.
        var sql = $"""
            SELECT guide_id,
                   MIN(CASE WHEN type = 'guide-opened' THEN occurred_at END),
                   MIN(CASE WHEN type = 'guide-opened' THEN user_pseudonym END),
                   MIN(CASE WHEN type = 'guide-completed' THEN occurred_at END),
                   MAX(CASE WHEN type = 'guide-abandoned' THEN 1 ELSE 0 END)
            FROM usage_events
            WHERE {RunTypes} AND guide_id IS NOT NULL AND run_id IS NOT NULL {RunWhere(query)}
            GROUP BY guide_id, run_id
            HAVING MIN(CASE WHEN type = 'guide-opened' THEN occurred_at END) IS NOT NULL
            """;
        var runs = await ReadAsync(query, sql, r => (Guide: r.GetString(0), OpenedAt: r.GetInt64(1), By: r.GetString(2),
            CompletedAt: r.IsDBNull(3) ? (long?)null : r.GetInt64(3), Abandoned: r.GetInt64(4) == 1), cancellationToken);
        return [.. runs.GroupBy(r => r.Guide, StringComparer.Ordinal).Select(g =>
        {
            var durations = g.Where(r => r.CompletedAt >= r.OpenedAt).Select(r => r.CompletedAt!.Value - r.OpenedAt).Order().ToList();
            double? median = durations.Count == 0 ? null
                : durations.Count % 2 == 1 ? durations[durations.Count / 2]
                : (durations[durations.Count / 2 - 1] + durations[durations.Count / 2]) / 2.0;
            return new GuideUseCounts(g.Key, g.LongCount(), g.LongCount(r => r.CompletedAt is not null), g.LongCount(r => r.Abandoned), median,
                g.Select(r => r.By).Distinct(StringComparer.Ordinal).LongCount());
        })];
    }

    public async Task<IReadOnlyList<DayCounts>> UseOverTimeAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // The openings and completions, read in one pass over ix_usage_events_runs and counted per local day in C#:
        // four COUNT(DISTINCT) per day in SQL cost twice as much on a million events.
        var sql = $"""
            SELECT occurred_at, CASE WHEN type = 'guide-opened' THEN 1 ELSE 0 END, run_id, user_pseudonym
            FROM usage_events
            WHERE {RunTypes} AND type <> 'guide-abandoned' AND guide_id IS NOT NULL AND run_id IS NOT NULL {RunWhere(query)}
            """;
        var rows = await ReadAsync(query, sql, r => (At: r.GetInt64(0), Opened: r.GetInt64(1) == 1, Run: r.GetString(2), User: r.GetString(3)),
            cancellationToken);
        return [.. rows.GroupBy(r => query.LocalDay(r.At)).Select(day =>
        {
            var opened = day.Where(r => r.Opened).ToList();
            return new DayCounts(day.Key,
                opened.Select(r => r.Run).Distinct(StringComparer.Ordinal).LongCount(),
                day.Where(r => !r.Opened).Select(r => r.Run).Distinct(StringComparer.Ordinal).LongCount(),
                opened.Select(r => r.User).Distinct(StringComparer.Ordinal).LongCount(),
                day.Select(r => r.User).Distinct(StringComparer.Ordinal).LongCount());
        })];
    }

    public async Task<FunnelCounts> FunnelAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        RequireGuide(query);
        // Two streams in run order from the two partial indexes, joined in C#: a join of two CTEs has no index in SQLite
        // and was measured at minutes on a million events.
        var runsSql = $"""
            SELECT run_id, MAX(CASE WHEN type = 'guide-completed' THEN 1 ELSE 0 END), MIN(CASE WHEN type = 'guide-opened' THEN user_pseudonym END)
            FROM usage_events
            WHERE {RunTypes} AND run_id IS NOT NULL {RunWhere(query)}
            GROUP BY run_id
            HAVING MAX(CASE WHEN type = 'guide-opened' THEN 1 ELSE 0 END) = 1
            """;
        var viewsSql = $"""
            SELECT run_id, step_id, user_pseudonym, occurred_at, id
            FROM usage_events
            WHERE type = 'step-viewed' AND step_id IS NOT NULL AND run_id IS NOT NULL {RunWhere(query)}
            """;
        var runs = (await ReadAsync(query, runsSql, r => (Run: r.GetString(0), Completed: r.GetInt64(1) == 1, By: r.GetString(2)), cancellationToken))
            .ToDictionary(r => r.Run, StringComparer.Ordinal);
        var views = await ReadAsync(query, viewsSql, r => (Run: r.GetString(0), Step: r.GetString(1), User: r.GetString(2), At: r.GetInt64(3), Id: r.GetString(4)),
            cancellationToken);
        // The last step a run viewed is where it left, unless it completed.
        var last = new Dictionary<string, (long At, string Id, string Step)>(StringComparer.Ordinal);
        var reached = new Dictionary<string, (HashSet<string> Runs, HashSet<string> Users)>(StringComparer.Ordinal);
        foreach (var v in views.Where(v => runs.ContainsKey(v.Run)))
        {
            if (!last.TryGetValue(v.Run, out var l) || v.At > l.At || (v.At == l.At && string.CompareOrdinal(v.Id, l.Id) > 0))
            {
                last[v.Run] = (v.At, v.Id, v.Step);
            }
            if (!reached.TryGetValue(v.Step, out var step))
            {
                reached[v.Step] = step = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
            }
            step.Runs.Add(v.Run);
            step.Users.Add(v.User);
        }
        var left = last.Where(l => !runs[l.Key].Completed).GroupBy(l => l.Value.Step, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
        var steps = reached.Select(s => new FunnelStepCounts(s.Key, s.Value.Runs.Count, left.GetValueOrDefault(s.Key), s.Value.Users.Count)).ToList();
        return new FunnelCounts(runs.Count, runs.Values.LongCount(r => r.Completed),
            runs.Values.Select(r => r.By).Distinct(StringComparer.Ordinal).LongCount(), steps);
    }

    public async Task<IReadOnlyList<DecisionCounts>> DecisionsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        RequireGuide(query);
        var sql = $"""
            SELECT step_id, to_step_id, to_guide_id, COUNT(*), COUNT(DISTINCT user_pseudonym)
            FROM usage_events
            WHERE type = 'decision-taken' AND step_id IS NOT NULL {Where(query)}
            GROUP BY step_id, to_step_id, to_guide_id
            """;
        return await ReadAsync(query, sql, r => new DecisionCounts(r.GetString(0), Text(r, 1), Text(r, 2), r.GetInt64(3), r.GetInt64(4)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<SearchCounts>> FailedSearchesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // Searches are about no guide: the guide filter does not apply.
        var sql = $"""
            SELECT CASE WHEN hit_count = 0 THEN 1 ELSE 0 END AS no_hits, query, user_pseudonym, COUNT(*), MAX(occurred_at)
            FROM usage_events
            WHERE type = 'search' AND query IS NOT NULL AND (hit_count = 0 OR opened_guide_id IS NULL) {Where(query with { GuideId = null })}
            GROUP BY CASE WHEN hit_count = 0 THEN 1 ELSE 0 END, query, user_pseudonym
            """;
        return await ReadAsync(query, sql, r => new SearchCounts(r.GetInt64(0) == 1, r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<FlagCounts>> FlagsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT guide_id, step_id,
                   SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'answered' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END),
                   COUNT(DISTINCT user_pseudonym)
            FROM flags
            WHERE guide_id IS NOT NULL {Where(query, "created_at")}
            GROUP BY guide_id, step_id
            """;
        return await ReadAsync(query, sql, r => new FlagCounts(r.GetString(0), Text(r, 1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<TargetCounts>> TargetsMissingAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT guide_id, step_id, selector, COUNT(*), COUNT(DISTINCT user_pseudonym), MAX(occurred_at)
            FROM usage_events
            WHERE type = 'target-missing' AND guide_id IS NOT NULL AND step_id IS NOT NULL AND selector IS NOT NULL {Where(query)}
            GROUP BY guide_id, step_id, selector
            """;
        return await ReadAsync(query, sql, r => new TargetCounts(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4),
            r.GetInt64(5)), cancellationToken);
    }

    public async Task<IReadOnlyList<TargetDetailCounts>> TargetDetailsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT guide_id, step_id, selector, COALESCE(target_status, ''), COALESCE(page_url, ''), user_pseudonym, COUNT(*)
            FROM usage_events
            WHERE type = 'target-missing' AND guide_id IS NOT NULL AND step_id IS NOT NULL AND selector IS NOT NULL {Where(query)}
            GROUP BY guide_id, step_id, selector, COALESCE(target_status, ''), COALESCE(page_url, ''), user_pseudonym
            """;
        return await ReadAsync(query, sql, r => new TargetDetailCounts(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.GetString(4), r.GetString(5), r.GetInt64(6)), cancellationToken);
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

    public async Task<IReadOnlyDictionary<string, long>> OpenFlagsAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT guide_id, COUNT(*)
            FROM flags
            WHERE status = 'open' AND guide_id IS NOT NULL {Where(query, null)}
            GROUP BY guide_id
            """;
        var rows = await ReadAsync(query, sql, r => (Guide: r.GetString(0), Open: r.GetInt64(1)), cancellationToken);
        return rows.ToDictionary(r => r.Guide, r => r.Open, StringComparer.Ordinal);
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
