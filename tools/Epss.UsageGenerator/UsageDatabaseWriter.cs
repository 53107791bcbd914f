using System.Diagnostics;
using Epss.Usage;
using Microsoft.Data.Sqlite;

namespace Epss.UsageGenerator;

/// <summary>
/// Bulk-writes generated usage into the usage database of a data folder. The store itself creates and migrates the
/// file (so the schema is the real one); the rows then go in through one prepared insert, 10,000 per transaction,
/// with synchronous off: a generated database is rebuilt, not recovered, after a crash. The recorder is not used
/// because it rightly refuses events older than 30 days, and history is the point here.
/// </summary>
public static class UsageDatabaseWriter
{
    public const int BatchSize = 10_000;

    private const string EventColumns =
        "id, type, occurred_at, received_at, user_pseudonym, role, app, run_id, guide_id, guide_version, step_id, " +
        "via, check_id, checked, to_step_id, to_guide_id, query, hit_count, opened_guide_id, opened_rank, selector, page_url, target_status";

    private const string FlagColumns =
        "id, guide_id, step_id, guide_version, query, text, user_pseudonym, role, app, created_at, status, answer, answered_by, answered_at, fixed_in_version";

    /// <summary>Writes the events as they are enumerated (a million need not be in memory), then the flags. Returns the events written.</summary>
    public static async Task<long> WriteAsync(string dataPath, IEnumerable<UsageEvent> events, Func<IReadOnlyList<StepFlag>> flags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(flags);
        var options = new UsageOptions { DataPath = dataPath };
        using (await UsageStore.OpenAsync(options, null, cancellationToken))
        {
            // Opened only to create and migrate the file; the bulk write below is the generator's own (synchronous OFF).
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA synchronous = OFF;");
        using var insert = Prepare(connection, "usage_events", EventColumns);
        long written = 0;
        var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        foreach (var e in events)
        {
            var d = e.Details;
            Bind(insert, e.Id, e.Type, e.OccurredAt.ToUnixTimeMilliseconds(), e.ReceivedAt.ToUnixTimeMilliseconds(), e.UserPseudonym, e.Role, e.App,
                e.RunId, e.GuideId, e.GuideVersion, e.StepId, d.Via, d.CheckId, d.Checked is { } c ? (c ? 1 : 0) : null, d.ToStepId, d.ToGuideId,
                d.Query, d.HitCount, d.OpenedGuideId, d.OpenedRank, d.Selector, d.PageUrl, d.TargetStatus);
            insert.ExecuteNonQuery();
            if (++written % BatchSize == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
            }
        }
        using var insertFlag = Prepare(connection, "flags", FlagColumns);
        insertFlag.Transaction = transaction;
        foreach (var f in flags())
        {
            Bind(insertFlag, f.Id, f.GuideId, f.StepId, f.GuideVersion, f.Query, f.Text, f.UserPseudonym, f.Role, f.App, f.CreatedAt.ToUnixTimeMilliseconds(),
                f.Status, f.Answer, f.AnsweredBy, f.AnsweredAt?.ToUnixTimeMilliseconds(), f.FixedInVersion);
            insertFlag.ExecuteNonQuery();
        }
        transaction.Commit();
        transaction.Dispose();
        // Fresh statistics for the planner, as a long-running database would have them.
        Execute(connection, "ANALYZE;");
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return written;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string table, string columns)
    {
        var names = columns.Split(',', StringSplitOptions.TrimEntries);
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", names.Select(n => "$" + n))})";
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter("$" + name, null));
        }
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        Debug.Assert(values.Length == command.Parameters.Count);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
