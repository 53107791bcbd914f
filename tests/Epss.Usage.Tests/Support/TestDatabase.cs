using Epss.Testing;
using Epss.Testing.Services;
using Epss.Usage.Analytics;
using Epss.Usage.PostgreSql;
using Epss.UsageGenerator;
using Npgsql;

namespace Epss.Usage.Tests.Support;

/// <summary>The stores one test suite runs on: each test class that is about the store has a derived class per kind.</summary>
public enum StoreKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// One empty usage database of a kind, of one test's own: a SQLite file in a temporary folder, or a database of its
/// own on the test process's PostgreSQL (<see cref="PostgresServer"/>). <see cref="Options"/> always has a temporary data
/// folder (the recorder's options need one).
/// </summary>
internal abstract class TestDatabase : IDisposable
{
    private readonly TempDataFolder _folder = new("epss-usage-db-");

    public UsageOptions Options => new() { DataPath = _folder.Path };

    public abstract IUsageStoreFactory Factory { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<TestDatabase> CreateAsync(StoreKind kind) => kind switch
    {
        StoreKind.Sqlite => new SqliteTestDatabase(),
        StoreKind.PostgreSql => new PostgreSqlTestDatabase(await NewPostgreSqlDatabaseAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The connection string of a new empty database. Without PostgreSQL installed the test is skipped on a developer's
    /// machine and fails on CI (where <c>CI</c> is set), as the house style asks.
    /// </summary>
    public static async Task<string> NewPostgreSqlDatabaseAsync()
    {
        if (PostgresServer.FindBinaries() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Skip("PostgreSQL is not installed (apt-get install postgresql); these tests run on CI.");
        }
        var server = await PostgresServer.SharedAsync();
        return await server.CreateDatabaseAsync("epss_usage");
    }

    public Task<IUsageStore> OpenAsync(TestLog log) => Factory.OpenAsync(log.For<IUsageStore>(), Ct);

    /// <summary>
    /// Writes events and flags as they are, history included (the recorder rightly refuses events older than 30 days):
    /// for SQLite the generator's bulk writer, for PostgreSQL the store's own write path in batches.
    /// </summary>
    public abstract Task SeedAsync(IEnumerable<UsageEvent> events, IReadOnlyList<StepFlag> flags);

    /// <summary>One statement, straight to the database past the store (to set up what a store would never write).</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>The analytics queries of this kind over <paramref name="store"/>.</summary>
    public static IUsageAnalyticsQueries Queries(IUsageStore store) => store switch
    {
        UsageStore sqlite => new SqliteAnalyticsQueries(sqlite),
        PostgreSqlUsageStore postgres => new PostgreSqlAnalyticsQueries(postgres),
        _ => throw new ArgumentException($"Unknown store {store.GetType().Name}.", nameof(store)),
    };

    public virtual void Dispose() => _folder.Dispose();

    private sealed class SqliteTestDatabase : TestDatabase
    {
        public override IUsageStoreFactory Factory => new SqliteUsageStoreFactory(UsageTestData.Wrap(Options));

        public override Task SeedAsync(IEnumerable<UsageEvent> events, IReadOnlyList<StepFlag> flags) =>
            UsageDatabaseWriter.WriteAsync(Options.DataPath, events, () => flags, TestContext.Current.CancellationToken);

        public override Task ExecuteAsync(string sql)
        {
            using var connection = DirectSql.Open(Options.DatabasePath);
            DirectSql.Execute(connection, sql);
            return Task.CompletedTask;
        }
    }

    private sealed class PostgreSqlTestDatabase(string connectionString) : TestDatabase
    {
        public override IUsageStoreFactory Factory => new PostgreSqlUsageStoreFactory(connectionString);

        public override async Task SeedAsync(IEnumerable<UsageEvent> events, IReadOnlyList<StepFlag> flags)
        {
            using var store = await PostgreSqlUsageStore.OpenAsync(connectionString, null, Ct);
            foreach (var batch in events.Chunk(5_000))
            {
                store.Write(batch, []);
            }
            store.Write([], flags);
        }

        public override async Task ExecuteAsync(string sql)
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(Ct);
        }
    }
}
