using Epss.Content.Library;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests;

/// <summary>
/// Issue 16, point 16: the ids a panel makes for its events and flags are its own. Another client that sends the same
/// id (over the real hub, as any browser on the network can) gets nothing of the first client's flag, and does not make
/// the first client's event a "duplicate".
/// </summary>
public sealed class IdsPerPseudonymTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task A_flag_id_of_another_client_gives_nothing_of_their_flag(HubProtocol protocol)
    {
        await using var victim = await Panels.ConnectAsync(_server, protocol, Ct, clientId: Guid.NewGuid().ToString());
        await using var attacker = await Panels.ConnectAsync(_server, protocol, Ct, clientId: Guid.NewGuid().ToString());
        var flagId = Guid.NewGuid().ToString();
        var missingId = Guid.NewGuid().ToString();
        var theirs = await victim.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("spoedaanvraag", "voorwaarden", "Klant twijfelt over de termijn", flagId), Ct);
        await victim.InvokeAsync<FlagResponse>("ReportMissing", new MissingTopicRequest("verhuizing familie de vries", "Niets gevonden", missingId), Ct);

        var mine = await attacker.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("pasfoto-beoordelen", "ouderdom", "x", flagId), Ct);
        var report = await attacker.InvokeAsync<FlagResponse>("ReportMissing", new MissingTopicRequest("iets", "y", missingId), Ct);

        // The attacker's own flags, stored as theirs: nothing of the victim's text, guide, step or query.
        Assert.Equal(("pasfoto-beoordelen", "ouderdom", "x"), (mine.GuideId, mine.StepId, mine.Text));
        Assert.Equal(("iets", "y"), (report.Query, report.Text));
        Assert.NotEqual(theirs.Id, mine.Id);
        // The victim's flag is as they wrote it, and sending it again still finds it.
        var again = await victim.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("spoedaanvraag", "voorwaarden", "Klant twijfelt over de termijn", flagId), Ct);
        Assert.Equal((theirs.Id, "Klant twijfelt over de termijn"), (again.Id, again.Text));
        var flags = await _server.Services.GetRequiredService<UsageRecorder>().Store.ReadFlagsAsync(Ct);
        Assert.Equal(4, flags.Count);
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task An_event_id_claimed_first_by_another_client_does_not_make_the_real_event_a_duplicate(HubProtocol protocol)
    {
        await using var attacker = await Panels.ConnectAsync(_server, protocol, Ct, clientId: Guid.NewGuid().ToString());
        await using var official = await Panels.ConnectAsync(_server, protocol, Ct, clientId: Guid.NewGuid().ToString());
        var version = _server.Services.GetRequiredService<GuideLibrary>().Current.Find("pasfoto-beoordelen")!.Version;
        var usageEvent = new UsageEventRequest(Guid.NewGuid().ToString(), "guide-opened", DateTimeOffset.UtcNow, Guid.NewGuid().ToString(),
            "pasfoto-beoordelen", version, null, "search", null, null, null, null, null, null, null, null);

        var claimed = await attacker.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct);
        var real = await official.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct);
        var resent = await official.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct);

        Assert.Equal((usageEvent.Id, "stored"), (claimed.Id, claimed.Status));
        Assert.Equal((usageEvent.Id, "stored"), (real.Id, real.Status));
        Assert.Equal("duplicate", resent.Status);
        var events = await _server.Services.GetRequiredService<UsageRecorder>().Store.ReadEventsAsync(Ct);
        Assert.Equal(2, events.Select(e => e.UserPseudonym).Distinct().Count());
    }
}
