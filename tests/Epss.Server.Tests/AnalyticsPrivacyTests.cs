using System.Text.Json;
using Epss.Accounts;
using Epss.Content.Library;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests;

/// <summary>
/// Issue 16, point 2: the two outputs of the analyses that were not thresholded at all. Signed-in officials' panels
/// send their events over the real hub; an analyst reads the reports over HTTP.
/// </summary>
public sealed class AnalyticsPrivacyTests : IAsyncLifetime
{
    private const string GuideId = "identiteit-vaststellen-aanvraag";

    private RunningServer _server = null!;
    private HttpClient _analyst = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);
        _analyst = TestUsers.Client(_server, (await TestUsers.AddAsync(_server, "lena", Ct, EpssRoles.Analyst)).Token);
    }

    public async ValueTask DisposeAsync()
    {
        _analyst.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_fields_row_shows_only_pages_on_which_enough_officials_met_it()
    {
        var guide = _server.Services.GetRequiredService<GuideLibrary>().Current.Find(GuideId)!;
        var step = guide.Steps.First();
        // Six officials miss the field on the usual page; one of them also on a page whose address names a citizen's case.
        for (var i = 0; i < 6; i++)
        {
            await using var panel = await OfficialAsync($"balie{i}");
            await panel.InvokeAsync<UsageAckResponse>("RecordEvent", Missing(guide.Version, step.Id, "https://bz.example/reisdocument/aanvragen"), Ct);
            if (i == 0)
            {
                await panel.InvokeAsync<UsageAckResponse>("RecordEvent", Missing(guide.Version, step.Id, "https://bz.example/dossiers/familie-jansen/aanvraag"), Ct);
            }
        }

        var report = await _analyst.GetJsonAsync("/api/analytics/targets-missing", Ct);

        var row = report.GetProperty("targets").EnumerateArray().Single();
        Assert.Equal((7, 6), (row.GetProperty("count").GetInt32(), row.GetProperty("users").GetInt32()));
        Assert.Equal(["https://bz.example/reisdocument/aanvragen"], row.GetProperty("pages").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain("jansen", report.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_opening_of_a_guide_is_not_given_under_a_role_or_application_filter()
    {
        var guide = _server.Services.GetRequiredService<GuideLibrary>().Current.Find(GuideId)!;
        await using (var panel = await OfficialAsync("eenling"))
        {
            await panel.InvokeAsync<UsageAckResponse>("RecordEvent", new UsageEventRequest(Guid.NewGuid().ToString(), "guide-opened",
                DateTimeOffset.UtcNow.AddDays(-3), Guid.NewGuid().ToString(), GuideId, guide.Version, null, "search", null, null, null, null, null, null, null, null), Ct);
        }

        var all = await _analyst.GetJsonAsync("/api/analytics/health?notOpenedDays=1", Ct);
        var byRole = await _analyst.GetJsonAsync("/api/analytics/health?notOpenedDays=1&role=official", Ct);

        // Unfiltered it says when anyone last opened the guide; for one role it would say when one official did.
        Assert.Equal(JsonValueKind.String, NotOpened(all).GetProperty("lastOpened").ValueKind);
        Assert.Equal(JsonValueKind.Null, NotOpened(byRole).GetProperty("lastOpened").ValueKind);
    }

    private static JsonElement NotOpened(JsonElement health) =>
        health.GetProperty("notOpened").EnumerateArray().Single(g => g.GetProperty("guideId").GetString() == GuideId);

    private async Task<HubConnection> OfficialAsync(string name)
    {
        var user = await TestUsers.AddAsync(_server, name, Ct, EpssRoles.Official);
        return await Panels.ConnectAsync(_server, HubProtocol.Json, Ct, accessToken: user.Token);
    }

    private static UsageEventRequest Missing(string version, string stepId, string page) =>
        new(Guid.NewGuid().ToString(), "target-missing", DateTimeOffset.UtcNow.AddMinutes(-5), Guid.NewGuid().ToString(), GuideId, version, stepId,
            null, null, null, null, null, null, null, null, null, Selector: "#documentnummer", PageUrl: page, TargetStatus: "missing");
}
