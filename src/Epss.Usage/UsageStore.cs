using System.Data.Common;
using Epss.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Epss.Usage;

/// <summary>
/// The usage database: one SQLite file in the data folder, in WAL mode so that analyses read while events are
/// written. Writing goes through one connection owned by <see cref="UsageRecorder"/>'s writer (SQLite has one
/// writer at a time anyway); every read opens a connection of its own, so reads are safe from any thread.
/// </summary>
public sealed partial class UsageStore : SqlUsageStore
{
    private readonly SqliteConnection _connection;
    private readonly SqliteDatabase _database;
    private readonly EventInsert _insertEvent;
    private readonly SqliteCommand _insertFlag;

    private UsageStore(string databasePath, SqliteConnection connection, SqliteDatabase database, int schemaVersion, string journalMode)
        : base(schemaVersion)
    {
        DatabasePath = databasePath;
        _connection = connection;
        _database = database;
        JournalMode = journalMode;
        _insertEvent = new EventInsert(connection);
        // Flags are few (an official's "Meld een probleem"): the plain command serves them.
        _insertFlag = Prepare(connection, $"""
            INSERT INTO flags ({FlagColumns})
            VALUES ({Placeholders(FlagColumns)})
            ON CONFLICT (id) DO NOTHING
            """, FlagColumns);
    }

    public string DatabasePath { get; }

    public override string Description => DatabasePath;

    /// <summary>"wal" unless the file system could not give SQLite what WAL needs (then logged as a warning).</summary>
    public string JournalMode { get; }

    /// <summary>
    /// Opens the database in <see cref="UsageOptions.DatabasePath"/>, creating the folder and the file when needed, and
    /// applies the migrations it lacks.
    /// </summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer version of Epss.</exception>
    public static async Task<UsageStore> OpenAsync(UsageOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = logger ?? NullLogger.Instance;
        var path = options.DatabasePath;
        // Not pooled: the file is closed (and the WAL checkpointed) when the store is disposed, not at some later moment.
        var database = new SqliteDatabase(path, options.BusyTimeout);
        var journalMode = await database.UseWriteAheadLogAsync(cancellationToken);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            Log.WalUnavailable(log, path, journalMode);
        }
        var version = await database.MigrateAsync(UsageSchema.Migrations, "De gebruiksdatabase",
            (migration, took) => Log.SchemaMigrated(log, path, migration.Version, migration.Description, (long)took.TotalMilliseconds), cancellationToken);
        // FULL rather than NORMAL (OpenWriterAsync): in WAL mode NORMAL may lose the last commits on a power cut or OS
        // crash, and an acknowledged event is gone from the panel's queue. The recorder's group commit makes that one
        // fsync per batch, not one per event.
        var connection = await database.OpenWriterAsync(cancellationToken);
        try
        {
            Log.DatabaseOpened(log, path, version, journalMode);
            return new UsageStore(path, connection, database, version, journalMode);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the events and flags in one transaction, each only if its id is new. Returns once committed. Called by
    /// the recorder's writer only (one thread at a time), on the store's own connection.
    /// </summary>
    /// <remarks>
    /// Synchronous on purpose, like <see cref="IUsageStore.Write"/>: the writer is a thread of its own at idle priority
    /// (an await would carry the batch to a pool thread at normal priority), and the event insert is bound through
    /// SQLite's own API so that it allocates nothing (<see cref="EventInsert"/>); SQLite's provider has no truly
    /// asynchronous I/O to offer instead. Nothing waits on a request here: the callers await the batch's completion.
    /// </remarks>
    public override UsageWriteResult Write(IReadOnlyList<UsageEvent> events, IReadOnlyList<StepFlag> flags)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(flags);
        ThrowIfDisposed();
        using var transaction = _connection.BeginTransaction();
        _insertFlag.Transaction = transaction;
        var eventStatuses = new UsageWriteStatus[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            eventStatuses[i] = _insertEvent.Execute(events[i]) ? UsageWriteStatus.Stored : UsageWriteStatus.Duplicate;
        }
        var flagStatuses = new UsageWriteStatus[flags.Count];
        for (var i = 0; i < flags.Count; i++)
        {
            Bind(_insertFlag, FlagValues(flags[i]));
            flagStatuses[i] = _insertFlag.ExecuteNonQuery() == 1 ? UsageWriteStatus.Stored : UsageWriteStatus.Duplicate;
        }
        transaction.Commit();
        return new UsageWriteResult(eventStatuses, flagStatuses);
    }

    /// <summary>Errors that come from what was written (too big, a constraint), not from the database being unavailable.</summary>
    public override bool IsCausedByData(Exception error) =>
        error is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_TOOBIG or SQLitePCL.raw.SQLITE_CONSTRAINT or SQLitePCL.raw.SQLITE_MISMATCH }
            || base.IsCausedByData(error);

    /// <summary>A read-only connection of its own for the analyses (which run beside the recorder's writer).</summary>
    internal Task<DbConnection> OpenAnalyticsReaderAsync(CancellationToken cancellationToken) => OpenReaderAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _insertEvent.Dispose();
            _insertFlag.Dispose();
            _connection.Dispose();
        }
    }

    protected override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return await _database.OpenReaderAsync(cancellationToken);
    }

    /// <remarks>
    /// SQLite still has one writer at a time; the busy timeout makes such a write wait for the recorder's current batch
    /// (milliseconds) rather than fail.
    /// </remarks>
    protected override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return await _database.OpenWriterAsync(cancellationToken);
    }

    /// <summary>
    /// After rows were deleted, rewrite the file (VACUUM) so that no free page keeps what was deleted, then checkpoint
    /// and truncate the write-ahead log, which still holds the pages as they were. secure_delete alone zeroes deleted
    /// cells, but pages freed by a delete were found intact in the file (SQLite 3.53 through Microsoft.Data.Sqlite), so
    /// the file is rewritten. It takes the write lock for the time of the rewrite (once a day); the recorder's writes
    /// wait for it up to the busy timeout, and a panel whose events were refused sends them again.
    /// </summary>
    protected override async Task AfterDeleteAsync(long deleted, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWriterAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = deleted > 0 ? "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);" : "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Immediate: two experts answering the same flag at once are taken one after the other, the second sees the first's answer.</summary>
    protected override Task<DbTransaction> BeginFlagChangeAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>"$a, $b" for the columns "a, b": one parameter per column, so the two lists cannot drift apart.</summary>
    private static string Placeholders(string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(column => "$" + column));

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, string columns)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var column in columns.Split(',', StringSplitOptions.TrimEntries))
        {
            command.Parameters.Add(new SqliteParameter("$" + column, null));
        }
        command.Prepare();
        return command;
    }

    /// <summary>The values in the order of the command's parameters (the columns' order).</summary>
    private static void Bind(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
