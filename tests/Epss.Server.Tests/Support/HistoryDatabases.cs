using Epss.Testing.Services;

namespace Epss.Server.Tests.Support;

/// <summary>
/// The databases the guide history runs on. A test of both is a theory whose parameter names one; it asks
/// <see cref="SettingsAsync"/> for that database's server settings and gives them to every server it starts (so the
/// servers of one test share its database): SQLite history.db in each data folder, or a PostgreSQL database of the
/// test's own. Nothing is carried along implicitly: a test that passes no settings runs on SQLite, and says so.
/// </summary>
public static class HistoryDatabases
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary>The settings of a server whose history is SQLite's history.db in its data folder (the default).</summary>
    public static IReadOnlyDictionary<string, string?> InSqlite { get; } = new Dictionary<string, string?>();

    /// <summary>The server settings for <paramref name="database"/>; for PostgreSQL a new database of the test's own.</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> SettingsAsync(string database) => database switch
    {
        Sqlite => InSqlite,
        PostgreSql => new Dictionary<string, string?> { ["Epss:PostgreSql"] = await CreatePostgreSqlDatabaseAsync() },
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgresql"),
    };

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
}
