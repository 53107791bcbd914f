using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Epss.Accounts;
using Epss.Content.Parsing;
using Epss.ScaleOut.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Epss.ScaleOut.Tests;

/// <summary>
/// Two real servers on one Redis and one PostgreSQL (both from Debian's packages, started by the test), panels on
/// each: what is published on one reaches the panels of both.
/// </summary>
public sealed class TwoServersTests
{
    private const string GuideId = "spoedaanvraag";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guide_published_on_one_server_reaches_the_panels_and_the_index_of_both()
    {
        await using var cluster = await Cluster.StartAsync(Ct);
        var anna = await cluster.AddUserAsync("anna", EpssRoles.Expert, Ct);
        var bram = await cluster.AddUserAsync("bram", EpssRoles.Expert, Ct);
        var panels = new List<(HubConnection Connection, Task<JsonElement> Updated)>();
        try
        {
            foreach (var server in new[] { cluster.A, cluster.A, cluster.B, cluster.B })
            {
                var panel = await ConnectPanelAsync(server.Address);
                var updated = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                panel.On<JsonElement>("GuideUpdated", guide => updated.TrySetResult(guide));
                await panel.InvokeAsync<JsonElement>("OpenGuide", GuideId, Ct);
                panels.Add((panel, updated.Task));
            }

            var before = File.ReadAllText(cluster.Content.FullPath(GuideId + ".md"));
            var after = before.Replace("sluitingstijd", "veerbootsluitingstijd", StringComparison.Ordinal);
            var version = VersionOf(after);
            using (var annaOnA = Cluster.Client(cluster.A, anna))
            using (var bramOnA = Cluster.Client(cluster.A, bram))
            {
                await OkAsync(await annaOnA.PutAsJsonAsync($"/api/guides/{GuideId}/source", new { text = after, baseVersion = VersionOf(before), note = "" }, Ct));
                await OkAsync(await annaOnA.PostAsJsonAsync($"/api/guides/{GuideId}/review/submit", new { version, note = "" }, Ct));
                await OkAsync(await bramOnA.PostAsJsonAsync($"/api/guides/{GuideId}/review/publish", new { version }, Ct));
            }

            foreach (var (_, updated) in panels)
            {
                var guide = await updated.WaitAsync(Patience, Ct);
                Assert.Equal(version, guide.GetProperty("version").GetString());
            }
            // B's own index, brought up to date from the feed: search needs no hop to another server.
            using var onB = Cluster.Client(cluster.B);
            var hits = await onB.GetFromJsonAsync<JsonElement>("/api/search?q=veerbootsluitingstijd", Ct);
            Assert.Contains(hits.GetProperty("hits").EnumerateArray(), h => h.GetProperty("id").GetString() == GuideId);
            var served = await onB.GetFromJsonAsync<JsonElement>($"/api/guides/{GuideId}", Ct);
            Assert.Equal(version, served.GetProperty("version").GetString());
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + cluster.Transcripts());
        }
        finally
        {
            foreach (var (panel, _) in panels)
            {
                await panel.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Experts_on_different_servers_see_each_other_in_the_editor()
    {
        await using var cluster = await Cluster.StartAsync(Ct);
        var anna = await cluster.AddUserAsync("anna", EpssRoles.Expert, Ct);
        var bram = await cluster.AddUserAsync("bram", EpssRoles.Expert, Ct);
        await using var annaOnA = await ConnectEditorAsync(cluster.A.Address, anna);
        await using var bramOnB = await ConnectEditorAsync(cluster.B.Address, bram);
        var annaSees = new System.Collections.Concurrent.ConcurrentQueue<string[]>();
        annaOnA.On<string, string[]>("Presence", (guide, present) => annaSees.Enqueue(present));

        Assert.Equal(["anna"], await annaOnA.InvokeAsync<string[]>("Watch", GuideId, Ct));
        Assert.Equal(["anna", "bram"], await bramOnB.InvokeAsync<string[]>("Watch", GuideId, Ct));
        await Epss.Testing.Eventually.TrueAsync(() => annaSees.Any(p => p.SequenceEqual(["anna", "bram"])), "anna, on A, told that bram (on B) opened the guide");

        await bramOnB.StopAsync(Ct);

        await Epss.Testing.Eventually.TrueAsync(() => annaSees.LastOrDefault() is ["anna"], "anna told that bram left");
    }

    [Fact]
    public async Task A_save_on_one_server_is_seen_on_the_other_and_two_saves_at_once_on_both_end_in_a_conflict()
    {
        await using var cluster = await Cluster.StartAsync(Ct);
        var anna = await cluster.AddUserAsync("anna", EpssRoles.Expert, Ct);
        var bram = await cluster.AddUserAsync("bram", EpssRoles.Expert, Ct);
        using var annaOnA = Cluster.Client(cluster.A, anna);
        using var bramOnB = Cluster.Client(cluster.B, bram);
        await using var bramsEditor = await ConnectEditorAsync(cluster.B.Address, bram);
        var noticesOnB = new System.Collections.Concurrent.ConcurrentQueue<JsonElement>();
        bramsEditor.On<JsonElement>("GuideChanged", change => noticesOnB.Enqueue(change));
        await bramsEditor.InvokeAsync<string[]>("Watch", GuideId, Ct);
        try
        {
            // A save on A: bram's editor on B hears of it, and B serves the change from the shared history.
            var published = File.ReadAllText(cluster.Content.FullPath(GuideId + ".md"));
            var annas = published.Replace("sluitingstijd", "sluitingstijd (anna)", StringComparison.Ordinal);
            await OkAsync(await annaOnA.PutAsJsonAsync($"/api/guides/{GuideId}/source", new { text = annas, baseVersion = VersionOf(published), note = "" }, Ct));
            await Epss.Testing.Eventually.TrueAsync(() => noticesOnB.Any(n => n.GetProperty("version").GetString() == VersionOf(annas)),
                "bram's editor on B told of anna's save on A", Patience);
            var change = await bramOnB.GetFromJsonAsync<JsonElement>($"/api/guides/{GuideId}/review", Ct);
            Assert.Equal(VersionOf(annas), change.GetProperty("headVersion").GetString());

            // Both save on the version they both have, at the same moment, on different servers: one wins, the other
            // gets the conflict with the winner's text; nothing is lost. Several rounds, to meet the race.
            var head = annas;
            for (var round = 0; round < 5; round++)
            {
                var fromA = head.Replace("sluitingstijd (", $"sluitingstijd (A{round} ", StringComparison.Ordinal);
                var fromB = head.Replace("sluitingstijd (", $"sluitingstijd (B{round} ", StringComparison.Ordinal);
                var saves = await Task.WhenAll(
                    annaOnA.PutAsJsonAsync($"/api/guides/{GuideId}/source", new { text = fromA, baseVersion = VersionOf(head), note = "" }, Ct),
                    bramOnB.PutAsJsonAsync($"/api/guides/{GuideId}/source", new { text = fromB, baseVersion = VersionOf(head), note = "" }, Ct));
                var statuses = saves.Select(r => (int)r.StatusCode).Order().ToArray();
                Assert.True(statuses is [200, 409], $"round {round}: {string.Join(" | ", await Task.WhenAll(saves.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}")))}");
                var winner = (int)saves[0].StatusCode == 200 ? fromA : fromB;
                var conflict = await saves.Single(r => (int)r.StatusCode == 409).Content.ReadFromJsonAsync<JsonElement>(Ct);
                Assert.Equal(winner, conflict.GetProperty("theirs").GetProperty("text").GetString());
                Assert.Equal(VersionOf(winner), conflict.GetProperty("theirs").GetProperty("version").GetString());
                foreach (var response in saves)
                {
                    response.Dispose();
                }
                head = winner;
            }
            var history = await bramOnB.GetFromJsonAsync<JsonElement>($"/api/guides/{GuideId}/history", Ct);
            Assert.Contains(history.EnumerateArray(), v => v.GetProperty("version").GetString() == VersionOf(head));
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + cluster.Transcripts());
        }
    }

    private static async Task<HubConnection> ConnectEditorAsync(Uri server, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/editor"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync(Ct);
        return connection;
    }

    private static string VersionOf(string text) => GuideParser.VersionOf(Encoding.UTF8.GetBytes(text));

    private static async Task<HubConnection> ConnectPanelAsync(Uri server)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/guidance?client=" + Guid.NewGuid().ToString("N")), HttpTransportType.WebSockets)
            .Build();
        await connection.StartAsync(Ct);
        return connection;
    }

    private static async Task OkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }
    }
}
