using System.Data.Common;
using System.Diagnostics;
using System.Globalization;

namespace Epss.Storage;

/// <summary>One numbered change of a schema. A migration that has shipped is never edited: a change is a new one at the end.</summary>
public sealed record Migration(int Version, string Description, string Sql);

/// <summary>
/// A database an Epss store keeps its tables in — SQLite's file or PostgreSQL — and the one way the stores open a
/// connection, run a transaction and migrate their schema: asynchronously, ending with the caller's cancellation.
/// What differs between the two is here (<see cref="SqliteDatabase"/>, <see cref="PostgreSqlDatabase"/>); the SQL of a
/// store is its own.
/// </summary>
public abstract class SqlDatabase : IDisposable
{
    /// <summary>Names the database in messages: a path, or a PostgreSQL database and host; never a password.</summary>
    public abstract string Name { get; }

    /// <summary>Opens a connection of its own (disposed again when opening fails).</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The schema's DDL for this database: <c>%KEY%</c> is an auto-numbered primary key, <c>%INT64%</c> a 64-bit integer.</summary>
    public abstract string Render(string ddl);

    /// <summary>Begins the transaction the migrations run in, holding what keeps every other process from migrating at the same time.</summary>
    protected abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction on a connection of its own, and commits when it returns.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Brings the schema up to the last of <paramref name="migrations"/>, each applied in order and recorded in
    /// <c>schema_version</c>, all in one transaction that excludes every other process migrating the same database (a
    /// second server starting at the same moment waits, then finds the work done). Returns the version it is at.
    /// </summary>
    /// <param name="what">What the database holds, for the message when it is newer than this Epss ("De gebruiksdatabase").</param>
    /// <param name="applied">Told of each migration applied and how long it took (for the store's own log).</param>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this version of Epss knows.</exception>
    public async Task<int> MigrateAsync(
        IReadOnlyList<Migration> migrations, string what, Action<Migration, TimeSpan>? applied, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var latest = migrations[^1].Version;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginMigrationAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, Render("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT    NOT NULL,
                applied_at  %INT64% NOT NULL
            )
            """), cancellationToken);
        await using (var read = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        {
            var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (current > latest)
            {
                throw new InvalidOperationException(
                    $"{what} {Name} heeft schemaversie {current}, nieuwer dan deze versie van Epss kent ({latest}). " +
                    "Start een nieuwere Epss, of zet een back-up terug.");
            }
            foreach (var migration in migrations.Where(m => m.Version > current))
            {
                var stopwatch = Stopwatch.StartNew();
                await ExecuteAsync(connection, transaction, Render(migration.Sql), cancellationToken);
                await using var record = Command(connection, transaction,
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @applied_at)");
                Add(record, "version", migration.Version);
                Add(record, "description", migration.Description);
                Add(record, "applied_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await record.ExecuteNonQueryAsync(cancellationToken);
                applied?.Invoke(migration, stopwatch.Elapsed);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return latest;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>A command on <paramref name="connection"/>, in <paramref name="transaction"/> when given.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Opens <paramref name="connection"/>, disposing it when that fails.</summary>
    protected static async Task<TConnection> OpenedAsync<TConnection>(TConnection connection, CancellationToken cancellationToken)
        where TConnection : DbConnection
    {
        ArgumentNullException.ThrowIfNull(connection);
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

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
