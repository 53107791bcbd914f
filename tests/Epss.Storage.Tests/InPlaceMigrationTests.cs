using Epss.Accounts;
using Epss.Authoring;
using Epss.Testing;
using Epss.Testing.Services;
using Epss.Usage;
using Epss.Usage.PostgreSql;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Epss.Storage.Tests;

/// <summary>
/// Databases written by Epss before the stores shared Epss.Storage (main at 20d97df), opened by today's stores: they
/// migrate in place (nothing to add: the schema versions are the same) and everything in them is read as it was.
/// </summary>
/// <remarks>
/// Fixtures/main-20d97df holds what that commit's UsageStore, AccountStore and GuideHistory wrote into a data folder
/// (40 usage events and a flag; two users and a token, whose secret is token.txt; a guide published from the folder,
/// a second version by anna in review with bram's line comment, and bram's unsaved draft), and a pg_dump --inserts of
/// the same usage and history in PostgreSQL.
/// </remarks>
public sealed class InPlaceMigrationTests : IDisposable
{
    private const string GuideId = "proef-gids";
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "main-20d97df");

    private readonly TempDataFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public InPlaceMigrationTests()
    {
        foreach (var file in Directory.GetFiles(Fixtures, "*.db"))
        {
            File.Copy(file, _data.FullPath(Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Usage_database_of_main_opens_at_its_version_with_every_event_and_flag_and_takes_new_ones()
    {
        using (var store = await UsageStore.OpenAsync(new UsageOptions { DataPath = _data.Path }, null, Ct))
        {
            Assert.Equal(6, store.SchemaVersion);
            var events = await store.ReadEventsAsync(Ct);
            Assert.Equal(40, events.Count);
            Assert.Equal(("paspoort kwijt", 3), (events.Single(e => e.Id == "evt-0002").Details.Query, events.Single(e => e.Id == "evt-0002").Details.HitCount));
            Assert.Equal("De stap over de pasfoto klopt niet.", Assert.Single(await store.ReadFlagsAsync(Ct)).Text);

            var again = store.Write([events[0] with { Id = "evt-new" }, events[1]], []);
            Assert.Equal([UsageWriteStatus.Stored, UsageWriteStatus.Duplicate], again.Events);
        }
        Assert.Equal([1L, 2, 3, 4, 5, 6], Versions(Path.Combine(_data.Path, "usage.db")));
    }

    [Fact]
    public async Task Accounts_database_of_main_opens_and_its_users_and_token_still_sign_in()
    {
        var store = await AccountStore.OpenAsync(new AccountsOptions { DataPath = _data.Path }, null, null, Ct);

        Assert.Equal(["anna", "beheerder"], (await store.ListAsync(Ct)).Select(a => a.Account.Name).Order(StringComparer.Ordinal));
        var byToken = await store.AuthenticateTokenAsync(File.ReadAllText(Path.Combine(Fixtures, "token.txt")).Trim(), Ct);
        Assert.Equal("anna", byToken?.Name);
        Assert.Equal("beheerder", (await store.VerifyPasswordAsync("beheerder", "een-lang-genoeg-wachtwoord-1", Ct))?.Name);
        Assert.Equal(store.SchemaVersion, Versions(Path.Combine(_data.Path, "accounts.db")).Max());
    }

    [Fact]
    public async Task History_database_of_main_opens_with_its_versions_change_comment_and_draft()
    {
        using var history = await GuideHistory.OpenAsync(_data.Path, TimeProvider.System, Ct);

        await AssertHistoryAsync(history);
        Assert.Equal([1L, 2, 3], Versions(Path.Combine(_data.Path, GuideHistory.FileName)));
    }

    [Fact]
    public async Task PostgreSql_usage_and_history_of_main_open_in_place_with_everything_in_them()
    {
        if (PostgresServer.FindBinaries() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Skip("PostgreSQL is not installed (apt-get install postgresql); these tests run on CI.");
        }
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("fixture");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(Ct);
            await using var restore = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(Fixtures, "postgresql.sql"), Ct), connection);
            await restore.ExecuteNonQueryAsync(Ct);
        }

        using (var usage = await PostgreSqlUsageStore.OpenAsync(connectionString, null, Ct))
        {
            Assert.Equal(6, usage.SchemaVersion);
            Assert.Equal(40, (await usage.ReadEventsAsync(Ct)).Count);
            Assert.Single(await usage.ReadFlagsAsync(Ct));
        }
        using var history = await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct);
        await AssertHistoryAsync(history);
    }

    public void Dispose() => _data.Dispose();

    private static async Task AssertHistoryAsync(GuideHistory history)
    {
        var versions = await history.ListAsync(GuideId, Ct);
        Assert.Equal([("anna", VersionSource.Editor), (VersionSource.OutsideEditor, VersionSource.Watcher)], versions.Select(v => (v.Author, v.Source)));
        var change = await history.OpenChangeAsync(GuideId, Ct);
        Assert.Equal((ChangeStatus.InReview, "anna", versions[1].Version), (change?.Status, change?.SubmittedBy, change?.BaseVersion));
        Assert.Equal(("Mooi zo", 3, "bram"), (await history.CommentsAsync(change!.Id, Ct)).Select(c => (c.Text, c.Line, c.Author)).Single());
        Assert.Equal(VersionSource.OutsideEditor, Assert.Single(await history.PublicationsAsync(GuideId, Ct)).PublishedBy);
        // Rows from before experts had stable ids keep working: bram (now with an id) still finds his draft, and anna,
        // who wrote and sent the change under her name, is still one of its authors, so she may not publish it.
        var bram = new Expert("local:bram-id", "bram");
        Assert.EndsWith("nog niet opgeslagen\n", (await history.ReadDraftAsync(bram, GuideId, Ct))?.Text, StringComparison.Ordinal);
        var anna = new Expert("local:anna-id", "anna");
        Assert.True(change.IsAuthor(anna) && change.IsSubmitter(anna));
        Assert.False(change.IsAuthor(bram) || change.IsSubmitter(bram));

        // And it takes new work: the reviewer sends the change back.
        var sentBack = await history.InGuideAsync(GuideId, async t => await t.SendBackAsync((await t.OpenChangeAsync())!.Id, "bram", "nog niet"), Ct);
        Assert.Equal(ChangeStatus.SentBack, sentBack.Status);
    }

    private static List<long> Versions(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt64(0));
        }
        return versions;
    }
}
