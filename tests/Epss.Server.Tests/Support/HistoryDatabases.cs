using Epss.Testing.Services;

namespace Epss.Server.Tests.Support;

/// <summary>
/// The databases the guide history runs on. A test that takes one as a theory parameter calls <see cref="Use"/> first;
/// every server it then starts (<see cref="RunningServer.StartAsync"/>) keeps its history there: SQLite history.db in
/// the data folder, or a PostgreSQL database of the test's own (one per test, shared by the servers it starts).
/// </summary>
public static class HistoryDatabases
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary>Set synchronously by <see cref="Use"/> so that it flows into every await of the test after it.</summary>
    private static readonly AsyncLocal<Task<string>?> Current = new();

    /// <summary>Keeps the history of every server this test starts from here on in <paramref name="database"/>.</summary>
    public static void Use(string database)
    {
        Current.Value = database switch
        {
            Sqlite => null,
            PostgreSql => CreatePostgreSqlDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgresql"),
        };
    }

    /// <summary>A new PostgreSQL database on the test process's server; skips the test locally (not on CI) when PostgreSQL is not installed.</summary>
    public static async Task<string> CreatePostgreSqlDatabaseAsync()
    {
        if (PostgresServer.FindBinaries() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Skip("PostgreSQL is not installed (apt-get install postgresql); these tests run on CI.");
        }
        var server = await PostgresServer.SharedAsync();
        return await server.CreateDatabaseAsync("history");
    }

    /// <summary>The server settings of the database this test uses (none for SQLite).</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Current.Value is { } database
            ? new Dictionary<string, string?> { ["Epss:PostgreSql"] = await database }
            : new Dictionary<string, string?>();
}
