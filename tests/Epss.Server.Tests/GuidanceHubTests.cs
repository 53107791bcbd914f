using Epss.Content.Contract;
using Epss.Content.Library;
using Epss.Server.Apis;
using Epss.Server.Hubs;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Epss.Server.Tests;

/// <summary>The guidance hub driven by the real .NET SignalR client over WebSockets, with JSON and with MessagePack.</summary>
public sealed class GuidanceHubTests : IAsyncLifetime
{
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(10);

    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task Search_with_a_typo_finds_the_guide(HubProtocol protocol)
    {
        await using var panel = await Connect(protocol);

        var result = await panel.InvokeAsync<SearchResponse>("Search", "vingerafdruken", Ct);

        Assert.Equal("vingerafdrukken-afnemen", result.Hits[0].Id);
        Assert.Contains("<mark>", result.Hits[0].Snippet, StringComparison.Ordinal);
        Assert.Null(result.Closest);
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task Search_that_finds_nothing_offers_the_closest_guides(HubProtocol protocol)
    {
        await using var panel = await Connect(protocol);

        var result = await panel.InvokeAsync<SearchResponse>("Search", "pasfotomatrixeisen ", Ct);

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        Assert.Contains(result.Closest!, g => g.Id == "pasfoto-beoordelen");
    }

    [Fact]
    public async Task Search_that_finds_nothing_close_on_a_page_offers_that_page_s_guides_through_the_hub_and_the_api_alike()
    {
        const string Page = "https://bz.example/reisdocument/aanvragen";
        const string Query = "xqzwvk ";
        await using var panel = await Connect(HubProtocol.Json);
        var forPage = await panel.InvokeAsync<ContextResponse>("SetContext", new PageContextRequest(Page, "Reisdocument aanvragen", "burgerzaken", null), Ct);

        var fromHub = await panel.InvokeAsync<SearchResponse>("Search", Query, Ct);
        var fromApi = await _server.Client.GetJsonAsync(
            $"/api/search?q={Uri.EscapeDataString(Query)}&url={Uri.EscapeDataString(Page)}&title={Uri.EscapeDataString("Reisdocument aanvragen")}&app=burgerzaken", Ct);

        Assert.Equal(0, fromHub.Total);
        Assert.Equal(forPage.Suggestions.Take(3).Select(s => s.Id), fromHub.Closest!.Select(g => g.Id));
        Assert.Equal(fromHub.Closest!.Select(g => g.Id), fromApi.GetProperty("closest").EnumerateArray().Select(g => g.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task SetContext_answers_the_guides_for_the_page_with_the_reason(HubProtocol protocol)
    {
        await using var panel = await Connect(protocol);

        var answer = await panel.InvokeAsync<ContextResponse>("SetContext",
            new PageContextRequest("https://bz.example/reisdocument/uitreiken", "Reisdocument uitreiken – Burgerzaken", "burgerzaken", "baliemedewerker"), Ct);

        // The experts made identity verification the first task of the hand-out pages (context.first).
        Assert.Equal(("identiteit-vaststellen-uitreiking", "eerste taak op deze pagina"), (answer.Suggestions[0].Id, answer.Suggestions[0].Reason));
        Assert.Equal("reisdocument-uitreiken", answer.Suggestions[1].Id);
        Assert.All(answer.Suggestions.Skip(1), s => Assert.Equal("past bij deze pagina", s.Reason));
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task OpenGuide_returns_the_guide_and_then_pushes_each_new_version(HubProtocol protocol)
    {
        await using var panel = await Connect(protocol);
        await using var other = await Connect(protocol);
        var opened = await panel.InvokeAsync<GuideResponse>("OpenGuide", "pasfoto-beoordelen", Ct);
        await other.InvokeAsync<GuideResponse>("OpenGuide", "spoedaanvraag", Ct);
        var otherReceived = 0;
        using var counting = other.On<GuideResponse>("GuideUpdated", _ => Interlocked.Increment(ref otherReceived));

        var updated = await panel.NextAsync<GuideResponse>("GuideUpdated", PushTimeout,
            () => EditGuide("pasfoto-beoordelen", "Gebruik dit als", "Gebruik dit (bijgewerkt) als"));

        Assert.NotEqual(opened.Version, updated.Version);
        Assert.Contains("(bijgewerkt)", updated.Summary, StringComparison.Ordinal);
        Assert.Equal(opened.Steps[0].Html, updated.Steps[0].Html);
        Assert.Equal(0, otherReceived);
    }

    [Fact]
    public async Task OpenGuide_of_another_guide_stops_the_updates_of_the_first()
    {
        await using var panel = await Connect(HubProtocol.Json);
        await panel.InvokeAsync<GuideResponse>("OpenGuide", "pasfoto-beoordelen", Ct);
        await panel.InvokeAsync<GuideResponse>("OpenGuide", "spoedaanvraag", Ct);
        var stale = 0;
        using var subscription = panel.On<GuideResponse>("GuideUpdated", g =>
        {
            if (g.Id == "pasfoto-beoordelen")
            {
                Interlocked.Increment(ref stale);
            }
        });

        EditGuide("pasfoto-beoordelen", "Gebruik dit als", "Gebruik dit (eerste) als");
        // The second guide's update arrives after the first's would have: when it is here, the first did not come.
        var second = await panel.NextAsync<GuideResponse>("GuideUpdated", PushTimeout,
            () => EditGuide("spoedaanvraag", "Gebruik dit als", "Gebruik dit (tweede) als"));

        Assert.Equal("spoedaanvraag", second.Id);
        Assert.Equal(0, stale);
    }

    [Fact]
    public async Task Removing_the_open_guide_tells_the_panel()
    {
        await using var panel = await Connect(HubProtocol.MessagePack);
        await panel.InvokeAsync<GuideResponse>("OpenGuide", "spoedaanvraag", Ct);

        var removed = await panel.NextAsync<string>("GuideRemoved", PushTimeout, () => _server.Content.Delete("spoedaanvraag.md"));

        Assert.Equal("spoedaanvraag", removed);
    }

    public static TheoryData<string, object?[], string> BadCalls => new()
    {
        { "Search", [null], "Typ eerst waar je naar zoekt." },
        { "Search", ["   "], "Typ eerst waar je naar zoekt." },
        { "Search", [new string('a', 201)], "hoogstens 200 tekens" },
        { "OpenGuide", ["bestaat-niet"], "Er is geen werkinstructie met id 'bestaat-niet'." },
        { "OpenGuide", ["../../etc/passwd"], "is geen geldig id van een gids" },
        { "OpenGuide", [""], "Geef het id van de gids op." },
        { "SetContext", [null], "Geef de pagina op" },
        { "SetContext", [new PageContextRequest(new string('u', 3000), null, null, null)], "Het adres van de pagina is te lang" },
        { "RecordEvent", [null], "Er zijn geen gebeurtenissen meegestuurd." },
        { "FlagStep", [new FlagRequest("pasfoto-beoordelen", "bestaat-niet", "Klopt niet")], "heeft geen stap 'bestaat-niet'" },
        { "FlagStep", [new FlagRequest("pasfoto-beoordelen", "ouderdom", "   ")], "Schrijf kort wat er niet klopt" },
        { "FlagStep", [new FlagRequest("pasfoto-beoordelen", "ouderdom", new string('x', 1001))], "hoogstens 1000 tekens" },
        { "ReportMissing", [new MissingTopicRequest(null, "Niets over verhuizen")], "Typ eerst waar je naar zoekt." },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Bad_input_gets_a_Dutch_reason_and_the_connection_stays_usable(string method, object?[] arguments, string reason)
    {
        await using var panel = await Connect(HubProtocol.Json);

        var error = await Assert.ThrowsAsync<HubException>(() => panel.InvokeCoreAsync<object>(method, arguments, Ct));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, panel.State);
        Assert.NotEmpty((await panel.InvokeAsync<SearchResponse>("Search", "pasfoto", Ct)).Hits);
    }

    [Fact]
    public async Task Unknown_event_type_and_too_many_events_are_refused_in_Dutch()
    {
        await using var panel = await Connect(HubProtocol.Json);

        var unknown = await Assert.ThrowsAsync<HubException>(() =>
            panel.InvokeAsync<UsageAckResponse>("RecordEvent", Event("onbekend-soort", "pasfoto-beoordelen"), Ct));
        var tooMany = await Assert.ThrowsAsync<HubException>(() =>
            panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", Enumerable.Range(0, 101).Select(_ => Event("step-viewed", "pasfoto-beoordelen")).ToArray(), Ct));

        Assert.Contains("Onbekend soort gebeurtenis", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("hoogstens 100 gebeurtenissen", tooMany.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, panel.State);
    }

    [Fact]
    public async Task Arguments_of_the_wrong_shape_are_refused_and_the_connection_stays_usable()
    {
        await using var panel = await Connect(HubProtocol.Json);

        await Assert.ThrowsAsync<HubException>(() => panel.InvokeCoreAsync<object>("SetContext", [42], Ct));
        await Assert.ThrowsAsync<HubException>(() => panel.InvokeCoreAsync<object>("OpenGuide", ["a", "b"], Ct));
        await Assert.ThrowsAsync<HubException>(() => panel.InvokeCoreAsync<object>("GeenMethode", [], Ct));

        Assert.Equal(HubConnectionState.Connected, panel.State);
        Assert.NotEmpty((await panel.InvokeAsync<SearchResponse>("Search", "spoed", Ct)).Hits);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_only_that_connection()
    {
        await using var rogue = await Connect(HubProtocol.Json);
        await using var panel = await Connect(HubProtocol.Json);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rogue.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<Exception>(() => rogue.InvokeAsync<SearchResponse>("Search", new string('a', 200_000), Ct));
        await closed.Task.WaitAsync(PushTimeout, Ct);

        Assert.NotEmpty((await panel.InvokeAsync<SearchResponse>("Search", "spoed", Ct)).Hits);
    }

    [Fact]
    public async Task Calls_faster_than_the_rate_limit_are_refused_and_allowed_again_after_a_pause()
    {
        await using var rogue = await Connect(HubProtocol.MessagePack);
        await using var panel = await Connect(HubProtocol.MessagePack);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            try
            {
                await rogue.InvokeAsync<SearchResponse>("Search", "paspoort", Ct);
                return null;
            }
            catch (HubException e)
            {
                return e.Message;
            }
        }));

        Assert.Contains(outcomes, m => m is not null && m.Contains("Te veel verzoeken", StringComparison.Ordinal));
        Assert.Contains(outcomes, m => m is null);
        Assert.NotEmpty((await panel.InvokeAsync<SearchResponse>("Search", "spoed", Ct)).Hits);
        // The budget refills with time (HubCallBudgetTests pins down how fast): the rogue is answered again.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await rogue.InvokeAsync<SearchResponse>("Search", "spoed", Ct)).Hits.Count > 0;
            }
            catch (HubException e) when (e.Message.Contains("Te veel verzoeken", StringComparison.Ordinal))
            {
                return false;
            }
        }, "the rate-limited connection is answered again");
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task RecordEvent_sent_twice_is_stored_once_under_a_pseudonym(HubProtocol protocol)
    {
        const string browserId = "b7e7a3c2-2f4e-4b8e-9d55-0d1c4c9b2a11";
        await using var panel = await Connect(protocol, browserId);
        await panel.InvokeAsync<ContextResponse>("SetContext", new PageContextRequest("https://bz.example/reisdocument/aanvragen", null, "burgerzaken", "baliemedewerker"), Ct);
        var usageEvent = Event("guide-opened", "paspoort-aanvragen") with { Via = "search" };

        var first = await panel.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct);
        var again = await panel.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct);

        Assert.Equal(("stored", "duplicate"), (first.Status, again.Status));
        var rows = await ReadRows("SELECT id, type, user_pseudonym, role, app, guide_id, guide_version FROM usage_events");
        var row = Assert.Single(rows);
        // Stored under the panel's id made the pseudonym's own (issue 16).
        Assert.Equal([PanelUsage.OwnId(row[2]!, usageEvent.Id!), "guide-opened"], row.Take(2));
        Assert.Equal(["baliemedewerker", "burgerzaken", "paspoort-aanvragen", usageEvent.GuideVersion], row.Skip(3));
        Assert.DoesNotContain(browserId, row[2]!, StringComparison.Ordinal);
        Assert.False(DatabaseContains(browserId));
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task RecordEvent_target_missing_is_stored_with_selector_and_page_but_no_query_or_long_number(HubProtocol protocol)
    {
        await using var panel = await Connect(protocol);
        var usageEvent = Event("target-missing", "identiteit-vaststellen-aanvraag") with
        {
            StepId = "document",
            Selector = "#documentnummer",
            PageUrl = "https://bz.example/klanten/123456789/reisdocument?zoek=jansen#rij-2",
            TargetStatus = "missing",
        };

        var ack = await panel.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent, Ct);
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            panel.InvokeAsync<UsageAckResponse>("RecordEvent", usageEvent with { Id = Guid.NewGuid().ToString(), TargetStatus = "weg" }, Ct));

        Assert.Equal("stored", ack.Status);
        Assert.Contains("ambiguous, invalid, missing", refused.Message, StringComparison.Ordinal);
        var row = Assert.Single(await ReadRows("SELECT guide_id, step_id, selector, page_url, target_status FROM usage_events WHERE type = 'target-missing'"));
        Assert.Equal(new string?[] { "identiteit-vaststellen-aanvraag", "document", "#documentnummer", "https://bz.example/klanten/#####/reisdocument", "missing" }, row);
        Assert.False(DatabaseContains("123456789"));
        Assert.False(DatabaseContains("jansen"));
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task RecordEvents_stores_a_queue_of_events_each_once(HubProtocol protocol)
    {
        await using var panel = await Connect(protocol);
        var events = Enumerable.Range(0, 100).Select(_ => Event("step-viewed", "pasfoto-beoordelen") with { StepId = "ouderdom" }).ToArray();

        var acks = await panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", events, Ct);
        var resent = await panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", events[..10], Ct);

        Assert.Equal(events.Select(e => e.Id), acks.Select(a => a.Id));
        Assert.All(acks, a => Assert.Equal("stored", a.Status));
        Assert.All(resent, a => Assert.Equal("duplicate", a.Status));
        Assert.Equal("100", (await ReadRows("SELECT count(*) FROM usage_events WHERE type = 'step-viewed'")).Single()[0]);
    }

    [Fact]
    public async Task FlagStep_and_ReportMissing_are_stored_with_the_guide_version_and_without_document_numbers()
    {
        await using var panel = await Connect(HubProtocol.MessagePack);
        var guide = await panel.InvokeAsync<GuideResponse>("OpenGuide", "pasfoto-beoordelen", Ct);

        var flag = await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("pasfoto-beoordelen", "ouderdom", "  De termijn is toch 6 maanden?  "), Ct);
        var missing = await panel.InvokeAsync<FlagResponse>("ReportMissing", new MissingTopicRequest("bsn 123456789 verhuizen", "Niets over verhuizing"), Ct);

        Assert.Equal(("pasfoto-beoordelen", "ouderdom", guide.Version, "open"), (flag.GuideId, flag.StepId, flag.GuideVersion, flag.Status));
        Assert.Equal("De termijn is toch 6 maanden?", flag.Text);
        Assert.Null(missing.GuideId);
        Assert.DoesNotContain("123456789", missing.Query, StringComparison.Ordinal);
        var stored = await ReadRows("SELECT id, guide_id, step_id, text FROM flags ORDER BY created_at");
        Assert.Equal([flag.Id, missing.Id], stored.Select(r => r[0]));
        Assert.False(DatabaseContains("123456789"));
    }

