using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Epss.Usage;

/// <summary>The outcome of one transaction: per event and per flag, in the order given.</summary>
internal sealed record UsageWriteResult(IReadOnlyList<UsageWriteStatus> Events, IReadOnlyList<UsageWriteStatus> Flags);

/// <summary>
/// The usage database: one SQLite file in the data folder, in WAL mode so that analyses read while events are
/// written. Writing goes through one connection owned by <see cref="UsageRecorder"/>'s writer (SQLite has one
/// writer at a time anyway); every read opens a connection of its own, so reads are safe from any thread.
/// </summary>
public sealed partial class UsageStore : IDisposable
{
    private const string EventColumns =
        "id, type, occurred_at, received_at, user_pseudonym, role, app, run_id, guide_id, guide_version, step_id, " +
        "via, check_id, checked, to_step_id, to_guide_id, query, hit_count, opened_guide_id, opened_rank, " +
        "selector, page_url, target_status";

    private const string FlagColumns =
        "id, guide_id, step_id, guide_version, query, text, user_pseudonym, role, app, created_at, status";

    /// <summary>What is read of a flag: what is inserted, and what answering it adds (migration 3).</summary>
    private const string FlagReadColumns = FlagColumns + ", answer, answered_by, answered_at, fixed_in_version, answer_seen_at";

    private readonly SqliteConnection _connection;
    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertFlag;
    private bool _disposed;

    private UsageStore(string databasePath, SqliteConnection connection, string readConnectionString, int schemaVersion, string journalMode)
    {
        DatabasePath = databasePath;
        _connection = connection;
        _readConnectionString = readConnectionString;
        _writeConnectionString = connection.ConnectionString;
        SchemaVersion = schemaVersion;
        JournalMode = journalMode;
        _insertEvent = Prepare(connection, $"""
            INSERT INTO usage_events ({EventColumns})
            VALUES ({Placeholders(EventColumns)})
            ON CONFLICT (id) DO NOTHING
            """, EventColumns);
        _insertFlag = Prepare(connection, $"""
            INSERT INTO flags ({FlagColumns})
            VALUES ({Placeholders(FlagColumns)})
            ON CONFLICT (id) DO NOTHING
            """, FlagColumns);
    }

    public string DatabasePath { get; }

    /// <summary>The schema version after the migrations at opening.</summary>
    public int SchemaVersion { get; }

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
    /// the recorder's writer only (one thread at a time).
    /// </summary>
    internal UsageWriteResult Write(IReadOnlyList<UsageEvent> events, IReadOnlyList<StepFlag> flags)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var transaction = _connection.BeginTransaction();
        _insertEvent.Transaction = transaction;
        _insertFlag.Transaction = transaction;
        var eventStatuses = new UsageWriteStatus[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            BindEvent(_insertEvent.Parameters, events[i]);
            eventStatuses[i] = _insertEvent.ExecuteNonQuery() == 1 ? UsageWriteStatus.Stored : UsageWriteStatus.Duplicate;
        }
        var flagStatuses = new UsageWriteStatus[flags.Count];
        for (var i = 0; i < flags.Count; i++)
        {
            BindFlag(_insertFlag.Parameters, flags[i]);
            flagStatuses[i] = _insertFlag.ExecuteNonQuery() == 1 ? UsageWriteStatus.Stored : UsageWriteStatus.Duplicate;
        }
        transaction.Commit();
        return new UsageWriteResult(eventStatuses, flagStatuses);
    }

    /// <summary>Every stored event, oldest first (for tests and small exports; the analyses query in SQL).</summary>
    public async Task<IReadOnlyList<UsageEvent>> ReadEventsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM usage_events ORDER BY occurred_at, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<UsageEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader));
        }
        return events;
    }

    /// <summary>Every stored flag, oldest first.</summary>
    public async Task<IReadOnlyList<StepFlag>> ReadFlagsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {FlagReadColumns} FROM flags ORDER BY created_at, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var flags = new List<StepFlag>();
        while (await reader.ReadAsync(cancellationToken))
        {
            flags.Add(ReadFlag(reader));
        }
        return flags;
    }

    /// <summary>The stored flag with this id, or null.</summary>
    public async Task<StepFlag?> ReadFlagAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {FlagReadColumns} FROM flags WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadFlag(reader) : null;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _insertEvent.Dispose();
        _insertFlag.Dispose();
        _connection.Dispose();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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

    private static void BindEvent(SqliteParameterCollection p, UsageEvent e)
    {
        Set(p, "$id", e.Id);
        Set(p, "$type", e.Type);
        Set(p, "$occurred_at", e.OccurredAt.ToUnixTimeMilliseconds());
        Set(p, "$received_at", e.ReceivedAt.ToUnixTimeMilliseconds());
        Set(p, "$user_pseudonym", e.UserPseudonym);
        Set(p, "$role", e.Role);
        Set(p, "$app", e.App);
        Set(p, "$run_id", e.RunId);
        Set(p, "$guide_id", e.GuideId);
        Set(p, "$guide_version", e.GuideVersion);
        Set(p, "$step_id", e.StepId);
        var d = e.Details;
        Set(p, "$via", d.Via);
        Set(p, "$check_id", d.CheckId);
        Set(p, "$checked", d.Checked is { } ticked ? (ticked ? 1 : 0) : null);
        Set(p, "$to_step_id", d.ToStepId);
        Set(p, "$to_guide_id", d.ToGuideId);
        Set(p, "$query", d.Query);
        Set(p, "$hit_count", d.HitCount);
        Set(p, "$opened_guide_id", d.OpenedGuideId);
        Set(p, "$opened_rank", d.OpenedRank);
        Set(p, "$selector", d.Selector);
        Set(p, "$page_url", d.PageUrl);
        Set(p, "$target_status", d.TargetStatus);
    }

    private static void BindFlag(SqliteParameterCollection p, StepFlag f)
    {
        Set(p, "$id", f.Id);
        Set(p, "$guide_id", f.GuideId);
        Set(p, "$step_id", f.StepId);
        Set(p, "$guide_version", f.GuideVersion);
        Set(p, "$query", f.Query);
        Set(p, "$text", f.Text);
        Set(p, "$user_pseudonym", f.UserPseudonym);
        Set(p, "$role", f.Role);
        Set(p, "$app", f.App);
        Set(p, "$created_at", f.CreatedAt.ToUnixTimeMilliseconds());
        Set(p, "$status", f.Status);
    }

    private static void Set(SqliteParameterCollection parameters, string name, object? value) =>
        parameters[name].Value = value ?? DBNull.Value;

    private static UsageEvent ReadEvent(SqliteDataReader r) => new(
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

    private static StepFlag ReadFlag(SqliteDataReader r) => new(
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

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? Number(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

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
