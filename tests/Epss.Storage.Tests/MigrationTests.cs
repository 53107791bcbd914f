using System.Data.Common;
using Epss.Testing;
using Epss.Testing.Services;

namespace Epss.Storage.Tests;

/// <summary>The one migration runner, on both databases it runs on (a theory's parameter says which).</summary>
public sealed class MigrationTests : IDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    private static readonly Migration[] Schema =
    [
        new(1, "notes", "CREATE TABLE notes (id %KEY%, text TEXT NOT NULL, at %INT64% NOT NULL);"),
        new(2, "notes by time", "CREATE INDEX notes_by_time ON notes (at);"),
    ];

    private readonly TempDataFolder _data = new();
    private readonly List<SqlDatabase> _databases = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(Sqlite), InlineData(PostgreSql)]
    public async Task MigrateAsync_on_a_new_database_applies_every_migration_once_and_records_it(string store)
    {
        var database = await OpenAsync(store);
        var applied = new List<int>();

        Assert.Equal(2, await database.MigrateAsync(Schema, "De proefdatabase", (m, _) => applied.Add(m.Version), Ct));
        Assert.Equal(2, await database.MigrateAsync(Schema, "De proefdatabase", (m, _) => applied.Add(m.Version), Ct));

        Assert.Equal([1, 2], applied);
        Assert.Equal([1L, 2], await ReadAsync(database, "SELECT version FROM schema_version ORDER BY version"));
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var insert = SqlDatabase.Command(connection, transaction, "INSERT INTO notes (text, at) VALUES ('a', 1), ('b', 2)");
            return await insert.ExecuteNonQueryAsync(Ct);
        }, Ct);
        Assert.Equal([1L, 2], await ReadAsync(database, "SELECT id FROM notes ORDER BY id"));
    }

    [Theory, InlineData(Sqlite), InlineData(PostgreSql)]
    public async Task MigrateAsync_of_a_database_at_version_1_adds_only_what_it_lacks(string store)
    {
        var database = await OpenAsync(store);
        await database.MigrateAsync(Schema[..1], "De proefdatabase", null, Ct);
        var applied = new List<int>();

        await database.MigrateAsync(Schema, "De proefdatabase", (m, _) => applied.Add(m.Version), Ct);

        Assert.Equal([2], applied);
    }

    [Theory, InlineData(Sqlite), InlineData(PostgreSql)]
    public async Task MigrateAsync_by_two_at_once_on_a_new_database_migrates_it_once(string store)
    {
        var first = await OpenAsync(store);
        var second = store == Sqlite ? Own(new SqliteDatabase(((SqliteDatabase)first).Path, TimeSpan.FromSeconds(30))) : Same(first);
        var applied = 0;

        await Task.WhenAll(
            Task.Run(() => first.MigrateAsync(Schema, "De proefdatabase", (_, _) => Interlocked.Increment(ref applied), Ct), Ct),
            Task.Run(() => second.MigrateAsync(Schema, "De proefdatabase", (_, _) => Interlocked.Increment(ref applied), Ct), Ct));

        Assert.Equal(Schema.Length, applied);
    }

    [Theory, InlineData(Sqlite), InlineData(PostgreSql)]
    public async Task MigrateAsync_of_a_database_newer_than_known_fails_naming_it_and_changes_nothing(string store)
    {
        var database = await OpenAsync(store);
        await database.MigrateAsync(Schema, "De proefdatabase", null, Ct);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(Schema[..1], "De proefdatabase", null, Ct));

        Assert.Contains($"De proefdatabase {database.Name} heeft schemaversie 2, nieuwer dan deze versie van Epss kent (1)", failure.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2], await ReadAsync(database, "SELECT version FROM schema_version ORDER BY version"));
    }

    [Fact]
    public void PostgreSqlDatabase_name_never_shows_the_password()
    {
        using var database = new PostgreSqlDatabase("Host=db.example;Port=5433;Database=epss;Username=epss;Password=geheim", "proef", "SELECT 1");

        Assert.Equal("PostgreSQL db.example:5433/epss (schema proef)", database.Name);
    }

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }
        _data.Dispose();
    }

    private async Task<SqlDatabase> OpenAsync(string store)
    {
        if (store == Sqlite)
        {
            return Own(new SqliteDatabase(_data.FullPath("proef.db"), TimeSpan.FromSeconds(30)));
        }
        if (PostgresServer.FindBinaries() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Skip("PostgreSQL is not installed (apt-get install postgresql); these tests run on CI.");
        }
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("storage");
        return Own(new PostgreSqlDatabase(connectionString, "proef", "SELECT pg_advisory_xact_lock(4242)"));
    }

    /// <summary>A second pool on the same PostgreSQL database, as a second server has.</summary>
    private SqlDatabase Same(SqlDatabase first) =>
        Own(new PostgreSqlDatabase(((PostgreSqlDatabase)first).DataSource.ConnectionString, "proef", "SELECT pg_advisory_xact_lock(4242)"));

    private SqlDatabase Own(SqlDatabase database)
    {
        _databases.Add(database);
        return database;
    }

    private static async Task<List<long>> ReadAsync(SqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var command = SqlDatabase.Command(connection, null, sql);
        await using DbDataReader reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<long>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return values;
    }
}
