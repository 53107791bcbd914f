using Epss.Accounts;
using Epss.Content.Library;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests;

/// <summary>
/// Issue 16, point 3: with anonymous reading on, anyone who reaches the server can send usage events and flags. Made-up
/// browser ids and new connections do not get around the limits per address and in total; signed-in officials are not
/// held up by them.
/// </summary>
public sealed class AnonymousWriteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task New_connections_and_browser_ids_from_one_address_share_its_limit()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: new Dictionary<string, string?>
        {
            ["Epss:AnonymousWrites:EventsPerMinutePerAddress"] = "150",
            ["Epss:AnonymousWrites:FlagsPerMinutePerAddress"] = "2",
        });
        var version = server.Services.GetRequiredService<GuideLibrary>().Current.Find("pasfoto-beoordelen")!.Version;

        // Three "browsers", each within its connection's own budget: 100 + 50 events are taken, the next 40 are not (the
        // bucket refills 2 a second).
        await using var first = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, clientId: Guid.NewGuid().ToString());
        await first.InvokeAsync<UsageAckResponse[]>("RecordEvents", Events(100, version), Ct);
        await using var second = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, clientId: Guid.NewGuid().ToString());
        await second.InvokeAsync<UsageAckResponse[]>("RecordEvents", Events(50, version), Ct);
        await using var third = await Panels.ConnectAsync(server, HubProtocol.MessagePack, Ct, clientId: Guid.NewGuid().ToString());
        var refused = await Assert.ThrowsAsync<HubException>(() => third.InvokeAsync<UsageAckResponse[]>("RecordEvents", Events(40, version), Ct));
        for (var i = 0; i < 2; i++)
        {
            await third.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("pasfoto-beoordelen", "ouderdom", $"Melding {i}"), Ct);
        }
        var flagRefused = await Assert.ThrowsAsync<HubException>(() => first.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("pasfoto-beoordelen", "ouderdom", "Nog een"), Ct));

        Assert.Contains("te veel gebeurtenissen", refused.Message, StringComparison.Ordinal);
        Assert.Contains("te veel meldingen", flagRefused.Message, StringComparison.Ordinal);
        var store = server.Services.GetRequiredService<UsageRecorder>().Store;
        Assert.Equal(150 + 2, (await store.ReadEventsAsync(Ct)).Count);
        Assert.Equal(2, (await store.ReadFlagsAsync(Ct)).Count);

        // A signed-in official on the same address is not held up by what anonymous clients sent.
        var official = await TestUsers.AddAsync(server, "ruud", Ct, EpssRoles.Official);
        await using var signedIn = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, accessToken: official.Token);
        var acks = await signedIn.InvokeAsync<UsageAckResponse[]>("RecordEvents", Events(20, version), Ct);
        Assert.All(acks, a => Assert.Equal("stored", a.Status));
    }

    [Fact]
    public async Task All_anonymous_clients_together_stay_under_the_total()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: new Dictionary<string, string?>
        {
            ["Epss:AnonymousWrites:EventsPerMinute"] = "120",
        });
        var version = server.Services.GetRequiredService<GuideLibrary>().Current.Find("pasfoto-beoordelen")!.Version;
        await using var panel = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, clientId: Guid.NewGuid().ToString());

        await panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", Events(100, version), Ct);
        await Assert.ThrowsAsync<HubException>(() => panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", Events(60, version), Ct));

        Assert.Equal(100, (await server.Services.GetRequiredService<UsageRecorder>().Store.ReadEventsAsync(Ct)).Count);
    }

    private static UsageEventRequest[] Events(int count, string version) =>
        [.. Enumerable.Range(0, count).Select(_ => new UsageEventRequest(Guid.NewGuid().ToString(), "step-viewed", DateTimeOffset.UtcNow, Guid.NewGuid().ToString(),
            "pasfoto-beoordelen", version, "ouderdom", null, null, null, null, null, null, null, null, null))];
}
