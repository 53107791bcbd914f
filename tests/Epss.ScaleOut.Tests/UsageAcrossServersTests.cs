using System.Text.Json;
using Epss.Accounts;
using Epss.ScaleOut.Tests.Support;
using Npgsql;

namespace Epss.ScaleOut.Tests;

/// <summary>
/// Usage events from panels on two servers land in one PostgreSQL store: the dashboard gives the same numbers on
/// either server, and a server that dies loses none of its panels' queued events.
/// </summary>
public sealed class UsageAcrossServersTests
{
    private const string GuideId = "spoedaanvraag";
    private static readonly string[] Steps = ["reisdatum", "voorwaarden", "tijd", "aanvragen", "afronden"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_recorded_on_both_servers_give_the_same_dashboard_numbers_on_either()
    {
        await using var cluster = await Cluster.StartAsync(Ct);
        var analyst = await cluster.AddUserAsync("lieke", EpssRoles.Analyst, Ct);
        var panels = new List<QueueingPanel>();
        try
        {
            // Six officials on each server (more than the smallest group the dashboard shows), each walking the guide.
            for (var i = 0; i < 12; i++)
            {
                var panel = await QueueingPanel.ConnectAsync(i % 2 == 0 ? cluster.A.Address : cluster.B.Address, $"baliemedewerker-{i}", Ct);
                panels.Add(panel);
                panel.Open(GuideId);
                foreach (var step in Steps[..(i < 8 ? Steps.Length : 2)])
                {
                    panel.ViewStep(GuideId, step);
                }
                if (i < 8)
                {
                    panel.Complete(GuideId);
                }
            }
            await Epss.Testing.Eventually.TrueAsync(() => panels.All(p => p.Queued == 0), "every event acknowledged", TimeSpan.FromSeconds(30));

            using var onA = Cluster.Client(cluster.A, analyst);
            using var onB = Cluster.Client(cluster.B, analyst);
            var fromA = await onA.GetStringAsync("/api/analytics/guides?users=anonymous", Ct);
            var fromB = await onB.GetStringAsync("/api/analytics/guides?users=anonymous", Ct);
            Assert.Equal(fromA, fromB);
            var row = JsonDocument.Parse(fromA).RootElement.GetProperty("guides").EnumerateArray().Single(g => g.GetProperty("guideId").GetString() == GuideId);
            Assert.Equal(12, row.GetProperty("opened").GetInt64());
            Assert.Equal(8, row.GetProperty("completed").GetInt64());
            Assert.Equal(12, row.GetProperty("users").GetInt64());

            var funnelA = await onA.GetStringAsync($"/api/analytics/guides/{GuideId}/funnel?users=anonymous", Ct);
            Assert.Equal(funnelA, await onB.GetStringAsync($"/api/analytics/guides/{GuideId}/funnel?users=anonymous", Ct));
        }
        finally
        {
            foreach (var panel in panels)
            {
                await panel.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task When_a_server_dies_its_panels_reconnect_to_the_other_and_lose_no_queued_event()
    {
        await using var cluster = await Cluster.StartAsync(Ct);
        // The reverse proxy: every panel lands on A while A lives, then on B.
        await using var proxy = new FailoverProxy(cluster.A.Address, cluster.B.Address);
        var panels = new List<QueueingPanel>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                panels.Add(await QueueingPanel.ConnectAsync(proxy.Address, $"balie-{i}", Ct));
            }
            // Each panel's negotiate request and its WebSocket: all to A.
            Assert.True(proxy.Relayed[0] >= 8 && proxy.Relayed[1] == 0, $"connections to A, B: {string.Join(", ", proxy.Relayed)}");
            using var working = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            // Officials keep working throughout: an event every 20 ms per panel, whatever the connection does.
            var work = panels.Select(panel => Task.Run(async () =>
            {
                panel.Open(GuideId);
                for (var n = 0; !working.IsCancellationRequested; n++)
                {
                    panel.ViewStep(GuideId, Steps[n % Steps.Length]);
                    await Task.Delay(20, CancellationToken.None);
                }
            }, CancellationToken.None)).ToList();

            // Counted in events, not in seconds: A has taken some of every panel's events before it dies.
            await Epss.Testing.Eventually.TrueAsync(() => panels.All(p => p.Made.Count - p.Queued >= 20), "A acknowledged 20 events of every panel", TimeSpan.FromSeconds(30));
            await cluster.A.KillAsync(Ct);
            await Epss.Testing.Eventually.TrueAsync(() => panels.All(p => p.Connection.State == Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected) && proxy.Relayed[1] >= 8,
                "every panel reconnected, through the proxy, to B", TimeSpan.FromSeconds(30));
            // And B some more of every panel's, made after it took over.
            var atReconnect = panels.Select(p => p.Made.Count).ToList();
            await Epss.Testing.Eventually.TrueAsync(() => panels.Select((p, i) => p.Made.Count - atReconnect[i]).All(more => more >= 20),
                "every panel made 20 more events on B", TimeSpan.FromSeconds(30));
            await working.CancelAsync();
            await Task.WhenAll(work);
            await Epss.Testing.Eventually.TrueAsync(() => panels.All(p => p.Queued == 0), "every queued event acknowledged by B", TimeSpan.FromSeconds(30));

            var made = panels.SelectMany(p => p.Made).ToList();
            var stored = await StoredIdsAsync(cluster.PostgreSql, made);
            Assert.Equal(made.Count, stored.Count);
            Assert.Empty(made.Except(stored));
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + cluster.Transcripts());
        }
        finally
        {
            foreach (var panel in panels)
            {
                await panel.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The ids among the panels' <paramref name="ids"/> that are in the shared store, read straight from PostgreSQL (each
    /// once: ids are unique). The store keeps each as <see cref="Epss.Usage.PanelUsage.OwnId"/> of its panel's pseudonym.
    /// </summary>
    private static async Task<List<string>> StoredIdsAsync(string connectionString, IReadOnlyList<string> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT id, user_pseudonym FROM usage_events", connection);
        var storedIds = new HashSet<string>(StringComparer.Ordinal);
        var pseudonyms = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                storedIds.Add(reader.GetString(0));
                pseudonyms.Add(reader.GetString(1));
            }
        }
        return [.. ids.Where(id => pseudonyms.Any(pseudonym => storedIds.Contains(Epss.Usage.PanelUsage.OwnId(pseudonym, id))))];
    }
}
