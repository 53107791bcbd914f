using System.Data.Common;

namespace Epss.Usage;

/// <summary>
/// What the SQLite and the PostgreSQL store share: the tables' columns, reading events and flags, the flags' answers,
/// export pages and retention, in SQL that both databases run (<c>@name</c> parameters, times as Unix milliseconds in a
/// 64-bit integer, <c>LIMIT</c>). A store adds how it opens connections, writes a batch, migrates its schema and keeps a
/// flag from being changed twice at once.
/// </summary>
public abstract partial class SqlUsageStore : IUsageStore
{
    internal const string EventColumns =
        "id, type, occurred_at, received_at, user_pseudonym, role, app, run_id, guide_id, guide_version, step_id, " +
        "via, check_id, checked, to_step_id, to_guide_id, query, hit_count, opened_guide_id, opened_rank, " +
        "selector, page_url, target_status";

    /// <summary>Every column of a flag: what is raised, and what answering it adds (SQLite migration 3).</summary>
    internal const string FlagColumns =
        "id, guide_id, step_id, guide_version, query, text, user_pseudonym, role, app, created_at, status, " +
        "answer, answered_by, answered_at, fixed_in_version, answer_seen_at";

    private bool _disposed;

    protected SqlUsageStore(int schemaVersion)
    {
        SchemaVersion = schemaVersion;
    }

    public abstract string Description { get; }

    public int SchemaVersion { get; }

    public abstract UsageWriteResult Write(IReadOnlyList<UsageEvent> events, IReadOnlyList<StepFlag> flags);

    /// <summary>The errors of binding a value, whatever the database; each store adds its own error codes.</summary>
    public virtual bool IsCausedByData(Exception error) => error is ArgumentException or InvalidCastException or OverflowException;

    public async Task<IReadOnlyList<UsageEvent>> ReadEventsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM usage_events ORDER BY occurred_at, id";
        return await ReadListAsync(command, ReadEvent, cancellationToken);
    }

    public async Task<IReadOnlyList<StepFlag>> ReadFlagsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {FlagColumns} FROM flags ORDER BY created_at, id";
        return await ReadListAsync(command, ReadFlag, cancellationToken);
    }

    public async Task<StepFlag?> ReadFlagAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {FlagColumns} FROM flags WHERE id = @id";
        Add(command, "@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadFlag(reader) : null;
    }

    public async Task<IReadOnlyList<QueryTypist>> ReadQueryTypistsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT query, user_pseudonym FROM usage_events WHERE query IS NOT NULL";
        return await ReadListAsync(command, r => new QueryTypist(r.GetString(0), r.GetString(1)), cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the store's connections (called once).</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>A connection for reading, opened, of the caller's own (reads run on any thread).</summary>
    protected abstract Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>A connection for a change outside the recorder's writer (answers, retention), opened, of the caller's own.</summary>
    protected abstract Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins the transaction in which one flag is read and changed, such that a second change of the same flag (from
    /// this server or another) waits until the first is committed and then reads its result.
    /// </summary>
    protected abstract Task<DbTransaction> BeginFlagChangeAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Appended to the read of the flag in <see cref="BeginFlagChangeAsync"/>'s transaction: a row lock where the database has one.</summary>
    protected virtual string LockFlagForChange => "";

    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>An event's values in the order of <see cref="EventColumns"/>, as stored (times in Unix ms, a tick as 1 or 0).</summary>
    internal static object?[] EventValues(UsageEvent e)
    {
        var d = e.Details;
        return
        [
            e.Id, e.Type, e.OccurredAt.ToUnixTimeMilliseconds(), e.ReceivedAt.ToUnixTimeMilliseconds(), e.UserPseudonym, e.Role, e.App,
            e.RunId, e.GuideId, e.GuideVersion, e.StepId,
            d.Via, d.CheckId, d.Checked is { } ticked ? (ticked ? 1L : 0L) : null, d.ToStepId, d.ToGuideId, d.Query, d.HitCount,
            d.OpenedGuideId, d.OpenedRank, d.Selector, d.PageUrl, d.TargetStatus,
        ];
    }

    /// <summary>A flag's values in the order of <see cref="FlagColumns"/>.</summary>
    internal static object?[] FlagValues(StepFlag f) =>
    [
        f.Id, f.GuideId, f.StepId, f.GuideVersion, f.Query, f.Text, f.UserPseudonym, f.Role, f.App, f.CreatedAt.ToUnixTimeMilliseconds(), f.Status,
        f.Answer, f.AnsweredBy, f.AnsweredAt?.ToUnixTimeMilliseconds(), f.FixedInVersion, f.AnswerSeenAt?.ToUnixTimeMilliseconds(),
    ];

    internal static UsageEvent ReadEvent(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
        r.GetString(4),
        Text(r, 5),
        Text(r, 6),
        Text(r, 7),
        Text(r, 8),
        Text(r, 9),
        Text(r, 10),
        new UsageDetails(
            Via: Text(r, 11),
            CheckId: Text(r, 12),
            Checked: r.IsDBNull(13) ? null : r.GetInt64(13) != 0,
            ToStepId: Text(r, 14),
            ToGuideId: Text(r, 15),
            Query: Text(r, 16),
            HitCount: Number(r, 17),
            OpenedGuideId: Text(r, 18),
            OpenedRank: Number(r, 19),
            Selector: Text(r, 20),
            PageUrl: Text(r, 21),
            TargetStatus: Text(r, 22)));

    internal static StepFlag ReadFlag(DbDataReader r) => new(
        r.GetString(0),
        Text(r, 1),
        Text(r, 2),
        Text(r, 3),
        Text(r, 4),
        r.GetString(5),
        r.GetString(6),
        Text(r, 7),
        Text(r, 8),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        r.GetString(10),
        Text(r, 11),
        Text(r, 12),
        Time(r, 13),
        Text(r, 14),
        Time(r, 15));

    /// <summary>Adds a parameter; null becomes DBNull.</summary>
    internal static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    internal static async Task<IReadOnlyList<T>> ReadListAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? Number(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