    [Fact]
    public async Task FlagStep_sent_again_with_the_same_id_is_stored_once()
    {
        await using var panel = await Connect(HubProtocol.Json);
        var id = Guid.NewGuid().ToString();

        var first = await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("spoedaanvraag", "voorwaarden", "Tijdstip klopt niet", id), Ct);
        var again = await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("spoedaanvraag", "voorwaarden", "Tijdstip klopt niet", id), Ct);

        Assert.Equal(first.Id, again.Id);
        Assert.Single(await ReadRows("SELECT id FROM flags WHERE id = $id", first.Id));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HubConnection> Connect(HubProtocol protocol, string? clientId = null) =>
        Panels.ConnectAsync(_server, protocol, Ct, clientId);

    private UsageEventRequest Event(string type, string guideId) =>
        new(Guid.NewGuid().ToString(), type, DateTimeOffset.UtcNow, Guid.NewGuid().ToString(), guideId,
            GuideVersion(guideId), null, null, null, null, null, null, null, null, null, null);

    private string GuideVersion(string guideId) =>
        _server.Services.GetRequiredService<GuideLibrary>().Current.Find(guideId)!.Version;

    private void EditGuide(string id, string from, string to)
    {
        var path = _server.Content.FullPath(id + ".md");
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));
    }

    private string DatabasePath => Path.Combine(DataPath, "usage.db");

    private string DataPath => _server.Services.GetRequiredService<IOptions<UsageOptions>>().Value.DataPath;

    private async Task<List<string?[]>> ReadRows(string sql, string? id = null)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }
        var rows = new List<string?[]>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))]);
        }
        return rows;
    }

    /// <summary>Whether a text occurs anywhere in the usage database's files (the database and its write-ahead log).</summary>
    private bool DatabaseContains(string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(DataPath, "usage.db*")
            .Any(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0);
    }
}
