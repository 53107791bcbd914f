using System.Data.Common;
using Epss.Storage;

namespace Epss.Authoring;

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
/// The history of the guides: every text a guide has had is a row; rows are only ever added, never changed or deleted.
/// The version is the library's (a hash of the file's bytes), so a restored text has the version it had before, as a
/// new row. It lives in <c>history.db</c> in the data folder (SQLite, WAL), or in PostgreSQL when <c>Epss:PostgreSql</c>
/// is set, shared by several servers; the SQL is the same for both (<see cref="HistoryDatabase"/> holds what differs).
/// Every write that depends on what is stored runs in <see cref="InGuideAsync{T}"/>: one transaction holding the guide's
/// lock across processes, so a check and the write it allows are never split by another server's write.
/// </summary>
public sealed partial class GuideHistory : IDisposable
{
    public const string FileName = "history.db";

    internal const string VersionColumns = "seq, guide_id, version, text, author, created_at, note, source, file";

    private static readonly Migration[] Migrations =
    [
        new(1, "guide versions", """
            CREATE TABLE guide_versions (
                seq         %KEY%,
                guide_id    TEXT    NOT NULL,
                version     TEXT    NOT NULL,   -- the library's version: a hash of the file's bytes
                text        TEXT    NOT NULL,
                author      TEXT    NOT NULL,   -- the user's name, or 'buiten de editor'
                created_at  %INT64% NOT NULL,   -- Unix ms, UTC
                note        TEXT    NOT NULL,
                source      TEXT    NOT NULL,   -- editor, watcher, restore
                file        TEXT    NOT NULL    -- path relative to the content folder
            );
            CREATE INDEX guide_versions_by_guide ON guide_versions (guide_id, seq);
            """),
        new(2, "review: changes, comments, publications, editor drafts", ReviewSchema),
        new(3, "experts by stable id: change authors, submitters, drafts", ExpertIdSchema),
    ];

    /// <summary>The newest schema version this Epss knows (a database with a newer one is refused).</summary>
    public static int LatestSchemaVersion => Migrations[^1].Version;

    private readonly HistoryDatabase _database;
    private readonly TimeProvider _time;
    private readonly StoreOpening _opening;

    private GuideHistory(HistoryDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _database = database;
        _time = time;
        _opening = new StoreOpening(async () =>
        {
            await _database.OpenAsync(CancellationToken.None);
            await _database.Storage.MigrateAsync(Migrations, "De geschiedenisdatabase", null, CancellationToken.None);
        });
    }

    /// <summary>Names the database in messages: history.db's path, or the PostgreSQL database.</summary>
    public string DatabaseName => _database.Name;

    /// <summary>
    /// The history in <c>history.db</c> in <paramref name="dataPath"/>, not opened yet: that happens (the file created,
    /// the migrations it lacks applied) at <see cref="EnsureOpenAsync"/>, which a host calls as it starts, or at the first operation.
    /// </summary>
    public static GuideHistory Create(string dataPath, TimeProvider time) => new(SqliteHistoryDatabase.Create(dataPath), time);

    /// <summary>The history in the PostgreSQL database of <paramref name="connectionString"/>, not opened yet (see <see cref="Create"/>).</summary>
    public static GuideHistory CreatePostgreSql(string connectionString, TimeProvider time) => new(PostgresHistoryDatabase.Create(connectionString), time);

    /// <summary>Opens (or creates) <c>history.db</c> in <paramref name="dataPath"/> and applies the migrations it lacks.</summary>
    public static Task<GuideHistory> OpenAsync(string dataPath, TimeProvider time, CancellationToken cancellationToken) =>
        OpenedAsync(Create(dataPath, time), cancellationToken);

    /// <summary>Opens the history in the PostgreSQL database of <paramref name="connectionString"/> and applies the migrations it lacks.</summary>
    public static Task<GuideHistory> OpenPostgreSqlAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken) =>
        OpenedAsync(CreatePostgreSql(connectionString, time), cancellationToken);

    /// <summary>Opens the database and migrates it unless that happened already; every operation waits for this first.</summary>
    /// <exception cref="InvalidOperationException">The database was made by a newer version of Epss.</exception>
    public Task EnsureOpenAsync(CancellationToken cancellationToken) => _opening.WaitAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction that holds the guide's lock (in PostgreSQL an advisory lock every
    /// server respects; in SQLite the file's write lock), commits it, and then runs what the work left for after the commit.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> ends the wait for the lock and every statement of the work (see
    /// <see cref="GuideHistoryTransaction.CancellationToken"/>); a cancelled step is rolled back whole. Work that changed
    /// something outside the database calls <see cref="GuideHistoryTransaction.RunToCompletion"/> and is committed then,
    /// whatever the caller does (a publish whose file is written must be recorded).
    /// </remarks>
    public async Task<T> InGuideAsync<T>(string guideId, Func<GuideHistoryTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        GuideHistoryTransaction transaction;
        T result;
        await using (var write = await BeginWriteAsync(guideId, cancellationToken))
        {
            transaction = new GuideHistoryTransaction(write.Connection, write.Transaction, guideId, _time, cancellationToken);
            result = await work(transaction);
            await write.Transaction.CommitAsync(transaction.CancellationToken);
        }
        // Outside the lock: what runs here (serving a published file, telling the editors) may record another guide.
        foreach (var action in transaction.AfterCommitActions)
        {
            action();
        }
        return result;
    }

    /// <summary>Every version of a guide, newest first.</summary>
    public async Task<IReadOnlyList<GuideVersion>> ListAsync(string guideId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(null, $"SELECT {VersionColumns} FROM guide_versions WHERE guide_id = @id ORDER BY seq DESC").With("id", guideId);
        return await ReadAllAsync(command, ReadVersion, cancellationToken);
    }

    /// <summary>The newest row of a guide with this version (every row of one version has the same text), or null.</summary>
    public async Task<GuideVersion?> FindAsync(string guideId, string version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(null,
            $"SELECT {VersionColumns} FROM guide_versions WHERE guide_id = @id AND version = @version ORDER BY seq DESC LIMIT 1").With("id", guideId).With("version", version);
        var found = await ReadAllAsync(command, ReadVersion, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public void Dispose() => _database.Dispose();

    /// <summary>A reader connection, once the history is open (for reads that decide nothing).</summary>
    private async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        await EnsureOpenAsync(cancellationToken);
        return await _database.OpenReaderAsync(cancellationToken);
    }

    private async Task<HistoryWrite> BeginWriteAsync(string? guideId, CancellationToken cancellationToken)
    {
        await EnsureOpenAsync(cancellationToken);
        return await _database.BeginWriteAsync(guideId, cancellationToken);
    }

    private static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private static GuideVersion ReadVersion(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        FromMs(reader.GetInt64(5)), reader.GetString(6), reader.GetString(7), reader.GetString(8));

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static async Task<GuideHistory> OpenedAsync(GuideHistory history, CancellationToken cancellationToken)
    {
        try
        {
            await history.EnsureOpenAsync(cancellationToken);
            return history;
        }
        catch
        {
            history.Dispose();
            throw;
        }
    }
}
