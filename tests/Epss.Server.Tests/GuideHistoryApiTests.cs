using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Epss.Accounts;
using Epss.Content.Parsing;
using Epss.Server.Tests.Support;
using Epss.Testing;

namespace Epss.Server.Tests;

/// <summary>
/// Saving from the editor, conflicts, the history and restoring, on a real server with real files and a real history
/// (SQLite history.db, and again PostgreSQL): each test starts its own server on a content folder of one guide.
/// </summary>
public sealed class GuideHistoryApiTests
{
    private const string Id = "proef-gids";
    private const string File = Id + ".md";
    private static readonly string Original = GuideTexts.Valid(Id, "Proefgids", "paspoort");

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_valid_text_records_a_draft_version_and_leaves_the_published_file_alone(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var changed = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");

        using var response = await SaveAsync(expert, Id, changed, VersionOf(Original), "rijbewijs genoemd", ct);

        var body = await response.ReadJsonAsync(ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VersionOf(changed), body.GetProperty("version").GetString());
        Assert.Equal("draft", body.GetProperty("status").GetString());
        // Officials see the published text until a reviewer publishes the change.
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), ct));
        Assert.Equal(VersionOf(Original), (await expert.GetJsonAsync($"/api/guides/{Id}", ct)).GetProperty("version").GetString());
        var history = await expert.GetJsonAsync($"/api/guides/{Id}/history", ct);
        Assert.Equal([VersionOf(changed), VersionOf(Original)], history.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var newest = history[0];
        Assert.Equal(["version", "author", "createdAt", "note", "source", "current"], newest.PropertyNames());
        Assert.Equal("anna", newest.GetProperty("author").GetString());
        Assert.Equal("rijbewijs genoemd", newest.GetProperty("note").GetString());
        Assert.Equal("editor", newest.GetProperty("source").GetString());
        Assert.False(newest.GetProperty("current").GetBoolean());
        Assert.Equal("buiten de editor", history[1].GetProperty("author").GetString());
        Assert.True(history[1].GetProperty("current").GetBoolean());
        Assert.Equal("buiten de editor", history[1].GetProperty("publishedBy").GetString());
        var version = await expert.GetJsonAsync($"/api/guides/{Id}/history/{VersionOf(changed)}", ct);
        Assert.Equal(changed, version.GetProperty("text").GetString());
        var editor = await expert.GetJsonAsync($"/api/guides/{Id}/editor", ct);
        Assert.Equal((VersionOf(Original), VersionOf(changed), changed),
            (editor.GetProperty("publishedVersion").GetString(), editor.GetProperty("headVersion").GetString(), editor.GetProperty("text").GetString()));
        Assert.Equal("draft", editor.GetProperty("change").GetProperty("status").GetString());
        Assert.Equal(["anna"], editor.GetProperty("change").GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_new_guide_without_base_version_is_a_change_without_a_file_until_published(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var text = GuideTexts.Valid("nieuwe-gids", "Nieuwe gids", "verhuizing");

        using var response = await SaveAsync(expert, "nieuwe-gids", text, null, "eerste versie", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(System.IO.File.Exists(server.Content.FullPath("nieuwe-gids.md")));
        await expert.GetProblemAsync("/api/guides/nieuwe-gids", HttpStatusCode.NotFound, ct);
        Assert.Single((await expert.GetJsonAsync("/api/guides/nieuwe-gids/history", ct)).EnumerateArray());
        var listed = (await expert.GetJsonAsync("/api/editor/guides", ct)).EnumerateArray().Single(g => g.GetProperty("id").GetString() == "nieuwe-gids");
        Assert.Equal(("Nieuwe gids", "draft", JsonValueKind.Null), (listed.GetProperty("title").GetString(), listed.GetProperty("status").GetString(), listed.GetProperty("publishedVersion").ValueKind));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_based_on_an_older_version_is_a_conflict_with_both_texts_and_writes_nothing(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var anna = await ExpertAsync(server, "anna", ct);
        using var bram = await ExpertAsync(server, "bram", ct);
        var annas = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var brams = GuideTexts.Valid(Id, "Proefgids", "identiteitskaart");
        using var first = await SaveAsync(anna, Id, annas, VersionOf(Original), "", ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await SaveAsync(bram, Id, brams, VersionOf(Original), "", ct);

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict, ct);
        Assert.Equal(VersionOf(annas), problem.GetProperty("theirs").GetProperty("version").GetString());
        Assert.Equal(annas, problem.GetProperty("theirs").GetProperty("text").GetString());
        Assert.Equal(brams, problem.GetProperty("yours").GetProperty("text").GetString());
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), ct));
        Assert.Equal(2, (await anna.GetJsonAsync($"/api/guides/{Id}/history", ct)).GetArrayLength());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_of_a_new_guide_whose_file_exists_is_a_conflict(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);

        using var response = await SaveAsync(expert, Id, GuideTexts.Valid(Id, "Andere", "x"), null, "", ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, ct);
        Assert.Equal(Original, problem.GetProperty("theirs").GetProperty("text").GetString());
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), ct));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_invalid_text_is_refused_with_its_lines_and_leaves_the_file_untouched(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);

        using var response = await SaveAsync(expert, Id, GuideTexts.WithStepWithoutId(Id), VersionOf(Original), "", ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ct);
        var diagnostics = problem.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(diagnostics, d => d.GetProperty("line").GetInt32() == GuideTexts.StepWithoutIdLine
            && d.GetProperty("column").GetInt32() == 1
            && d.GetProperty("file").GetString() == File
            && !string.IsNullOrWhiteSpace(d.GetProperty("message").GetString()));
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), ct));
        Assert.Single((await expert.GetJsonAsync($"/api/guides/{Id}/history", ct)).EnumerateArray());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_link_to_a_guide_that_does_not_exist_is_refused(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var text = Original.Replace("Klaar.", "Klaar. Zie [elders](guide:bestaat-niet).", StringComparison.Ordinal);

        using var response = await SaveAsync(expert, Id, text, VersionOf(Original), "", ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ct);
        Assert.Contains(problem.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("bestaat-niet", StringComparison.Ordinal));
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), ct));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task History_file_edited_outside_the_editor_is_a_version_by_buiten_de_editor(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var edited = GuideTexts.Valid(Id, "Proefgids", "verblijfsvergunning");

        server.Content.Write(File, edited);

        JsonElement history = default;
        await Eventually.TrueAsync(async () =>
        {
            history = await expert.GetJsonAsync($"/api/guides/{Id}/history", ct);
            return history[0].GetProperty("version").GetString() == VersionOf(edited);
        }, "the watcher's pick-up is in the history");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal("buiten de editor", history[0].GetProperty("author").GetString());
        Assert.Equal("watcher", history[0].GetProperty("source").GetString());
        Assert.Equal(edited, (await expert.GetJsonAsync($"/api/guides/{Id}/history/{VersionOf(edited)}", ct)).GetProperty("text").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task History_file_edited_outside_the_editor_with_errors_is_kept_too_while_the_last_good_version_is_served(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var broken = GuideTexts.WithStepWithoutId(Id, "Proefgids");

        server.Content.Write(File, broken);

        JsonElement history = default;
        await Eventually.TrueAsync(async () =>
        {
            history = await expert.GetJsonAsync($"/api/guides/{Id}/history", ct);
            return history[0].GetProperty("version").GetString() == VersionOf(broken);
        }, "the broken text is in the history");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal(("buiten de editor", "watcher"), (history[0].GetProperty("author").GetString(), history[0].GetProperty("source").GetString()));
        Assert.Contains("fouten", history[0].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(broken, (await expert.GetJsonAsync($"/api/guides/{Id}/history/{VersionOf(broken)}", ct)).GetProperty("text").GetString());
        // Officials keep the last good version.
        Assert.Equal(VersionOf(Original), (await expert.GetJsonAsync($"/api/guides/{Id}", ct)).GetProperty("version").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Restore_saves_the_old_text_as_a_new_version_and_keeps_the_others(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var changed = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        using var saved = await SaveAsync(expert, Id, changed, VersionOf(Original), "", ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        using var restored = await expert.PostAsJsonAsync($"/api/guides/{Id}/restore",
            new { version = VersionOf(Original), baseVersion = VersionOf(changed), note = "toch niet" }, ct);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(VersionOf(Original), (await restored.ReadJsonAsync(ct)).GetProperty("version").GetString());
        Assert.Equal(Original, (await expert.GetJsonAsync($"/api/guides/{Id}/editor", ct)).GetProperty("text").GetString());
        var history = await expert.GetJsonAsync($"/api/guides/{Id}/history", ct);
        Assert.Equal([VersionOf(Original), VersionOf(changed), VersionOf(Original)], history.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        Assert.Equal(["restore", "editor", "watcher"], history.EnumerateArray().Select(v => v.GetProperty("source").GetString()));
        Assert.Equal("toch niet", history[0].GetProperty("note").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Restore_based_on_an_older_version_is_a_conflict(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var changed = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        using var saved = await SaveAsync(expert, Id, changed, VersionOf(Original), "", ct);

        using var restored = await expert.PostAsJsonAsync($"/api/guides/{Id}/restore",
            new { version = VersionOf(Original), baseVersion = VersionOf(Original), note = "" }, ct);

        var problem = await restored.AssertProblemAsync(HttpStatusCode.Conflict, ct);
        Assert.Equal(changed, problem.GetProperty("theirs").GetProperty("text").GetString());
        Assert.Equal(changed, (await expert.GetJsonAsync($"/api/guides/{Id}/editor", ct)).GetProperty("text").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Diff_between_two_versions_shows_the_changed_line(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);
        var changed = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        using var saved = await SaveAsync(expert, Id, changed, VersionOf(Original), "", ct);

        var diff = await expert.GetJsonAsync($"/api/guides/{Id}/diff?from={VersionOf(Original)}&to={VersionOf(changed)}", ct);

        var changes = diff.EnumerateArray().Where(d => d.GetProperty("kind").GetString() != "same").ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal("removed", changes[0].GetProperty("kind").GetString());
        Assert.Contains("paspoort", changes[0].GetProperty("line").GetString(), StringComparison.Ordinal);
        Assert.False(changes[0].TryGetProperty("newNumber", out _));
        Assert.Equal("added", changes[1].GetProperty("kind").GetString());
        Assert.Contains("rijbewijs", changes[1].GetProperty("line").GetString(), StringComparison.Ordinal);
        Assert.Equal(changes[0].GetProperty("oldNumber").GetInt32(), changes[1].GetProperty("newNumber").GetInt32());
        await expert.GetProblemAsync($"/api/guides/{Id}/diff?from={VersionOf(Original)}&to=0000000000000000", HttpStatusCode.NotFound, ct);
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_two_at_once_on_the_same_version_one_wins_and_the_other_gets_a_conflict(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var anna = await ExpertAsync(server, "anna", ct);
        using var bram = await ExpertAsync(server, "bram", ct);
        var current = Original;

        for (var round = 0; round < 5; round++)
        {
            var annas = GuideTexts.Valid(Id, "Proefgids", $"anna{round}");
            var brams = GuideTexts.Valid(Id, "Proefgids", $"bram{round}");

            var responses = await Task.WhenAll(
                SaveAsync(anna, Id, annas, VersionOf(current), "", ct),
                SaveAsync(bram, Id, brams, VersionOf(current), "", ct));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? annas : brams;
            var problem = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).AssertProblemAsync(HttpStatusCode.Conflict, ct);
            Assert.Equal(winner, problem.GetProperty("theirs").GetProperty("text").GetString());
            Assert.Equal(winner, (await anna.GetJsonAsync($"/api/guides/{Id}/editor", ct)).GetProperty("text").GetString());
            foreach (var response in responses)
            {
                response.Dispose();
            }
            current = winner;
        }
        Assert.Equal(6, (await anna.GetJsonAsync($"/api/guides/{Id}/history", ct)).GetArrayLength());
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), ct));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task History_of_a_guide_nobody_has_is_not_found(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(historyDatabase, ct);
        using var expert = await ExpertAsync(server, "anna", ct);

        await expert.GetProblemAsync("/api/guides/bestaat-niet/history", HttpStatusCode.NotFound, ct);
        await expert.GetProblemAsync($"/api/guides/{Id}/history/0000000000000000", HttpStatusCode.NotFound, ct);
    }

    private static string VersionOf(string text) => GuideParser.VersionOf(Encoding.UTF8.GetBytes(text));

    private static async Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string?> history, CancellationToken ct)
    {
        var content = new TempContentFolder();
        content.Write(File, Original);
        var server = await RunningServer.StartAsync(content, ct, settings: history);
        // The first start records every guide's text once.
        using var client = await ExpertAsync(server, "start", ct);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri($"/api/guides/{Id}/history", UriKind.Relative), ct);
            return response.StatusCode == HttpStatusCode.OK;
        }, "the first version is in the history");
        return server;
    }

    private static async Task<HttpClient> ExpertAsync(RunningServer server, string name, CancellationToken ct)
    {
        var user = await TestUsers.AddAsync(server, name, ct, EpssRoles.Expert);
        return TestUsers.Client(server, user.Token);
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string id, string text, string? baseVersion, string note, CancellationToken ct) =>
        client.PutAsJsonAsync($"/api/guides/{id}/source", new { text, baseVersion, note }, ct);
}
