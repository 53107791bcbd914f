using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>The server goes away under an open guide, and comes back.</summary>
public sealed class OfflineTests(Chromium chromium) : PanelTest(chromium)
{
    private const string Guide = "Vermissing van een document melden";

    [Fact]
    public async Task Server_down_keeps_the_guide_usable_and_sends_what_was_done_once_it_is_back()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = Guide, Exact = true }).ClickAsync();
        await panel.Option("Het document is kwijt of gestolen").ClickAsync();
        await panel.ExpectStepAsync(Guide, "Identiteit van de klant vaststellen", 2, 11);
        await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath, rows => rows.Any(r => r.Type == "step-viewed" && r.StepId == "identiteit"), "step 2 viewed", ct);
        await panel.WaitForEmptyOutboxAsync();
        var before = (await UsageDatabase.EventsAsync(panel.Server.DataPath, ct)).Select(r => r.Id).ToHashSet();

        await panel.StopServerAsync();

        await PanelSession.Expect(panel.OfflineNotice).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await PanelSession.Expect(panel.OfflineNotice)
            .ToContainTextAsync("Je kunt de open werkinstructie gewoon blijven gebruiken.");
        await PanelSession.Expect(panel.Disconnected).ToBeVisibleAsync();
        // The guide stays readable and usable.
        await panel.ExpectStepAsync(Guide, "Identiteit van de klant vaststellen", 2, 11);
        await PanelSession.Expect(panel.Main.GetByText("Vraag naar een ander geldig identiteitsbewijs.")).ToBeVisibleAsync();
        await panel.Check("Het vermiste document staat op naam van de klant").CheckAsync();
        await panel.Check("De identiteit van de klant is vastgesteld").CheckAsync();
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(Guide, "Soort document kiezen", 3, 11);
        await panel.Option("Een paspoort of identiteitskaart").ClickAsync();
        await panel.ExpectStepAsync(Guide, "Reisdocument vastleggen", 4, 11);
        await panel.Button("Meld een probleem").ClickAsync();
        var flagText = "Het documentnummer staat niet in de Reisdocumentinformatie.";
        await panel.Main.GetByRole(AriaRole.Textbox, new() { Name = "Wat klopt er niet of is onduidelijk aan deze stap?" }).FillAsync(flagText);
        await panel.Button("Versturen").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Status).Filter(new() { HasText = "Dank je." }))
            .ToHaveTextAsync("Dank je. Er is nu geen verbinding; je melding wordt verstuurd zodra die er weer is.");
        var queued = await panel.OutboxAsync();
        Assert.Equal(
            ["event:check-ticked", "event:check-ticked", "event:decision-taken", "event:step-viewed", "event:step-viewed", "flag:"],
            queued.Select(item => $"{item.Kind}:{item.Type}").Order(StringComparer.Ordinal));
        await PanelSession.Expect(panel.OfflineNotice).ToBeVisibleAsync();

        // The panel retries after 0, 1, 2, 5, 10 s and then every 15 s, without being told the server is back.
        await panel.StartServerAgainAsync(reconnectWithin: TimeSpan.FromSeconds(40), ct);

        await PanelSession.Expect(panel.OfflineNotice).ToHaveCountAsync(0);
        await panel.WaitForEmptyOutboxAsync();

        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath,
            rows => queued.Where(item => item.Kind == "event").All(item => rows.Any(r => r.HasPanelId(item.Id))) && rows.Any(r => r.Type == "flag"),
            "every event queued offline",
            ct);
        var flags = await UsageDatabase.WaitForFlagsAsync(panel.Server.DataPath, rows => rows.Count > 0, "the flag sent offline", ct);

        // Each queued event once, under the id the panel gave it; the flag once, with the usage event the server adds for it.
        var flag = Assert.Single(flags);
        Assert.True(flag.HasPanelId(queued.Single(item => item.Kind == "flag").Id));
        Assert.Equal(("vermissing-melden", "documentnummer", flagText), (flag.GuideId, flag.StepId, flag.Text));
        var offline = events.Where(r => !before.Contains(r.Id)).ToList();
        Assert.Equal(offline.Count, offline.Select(r => r.Id).Distinct().Count());
        Assert.Equal(
            queued.Where(item => item.Kind == "event").Select(item => Epss.Usage.PanelUsage.OwnId(flag.Pseudonym, item.Id)).Append("flag-" + flag.Id)
                .Order(StringComparer.Ordinal),
            offline.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                ("check-ticked", "identiteit", "de-identiteit-van-de-klant-is-vastgesteld"),
                ("check-ticked", "identiteit", "het-vermiste-document-staat-op-naam-van-de-klant"),
                ("decision-taken", "welk-document", null),
                ("flag", "documentnummer", null),
                ("step-viewed", "documentnummer", null),
                ("step-viewed", "welk-document", null),
            ],
            offline.Select(r => (r.Type, r.StepId, r.CheckId)).Order());
        // Nothing from before the outage was sent a second time under another id.
        Assert.Single(events, r => r.Type == "step-viewed" && r.StepId == "identiteit");

        // And the guide goes on online.
        await panel.Check("Het juiste document is gekozen").CheckAsync();
        await panel.Check("Het documentnummer is ingevuld").CheckAsync();
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(Guide, "Eerdere vermissingen nakijken", 5, 11);
    }
}
