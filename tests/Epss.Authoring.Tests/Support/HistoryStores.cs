using System.Text;
using Epss.Content.Parsing;
using Epss.Testing.Services;

namespace Epss.Authoring.Tests.Support;

/// <summary>
/// The two databases the history runs on, named as a test's parameter: a test of both is a theory over
/// <see cref="Sqlite"/> and <see cref="PostgreSql"/>, and <see cref="OpenAsync"/> opens the one it was given.
/// </summary>
public static class HistoryStores
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary>A history of the test's own: history.db in <paramref name="dataPath"/>, or a new PostgreSQL database.</summary>
    public static async Task<GuideHistory> OpenAsync(string store, string dataPath, TimeProvider? time = null) => store switch
    {
        Sqlite => await GuideHistory.OpenAsync(dataPath, time ?? TimeProvider.System, TestContext.Current.CancellationToken),
        PostgreSql => await GuideHistory.OpenPostgreSqlAsync(await CreatePostgreSqlDatabaseAsync(), time ?? TimeProvider.System, TestContext.Current.CancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, "sqlite or postgresql"),
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

    public static string VersionOf(string text) => GuideParser.VersionOf(Encoding.UTF8.GetBytes(text));
}
