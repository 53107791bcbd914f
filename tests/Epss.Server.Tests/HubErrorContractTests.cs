using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Epss.Server.Tests;

/// <summary>The hub's error contract (HubErrorFilter) against the real server: a reason to read, the connection kept.</summary>
public sealed class HubErrorContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordEvent_while_the_usage_database_is_locked_answers_the_unavailable_reason_and_the_panel_can_send_again()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct,
            settings: new Dictionary<string, string?> { ["Epss:BusyTimeout"] = "00:00:01" });
        server.Log.ExpectErrors(e => e.EventId.Id == 3004);
        await using var panel = await Panels.ConnectAsync(server, HubProtocol.Json, Ct);
        var guide = server.Services.GetRequiredService<Epss.Content.Library.GuideLibrary>().Current.Guides.Values.First();
        var usageEvent = new UsageEventRequest(Guid.NewGuid().ToString(), "guide-opened", DateTimeOffset.UtcNow, Guid.NewGuid().ToString(), guide.Id,
            guide.Version, null, "search", null, null, null, null, null, null, null, null);

        var path = server.Services.GetRequiredService<IOptions<UsageOptions>>().Value.DatabasePath;
        await using (var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await holder.OpenAsync(Ct);
            await using var transaction = holder.BeginTransaction(deferred: false);

            var refused = await Assert.ThrowsAsync<HubException>(() => panel.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct));

            Assert.Contains(UsageUnavailableException.DefaultMessage, refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal("stored", (await panel.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct)).Status);
    }
}
