using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;

namespace Epss.Server.Tests;

/// <summary>
/// The usage writer's queue full, over the real SignalR client: a panel's <c>RecordEvents</c> is answered at once with
/// the busy reason (its connection stays usable, it can search), and every call that was taken is acknowledged once the
/// disk is back.
/// </summary>
public sealed class IngestBusyHubTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: new Dictionary<string, string?>
        {
            ["Epss:UsageQueueCapacity"] = "1",
            // One call a batch: the writer then holds exactly one call, never gathering a second into its batch.
            ["Epss:MaximumBatchSize"] = "1",
            // The writer waits for the held database rather than failing while the test looks.
            ["Epss:BusyTimeout"] = "00:02:00",
        });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static UsageEventRequest[] Search(string id) =>
        [new(id, UsageEventTypes.Search, null, null, null, null, null, null, null, null, null, null, "paspoort kwijt", 3, null, null)];

    [Fact]
    public async Task A_full_queue_answers_busy_at_once_and_the_calls_it_took_are_acknowledged_once_the_disk_is_back()
    {
        HubConnection[] panels =
        [
            await Panels.ConnectAsync(_server, HubProtocol.Json, Ct, clientId: "eerste-paneel"),
            await Panels.ConnectAsync(_server, HubProtocol.MessagePack, Ct, clientId: "tweede-paneel"),
            await Panels.ConnectAsync(_server, HubProtocol.Json, Ct, clientId: "derde-paneel"),
        ];
        try
        {
            Task<UsageAckResponse[]>[] calls;
            using (var backup = new SqliteConnection($"Data Source={Path.Combine(_server.DataPath, "usage.db")};Pooling=False"))
            {
                await backup.OpenAsync(Ct);
                await ExecuteAsync(backup, "BEGIN IMMEDIATE");
                // The writer holds at most one call (waiting for the disk) and the queue one more: of three, at least one
                // is answered busy, whichever order they arrive in.
                calls = [.. panels.Select((panel, i) => panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", Search($"evt-{i}"), Ct))];
                await Eventually.TrueAsync(() => calls.Any(c => c.IsFaulted), "a call is answered busy while the disk is held", TimeSpan.FromSeconds(30));

                foreach (var (call, i) in calls.Select((c, i) => (c, i)).Where(c => c.c.IsFaulted))
                {
                    var busy = await Assert.ThrowsAsync<HubException>(() => call);
                    Assert.Contains(UsageUnavailableException.BusyMessage, busy.Message, StringComparison.Ordinal);
                    // Refused, not broken: the same connection searches at once.
                    await panels[i].InvokeAsync<Apis.SearchResponse>("Search", "paspoort", Ct);
                }
                // Nothing is acknowledged while the disk is held.
                Assert.DoesNotContain(calls, c => c.IsCompletedSuccessfully);
                await ExecuteAsync(backup, "ROLLBACK");
            }

            // The calls that were taken are acknowledged now; then (the queue drained) a busy one, sent again as the
            // panel's outbox does, is taken.
            foreach (var call in calls.Where(c => !c.IsFaulted))
            {
                Assert.Equal("stored", Assert.Single(await call).Status);
            }
            for (var i = 0; i < calls.Length; i++)
            {
                if (calls[i].IsFaulted)
                {
                    Assert.Equal("stored", Assert.Single(await panels[i].InvokeAsync<UsageAckResponse[]>("RecordEvents", Search($"evt-{i}"), Ct)).Status);
                }
            }
        }
        finally
        {
            foreach (var panel in panels)
            {
                await panel.DisposeAsync();
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
