using System.Net;
using System.Net.Http.Json;
using Epss.Accounts;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Npgsql;
using static Epss.Server.Tests.Support.Editing;

namespace Epss.Server.Tests;

/// <summary>
/// Two servers on one content folder and one PostgreSQL history, as behind a load balancer: each has its own data
/// folder (index), and they share the users through <c>Epss:SharedDataPath</c>, so an expert is one account (one stable
/// id) on both. Every rule of the history must hold across them, not only across the threads of one.
/// </summary>
public sealed class GuideHistoryAcrossServersTests
{
    private const string Id = "proef-gids";
    private const string Other = "tweede-gids";
    private static readonly string Original = GuideTexts.Valid(Id, "Proefgids", "paspoort");
    private static readonly string OtherText = GuideTexts.Valid(Other, "Tweede gids", "rijbewijs");

    /// <summary>Epss.Authoring's log: an edit read from the folder recorded, or found recorded already.</summary>
    private const int OutsideEditRecorded = 7000;
    private const int OutsideEditKnown = 7001;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool DealtWith(RunningServer server, string version) =>
        server.Log.Entries.Any(e => e.EventId.Id is OutsideEditRecorded or OutsideEditKnown && e.Message.Contains(version, StringComparison.Ordinal));

    [Fact]
    public async Task Save_on_both_servers_from_the_same_version_one_wins_and_the_other_gets_a_conflict_with_its_text()
    {
        await using var pair = await ServerPair.StartAsync((Id, Original));
        using var anna = await ExpertAsync(pair.A, "anna", Ct);
        using var bram = await ExpertAsync(pair.B, "bram", Ct);
        var current = Original;
        var winners = new List<string>();

        for (var round = 0; round < 8; round++)
        {
            var annas = GuideTexts.Valid(Id, "Proefgids", $"anna{round}");
            var brams = GuideTexts.Valid(Id, "Proefgids", $"bram{round}");

            var responses = await Task.WhenAll(SaveAsync(anna, Id, annas, VersionOf(current), Ct), SaveAsync(bram, Id, brams, VersionOf(current), Ct));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? annas : brams;
            var loser = winner == annas ? brams : annas;
            var problem = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).AssertProblemAsync(HttpStatusCode.Conflict, Ct);
            // The loser is shown the winner's text beside their own: nothing either typed is lost.
            Assert.Equal(winner, problem.GetProperty("theirs").GetProperty("text").GetString());
            Assert.Equal(loser, problem.GetProperty("yours").GetProperty("text").GetString());
            foreach (var response in responses)
            {
                response.Dispose();
            }
            // Either server opens the winner at once.
            Assert.Equal(winner, (await anna.GetJsonAsync($"/api/guides/{Id}/editor", Ct)).GetProperty("text").GetString());
            Assert.Equal(winner, (await bram.GetJsonAsync($"/api/guides/{Id}/editor", Ct)).GetProperty("text").GetString());
            winners.Add(VersionOf(winner));
            current = winner;
        }

