using System.Collections.Concurrent;
using System.Text.Json;
using Epss.Accounts;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Epss.Server.Tests.Support.Editing;

namespace Epss.Server.Tests;

/// <summary>The editor hub (/hubs/editor) with real SignalR clients and experts' tokens: presence, and what happens to a guide's change.</summary>
public sealed class EditorHubTests
{
    private const string Id = "proef-gids";
    private const string OtherId = "andere-gids";
    private static readonly string Original = GuideTexts.Valid(Id, "Proefgids", "paspoort");
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_shows_both_experts_to_each_other_and_a_disconnect_to_the_one_who_stays()
    {
        await using var server = await StartAsync();
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Expert);
        var bram = await TestUsers.AddAsync(server, "bram", Ct, EpssRoles.Expert);
        await using var annas = await Panels.ConnectEditorAsync(server, anna.Token, Ct);
        var brams = await Panels.ConnectEditorAsync(server, bram.Token, Ct);
        try
        {
            var annaSees = PresenceOf(annas);
            var bramSees = PresenceOf(brams);

            Assert.Equal(["anna"], await annas.InvokeAsync<string[]>("Watch", Id, Ct));
            Assert.Equal(["anna", "bram"], await brams.InvokeAsync<string[]>("Watch", Id, Ct));
            // A second tab of the same expert is one name.
            await using (var annasSecondTab = await Panels.ConnectEditorAsync(server, anna.Token, Ct))
            {
                Assert.Equal(["anna", "bram"], await annasSecondTab.InvokeAsync<string[]>("Watch", Id, Ct));
            }

            await UntilAsync(annaSees, p => p.GuideId == Id && p.Experts.SequenceEqual(["anna", "bram"]), "anna sees bram arrive");
            Assert.All(annaSees, p => Assert.Equal(Id, p.GuideId));
            Assert.DoesNotContain(bramSees, p => !p.Experts.Contains("bram"));

            await brams.DisposeAsync();

            await UntilAsync(annaSees, p => p.Experts.SequenceEqual(["anna"]), "anna sees bram leave");
        }
        finally
        {
            await brams.DisposeAsync();
        }
    }

    [Fact]
    public async Task Watch_of_another_guide_leaves_the_first_and_tells_those_who_stay()
    {
        await using var server = await StartAsync();
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Expert);
        var bram = await TestUsers.AddAsync(server, "bram", Ct, EpssRoles.Expert);
        await using var annas = await Panels.ConnectEditorAsync(server, anna.Token, Ct);
        await using var brams = await Panels.ConnectEditorAsync(server, bram.Token, Ct);
        var annaSees = PresenceOf(annas);
        await annas.InvokeAsync<string[]>("Watch", Id, Ct);
        await brams.InvokeAsync<string[]>("Watch", Id, Ct);
        await UntilAsync(annaSees, p => p.Experts.SequenceEqual(["anna", "bram"]), "anna sees bram arrive");

        Assert.Equal(["bram"], await brams.InvokeAsync<string[]>("Watch", OtherId, Ct));

        await UntilAsync(annaSees, p => p.GuideId == Id && p.Experts.SequenceEqual(["anna"]), "anna sees bram go to the other guide");
        await brams.InvokeAsync("Leave", OtherId, Ct);
        Assert.Equal(["anna"], await annas.InvokeAsync<string[]>("Watch", OtherId, Ct));
    }

    [Fact]
    public async Task Watch_with_a_bad_id_is_refused_with_a_reason_and_the_connection_stays_usable()
    {
        await using var server = await StartAsync();
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Expert);
        await using var connection = await Panels.ConnectEditorAsync(server, anna.Token, Ct);

        var bad = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string[]>("Watch", "../../etc/passwd", Ct));
        var none = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string[]>("Watch", (string?)null, Ct));
        var leave = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Leave", "Geen Slug", Ct));

        Assert.Contains("Ongeldig gids-id.", bad.Message, StringComparison.Ordinal);
        Assert.Contains("Ongeldig gids-id.", none.Message, StringComparison.Ordinal);
        Assert.Contains("Ongeldig gids-id.", leave.Message, StringComparison.Ordinal);
        Assert.Equal(["anna"], await connection.InvokeAsync<string[]>("Watch", Id, Ct));
    }

    [Fact]
    public async Task Connect_as_an_official_is_refused()
    {
        await using var server = await StartAsync();
        var official = await TestUsers.AddAsync(server, "baliemedewerker", Ct, EpssRoles.Official);

        await Assert.ThrowsAnyAsync<Exception>(() => Panels.ConnectEditorAsync(server, official.Token, Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => Panels.ConnectEditorAsync(server, "geen-token", Ct));
    }

    [Fact]
    public async Task Save_submit_and_publish_are_told_to_the_experts_watching_the_guide_only()
    {
        await using var server = await StartAsync();
        var bram = await TestUsers.AddAsync(server, "bram", Ct, EpssRoles.Expert);
        var carla = await TestUsers.AddAsync(server, "carla", Ct, EpssRoles.Expert);
        using var anna = await ExpertAsync(server, "anna", Ct);
        using var bramHttp = TestUsers.Client(server, bram.Token);
        await using var brams = await Panels.ConnectEditorAsync(server, bram.Token, Ct);
        await using var carlas = await Panels.ConnectEditorAsync(server, carla.Token, Ct);
        var bramGets = ChangesOf(brams);
        var carlaGets = ChangesOf(carlas);
        await brams.InvokeAsync<string[]>("Watch", Id, Ct);
        await carlas.InvokeAsync<string[]>("Watch", OtherId, Ct);

        var version = await anna.SaveOkAsync(Id, GuideTexts.Valid(Id, "Proefgids", "rijbewijs"), VersionOf(Original), Ct);

        var saved = await UntilAsync(bramGets, e => e.GetProperty("what").GetString() == "saved", "bram hears of anna's save");
        Assert.Equal(["guideId", "what", "version", "by"], saved.PropertyNames());
        Assert.Equal((Id, version, "anna"), (saved.GetProperty("guideId").GetString(), saved.GetProperty("version").GetString(), saved.GetProperty("by").GetString()));

        await anna.SubmitOkAsync(Id, version, Ct);
        var submitted = await UntilAsync(bramGets, e => e.GetProperty("what").GetString() == "submitted", "bram hears of the submission");
        Assert.Equal((version, "anna"), (submitted.GetProperty("version").GetString(), submitted.GetProperty("by").GetString()));
        using (var publish = await bramHttp.ReviewAsync(Id, "publish", new { version }, Ct))
        {
            await publish.AssertOkJsonAsync(Ct);
        }
        var published = await UntilAsync(bramGets, e => e.GetProperty("what").GetString() == "published", "bram hears of the publication");
        Assert.Equal((version, "bram"), (published.GetProperty("version").GetString(), published.GetProperty("by").GetString()));
        Assert.Empty(carlaGets);
    }

    private static async Task<RunningServer> StartAsync() =>
        await StartWithGuidesAsync(HistoryDatabases.InSqlite, Ct, null, (Id, Original), (OtherId, GuideTexts.Valid(OtherId, "Andere gids", "grutto")));

    private static ConcurrentQueue<(string GuideId, string[] Experts)> PresenceOf(HubConnection connection)
    {
        var received = new ConcurrentQueue<(string, string[])>();
        connection.On<string, string[]>("Presence", (guideId, experts) => received.Enqueue((guideId, experts)));
        return received;
    }

    private static ConcurrentQueue<JsonElement> ChangesOf(HubConnection connection)
    {
        var received = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>("GuideChanged", e => received.Enqueue(e.Clone()));
        return received;
    }

    private static async Task<T> UntilAsync<T>(ConcurrentQueue<T> received, Func<T, bool> match, string what)
    {
        T found = default!;
        await Eventually.TrueAsync(() =>
        {
            var hit = received.Where(match).ToList();
            if (hit.Count > 0)
            {
                found = hit[^1];
            }
            return Task.FromResult(hit.Count > 0);
        }, what, PushTimeout);
        return found;
    }
}
