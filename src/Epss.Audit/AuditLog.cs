using System.Data;
using System.Data.Common;
using Epss.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Epss.Audit;

/// <summary>
/// <see cref="IAuditLog"/> in SQL that SQLite and PostgreSQL both run: <c>audit.db</c> beside <c>accounts.db</c> (so
/// that the command-line tool, working on that folder, records into the same log as the server), or the schema
/// <see cref="PostgreSqlSchema"/> of the shared database with several servers. Entries are only ever added, and deleted
/// when older than the retention period; nothing updates one.
/// </summary>
public sealed class AuditLog : IAuditLog, IDisposable
{
    public const string FileName = "audit.db";

    public const string PostgreSqlSchema = "epss_audit";

    /// <summary>Longest name kept (what someone typed as a user name at a failed sign-in may be anything).</summary>
    public const int MaximumNameLength = 200;

    /// <summary>Longest subject or detail kept.</summary>
    public const int MaximumTextLength = 500;

    /// <summary>The first key of the audit log's advisory lock in PostgreSQL ("EPSA").</summary>
    private const int LockSpace = 0x45505341;

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreOpening _opening;

    private AuditLog(SqlDatabase database, TimeProvider? time, ILogger? logger)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _opening = new StoreOpening(MigrateAsync);
    }

    /// <summary>Names the database in messages (a path, or a PostgreSQL database and host).</summary>
    public string Name => _database.Name;

    /// <summary><c>audit.db</c> in <paramref name="folder"/> (created when missing), not opened yet.</summary>
    public static AuditLog CreateSqlite(string folder, TimeProvider? time = null, ILogger? logger = null) =>
        new(new SqliteDatabase(Path.Combine(Path.GetFullPath(folder), FileName), TimeSpan.FromSeconds(10)), time, logger);

    /// <summary>The audit log in the PostgreSQL database of <paramref name="connectionString"/>, schema <see cref="PostgreSqlSchema"/>.</summary>
    public static AuditLog CreatePostgreSql(string connectionString, TimeProvider? time = null, ILogger? logger = null) =>
        new(new PostgreSqlDatabase(connectionString, PostgreSqlSchema, $"SELECT pg_advisory_xact_lock({LockSpace}, 0)"), time, logger);

    /// <summary>Opens and migrates the database unless that happened already; every operation waits for this first.</summary>
    public Task EnsureOpenAsync(CancellationToken cancellationToken) => _opening.WaitAsync(cancellationToken);

    public async Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action);
        await EnsureOpenAsync(cancellationToken);
        var at = _time.GetUtcNow();
        var stored = entry with
        {
            ActorId = Cap(entry.ActorId, MaximumNameLength),
            ActorName = Cap(entry.ActorName, MaximumNameLength) ?? "",
            Address = Cap(entry.Address, 64),
            Subject = Cap(entry.Subject, MaximumTextLength),
            Detail = Cap(entry.Detail, MaximumTextLength),
        };
        var id = await _database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var insert = Command(connection, transaction, """
                INSERT INTO audit_entries (at, action, actor_id, actor_name, address, subject, detail)
                VALUES (@at, @action, @actor_id, @actor_name, @address, @subject, @detail) RETURNING id
                """)
                .With("at", at.ToUnixTimeMilliseconds()).With("action", stored.Action).With("actor_id", stored.ActorId)
                .With("actor_name", stored.ActorName).With("address", stored.Address).With("subject", stored.Subject).With("detail", stored.Detail);
            return Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
        return new AuditRecord(id, DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()), stored.Action, stored.ActorId,
            stored.ActorName, stored.Address, stored.Subject, stored.Detail);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureOpenAsync(cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT id, at, action, actor_id, actor_name, address, subject, detail FROM audit_entries
            WHERE (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to) AND (@action IS NULL OR action = @action)
              AND (@actor IS NULL OR actor_id = @actor OR actor_name = @actor) AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit
            """)
            .With("from", query.From?.ToUnixTimeMilliseconds()).With("to", query.To?.ToUnixTimeMilliseconds()).With("action", query.Action)
            .With("actor", query.Actor).With("before", query.Before).With("limit", (long)Math.Clamp(query.Limit, 1, 10_000));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2),
                Nullable(reader, 3), reader.GetString(4), Nullable(reader, 5), Nullable(reader, 6), Nullable(reader, 7)));
        }
        return records;
    }

    /// <summary>Deletes the entries recorded before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await EnsureOpenAsync(cancellationToken);
        return await _database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var delete = Command(connection, transaction, "DELETE FROM audit_entries WHERE at < @cutoff").With("cutoff", cutoff.ToUnixTimeMilliseconds());
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public void Dispose() => _database.Dispose();

    private async Task MigrateAsync()
    {
        if (_database is SqliteDatabase sqlite)
        {
            await sqlite.UseWriteAheadLogAsync(CancellationToken.None);
        }
        var version = await _database.MigrateAsync(AuditSchema.Migrations, "Het auditlogboek",
            (migration, _) => Log.SchemaMigrated(_logger, _database.Name, migration.Version, migration.Description), CancellationToken.None);
        Log.Opened(_logger, _database.Name, version);
    }

    private static string? Cap(string? value, int length) => value is null ? null : value.Length <= length ? value : value[..length] + "…";

    private static string? Nullable(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql) => SqlDatabase.Command(connection, transaction, sql);
}

/// <summary>Parameters with a type, so that PostgreSQL knows it when the value is null.</summary>
internal static class AuditCommands
{
    public static DbCommand With(this DbCommand command, string name, string? value) => Add(command, name, DbType.String, value);

    public static DbCommand With(this DbCommand command, string name, long? value) => Add(command, name, DbType.Int64, value);

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

/// <summary>The schema of the audit log as numbered migrations (Epss.Storage's runner); a shipped migration is never edited.</summary>
internal static class AuditSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "audit entries", """
            CREATE TABLE audit_entries (
                id          %KEY%,
                at          %INT64% NOT NULL,   -- milliseconds since 1970 UTC
                action      TEXT    NOT NULL,   -- AuditActions
                actor_id    TEXT    NULL,       -- account id or the provider's sub; null when nobody is known
                actor_name  TEXT    NOT NULL,
                address     TEXT    NULL,
                subject     TEXT    NULL,
                detail      TEXT    NULL
            );
            CREATE INDEX audit_entries_by_time ON audit_entries (at);
            """),
    ];
}