        var history = (await bram.GetJsonAsync($"/api/guides/{Id}/history", Ct)).EnumerateArray().Select(v => v.GetProperty("version").GetString()).ToList();
        Assert.Equal([.. Enumerable.Reverse(winners), VersionOf(Original)], history);
        Assert.Equal(1L, await pair.CountAsync($"SELECT COUNT(*) FROM changes WHERE guide_id = '{Id}'"));
    }

    [Fact]
    public async Task Draft_saved_through_one_server_is_read_through_the_other_at_once()
    {
        await using var pair = await ServerPair.StartAsync((Id, Original));
        // One account in the shared folder, signed in on each server (the same token).
        var anna = await TestUsers.AddAsync(pair.A, "anna", Ct, EpssRoles.Expert);
        using var onA = TestUsers.Client(pair.A, anna.Token);
        using var onB = TestUsers.Client(pair.B, anna.Token);

        using (var put = await onA.PutAsJsonAsync($"/api/guides/{Id}/draft", new { text = "# Half af\n", baseVersion = VersionOf(Original) }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        var draft = await onB.GetJsonAsync($"/api/guides/{Id}/draft", Ct);
        Assert.Equal(("# Half af\n", VersionOf(Original)), (draft.GetProperty("text").GetString(), draft.GetProperty("baseVersion").GetString()));
        Assert.True((await onB.ListedAsync(Id, Ct)).GetProperty("myDraft").GetBoolean());

        // A save through B drops the draft kept through A.
        await onB.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs"), VersionOf(Original), Ct);
        await onA.GetProblemAsync($"/api/guides/{Id}/draft", HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task Start_of_two_servers_at_once_and_an_edit_outside_the_editor_are_each_recorded_once()
    {
        await using var pair = await ServerPair.StartAsync((Id, Original), (Other, OtherText));
        using var onB = await ExpertAsync(pair.B, "bram", Ct);
        Assert.Equal(1L, await pair.CountAsync($"SELECT COUNT(*) FROM guide_versions WHERE guide_id = '{Other}'"));
        Assert.Equal(1L, await pair.CountAsync($"SELECT COUNT(*) FROM publications WHERE guide_id = '{Other}'"));

        // Both servers' watchers see the new file; it is one version and one publication.
        var edited = GuideTexts.Valid(Id, "Proefgids", "vermissing");
        pair.Content.Write(Id + ".md", edited);
        await Eventually.TrueAsync(async () => (await onB.GetJsonAsync($"/api/guides/{Id}", Ct)).GetProperty("version").GetString() == VersionOf(edited)
            && await pair.CountAsync($"SELECT COUNT(*) FROM publications WHERE guide_id = '{Id}' AND version = '{VersionOf(edited)}'") == 1, "both servers serve the edited guide and it is recorded");
        using var onA = await ExpertAsync(pair.A, "anna", Ct);
        await Eventually.TrueAsync(async () => (await onA.GetJsonAsync($"/api/guides/{Id}", Ct)).GetProperty("version").GetString() == VersionOf(edited), "server A serves the edited guide");
        // Each server's recorder has dealt with the edit: one recorded it, the other found it recorded.
        await pair.BothDealtWithAsync(VersionOf(edited));

        Assert.Equal(2L, await pair.CountAsync($"SELECT COUNT(*) FROM guide_versions WHERE guide_id = '{Id}'"));
        Assert.Equal(2L, await pair.CountAsync($"SELECT COUNT(*) FROM publications WHERE guide_id = '{Id}'"));
        var history = await onA.GetJsonAsync($"/api/guides/{Id}/history", Ct);
        Assert.Equal((VersionOf(edited), "buiten de editor", true),
            (history[0].GetProperty("version").GetString(), history[0].GetProperty("author").GetString(), history[0].GetProperty("current").GetBoolean()));
    }

    [Fact]
    public async Task Publish_on_one_server_is_recorded_once_by_its_reviewer_though_the_other_servers_watcher_sees_the_file()
    {
        await using var pair = await ServerPair.StartAsync((Id, Original));
        using var anna = await ExpertAsync(pair.A, "anna", Ct);
        using var bram = await ExpertAsync(pair.B, "bram", Ct);
        var changed = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var version = await anna.SaveOkAsync(Id, changed, VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, version, Ct);

        // Submitted through A, published through B: the four-eyes check reads what A committed.
        using (var publish = await bram.ReviewAsync(Id, "publish", new { version }, Ct))
        {
            await publish.AssertOkJsonAsync(Ct);
        }
        await Eventually.TrueAsync(async () => (await anna.GetJsonAsync($"/api/guides/{Id}", Ct)).GetProperty("version").GetString() == version, "server A serves the published guide");
        // A's watcher saw the file B wrote; its recorder found the publication B recorded.
        await Eventually.TrueAsync(() => Task.FromResult(pair.A.Log.Entries.Any(e => e.EventId.Id == OutsideEditKnown && e.Message.Contains(version, StringComparison.Ordinal))), "server A's recorder found the publication recorded");

        Assert.Equal(2L, await pair.CountAsync($"SELECT COUNT(*) FROM guide_versions WHERE guide_id = '{Id}'"));
        Assert.Equal(2L, await pair.CountAsync($"SELECT COUNT(*) FROM publications WHERE guide_id = '{Id}'"));
        var newest = (await anna.GetJsonAsync($"/api/guides/{Id}/history", Ct))[0];
        Assert.Equal((version, "bram", true),
            (newest.GetProperty("version").GetString(), newest.GetProperty("publishedBy").GetString(), newest.GetProperty("current").GetBoolean()));
        await anna.GetProblemAsync($"/api/guides/{Id}/review", HttpStatusCode.NotFound, Ct);
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string id, string text, string baseVersion, CancellationToken ct) =>
        client.PutAsJsonAsync($"/api/guides/{id}/source", new { text, baseVersion, note = "" }, ct);

    /// <summary>Two servers started at the same time on one content folder and one new PostgreSQL database.</summary>
    private sealed class ServerPair : IAsyncDisposable
    {
        private readonly string _connectionString;

        private readonly TempDataFolder _shared;

        private ServerPair(TempContentFolder content, TempDataFolder shared, string connectionString, RunningServer a, RunningServer b)
        {
            Content = content;
            _shared = shared;
            _connectionString = connectionString;
            A = a;
            B = b;
        }

        public TempContentFolder Content { get; }

        public RunningServer A { get; }

        public RunningServer B { get; }

        public static async Task<ServerPair> StartAsync(params (string Id, string Text)[] guides)
        {
            var connectionString = await HistoryDatabases.CreatePostgreSqlDatabaseAsync();
            // The recorders' Debug entries (OutsideEditKnown) say when a server has dealt with a change it did not record.
            var shared = new TempDataFolder("epss-shared-");
            var settings = new Dictionary<string, string?>
            {
                ["Epss:PostgreSql"] = connectionString,
                ["Epss:SharedDataPath"] = shared.Path,
                ["Logging:LogLevel:Epss.Authoring"] = "Debug",
            };
            var content = new TempContentFolder();
            foreach (var (id, text) in guides)
            {
                content.Write(id + ".md", text);
            }
            // Both own the folder; the second to delete it finds it gone, which TempContentFolder allows.
            var started = await Task.WhenAll(RunningServer.StartAsync(content, Ct, null, settings), RunningServer.StartAsync(content, Ct, null, settings));
            var pair = new ServerPair(content, shared, connectionString, started[0], started[1]);
            await Eventually.TrueAsync(async () => await pair.CountAsync("SELECT COUNT(DISTINCT guide_id) FROM publications") == guides.Length, "every guide is in the history");
            return pair;
        }

        /// <summary>Waits until the recorders of both servers have dealt with <paramref name="version"/> read from the folder.</summary>
        public Task BothDealtWithAsync(string version) =>
            Eventually.TrueAsync(() => Task.FromResult(DealtWith(A, version) && DealtWith(B, version)), $"both servers' recorders dealt with {version}");

        /// <summary>One number from the history's tables, read straight from PostgreSQL.</summary>
        public async Task<long> CountAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { SearchPath = "epss_history" }.ToString());
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            _shared.Dispose();
        }
    }
}
