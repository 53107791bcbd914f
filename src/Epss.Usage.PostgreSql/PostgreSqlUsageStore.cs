using System.Data.Common;
using System.Globalization;
using Epss.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Epss.Usage.PostgreSql;

/// <summary>
/// The usage database in PostgreSQL, shared by several Epss servers: the same tables as the SQLite store and the same
/// reads, answers, exports and retention (<see cref="SqlUsageStore"/>); every connection comes from one pool of its own.
/// </summary>
/// <remarks>
/// Several servers may write at once: an event or flag id stored by one is a duplicate for the other (ON CONFLICT, which
/// waits for the other's transaction to decide), and a flag being answered is locked by row (SELECT ... FOR UPDATE) so
/// that a second expert, here or on another server, waits and then sees the first answer.
/// </remarks>
public sealed class PostgreSqlUsageStore : SqlUsageStore
{
    /// <summary>
    /// The key of the transaction-scoped advisory lock held while migrating ("EpssUsag" in ASCII). Advisory locks are
    /// per database, so only servers sharing this database wait for each other.
    /// </summary>
    internal const long MigrationLockKey = 0x4570_7373_5573_6167;

    /// <summary>The columns that are not text, and their type; the rest are text.</summary>
    private static readonly Dictionary<string, NpgsqlDbType> NumericColumns = new(StringComparer.Ordinal)
    {
        ["occurred_at"] = NpgsqlDbType.Bigint,
        ["received_at"] = NpgsqlDbType.Bigint,
        ["created_at"] = NpgsqlDbType.Bigint,
        ["answered_at"] = NpgsqlDbType.Bigint,
        ["answer_seen_at"] = NpgsqlDbType.Bigint,
        ["checked"] = NpgsqlDbType.Bigint,
        ["hit_count"] = NpgsqlDbType.Integer,
        ["opened_rank"] = NpgsqlDbType.Integer,
    };

    private static readonly string InsertEventsSql = InsertSql("usage_events", EventColumns);
    private static readonly string InsertFlagsSql = InsertSql("flags", FlagColumns);

    private readonly PostgreSqlDatabase _database;
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlUsageStore(PostgreSqlDatabase database, int schemaVersion)
        : base(schemaVersion)
    {
        _database = database;
        _dataSource = database.DataSource;
        Description = database.Name;
    }

    /// <summary>"PostgreSQL host:port/database": no user, no password.</summary>
    public override string Description { get; }

