using System.Net;
using System.Net.Http.Json;
using Epss.Accounts;
using Epss.Server.Tests.Support;
using Epss.Testing;
using static Epss.Server.Tests.Support.Editing;

namespace Epss.Server.Tests;

/// <summary>
/// Four eyes and who may withdraw, attacked over real HTTP (issue 16, points 5 and 18): experts are told apart by their
/// stable id, never by the name they show, and nobody who wrote a change publishes it.
/// </summary>
public sealed class FourEyesTests
{
    private const string Id = "proef-gids";
    private static readonly string Original = GuideTexts.Valid(Id, "Proefgids", "paspoort");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(HistoryDatabases.Sqlite), InlineData(HistoryDatabases.PostgreSql)]
    public async Task An_author_cannot_publish_her_text_after_a_colleague_saved_a_trivial_last_version_and_submitted_it(string database)
    {
        await using var server = await StartWithGuidesAsync(await HistoryDatabases.SettingsAsync(database), Ct, null, (Id, Original));
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using var carla = await ExpertAsync(server, "carla", Ct);
        var annasText = GuideTexts.Valid(Id, "Proefgids", "annas eigen tekst");
        var v2 = await anna.SaveOkAsync(Id, annasText, VersionOf(Original), Ct);
        var v3 = await bram.SaveOkAsync(Id, annasText + "\n", v2, Ct);
        await bram.SubmitOkAsync(Id, v3, Ct);

        using var own = await anna.ReviewAsync(Id, "publish", new { version = v3 }, Ct);

        var refused = await own.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        Assert.Contains("meegeschreven", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(Original, await File.ReadAllTextAsync(server.Content.FullPath(Id + ".md"), Ct));
        using var reviewer = await carla.ReviewAsync(Id, "publish", new { version = v3 }, Ct);
        await reviewer.AssertOkJsonAsync(Ct);
    }

    [Fact]
    public async Task Experts_the_provider_sends_without_a_user_name_are_two_people_not_one_onbekend()
    {
        await using var server = await StartWithGuidesAsync(HistoryDatabases.InSqlite, Ct, null, (Id, Original));
        using var first = IssuedCookies.Client(server, IssuedCookies.For(server, IssuedCookies.Oidc("sub-1", null, EpssRoles.Expert)));
        using var second = IssuedCookies.Client(server, IssuedCookies.For(server, IssuedCookies.Oidc("sub-2", null, EpssRoles.Expert)));
        using (var draft = await first.PutAsJsonAsync($"/api/guides/{Id}/draft", new { text = "alleen van mij", baseVersion = VersionOf(Original) }, Ct))
        {
            Assert.True(draft.IsSuccessStatusCode, $"saving a draft answered {(int)draft.StatusCode}");
        }
        var text = GuideTexts.Valid(Id, "Proefgids", "van de eerste");
        var version = await first.SaveOkAsync(Id, text, VersionOf(Original), Ct);
        await first.SubmitOkAsync(Id, version, Ct);
        using (var again = await first.PutAsJsonAsync($"/api/guides/{Id}/draft", new { text = "nog een", baseVersion = version }, Ct))
        {
            Assert.True(again.IsSuccessStatusCode);
        }

        using var othersDraft = await second.GetAsync(new Uri($"/api/guides/{Id}/draft", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, othersDraft.StatusCode);
        using var own = await first.ReviewAsync(Id, "publish", new { version }, Ct);
        await own.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        using var review = await second.ReviewAsync(Id, "publish", new { version }, Ct);
        await review.AssertOkJsonAsync(Ct);
    }

    [Fact]
    public async Task An_expert_without_a_stable_id_may_not_edit()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);
        using var nobody = IssuedCookies.Client(server, IssuedCookies.For(server, IssuedCookies.Oidc(null, "zonder-sub", EpssRoles.Expert)));

        using var editor = await nobody.GetAsync(new Uri("/api/editor/guides", UriKind.Relative), Ct);
        using var guides = await nobody.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, editor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, guides.StatusCode);
    }

    [Fact]
    public async Task Only_the_changes_authors_or_an_admin_withdraw_it_and_the_withdrawal_is_audited()
    {
        await using var server = await StartWithGuidesAsync(HistoryDatabases.InSqlite, Ct, null, (Id, Original));
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        var admin = await TestUsers.AddAsync(server, "beheer", Ct, EpssRoles.Admin);
        using var adminClient = TestUsers.Client(server, admin.Token);
        var version = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "annas werk"), VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, version, Ct);

        using (var other = await bram.ReviewAsync(Id, "withdraw", new { note = "weg ermee" }, Ct))
        {
            await other.AssertProblemAsync(HttpStatusCode.Forbidden, Ct);
        }
        Assert.Equal("in-review", (await anna.GetJsonAsync($"/api/guides/{Id}/review", Ct)).GetProperty("status").GetString());
        using (var byAdmin = await adminClient.ReviewAsync(Id, "withdraw", new { note = "opruimen" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        }
        var second = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "opnieuw"), VersionOf(Original), Ct);
        using (var own = await anna.ReviewAsync(Id, "withdraw", new { note = "toch niet" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        }

        var withdrawals = (await adminClient.GetJsonAsync("/api/audit?action=withdrawn", Ct)).EnumerateArray()
            .Select(e => (e.GetProperty("actorName").GetString(), e.GetProperty("detail").GetString())).ToList();
        Assert.Equal([("anna", $"versie {second}"), ("beheer", $"versie {version}")], withdrawals);
    }
}
