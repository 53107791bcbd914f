using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Epss.Storage;

namespace Epss.Authoring;

/// <summary>
/// What differs between the two databases the history can live in: how connections are opened, how a writer of one
/// guide keeps every other writer of that guide out (in any process), and two column types of the schema. All SQL
/// else is <see cref="GuideHistory"/>'s, shared.
/// </summary>
internal abstract class HistoryDatabase : IDisposable
{
    /// <summary>The database underneath: how connections are opened and the schema is migrated (Epss.Storage).</summary>
    public abstract SqlDatabase Storage { get; }

    /// <summary>Names the database in messages (a path, or a PostgreSQL database and host; never a password).</summary>
    public string Name => Storage.Name;

    /// <summary>
    /// Opens a write transaction that no other writer of <paramref name="guideId"/> (null: of no guide in particular)
    /// shares; the wait for the lock (in this process or another server) ends when <paramref name="cancellationToken"/> does.
    /// </summary>
    public abstract Task<HistoryWrite> BeginWriteAsync(string? guideId, CancellationToken cancellationToken);

    public abstract Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>What the database needs before its schema is migrated (SQLite: WAL, and the writer's connection).</summary>
    public virtual Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract void Dispose();
}

/// <summary>An open write transaction and what to release when it ends (rolled back unless committed).</summary>
internal sealed class HistoryWrite(DbConnection connection, DbTransaction transaction, Func<ValueTask> release) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            await release();
        }
    }
}

/// <summary>
/// <c>history.db</c> in the data folder, WAL: one writer connection whose transactions begin IMMEDIATE, so a writer
/// holds the whole file's write lock (which also keeps out another process on the same file); readers open their own.
/// </summary>
internal sealed class SqliteHistoryDatabase : HistoryDatabase
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteDatabase _database;
    private SqliteConnection? _writer;
    private bool _disposed;

    private SqliteHistoryDatabase(SqliteDatabase database) => _database = database;

    public override SqlDatabase Storage => _database;

    // An acknowledged save must survive a power cut: synchronous FULL (one fsync per version) is cheap next to typing.
    public static SqliteHistoryDatabase Create(string dataPath) =>
        new(new SqliteDatabase(Path.Combine(Path.GetFullPath(dataPath), GuideHistory.FileName), TimeSpan.FromSeconds(30)));

    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _database.UseWriteAheadLogAsync(cancellationToken);
        var writer = await _database.OpenWriterAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_disposed)
            {
                await writer.DisposeAsync();
                throw new ObjectDisposedException(nameof(SqliteHistoryDatabase));
            }
            _writer = writer;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <remarks>
    /// BEGIN IMMEDIATE has no asynchronous form in Microsoft.Data.Sqlite (its async methods are synchronous underneath
    /// anyway); the wait for the file's lock is the busy timeout, and for this process's writers the gate before it.
    /// </remarks>
    public override async Task<HistoryWrite> BeginWriteAsync(string? guideId, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = _writer ?? throw new InvalidOperationException("The history is not open yet.");
            return new HistoryWrite(writer, writer.BeginTransaction(deferred: false), () =>
            {
                _writeGate.Release();
                return ValueTask.CompletedTask;
            });
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    public override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _database.OpenReaderAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _writeGate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _writer?.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }
}

/// <summary>
/// The history in PostgreSQL, shared by every server (Epss:PostgreSql). Its tables live in a schema of their own
/// (<see cref="Schema"/>, through the connections' search path), so that other Epss stores may share the database.
/// A writer of a guide holds a transaction-scoped advisory lock on the guide's id: every check and write on one guide,
/// from any server, runs one after the other, and the lock goes with the transaction (no lock outlives a crash).
/// A lock rather than unique constraints: "recorded already" means "the guide's newest publication is this version",
/// which a later text makes false again (a guide may go back to an older text), so no constraint can express it.
/// </summary>
internal sealed class PostgresHistoryDatabase : HistoryDatabase
{
    public const string Schema = "epss_history";

    /// <summary>The first key of the history's advisory locks ("EPSH"); the second is the guide id's hash, or 0 for migrations.</summary>
    private const int LockSpace = 0x45505348;

    private readonly PostgreSqlDatabase _database;

    private PostgresHistoryDatabase(PostgreSqlDatabase database) => _database = database;

    public override SqlDatabase Storage => _database;

    // Two servers starting at once: the second waits for the lock, then finds the schema migrated.
    public static PostgresHistoryDatabase Create(string connectionString) =>
        new(new PostgreSqlDatabase(connectionString, Schema, $"SELECT pg_advisory_xact_lock({LockSpace}, 0)"));

    public override Task<HistoryWrite> BeginWriteAsync(string? guideId, CancellationToken cancellationToken) =>
        BeginAsync(guideId is null ? null : "SELECT pg_advisory_xact_lock(@space, hashtext(@guide))", guideId, cancellationToken);

    public override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) => await _database.OpenAsync(cancellationToken);

    public override void Dispose() => _database.Dispose();

    /// <remarks>The advisory lock is waited for asynchronously: a request that is cancelled stops waiting for another server.</remarks>
    private async Task<HistoryWrite> BeginAsync(string? lockSql, string? guideId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            if (lockSql is not null)
            {
                // Read committed: every statement after the lock sees what the previous holder committed.
                await using var command = connection.Command(transaction, lockSql).With("space", LockSpace);
                if (guideId is not null)
                {
                    command.With("guide", guideId);
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return new HistoryWrite(connection, transaction, connection.DisposeAsync);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Commands with typed parameters, so that PostgreSQL knows a parameter's type even when its value is null.</summary>
internal static class HistoryCommands
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, string? value) => Add(command, name, DbType.String, value);

    public static DbCommand With(this DbCommand command, string name, long? value) => Add(command, name, DbType.Int64, value);

    public static DbCommand With(this DbCommand command, string name, int value) => Add(command, name, DbType.Int32, value);

    private static DbCommand Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
