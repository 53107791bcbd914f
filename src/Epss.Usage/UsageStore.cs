using System.Data.Common;
using System.Diagnostics;
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
    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly EventInsert _insertEvent;
    private readonly SqliteCommand _insertFlag;

    private UsageStore(string databasePath, SqliteConnection connection, string readConnectionString, int schemaVersion, string journalMode)
        : base(schemaVersion)
    {
        DatabasePath = databasePath;
        _connection = connection;
        _readConnectionString = readConnectionString;
        _writeConnectionString = connection.ConnectionString;
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
    public static UsageStore Open(UsageOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = logger ?? NullLogger.Instance;
        var path = options.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var write = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Not pooled: the file is closed (and the WAL checkpointed) when the store is disposed, not at some later moment.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        var read = new SqliteConnectionStringBuilder(write.ToString()) { Mode = SqliteOpenMode.ReadOnly };

        var connection = new SqliteConnection(write.ToString());
        try
        {
            connection.Open();
            var journalMode = Convert.ToString(Scalar(connection, "PRAGMA journal_mode = WAL;"), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                Log.WalUnavailable(log, path, journalMode);
            }
            // FULL rather than NORMAL: in WAL mode NORMAL may lose the last commits on a power cut or OS crash, and an
            // acknowledged event is gone from the panel's queue. FULL costs one fsync per transaction, and the
            // recorder's group commit makes that one per batch, not one per event.
            Execute(connection, "PRAGMA synchronous = FULL;");
            var version = Migrate(connection, path, log);
            Log.DatabaseOpened(log, path, version, journalMode);
            return new UsageStore(path, connection, read.ToString(), version, journalMode);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the events and flags in one transaction, each only if its id is new. Returns once committed. Called by
    /// the recorder's writer only (one thread at a time), on the store's own connection.
    /// </summary>
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
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <remarks>
    /// SQLite still has one writer at a time; the busy timeout makes such a write wait for the recorder's current batch
    /// (milliseconds) rather than fail.
    /// </remarks>
    protected override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var connection = new SqliteConnection(_writeConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Execute(connection, "PRAGMA synchronous = FULL;");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Immediate: two experts answering the same flag at once are taken one after the other, the second sees the first's answer.</summary>
    protected override Task<DbTransaction> BeginFlagChangeAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>Brings the schema up to <see cref="UsageSchema.LatestVersion"/>; returns the version it is at.</summary>
    private static int Migrate(SqliteConnection connection, string path, ILogger logger)
    {
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT    NOT NULL,
                applied_at  INTEGER NOT NULL
            );
            """);
        // BEGIN IMMEDIATE: a second server starting on the same folder waits here, then finds the work done.
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction),
            System.Globalization.CultureInfo.InvariantCulture);
        if (current > UsageSchema.LatestVersion)
        {
            throw new InvalidOperationException(
                $"De gebruiksdatabase {path} heeft schemaversie {current}, nieuwer dan deze versie van Epss kent ({UsageSchema.LatestVersion}). " +
                "Start een nieuwere Epss, of zet een back-up van de datamap terug.");
        }
        foreach (var migration in UsageSchema.Migrations.Where(m => m.Version > current))
        {
            var stopwatch = Stopwatch.StartNew();
            Execute(connection, migration.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $applied_at);";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$description", migration.Description);
            record.Parameters.AddWithValue("$applied_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            Log.SchemaMigrated(logger, path, migration.Version, migration.Description, stopwatch.ElapsedMilliseconds);
            current = migration.Version;
        }
        transaction.Commit();
        return current;
    }

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

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