    /// <summary>
    /// Opens the database of <paramref name="connectionString"/> (an Npgsql connection string; the database must exist)
    /// and applies the migrations it lacks. Servers starting at the same moment take turns: one migrates, the others
    /// wait and find the work done.
    /// </summary>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer version of Epss.</exception>
    public static async Task<PostgreSqlUsageStore> OpenAsync(string connectionString, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var log = logger ?? NullLogger.Instance;
        // Held until commit: a second server starting now waits for the lock, then reads the version the first wrote.
        var database = new PostgreSqlDatabase(connectionString, schema: null, $"SELECT pg_advisory_xact_lock({MigrationLockKey})");
        try
        {
            var version = await database.MigrateAsync(PostgreSqlUsageSchema.Migrations, "De gebruiksdatabase",
                (migration, took) => Log.SchemaMigrated(log, database.Name, migration.Version, migration.Description, (long)took.TotalMilliseconds), cancellationToken);
            PostgreSqlLog.Opened(log, database.Name, version);
            return new PostgreSqlUsageStore(database, version);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the events and flags in one transaction, each only if its id is new: one INSERT per table for the whole
    /// batch (arrays unnested, rows in id order), so a batch of thousands costs two round trips.
    /// </summary>
    /// <remarks>Synchronous on purpose, on the recorder's own idle-priority thread: see <see cref="IUsageStore.Write"/>.</remarks>
    public override UsageWriteResult Write(IReadOnlyList<UsageEvent> events, IReadOnlyList<StepFlag> flags)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(flags);
        ThrowIfDisposed();
        var eventFirsts = FirstOfEachId(events, e => e.Id);
        var flagFirsts = FirstOfEachId(flags, f => f.Id);
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var storedEvents = Insert(connection, transaction, InsertEventsSql, EventColumns, [.. eventFirsts.Select(i => EventValues(events[i]))]);
        var storedFlags = Insert(connection, transaction, InsertFlagsSql, FlagColumns, [.. flagFirsts.Select(i => FlagValues(flags[i]))]);
        transaction.Commit();
        return new UsageWriteResult(Statuses(events, eventFirsts, storedEvents, e => e.Id), Statuses(flags, flagFirsts, storedFlags, f => f.Id));
    }

    /// <summary>
    /// PostgreSQL's data exceptions (class 22: too long, out of range, a character it cannot store), integrity
    /// violations (23) and a row too big for an index (54000): what was written, not the database, is the problem.
    /// </summary>
    public override bool IsCausedByData(Exception error) =>
        error is PostgresException { SqlState: var state }
            && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal) || state == PostgresErrorCodes.ProgramLimitExceeded)
        || base.IsCausedByData(error);

    /// <summary>A connection of its own for the analyses.</summary>
    internal Task<DbConnection> OpenAnalyticsReaderAsync(CancellationToken cancellationToken) => OpenReaderAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _database.Dispose();
        }
    }

    protected override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    protected override Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken) => OpenReaderAsync(cancellationToken);

    /// <summary>Read committed with the row locked (<see cref="LockFlagForChange"/>): a second change waits, then reads the first's result.</summary>
    protected override async Task<DbTransaction> BeginFlagChangeAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    protected override string LockFlagForChange => " FOR UPDATE";

    /// <summary>INSERT ... SELECT * FROM unnest(one array per column) ON CONFLICT (id) DO NOTHING RETURNING id.</summary>
    private static string InsertSql(string table, string columns)
    {
        var arrays = Names(columns).Select((column, i) =>
            $"@c{i}::{(NumericColumns.TryGetValue(column, out var type) ? (type == NpgsqlDbType.Bigint ? "bigint" : "integer") : "text")}[]");
        return $"INSERT INTO {table} ({columns}) SELECT * FROM unnest({string.Join(", ", arrays)}) ON CONFLICT (id) DO NOTHING RETURNING id";
    }

    /// <summary>Inserts the rows (values in the order of <paramref name="columns"/>); returns the ids that were new.</summary>
    private static HashSet<string> Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string columns, List<object?[]> rows)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (rows.Count == 0)
        {
            return stored;
        }
        using var command = new NpgsqlCommand(sql, connection, transaction);
        var names = Names(columns);
        for (var c = 0; c < names.Length; c++)
        {
            var column = c;
            command.Parameters.Add(NumericColumns.TryGetValue(names[c], out var type)
                ? type == NpgsqlDbType.Bigint
                    ? new NpgsqlParameter<long?[]>($"c{c}", [.. rows.Select(r => r[column] is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : (long?)null)])
                    : new NpgsqlParameter<int?[]>($"c{c}", [.. rows.Select(r => r[column] is { } v ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : (int?)null)])
                : new NpgsqlParameter<string?[]>($"c{c}", [.. rows.Select(r => (string?)r[column])]));
        }
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            stored.Add(reader.GetString(0));
        }
        return stored;
    }

    /// <summary>
    /// The positions of the first item of each id (a later one with the same id is a duplicate without asking the
    /// database), in id order. The order matters: an insert that meets an id another server's open transaction is
    /// inserting waits for it, so two servers inserting overlapping batches in different orders would each wait for the
    /// other (a deadlock, seen in the tests); in one order the later one just waits.
    /// </summary>
    private static List<int> FirstOfEachId<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var firsts = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (seen.Add(id(items[i])))
            {
                firsts.Add(i);
            }
        }
        firsts.Sort((a, b) => string.CompareOrdinal(id(items[a]), id(items[b])));
        return firsts;
    }

    private static UsageWriteStatus[] Statuses<T>(IReadOnlyList<T> items, List<int> firsts, HashSet<string> stored, Func<T, string> id)
    {
        var statuses = new UsageWriteStatus[items.Count];
        Array.Fill(statuses, UsageWriteStatus.Duplicate);
        foreach (var i in firsts)
        {
            statuses[i] = stored.Contains(id(items[i])) ? UsageWriteStatus.Stored : UsageWriteStatus.Duplicate;
        }
        return statuses;
    }

    private static string[] Names(string columns) => columns.Split(',', StringSplitOptions.TrimEntries);
}
