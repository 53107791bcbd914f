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
/// Issue 16, point 2: differencing two reports, and the two outputs of the analyses that were not thresholded at all.
/// Signed-in officials' panels send their events over the real hub; an analyst reads the reports over HTTP.
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
    public async Task Two_periods_that_differ_by_the_day_one_official_acted_subtract_to_nothing()
    {
        var guide = _server.Services.GetRequiredService<GuideLibrary>().Current.Find(GuideId)!;
        var now = DateTimeOffset.UtcNow;
        // Six officials opened the guide eight days ago; today one official alone opened it twice.
        for (var i = 0; i < 6; i++)
        {
            await using var panel = await OfficialAsync($"balie{i}");
            await panel.InvokeAsync<UsageAckResponse>("RecordEvent", Opened(guide.Version, now.AddDays(-8)), Ct);
        }
        await using (var panel = await OfficialAsync("eenling"))
        {
            await panel.InvokeAsync<UsageAckResponse>("RecordEvent", Opened(guide.Version, now.AddMinutes(-2)), Ct);
            await panel.InvokeAsync<UsageAckResponse>("RecordEvent", Opened(guide.Version, now.AddMinutes(-1)), Ct);
        }
        var today = _server.Services.GetRequiredService<Epss.Usage.Analytics.UsageAnalytics>().Today;

        var without = await OpenedAsync(today.AddDays(-8), today.AddDays(-1));
        var with = await OpenedAsync(today.AddDays(-8), today);

        // With periods of days this was 2: the lone official's openings. The periods are whole weeks now, and the
        // week in which one official alone opened the guide is left out of both.
        Assert.Equal(0, with.Opened - without.Opened);
        Assert.Equal(6, with.Opened);
        Assert.Equal((DayOfWeek.Monday, DayOfWeek.Sunday), (with.From.DayOfWeek, with.To.DayOfWeek));
    }

    private async Task<(long Opened, DateOnly From, DateOnly To)> OpenedAsync(DateOnly from, DateOnly to)
    {
        var report = await _analyst.GetJsonAsync($"/api/analytics/guides?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&guideId={GuideId}", Ct);
        var row = report.GetProperty("guides").EnumerateArray().Single();
        var period = report.GetProperty("period");
        return (row.GetProperty("opened").GetInt64(), DateOnly.Parse(period.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(period.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static UsageEventRequest Opened(string version, DateTimeOffset at) =>
        new(Guid.NewGuid().ToString(), "guide-opened", at, Guid.NewGuid().ToString(), GuideId, version, null, "search", null, null, null, null, null, null, null, null);

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
