using System.Net;
using System.Text.Json;
using Epss.Accounts;
using Epss.Server.Tests.Support;
using Epss.Testing;
using static Epss.Server.Tests.Support.Editing;

namespace Epss.Server.Tests;

/// <summary>The audit log over real HTTP: what experts and sign-ins did is recorded, and only administrators read it.</summary>
public sealed class AuditLogTests
{
    private const string Id = "proef-gids";
    private static readonly string Original = GuideTexts.Valid(Id, "Proefgids", "paspoort");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Review_steps_are_recorded_with_who_and_which_guide_and_only_an_admin_reads_them()
    {
        await using var server = await StartWithGuidesAsync(HistoryDatabases.InSqlite, Ct, null, (Id, Original));
        var admin = await TestUsers.AddAsync(server, "beheer", Ct, EpssRoles.Admin);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bram = await ExpertAsync(server, "bram", Ct);
        using var adminClient = TestUsers.Client(server, admin.Token);

        var first = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs"), VersionOf(Original), Ct);
        await anna.SubmitOkAsync(Id, first, Ct);
        using (var sendBack = await bram.ReviewAsync(Id, "send-back", new { version = first, note = "kort" }, Ct))
        {
            await sendBack.AssertOkJsonAsync(Ct);
        }
        await anna.SubmitOkAsync(Id, first, Ct);
        using (var publish = await bram.ReviewAsync(Id, "publish", new { version = first }, Ct))
        {
            await publish.AssertOkJsonAsync(Ct);
        }
        using (var restore = await anna.PostAsync(new Uri($"/api/guides/{Id}/restore", UriKind.Relative),
            JsonContent(new { version = VersionOf(Original), baseVersion = first }), Ct))
        {
            await restore.AssertOkJsonAsync(Ct);
        }

        var entries = (await adminClient.GetJsonAsync("/api/audit", Ct)).EnumerateArray().ToList();
        Assert.Equal(["restored", "published", "sent-back"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["anna", "bram", "bram"], entries.Select(e => e.GetProperty("actorName").GetString()));
        Assert.All(entries, e => Assert.Equal(Id, e.GetProperty("subject").GetString()));
        Assert.StartsWith("local:", entries[1].GetProperty("actorId").GetString(), StringComparison.Ordinal);
        Assert.Equal(["published"], (await adminClient.GetJsonAsync("/api/audit?action=published", Ct)).EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()));
        using var asExpert = await bram.GetAsync(new Uri("/api/audit", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, asExpert.StatusCode);
        using var badFilter = await adminClient.GetAsync(new Uri("/api/audit?action=%3Cscript%3E", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
    }

    [Fact]
    public async Task Sign_ins_are_recorded_and_a_hostile_name_typed_at_sign_in_is_shown_to_the_admin_as_text()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);
        var admin = await TestUsers.AddAsync(server, "beheer", Ct, EpssRoles.Admin);
        const string Hostile = "<img src=x onerror=alert(1)>";
        using (var attacker = new SignInClient(server))
        using (var wrong = await attacker.SignInAsync(Hostile, "geraden-wachtwoord", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var browser = new SignInClient(server);
        await browser.SignInOkAsync(admin.Name, admin.Password, Ct);

        var entries = (await browser.Http.GetJsonAsync("/api/audit", Ct)).EnumerateArray().ToList();
        Assert.Equal([("signed-in", "beheer"), ("sign-in-failed", Hostile)],
            entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actorName").GetString())));
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("actorId").ValueKind);
        Assert.Equal("127.0.0.1", entries[1].GetProperty("address").GetString());
        Assert.DoesNotContain("geraden-wachtwoord", server.Log.Entries.Select(e => e.Message));

        using var page = await browser.Http.GetAsync(new Uri("/audit", UriKind.Relative), Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Hostile, html, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body);
}
