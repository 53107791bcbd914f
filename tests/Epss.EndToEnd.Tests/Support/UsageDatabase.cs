using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Epss.EndToEnd.Tests.Support;

/// <summary>
/// Reads the server's usage database (<c>usage.db</c> in its data folder) read-only, as an analyst would. The hub
/// acknowledges an event only after its commit, so what the panel no longer holds is here.
/// </summary>
public static class UsageDatabase
{
    public static async Task<IReadOnlyList<UsageRow>> EventsAsync(string dataPath, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(dataPath, cancellationToken);
        if (connection is null)
        {
            return [];
        }
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, type, occurred_at, run_id, guide_id, step_id, via, check_id, checked, to_step_id, to_guide_id,
                   query, hit_count, opened_guide_id, opened_rank, user_pseudonym
            FROM usage_events ORDER BY occurred_at, rowid
            """;
        var rows = new List<UsageRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new UsageRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt64(2),
                Text(reader, 3),
                Text(reader, 4),
                Text(reader, 5),
                Text(reader, 6),
                Text(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetInt64(8) == 1,
                Text(reader, 9),
                Text(reader, 10),
                Text(reader, 11),
                reader.IsDBNull(12) ? null : reader.GetInt32(12),
                Text(reader, 13),
                reader.IsDBNull(14) ? null : reader.GetInt32(14),
                reader.GetString(15)));
        }
        return rows;
    }

    public static async Task<IReadOnlyList<FlagRow>> FlagsAsync(string dataPath, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(dataPath, cancellationToken);
        if (connection is null)
        {
            return [];
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, guide_id, step_id, query, text, user_pseudonym FROM flags ORDER BY created_at, rowid";
        var rows = new List<FlagRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new FlagRow(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), reader.GetString(4), reader.GetString(5)));
        }
        return rows;
    }

    /// <summary>Reads the events until <paramref name="condition"/> holds; fails with <paramref name="what"/> and what is there when it never does.</summary>
    public static async Task<IReadOnlyList<UsageRow>> WaitForEventsAsync(
        string dataPath, Func<IReadOnlyList<UsageRow>, bool> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await EventsAsync(dataPath, cancellationToken);
            if (condition(rows))
            {
                return rows;
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Not in the usage database within {limit.TotalSeconds:0} s: {what}\nThere:\n{string.Join('\n', rows)}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Reads the flags until <paramref name="condition"/> holds.</summary>
    public static async Task<IReadOnlyList<FlagRow>> WaitForFlagsAsync(
        string dataPath, Func<IReadOnlyList<FlagRow>, bool> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await FlagsAsync(dataPath, cancellationToken);
            if (condition(rows))
            {
                return rows;
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Not among the flags within {limit.TotalSeconds:0} s: {what}\nThere:\n{string.Join('\n', rows)}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<SqliteConnection?> OpenAsync(string dataPath, CancellationToken cancellationToken)
    {
        var file = Path.Combine(dataPath, "usage.db");
        if (!File.Exists(file))
        {
            return null;
        }
        // Read-only and unpooled: nothing of the test holds the file once it has looked.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

public sealed record UsageRow(
    string Id,
    string Type,
    long OccurredAt,
    string? RunId,
    string? GuideId,
    string? StepId,
    string? Via,
    string? CheckId,
    bool? Checked,
    string? ToStepId,
    string? ToGuideId,
    string? Query,
    int? HitCount,
    string? OpenedGuideId,
    int? OpenedRank,
    string Pseudonym)
{
    /// <summary>Whether this is the event the panel sent with <paramref name="panelId"/> (stored as the pseudonym's own id).</summary>
    public bool HasPanelId(string panelId) => Id == Epss.Usage.PanelUsage.OwnId(Pseudonym, panelId);
}

public sealed record FlagRow(string Id, string? GuideId, string? StepId, string? Query, string Text, string Pseudonym)
{
    /// <summary>Whether this is the flag the panel sent with <paramref name="panelId"/>.</summary>
    public bool HasPanelId(string panelId) => Id == Epss.Usage.PanelUsage.OwnId(Pseudonym, panelId);
}
