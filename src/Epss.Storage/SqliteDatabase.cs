using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Epss.Storage;

/// <summary>
/// A SQLite file in a data folder, in WAL mode (readers never wait for the writer) with synchronous FULL (an
/// acknowledged write survives a power cut) and secure_delete (deleted data is overwritten, not left in free pages). Connections are not pooled: the file is closed when its last connection
/// is, so the command-line tool and a server can share it.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;

    /// <param name="path">The file; its folder is created when missing.</param>
    /// <param name="busyTimeout">How long a write waits while another connection or process holds the file.</param>
    /// <param name="foreignKeys">Whether SQLite enforces the schema's foreign keys.</param>
    public SqliteDatabase(string path, TimeSpan busyTimeout, bool foreignKeys = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var write = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
            ForeignKeys = foreignKeys ? true : null,
        };
        _writeConnectionString = write.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder(_writeConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
    }

    public string Path { get; }

    public override string Name => Path;

    /// <summary>A connection that may write (synchronous FULL).</summary>
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenWriterAsync(cancellationToken);

    /// <inheritdoc cref="OpenAsync"/>
    public async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenedAsync(new SqliteConnection(_writeConnectionString), cancellationToken);
        try
        {
            // Per connection: in WAL mode NORMAL may lose the last commits on a power cut, FULL costs one fsync a transaction.
            // secure_delete: what is deleted (retention, a removed user or draft) is overwritten with zeros, not left in
            // free pages of the file for anyone who copies it (issue 16).
            await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read-only connection, for reads beside the writer.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await OpenedAsync(new SqliteConnection(_readConnectionString), cancellationToken);

    /// <summary>Switches the file to WAL (it stays so); returns the journal mode SQLite reports ("wal", or what the file system allowed).</summary>
    public async Task<string> UseWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenWriterAsync(cancellationToken);
        await using var command = Command(connection, null, "PRAGMA journal_mode = WAL;");
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public override string Render(string ddl) =>
        ddl.Replace("%KEY%", "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT", StringComparison.Ordinal).Replace("%INT64%", "INTEGER", StringComparison.Ordinal);

    /// <summary>BEGIN IMMEDIATE: the file's write lock, which also keeps out another process on the same file.</summary>
    protected override Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
}
