using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Epss.Server.Authoring;

/// <summary>How a version came about.</summary>
public static class VersionSource
{
    /// <summary>Saved in the editor (PUT /api/guides/{id}/source).</summary>
    public const string Editor = "editor";

    /// <summary>Picked up by the content folder's watcher: a text editor, a git pull, a copy.</summary>
    public const string Watcher = "watcher";

    /// <summary>An older version saved again (POST /api/guides/{id}/restore).</summary>
    public const string Restore = "restore";

    /// <summary>The author recorded for a change the watcher picked up.</summary>
    public const string OutsideEditor = "buiten de editor";
}

/// <summary>One version of a guide as kept in the history: its text, who made it, when, why and how.</summary>
public sealed record GuideVersion(
    long Sequence,
    string GuideId,
    string Version,
    string Text,
    string Author,
    DateTimeOffset CreatedAt,
    string Note,
    string Source,
    string File);

/// <summary>
/// The history of the guides: <c>history.db</c> in the data folder, SQLite in WAL mode. Every text a guide has had is
/// a row; rows are only ever added, never changed or deleted. The version is the library's (a hash of the file's
/// bytes), so a restored text has the version it had before, as a new row.
/// </summary>
public sealed partial class GuideHistory : IDisposable
{
    public const string FileName = "history.db";

    private const string Columns = "seq, guide_id, version, text, author, created_at, note, source, file";

    private static readonly (int Version, string Description, string Sql)[] Migrations =
    [
        (1, "guide versions", """
            CREATE TABLE guide_versions (
                seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                guide_id    TEXT    NOT NULL,
                version     TEXT    NOT NULL,   -- the library's version: a hash of the file's bytes
                text        TEXT    NOT NULL,
                author      TEXT    NOT NULL,   -- the user's name, or 'buiten de editor'
                created_at  INTEGER NOT NULL,   -- Unix ms, UTC
                note        TEXT    NOT NULL,
                source      TEXT    NOT NULL,   -- editor, watcher, restore
                file        TEXT    NOT NULL    -- path relative to the content folder
            );
            CREATE INDEX guide_versions_by_guide ON guide_versions (guide_id, seq);
            """),
        (2, "review: changes, comments, publications, editor drafts", ReviewSchema),
    ];

    private readonly Lock _writeGate = new();
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly TimeProvider _time;
    private bool _disposed;

    private GuideHistory(string path, SqliteConnection writer, string readConnectionString, TimeProvider time)
    {
        DatabasePath = path;
        _writer = writer;
        _readConnectionString = readConnectionString;
        _time = time;
    }

    public string DatabasePath { get; }

    /// <summary>Opens (or creates) <c>history.db</c> in <paramref name="dataPath"/> and applies the migrations it lacks.</summary>
    public static GuideHistory Open(string dataPath, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var folder = Path.GetFullPath(dataPath);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var write = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 };
        var read = new SqliteConnectionStringBuilder(write.ToString()) { Mode = SqliteOpenMode.ReadOnly };
        var connection = new SqliteConnection(write.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL;");
            // An acknowledged save must survive a power cut: one fsync per version is cheap next to an expert's typing.
            Execute(connection, "PRAGMA synchronous = FULL;");
            Migrate(connection, path);
            return new GuideHistory(path, connection, read.ToString(), time);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds a version unless it is the guide's newest already (the watcher seeing the same text again, or again at
    /// start). Returns whether a row was added.
    /// </summary>
    public bool AddIfNew(string guideId, string version, string text, string author, string note, string source, string file)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            using (var latest = Command(transaction, "SELECT version FROM guide_versions WHERE guide_id = $id ORDER BY seq DESC LIMIT 1"))
            {
                latest.Parameters.AddWithValue("$id", guideId);
                if (latest.ExecuteScalar() as string == version)
                {
                    return false;
                }
            }
            InsertVersion(transaction, guideId, version, text, author, note, source, file, null, _time.GetUtcNow().ToUnixTimeMilliseconds());
            transaction.Commit();
            return true;
        }
    }

    /// <summary>Every version of a guide, newest first.</summary>
    public async Task<IReadOnlyList<GuideVersion>> ListAsync(string guideId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM guide_versions WHERE guide_id = $id ORDER BY seq DESC";
        command.Parameters.AddWithValue("$id", guideId);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>The newest row of a guide with this version (every row of one version has the same text), or null.</summary>
    public async Task<GuideVersion?> FindAsync(string guideId, string version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM guide_versions WHERE guide_id = $id AND version = $version ORDER BY seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$id", guideId);
        command.Parameters.AddWithValue("$version", version);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _writer.Dispose();
        }
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

    private static async Task<IReadOnlyList<GuideVersion>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<GuideVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new GuideVersion(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.GetString(6), reader.GetString(7), reader.GetString(8)));
        }
        return versions;
    }

    private static void Migrate(SqliteConnection connection, string path)
    {
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT    NOT NULL,
                applied_at  INTEGER NOT NULL
            );
            """);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        var current = Convert.ToInt32(query.ExecuteScalar(), CultureInfo.InvariantCulture);
        var latest = Migrations[^1].Version;
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"De geschiedenisdatabase {path} heeft schemaversie {current}, nieuwer dan deze versie van Epss kent ({latest}). Start een nieuwere Epss.");
        }
        foreach (var (version, description, sql) in Migrations.Where(m => m.Version > current))
        {
            Execute(connection, sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $applied_at);";
            record.Parameters.AddWithValue("$version", version);
            record.Parameters.AddWithValue("$description", description);
            record.Parameters.AddWithValue("$applied_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
