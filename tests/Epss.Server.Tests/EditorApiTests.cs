using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Epss.Accounts;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR.Client;
using static Epss.Server.Tests.Support.Editing;

namespace Epss.Server.Tests;

/// <summary>
/// What the editor page reads: the list of guides, a preview, the expert's unsaved drafts and who is signed in. One
/// server on the sample guides is shared by the class; each test uses experts and guides of its own and changes no guide.
/// </summary>
public sealed class EditorApiTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task EditorList_gives_every_guide_its_fields_status_review_date_and_open_flags()
    {
        using var expert = await ExpertAsync(Server, "lijst-expert", Ct);
        await using var panel = await Panels.ConnectAsync(Server, HubProtocol.Json, Ct, clientId: "browser-editorlijst");
        var answered = await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("spoedaanvraag", "voorwaarden", "Klopt de termijn?"), Ct);
        await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("spoedaanvraag", "voorwaarden", "Welke kosten?"), Ct);
        await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("spoedaanvraag", "reisdatum", "Reisdatum onduidelijk."), Ct);
        var closed = await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("pasfoto-beoordelen", "ouderdom", "Termijn?"), Ct);
        await panel.InvokeAsync<FlagResponse>("ReportMissing", new MissingTopicRequest("verhuizen", "Niets over verhuizen"), Ct);
        using (var answer = await expert.PostAsJsonAsync($"/api/flags/{answered.Id}/answer", new { text = "Zie stap 2." }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        using (var close = await expert.PostAsync(new Uri($"/api/flags/{closed.Id}/close", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        // A guide whose review-by date has passed (no sample guide is outdated).
        Server.Content.Write("lijst-verouderd.md", GuideTexts.WithWarningOnly("lijst-verouderd"));
        await Eventually.TrueAsync(async () => (await expert.GetJsonAsync("/api/guides", Ct)).Ids().Contains("lijst-verouderd"),
            "the outdated guide is served");

        var list = await expert.GetJsonAsync("/api/editor/guides", Ct);

        var served = (await expert.GetJsonAsync("/api/guides", Ct)).EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!);
        // The served guides, and the sample set's file that has had errors from the start (so an expert can repair it).
        Assert.Equal(served.Keys.Append(SampleServerFixture.BrokenId).Order(StringComparer.Ordinal), list.Ids().Order(StringComparer.Ordinal));
        var spoed = list.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "spoedaanvraag");
        Assert.Equal(
            ["id", "title", "file", "status", "publishedVersion", "headVersion", "owner", "reviewBy", "outdated", "openFlags", "hasErrors", "changeAuthors", "myDraft"],
            spoed.PropertyNames());
        var guide = await expert.GetJsonAsync("/api/guides/spoedaanvraag", Ct);
        Assert.Equal((guide.GetProperty("title").GetString(), "spoedaanvraag.md", "published", guide.GetProperty("owner").GetString()),
            (spoed.GetProperty("title").GetString(), spoed.GetProperty("file").GetString(), spoed.GetProperty("status").GetString(), spoed.GetProperty("owner").GetString()));
        Assert.Equal((guide.GetProperty("version").GetString(), guide.GetProperty("version").GetString()),
            (spoed.GetProperty("publishedVersion").GetString(), spoed.GetProperty("headVersion").GetString()));
        Assert.Equal("2027-12-01", spoed.GetProperty("reviewBy").GetString());
        Assert.False(spoed.GetProperty("outdated").GetBoolean());
        var outdated = list.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "lijst-verouderd");
        Assert.Equal(("2001-01-01", true), (outdated.GetProperty("reviewBy").GetString(), outdated.GetProperty("outdated").GetBoolean()));
        Assert.Equal((2, false, 0, false),
            (spoed.GetProperty("openFlags").GetInt32(), spoed.GetProperty("hasErrors").GetBoolean(), spoed.GetProperty("changeAuthors").GetArrayLength(), spoed.GetProperty("myDraft").GetBoolean()));
        foreach (var entry in list.EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            if (id == SampleServerFixture.BrokenId)
            {
                Assert.True(entry.GetProperty("hasErrors").GetBoolean());
                continue;
            }
            Assert.Equal(served[id].GetProperty("outdated").GetBoolean(), entry.GetProperty("outdated").GetBoolean());
            Assert.Equal(served[id].GetProperty("version").GetString(), entry.GetProperty("publishedVersion").GetString());
            if (id != "spoedaanvraag")
            {
                Assert.True(entry.GetProperty("openFlags").GetInt32() == 0, $"{id} has no open flags");
            }
        }
        Assert.Contains(list.EnumerateArray(), g => !g.GetProperty("outdated").GetBoolean());
    }

    [Fact]
    public async Task EditorList_includes_a_guide_whose_file_has_errors_from_the_start()
    {
        using var expert = await ExpertAsync(Server, "lijst-fouten", Ct);

        var list = await expert.GetJsonAsync("/api/editor/guides", Ct);

        // The contract: every guide the editor knows, served or with errors in the folder. The broken guide opens in the editor...
        Assert.Equal(GuideTexts.WithStepWithoutId(SampleServerFixture.BrokenId),
            (await expert.GetJsonAsync($"/api/guides/{SampleServerFixture.BrokenId}/editor", Ct)).GetProperty("text").GetString());
        // ...so the list shows it, marked as having errors, for an expert to find and repair.
        var broken = Assert.Single(list.EnumerateArray(), g => g.GetProperty("id").GetString() == SampleServerFixture.BrokenId);
        Assert.True(broken.GetProperty("hasErrors").GetBoolean());
    }

    [Fact]
    public async Task Draft_is_kept_per_expert_shown_in_the_editor_and_list_of_its_owner_only_and_deleted_on_request()
    {
        using var anna = await ExpertAsync(Server, "concept-anna", Ct);
        using var bram = await ExpertAsync(Server, "concept-bram", Ct);
        const string Guide = "rijbewijs-aanvragen";
        var published = (await anna.GetJsonAsync($"/api/guides/{Guide}", Ct)).GetProperty("version").GetString();

        using (var put = await anna.PutAsJsonAsync($"/api/guides/{Guide}/draft", new { text = "# Half af\n", baseVersion = published }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var draft = await anna.GetJsonAsync($"/api/guides/{Guide}/draft", Ct);
        Assert.Equal(["text", "baseVersion", "updatedAt"], draft.PropertyNames());
        Assert.Equal(("# Half af\n", published), (draft.GetProperty("text").GetString(), draft.GetProperty("baseVersion").GetString()));
        Assert.InRange(draft.GetProperty("updatedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        await bram.GetProblemAsync($"/api/guides/{Guide}/draft", HttpStatusCode.NotFound, Ct);
        var annasList = await anna.GetJsonAsync("/api/editor/guides", Ct);
        Assert.Equal([Guide], annasList.EnumerateArray().Where(g => g.GetProperty("myDraft").GetBoolean()).Select(g => g.GetProperty("id").GetString()));
        Assert.DoesNotContain((await bram.GetJsonAsync("/api/editor/guides", Ct)).EnumerateArray(), g => g.GetProperty("myDraft").GetBoolean());
        var editor = await anna.GetJsonAsync($"/api/guides/{Guide}/editor", Ct);
        Assert.Equal(draft.ToString(), editor.GetProperty("draft").ToString());
        Assert.Equal(JsonValueKind.Null, (await bram.GetJsonAsync($"/api/guides/{Guide}/editor", Ct)).GetProperty("draft").ValueKind);

        using var delete = await anna.DeleteAsync(new Uri($"/api/guides/{Guide}/draft", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await anna.GetProblemAsync($"/api/guides/{Guide}/draft", HttpStatusCode.NotFound, Ct);
        Assert.False((await anna.ListedAsync(Guide, Ct)).GetProperty("myDraft").GetBoolean());
    }

    [Fact]
    public async Task Draft_of_a_guide_that_does_not_exist_yet_opens_in_the_editor()
    {
        using var anna = await ExpertAsync(Server, "concept-nieuw", Ct);
        const string Guide = "nog-niet-gemaakt";
        await anna.GetProblemAsync($"/api/guides/{Guide}/editor", HttpStatusCode.NotFound, Ct);

        using (var put = await anna.PutAsJsonAsync($"/api/guides/{Guide}/draft", new { text = "---\nid: nog-niet-gemaakt\n", baseVersion = (string?)null }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var editor = await anna.GetJsonAsync($"/api/guides/{Guide}/editor", Ct);
        Assert.Equal((JsonValueKind.Null, "", "---\nid: nog-niet-gemaakt\n", JsonValueKind.Null),
            (editor.GetProperty("headVersion").ValueKind, editor.GetProperty("text").GetString(),
             editor.GetProperty("draft").GetProperty("text").GetString(), editor.GetProperty("draft").GetProperty("baseVersion").ValueKind));
        using var delete = await anna.DeleteAsync(new Uri($"/api/guides/{Guide}/draft", UriKind.Relative), Ct);
        await anna.GetProblemAsync($"/api/guides/{Guide}/editor", HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task Draft_or_preview_over_a_million_characters_is_refused_with_413_and_not_kept()
    {
        using var anna = await ExpertAsync(Server, "concept-lang", Ct);
        var tooLong = new string('a', 1_000_001);

        using var draft = await anna.PutAsJsonAsync("/api/guides/spoedaanvraag/draft", new { text = tooLong, baseVersion = (string?)null }, Ct);
        using var preview = await anna.PostAsJsonAsync("/api/guides/spoedaanvraag/preview", new { text = tooLong }, Ct);

        await draft.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, Ct);
        await preview.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, Ct);
        await anna.GetProblemAsync("/api/guides/spoedaanvraag/draft", HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task Preview_renders_the_guide_on_the_server_and_stores_nothing()
    {
        using var expert = await ExpertAsync(Server, "voorbeeld-expert", Ct);
        const string Guide = "voorbeeld-gids";
        var text = GuideTexts.Valid(Guide, "Voorbeeldgids", "**kwartel**");

        using var response = await expert.PostAsJsonAsync($"/api/guides/{Guide}/preview", new { text }, Ct);

        var preview = await response.AssertOkJsonAsync(Ct);
        Assert.Equal(["guide", "diagnostics"], preview.PropertyNames());
        Assert.Empty(preview.GetProperty("diagnostics").EnumerateArray());
        var guide = preview.GetProperty("guide");
        Assert.Equal(("Voorbeeldgids", VersionOf(text)), (guide.GetProperty("title").GetString(), guide.GetProperty("version").GetString()));
        Assert.Equal(["begin", "einde"], guide.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Contains("<strong>kwartel</strong>", guide.GetProperty("steps")[0].GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Server.Content.FullPath(Guide + ".md")));
        await expert.GetProblemAsync($"/api/guides/{Guide}/history", HttpStatusCode.NotFound, Ct);
        await expert.GetProblemAsync($"/api/guides/{Guide}/editor", HttpStatusCode.NotFound, Ct);
        await expert.GetProblemAsync($"/api/guides/{Guide}", HttpStatusCode.NotFound, Ct);
        Assert.DoesNotContain(Guide, (await expert.GetJsonAsync("/api/editor/guides", Ct)).Ids());
    }

    [Fact]
    public async Task Preview_of_html_in_the_markdown_is_an_error_and_a_script_shown_as_code_is_text_not_an_element()
    {
        using var expert = await ExpertAsync(Server, "voorbeeld-html", Ct);
        const string Guide = "voorbeeld-html";
        var raw = GuideTexts.Valid(Guide, "Voorbeeldgids", "kwartel <script>alert('x')</script> <img src=x onerror=alert(1)>");
        var quoted = GuideTexts.Valid(Guide, "Voorbeeldgids", "kwartel `<script>alert('x')</script>` en \\<script\\>");

        using var rawResponse = await expert.PostAsJsonAsync($"/api/guides/{Guide}/preview", new { text = raw }, Ct);
        using var quotedResponse = await expert.PostAsJsonAsync($"/api/guides/{Guide}/preview", new { text = quoted }, Ct);

        var rawPreview = await rawResponse.AssertOkJsonAsync(Ct);
        var diagnostics = rawPreview.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(("error", "raw-html", 12),
            (d.GetProperty("level").GetString(), d.GetProperty("code").GetString(), d.GetProperty("line").GetInt32())));
        Assert.Equal(JsonValueKind.Null, rawPreview.GetProperty("guide").ValueKind);
        var quotedPreview = await quotedResponse.AssertOkJsonAsync(Ct);
        Assert.Empty(quotedPreview.GetProperty("diagnostics").EnumerateArray());
        var html = quotedPreview.GetProperty("guide").GetProperty("steps")[0].GetProperty("html").GetString()!;
        Assert.Contains("<code>&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        await expert.GetProblemAsync($"/api/guides/{Guide}/history", HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task EditorList_marks_a_served_guide_whose_file_now_has_errors()
    {
        const string Guide = "proef-gids";
        var good = GuideTexts.Valid(Guide, "Proefgids", "paspoort");
        await using var server = await StartWithGuidesAsync(HistoryDatabases.InSqlite, Ct, null, (Guide, good));
        using var expert = await ExpertAsync(server, "anna", Ct);
        Assert.False((await expert.ListedAsync(Guide, Ct)).GetProperty("hasErrors").GetBoolean());

        server.Content.Write(Guide + ".md", GuideTexts.WithStepWithoutId(Guide, "Proefgids kapot"));

        await Eventually.TrueAsync(async () => (await expert.ListedAsync(Guide, Ct)).GetProperty("hasErrors").GetBoolean(), "the list marks the guide as having errors");
        var listed = await expert.ListedAsync(Guide, Ct);
        Assert.Equal(("Proefgids", VersionOf(good)), (listed.GetProperty("title").GetString(), listed.GetProperty("publishedVersion").GetString()));
    }

    [Fact]
    public async Task Preview_gives_warnings_with_the_guide_and_errors_with_their_lines()
    {
        using var expert = await ExpertAsync(Server, "voorbeeld-fouten", Ct);

        using var warning = await expert.PostAsJsonAsync("/api/guides/oude-voorbeeldgids/preview", new { text = GuideTexts.WithWarningOnly("oude-voorbeeldgids") }, Ct);
        using var error = await expert.PostAsJsonAsync("/api/guides/kapotte-voorbeeldgids/preview", new { text = GuideTexts.WithStepWithoutId("kapotte-voorbeeldgids") }, Ct);
        using var otherId = await expert.PostAsJsonAsync("/api/guides/spoedaanvraag/preview", new { text = GuideTexts.Valid("iets-anders", "Iets anders", "x") }, Ct);
        using var noText = await expert.PostAsJsonAsync("/api/guides/spoedaanvraag/preview", new { }, Ct);

        var warned = await warning.AssertOkJsonAsync(Ct);
        Assert.Equal("Verouderde gids", warned.GetProperty("guide").GetProperty("title").GetString());
        var warningProblem = Assert.Single(warned.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(("warning", 6, "oude-voorbeeldgids.md"),
            (warningProblem.GetProperty("level").GetString(), warningProblem.GetProperty("line").GetInt32(), warningProblem.GetProperty("file").GetString()));
        var failed = await error.AssertOkJsonAsync(Ct);
        Assert.Contains(failed.GetProperty("diagnostics").EnumerateArray(), d =>
            d.GetProperty("level").GetString() == "error" && d.GetProperty("line").GetInt32() == GuideTexts.StepWithoutIdLine
            && d.GetProperty("code").GetString() == "step-id-missing" && d.GetProperty("file").GetString() == "kapotte-voorbeeldgids.md");
        Assert.Contains((await otherId.AssertOkJsonAsync(Ct)).GetProperty("diagnostics").EnumerateArray(), d =>
            d.GetProperty("level").GetString() == "error" && d.GetProperty("message").GetString()!.Contains("spoedaanvraag", StringComparison.Ordinal));
        await noText.AssertProblemAsync(HttpStatusCode.BadRequest, Ct);
    }

    [Fact]
    public async Task Preview_lints_sources_and_the_flow_as_the_linter_does_against_the_other_guides()
    {
        using var expert = await ExpertAsync(Server, "voorbeeld-stroom", Ct);
        const string Guide = "stroom-voorbeeld";
        // Line by line: a rule without a source (12), a decision without a question whose option skips the checks of
        // the hand-out guide (16), a step nothing leads to (19), a last step that leads nowhere (23).
        var text = $$"""
            ---
            id: {{Guide}}
            title: Stroomvoorbeeld
            summary: Een gids met fouten in het verloop.
            owner: team-test
            review-by: 2099-12-31
            {{GuideTexts.SourcesLine}}
            ---

            ## Termijn {#termijn}

            - [ ] Klant weet dat het document 3 maanden blijft liggen

            ## Keuze {#keuze}

            - [Uitreiken](guide:reisdocument-uitreiken#oude-documenten)
            - [Verder](#einde)

            ## Vergeten {#vergeten .end}

            Niemand komt hier.

            ## Einde {#einde}

            Leg vast wat je deed.

            """;

        using var response = await expert.PostAsJsonAsync($"/api/guides/{Guide}/preview", new { text }, Ct);

        var preview = await response.AssertOkJsonAsync(Ct);
        Assert.Equal(
            [
                (12, "warning", "rule-without-source"),
                (16, "warning", "decision-without-question"),
                (16, "warning", "jump-past-checks"),
                (19, "warning", "step-unreachable"),
                (23, "warning", "dead-end"),
            ],
            preview.GetProperty("diagnostics").EnumerateArray()
                .Select(d => (d.GetProperty("line").GetInt32(), d.GetProperty("level").GetString(), d.GetProperty("code").GetString())));
        Assert.All(preview.GetProperty("diagnostics").EnumerateArray(), d => Assert.Equal($"{Guide}.md", d.GetProperty("file").GetString()));
        Assert.Equal("Stroomvoorbeeld", preview.GetProperty("guide").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Preview_of_a_published_guide_leaves_its_file_history_and_served_version_alone()
    {
        using var expert = await ExpertAsync(Server, "voorbeeld-bestaand", Ct);
        const string Guide = "pasfoto-beoordelen";
        var file = Server.Content.FullPath(Guide + ".md");
        var before = await System.IO.File.ReadAllTextAsync(file, Ct);
        var historyBefore = (await expert.GetJsonAsync($"/api/guides/{Guide}/history", Ct)).ToString();
        var changed = before.Replace("## Ouderdom van de foto", "## Leeftijd van de foto", StringComparison.Ordinal);
        Assert.NotEqual(before, changed);

        using var response = await expert.PostAsJsonAsync($"/api/guides/{Guide}/preview", new { text = changed }, Ct);

        var preview = await response.AssertOkJsonAsync(Ct);
        Assert.Equal(VersionOf(changed), preview.GetProperty("guide").GetProperty("version").GetString());
        Assert.Contains(preview.GetProperty("guide").GetProperty("steps").EnumerateArray(), s => s.GetProperty("title").GetString() == "Leeftijd van de foto");
        Assert.Equal(before, await System.IO.File.ReadAllTextAsync(file, Ct));
        Assert.Equal(historyBefore, (await expert.GetJsonAsync($"/api/guides/{Guide}/history", Ct)).ToString());
        Assert.Equal(VersionOf(before), (await expert.GetJsonAsync($"/api/guides/{Guide}", Ct)).GetProperty("version").GetString());
        await expert.GetProblemAsync($"/api/guides/{Guide}/review", HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task Me_names_the_signed_in_expert_with_their_roles_and_an_anonymous_reader_as_not_signed_in()
    {
        using var expert = await ExpertAsync(Server, "ik-expert", Ct);
        var official = await TestUsers.AddAsync(Server, "ik-baliemedewerker", Ct, EpssRoles.Official);
        using var officialClient = TestUsers.Client(Server, official.Token);
        using var anonymous = TestUsers.Client(Server);

        var me = await expert.GetJsonAsync("/api/me", Ct);
        var them = await officialClient.GetJsonAsync("/api/me", Ct);
        var nobody = await anonymous.GetJsonAsync("/api/me", Ct);

        Assert.Equal(["signedIn", "name", "roles"], me.PropertyNames());
        Assert.Equal((true, "ik-expert"), (me.GetProperty("signedIn").GetBoolean(), me.GetProperty("name").GetString()));
        Assert.Equal([EpssRoles.Expert], me.GetProperty("roles").Strings());
        Assert.Equal([EpssRoles.Official], them.GetProperty("roles").Strings());
        Assert.Equal(["signedIn", "roles"], nobody.PropertyNames());
        Assert.False(nobody.GetProperty("signedIn").GetBoolean());
        Assert.Empty(nobody.GetProperty("roles").EnumerateArray());
    }

    public void Dispose() => fixture.AssertNoNewErrors();
}
