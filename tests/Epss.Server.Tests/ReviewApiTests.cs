using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Epss.Content.Contract;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using static Epss.Server.Tests.Support.Editing;

namespace Epss.Server.Tests;

/// <summary>
/// The review flow (four eyes) over real HTTP: experts save drafts, send them for review, comment, send back, withdraw
/// and publish, on a real server with a real content folder and a real history (SQLite history.db, and again PostgreSQL);
/// each test starts its own server on one guide.
/// </summary>
public sealed class ReviewApiTests
{
    private const string Id = "proef-gids";
    private const string File = Id + ".md";
    private static readonly string Original = GuideTexts.Valid(Id, "Proefgids", "paspoort");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Publish_by_a_reviewer_writes_the_file_pushes_it_to_the_open_panel_and_closes_the_change(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using var carla = await ExpertAsync(server, "carla", Ct);
        await using var panel = await Panels.ConnectAsync(server, HubProtocol.Json, Ct);
        var opened = await panel.InvokeAsync<GuideResponse>("OpenGuide", Id, Ct);
        var updates = new ConcurrentQueue<GuideResponse>();
        using var subscription = panel.On<GuideResponse>("GuideUpdated", updates.Enqueue);
        var changed = GuideTexts.Valid(Id, "Proefgids herzien", "rijbewijs");

        var version = await anna.SaveOkAsync(Id, changed, VersionOf(Original), Ct);
        Assert.Equal("draft", (await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString());
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        Assert.Equal(opened.Version, (await anna.GetJsonAsync($"/api/guides/{Id}", Ct)).GetProperty("version").GetString());

        var submitted = await anna.SubmitOkAsync(Id, version, Ct, "graag kijken");
        Assert.Equal(("in-review", "anna", "graag kijken"),
            (submitted.GetProperty("status").GetString(), submitted.GetProperty("submittedBy").GetString(), submitted.GetProperty("submitNote").GetString()));
        Assert.Equal("in-review", (await carla.ListedAsync(Id, Ct)).GetProperty("status").GetString());

        using var own = await anna.ReviewAsync(Id, "publish", new { version }, Ct);
        var refused = await own.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        Assert.Contains("vier ogen", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));

        using var publish = await bram.ReviewAsync(Id, "publish", new { version }, Ct);

        var published = await publish.AssertOkJsonAsync(Ct);
        Assert.Equal((version, "published"), (published.GetProperty("version").GetString(), published.GetProperty("status").GetString()));
        Assert.Equal(changed, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        Assert.Empty(Directory.EnumerateFiles(server.Content.Path, "*.tmp", SearchOption.AllDirectories));
        var served = await carla.GetJsonAsync($"/api/guides/{Id}", Ct);
        Assert.Equal((version, "Proefgids herzien"), (served.GetProperty("version").GetString(), served.GetProperty("title").GetString()));
        await Eventually.TrueAsync(() => Task.FromResult(updates.Any(u => u.Version == version)), "the panel receives the published version");
        // The draft was never pushed: the only update the panel got is the publication.
        var update = Assert.Single(updates);
        Assert.Equal("Proefgids herzien", update.Title);
        Assert.Contains("rijbewijs", update.Steps[0].Html, StringComparison.Ordinal);
        var history = await carla.GetJsonAsync($"/api/guides/{Id}/history", Ct);
        var newest = history[0];
        Assert.Equal((version, "anna", "bram", true),
            (newest.GetProperty("version").GetString(), newest.GetProperty("author").GetString(), newest.GetProperty("publishedBy").GetString(), newest.GetProperty("current").GetBoolean()));
        Assert.True(newest.GetProperty("publishedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.All(history.EnumerateArray().Skip(1), v => Assert.False(v.GetProperty("current").GetBoolean()));
        await carla.GetProblemAsync($"/api/guides/{Id}/review", HttpStatusCode.NotFound, Ct);
        var listed = await carla.ListedAsync(Id, Ct);
        Assert.Equal(("published", version, version, 0),
            (listed.GetProperty("status").GetString(), listed.GetProperty("publishedVersion").GetString(), listed.GetProperty("headVersion").GetString(),
             listed.GetProperty("changeAuthors").GetArrayLength()));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Publish_is_refused_to_an_author_and_to_the_submitter_but_not_to_a_third_expert(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using var carla = await ExpertAsync(server, "carla", Ct);
        var changed = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var version = await anna.SaveOkAsync(Id, changed, VersionOf(Original), Ct);
        await bram.SubmitOkAsync(Id, version, Ct);

        using var byAuthor = await anna.ReviewAsync(Id, "publish", new { version }, Ct);
        using var bySubmitter = await bram.ReviewAsync(Id, "publish", new { version }, Ct);

        var authorRefused = await byAuthor.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        Assert.Contains("meegeschreven", authorRefused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var submitterRefused = await bySubmitter.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        Assert.Contains("ter beoordeling aangeboden", submitterRefused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        Assert.Equal("in-review", (await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString());

        using var byThird = await carla.ReviewAsync(Id, "publish", new { version }, Ct);

        Assert.Equal("published", (await byThird.AssertOkJsonAsync(Ct)).GetProperty("status").GetString());
        Assert.Equal(changed, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task SendBack_needs_a_note_is_refused_to_the_submitter_and_a_new_save_makes_it_a_draft_again(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        var first = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs"), VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, first, Ct);

        using var bySubmitter = await anna.ReviewAsync(Id, "send-back", new { version = first, note = "zelf terug" }, Ct);
        using var withoutNote = await bram.ReviewAsync(Id, "send-back", new { version = first, note = "  " }, Ct);
        using var sendBack = await bram.ReviewAsync(Id, "send-back", new { version = first, note = "Noem ook de identiteitskaart." }, Ct);

        await bySubmitter.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        await withoutNote.AssertProblemAsync(HttpStatusCode.BadRequest, Ct);
        var sentBack = await sendBack.AssertOkJsonAsync(Ct);
        Assert.Equal(("sent-back", "bram", "Noem ook de identiteitskaart."),
            (sentBack.GetProperty("status").GetString(), sentBack.GetProperty("sentBackBy").GetString(), sentBack.GetProperty("sentBackNote").GetString()));
        var review = await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct);
        Assert.Equal(("sent-back", "Noem ook de identiteitskaart."), (review.GetProperty("status").GetString(), review.GetProperty("sentBackNote").GetString()));
        Assert.Equal("sent-back", (await anna.ListedAsync(Id, Ct)).GetProperty("status").GetString());

        var second = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs en identiteitskaart"), first, Ct);

        Assert.Equal("draft", (await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString());
        using var publishDraft = await bram.ReviewAsync(Id, "publish", new { version = second }, Ct);
        await publishDraft.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        using var sendBackDraft = await bram.ReviewAsync(Id, "send-back", new { version = second, note = "nog eens" }, Ct);
        await sendBackDraft.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_to_a_change_in_review_puts_it_back_to_draft(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using var carla = await ExpertAsync(server, "carla", Ct);
        var first = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs"), VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, first, Ct);

        using var response = await bram.SaveAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs en paspoort"), first, Ct);

        var saved = await response.AssertOkJsonAsync(Ct);
        Assert.Equal("draft", saved.GetProperty("status").GetString());
        var review = await carla.GetJsonAsync($"/api/guides/{Id}/review", Ct);
        Assert.Equal(("draft", "bram"), (review.GetProperty("status").GetString(), review.GetProperty("headAuthor").GetString()));
        Assert.Equal(["anna", "bram"], review.GetProperty("authors").Strings());
        using var publish = await carla.ReviewAsync(Id, "publish", new { version = saved.GetProperty("version").GetString() }, Ct);
        await publish.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Publish_or_submit_of_a_version_that_is_not_the_head_is_a_conflict_with_the_head(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        var first = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var second = GuideTexts.Valid(Id, "Proefgids", "rijbewijs en paspoort");
        var firstVersion = await anna.SaveOkAsync(Id, first, VersionOf(Original), Ct);
        var secondVersion = await anna.SaveOkAsync(Id, second, firstVersion, Ct);

        using var submitOld = await anna.ReviewAsync(Id, "submit", new { version = firstVersion }, Ct);
        var submitConflict = await submitOld.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.Equal((secondVersion, second),
            (submitConflict.GetProperty("theirs").GetProperty("version").GetString(), submitConflict.GetProperty("theirs").GetProperty("text").GetString()));
        Assert.Equal("draft", (await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString());
        await anna.SubmitOkAsync(Id, secondVersion, Ct);

        using var publishOld = await bram.ReviewAsync(Id, "publish", new { version = firstVersion }, Ct);

        var problem = await publishOld.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.Equal((secondVersion, second),
            (problem.GetProperty("theirs").GetProperty("version").GetString(), problem.GetProperty("theirs").GetProperty("text").GetString()));
        Assert.False(problem.TryGetProperty("publishedVersion", out _));
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        Assert.Equal("in-review", (await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Two_experts_co_edit_merge_a_conflict_and_a_third_publishes_what_the_second_submitted(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using var carla = await ExpertAsync(server, "carla", Ct);
        var annas = Original.Replace("summary: Een gids voor de test.", "summary: Een gids voor de test, door Anna.", StringComparison.Ordinal);
        var brams = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var merged = brams.Replace("summary: Een gids voor de test.", "summary: Een gids voor de test, door Anna.", StringComparison.Ordinal);
        var annasVersion = await anna.SaveOkAsync(Id, annas, VersionOf(Original), Ct);

        using var stale = await bram.SaveAsync(Id, brams, VersionOf(Original), Ct);

        var conflict = await stale.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        var theirs = conflict.GetProperty("theirs");
        Assert.Equal((annasVersion, annas), (theirs.GetProperty("version").GetString(), theirs.GetProperty("text").GetString()));
        Assert.Equal(brams, conflict.GetProperty("yours").GetProperty("text").GetString());
        var mergedVersion = await bram.SaveOkAsync(Id, merged, theirs.GetProperty("version").GetString(), Ct);
        var submitted = await bram.SubmitOkAsync(Id, mergedVersion, Ct);
        Assert.Equal(("bram", "bram"), (submitted.GetProperty("submittedBy").GetString(), submitted.GetProperty("headAuthor").GetString()));
        Assert.Equal(["anna", "bram"], submitted.GetProperty("authors").Strings());

        // Anna wrote a version of the change, so she is not the second pair of eyes (issue 16, point 5).
        using (var byAuthor = await anna.ReviewAsync(Id, "publish", new { version = mergedVersion }, Ct))
        {
            await byAuthor.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        }
        using var publish = await carla.ReviewAsync(Id, "publish", new { version = mergedVersion }, Ct);

        Assert.Equal("published", (await publish.AssertOkJsonAsync(Ct)).GetProperty("status").GetString());
        Assert.Equal(merged, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        var newest = (await anna.GetJsonAsync($"/api/guides/{Id}/history", Ct))[0];
        Assert.Equal((mergedVersion, "bram", "carla"),
            (newest.GetProperty("version").GetString(), newest.GetProperty("author").GetString(), newest.GetProperty("publishedBy").GetString()));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Comment_on_a_line_of_the_head_is_stored_with_its_author_and_bad_lines_or_versions_are_refused(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using var beforeChange = await bram.ReviewAsync(Id, "comments", new { version = VersionOf(Original), line = 3, text = "Te vroeg." }, Ct);
        await beforeChange.AssertProblemAsync(HttpStatusCode.NotFound, Ct);
        var text = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var version = await anna.SaveOkAsync(Id, text, VersionOf(Original), Ct);

        using var response = await bram.ReviewAsync(Id, "comments", new { version, line = 3, text = "  Is dit de juiste titel?  " }, Ct);

        var comment = await response.AssertOkJsonAsync(Ct);
        Assert.Equal(["id", "version", "line", "text", "author", "createdAt"], comment.PropertyNames());
        Assert.Equal((version, 3, "Is dit de juiste titel?", "bram"),
            (comment.GetProperty("version").GetString(), comment.GetProperty("line").GetInt32(), comment.GetProperty("text").GetString(), comment.GetProperty("author").GetString()));
        var stored = Assert.Single((await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("comments").EnumerateArray());
        Assert.Equal(comment.ToString(), stored.ToString());

        var lines = text.Split('\n').Length;
        using var pastTheEnd = await bram.ReviewAsync(Id, "comments", new { version, line = lines + 1, text = "Hier." }, Ct);
        using var lineZero = await bram.ReviewAsync(Id, "comments", new { version, line = 0, text = "Hier." }, Ct);
        using var notInChange = await bram.ReviewAsync(Id, "comments", new { version = VersionOf(Original), line = 3, text = "Oud." }, Ct);
        using var noVersion = await bram.ReviewAsync(Id, "comments", new { line = 3, text = "Hier." }, Ct);
        using var noLine = await bram.ReviewAsync(Id, "comments", new { version, text = "Hier." }, Ct);
        using var noText = await bram.ReviewAsync(Id, "comments", new { version, line = 3, text = " " }, Ct);
        Assert.Contains("bestaat niet", (await pastTheEnd.AssertProblemAsync(HttpStatusCode.Conflict, Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await lineZero.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.Contains("hoort niet bij", (await notInChange.AssertProblemAsync(HttpStatusCode.Conflict, Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await noVersion.AssertProblemAsync(HttpStatusCode.BadRequest, Ct);
        await noLine.AssertProblemAsync(HttpStatusCode.BadRequest, Ct);
        await noText.AssertProblemAsync(HttpStatusCode.BadRequest, Ct);
        Assert.Single((await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("comments").EnumerateArray());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Withdraw_drops_the_change_and_keeps_its_versions_in_the_history(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        var text = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var version = await anna.SaveOkAsync(Id, text, VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, version, Ct);

        using var response = await anna.ReviewAsync(Id, "withdraw", new { note = "toch niet" }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await anna.GetProblemAsync($"/api/guides/{Id}/review", HttpStatusCode.NotFound, Ct);
        var listed = await anna.ListedAsync(Id, Ct);
        Assert.Equal(("published", VersionOf(Original), VersionOf(Original)),
            (listed.GetProperty("status").GetString(), listed.GetProperty("publishedVersion").GetString(), listed.GetProperty("headVersion").GetString()));
        var editor = await anna.GetJsonAsync($"/api/guides/{Id}/editor", Ct);
        Assert.Equal((Original, JsonValueKind.Null), (editor.GetProperty("text").GetString(), editor.GetProperty("change").ValueKind));
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        var history = await anna.GetJsonAsync($"/api/guides/{Id}/history", Ct);
        Assert.Equal([version, VersionOf(Original)], history.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        Assert.False(history[0].TryGetProperty("publishedBy", out _));
        Assert.Equal(text, (await anna.GetJsonAsync($"/api/guides/{Id}/history/{version}", Ct)).GetProperty("text").GetString());
        using var again = await bram.ReviewAsync(Id, "withdraw", new { note = "" }, Ct);
        await again.AssertProblemAsync(HttpStatusCode.NotFound, Ct);
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Publish_after_the_file_changed_outside_the_editor_is_a_conflict_until_the_change_is_merged(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        const string Summary = "summary: Een gids voor de test.";
        const string Edited = "summary: Een gids voor de test, buiten de editor bijgewerkt.";
        var changeText = GuideTexts.Valid(Id, "Proefgids", "rijbewijs");
        var outside = Original.Replace(Summary, Edited, StringComparison.Ordinal);
        var merged = changeText.Replace(Summary, Edited, StringComparison.Ordinal);
        var head = await anna.SaveOkAsync(Id, changeText, VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, head, Ct);

        server.Content.Write(File, outside);
        await Eventually.TrueAsync(async () => (await bram.GetJsonAsync($"/api/guides/{Id}", Ct)).GetProperty("version").GetString() == VersionOf(outside), "the watcher serves the text changed outside the editor");

        Assert.True((await bram.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("publishedChangedSince").GetBoolean());
        using var publish = await bram.ReviewAsync(Id, "publish", new { version = head }, Ct);
        var conflict = await publish.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.Equal(VersionOf(outside), conflict.GetProperty("publishedVersion").GetString());
        Assert.Equal((VersionOf(outside), outside),
            (conflict.GetProperty("theirs").GetProperty("version").GetString(), conflict.GetProperty("theirs").GetProperty("text").GetString()));
        Assert.Equal(changeText, conflict.GetProperty("yours").GetProperty("text").GetString());
        Assert.Equal(outside, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));

        using var wrongMerge = await anna.SaveAsync(Id, merged, head, Ct, mergedWith: VersionOf(Original));
        Assert.Equal(VersionOf(outside), (await wrongMerge.AssertProblemAsync(HttpStatusCode.Conflict, Ct)).GetProperty("publishedVersion").GetString());

        var mergedVersion = await anna.SaveOkAsync(Id, merged, head, Ct, mergedWith: VersionOf(outside));
        var review = await bram.GetJsonAsync($"/api/guides/{Id}/review", Ct);
        Assert.Equal((false, VersionOf(outside), "draft"),
            (review.GetProperty("publishedChangedSince").GetBoolean(), review.GetProperty("baseVersion").GetString(), review.GetProperty("status").GetString()));
        await anna.SubmitOkAsync(Id, mergedVersion, Ct);
        using var publishMerged = await bram.ReviewAsync(Id, "publish", new { version = mergedVersion }, Ct);

        Assert.Equal("published", (await publishMerged.AssertOkJsonAsync(Ct)).GetProperty("status").GetString());
        Assert.Equal(merged, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        Assert.Equal(mergedVersion, (await bram.GetJsonAsync($"/api/guides/{Id}", Ct)).GetProperty("version").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Publish_of_a_new_guide_creates_its_file_and_serves_it(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        const string NewId = "nieuwe-gids";
        var text = GuideTexts.Valid(NewId, "Nieuwe gids", "verhuizing");

        using var save = await anna.SaveAsync(NewId, text, null, Ct);

        var saved = await save.AssertOkJsonAsync(Ct);
        Assert.Equal("draft", saved.GetProperty("status").GetString());
        var version = saved.GetProperty("version").GetString()!;
        Assert.False(System.IO.File.Exists(server.Content.FullPath(NewId + ".md")));
        var review = await anna.GetJsonAsync($"/api/guides/{NewId}/review", Ct);
        Assert.Equal((JsonValueKind.Null, false), (review.GetProperty("baseVersion").ValueKind, review.GetProperty("publishedChangedSince").GetBoolean()));
        await anna.SubmitOkAsync(NewId, version, Ct);

        using var publish = await bram.ReviewAsync(NewId, "publish", new { version }, Ct);

        Assert.Equal("published", (await publish.AssertOkJsonAsync(Ct)).GetProperty("status").GetString());
        Assert.Equal(text, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(NewId + ".md"), Ct));
        var served = await anna.GetJsonAsync($"/api/guides/{NewId}", Ct);
        Assert.Equal((version, "Nieuwe gids"), (served.GetProperty("version").GetString(), served.GetProperty("title").GetString()));
        var listed = await anna.ListedAsync(NewId, Ct);
        Assert.Equal(("published", version, "nieuwe-gids.md"),
            (listed.GetProperty("status").GetString(), listed.GetProperty("publishedVersion").GetString(), listed.GetProperty("file").GetString()));
        var newest = Assert.Single((await anna.GetJsonAsync($"/api/guides/{NewId}/history", Ct)).EnumerateArray());
        Assert.Equal(("bram", true), (newest.GetProperty("publishedBy").GetString(), newest.GetProperty("current").GetBoolean()));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Save_deletes_the_experts_unsaved_draft_of_the_guide_but_not_another_experts(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using (var put = await anna.PutAsJsonAsync($"/api/guides/{Id}/draft", new { text = "half af", baseVersion = VersionOf(Original) }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        using (var put = await bram.PutAsJsonAsync($"/api/guides/{Id}/draft", new { text = "ook half af", baseVersion = VersionOf(Original) }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        Assert.Equal("half af", (await anna.GetJsonAsync($"/api/guides/{Id}/draft", Ct)).GetProperty("text").GetString());

        await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs"), VersionOf(Original), Ct);

        await anna.GetProblemAsync($"/api/guides/{Id}/draft", HttpStatusCode.NotFound, Ct);
        Assert.False((await anna.ListedAsync(Id, Ct)).GetProperty("myDraft").GetBoolean());
        Assert.Equal("ook half af", (await bram.GetJsonAsync($"/api/guides/{Id}/draft", Ct)).GetProperty("text").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Restart_with_an_open_change_adds_no_version_to_the_history(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        using var data = new TempDataFolder();
        var version = "";
        await using (var first = await StartWithGuidesAsync(historyDatabase, Ct, data.Path, (Id, Original)))
        {
            using var anna = await ExpertAsync(first, "anna", Ct);
            version = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs"), VersionOf(Original), Ct);
        }

        // The same published text in the folder: the start has nothing new to record.
        await using var second = await StartWithGuidesAsync(historyDatabase, Ct, data.Path, (Id, Original));

        using var bram = await ExpertAsync(second, "bram", Ct);
        var history = await bram.GetJsonAsync($"/api/guides/{Id}/history", Ct);
        Assert.Equal(
            [$"{version} anna editor", $"{VersionOf(Original)} buiten de editor watcher"],
            history.EnumerateArray().Select(v => $"{v.GetProperty("version").GetString()} {v.GetProperty("author").GetString()} {v.GetProperty("source").GetString()}"));
        Assert.Equal(("draft", version), ((await bram.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString(),
            (await bram.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("headVersion").GetString()));
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Publish_of_a_text_linking_to_a_guide_removed_since_it_was_saved_is_refused_with_the_line(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        const string Linked = "andere-gids";
        await using var server = await StartWithGuidesAsync(historyDatabase, Ct, null, (Id, Original), (Linked, GuideTexts.Valid(Linked, "Andere gids", "grutto")));
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        var text = Original.Replace("Klaar.", "Klaar. Zie ook [de andere gids](guide:andere-gids).", StringComparison.Ordinal);
        var version = await anna.SaveOkAsync(Id, text, VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, version, Ct);
        server.Content.Delete(Linked + ".md");
        await Eventually.TrueAsync(async () =>
        {
            using var response = await bram.GetAsync(new Uri("/api/guides/" + Linked, UriKind.Relative), Ct);
            return response.StatusCode == HttpStatusCode.NotFound;
        }, "the linked guide is no longer served");

        using var publish = await bram.ReviewAsync(Id, "publish", new { version }, Ct);

        var problem = await publish.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, Ct);
        var diagnostic = Assert.Single(problem.GetProperty("diagnostics").EnumerateArray());
        Assert.Contains(Linked, diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(text.Split('\n').ToList().FindIndex(l => l.Contains("guide:andere-gids", StringComparison.Ordinal)) + 1, diagnostic.GetProperty("line").GetInt32());
        Assert.Equal(Original, await System.IO.File.ReadAllTextAsync(server.Content.FullPath(File), Ct));
        Assert.Equal("in-review", (await bram.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString());
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Review_steps_without_an_open_change_answer_404_and_without_a_version_400(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        var published = VersionOf(Original);

        using var submit = await anna.ReviewAsync(Id, "submit", new { version = published }, Ct);
        using var publish = await anna.ReviewAsync(Id, "publish", new { version = published }, Ct);
        using var sendBack = await anna.ReviewAsync(Id, "send-back", new { version = published, note = "nee" }, Ct);
        using var noVersion = await anna.ReviewAsync(Id, "submit", new { note = "graag" }, Ct);
        using var badId = await anna.ReviewAsync("Geen Slug", "submit", new { version = published }, Ct);

        await submit.AssertProblemAsync(HttpStatusCode.NotFound, Ct);
        await publish.AssertProblemAsync(HttpStatusCode.NotFound, Ct);
        await sendBack.AssertProblemAsync(HttpStatusCode.NotFound, Ct);
        await noVersion.AssertProblemAsync(HttpStatusCode.BadRequest, Ct);
        await badId.AssertProblemAsync(HttpStatusCode.BadRequest, Ct);
        await anna.GetProblemAsync($"/api/guides/{Id}/review", HttpStatusCode.NotFound, Ct);
    }

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task Withdraw_of_a_new_guide_removes_it_from_the_editor_list(string database)
    {
        var historyDatabase = await HistoryDatabases.SettingsAsync(database);
        await using var server = await StartAsync(historyDatabase);
        using var anna = await ExpertAsync(server, "anna", Ct);
        await anna.SaveOkAsync("nieuwe-gids", GuideTexts.Valid("nieuwe-gids", "Nieuwe gids", "verhuizing"), null, Ct);
        Assert.Contains("nieuwe-gids", (await anna.GetJsonAsync("/api/editor/guides", Ct)).Ids());

        using var withdraw = await anna.ReviewAsync("nieuwe-gids", "withdraw", new { }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, withdraw.StatusCode);
        Assert.DoesNotContain("nieuwe-gids", (await anna.GetJsonAsync("/api/editor/guides", Ct)).Ids());
        await anna.GetProblemAsync("/api/guides/nieuwe-gids/editor", HttpStatusCode.NotFound, Ct);
        Assert.False(System.IO.File.Exists(server.Content.FullPath("nieuwe-gids.md")));
        Assert.Single((await anna.GetJsonAsync("/api/guides/nieuwe-gids/history", Ct)).EnumerateArray());
    }

    private static Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string?> historyDatabase) => StartWithGuidesAsync(historyDatabase, Ct, null, (Id, Original));
}
