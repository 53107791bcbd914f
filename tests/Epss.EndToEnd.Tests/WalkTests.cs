using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>Following a guide step by step: decisions, checks, the question before moving on, and a reload.</summary>
public sealed class WalkTests(Chromium chromium) : PanelTest(chromium)
{
    [Fact]
    public async Task Guide_followed_through_decisions_to_its_end_step_is_completed_with_Klaar()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/klanten", "Klanten");
        const string guide = "Identiteit vaststellen bij een aanvraag";

        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.ExpectStepAsync(guide, "Klant en documenten aan de balie", 1, 7);
        await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();

        await TickAllAsync(panel, "Klant is zelf aanwezig", "Alle reisdocumenten op zijn naam liggen op de balie");
        await panel.Option("Er is een geldig identiteitsbewijs").ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteitsbewijs controleren", 2, 7);

        await TickAllAsync(panel, "Document is niet verlopen", "Echtheidskenmerken zijn aanwezig en kloppen", "Geen sporen van beschadiging of aanpassing", "Scanner geeft geen afwijking");
        await panel.Option("Het document is in orde").ClickAsync();
        await panel.ExpectStepAsync(guide, "Gezicht vergelijken met de foto", 3, 7);

        await TickAllAsync(panel, "Gezicht komt overeen met de foto", "Leeftijd past bij de geboortedatum");
        await panel.Option("Ja, de klant lijkt op de foto").ClickAsync();
        await panel.ExpectStepAsync(guide, "Persoonslijst in de BRP nakijken", 4, 7);

        await TickAllAsync(
            panel,
            "Klant staat ingeschreven in jouw gemeente",
            "Nederlanderschap staat op de persoonslijst",
            "Namen en geboortegegevens komen overeen met het document",
            "Bij een minderjarige is het gezag bekend",
            "Geen signalering in categorie 12");
        await panel.Option("De gegevens kloppen").ClickAsync();
        await panel.ExpectStepAsync(guide, "RPS-resultaat bekijken", 5, 7);

        await TickAllAsync(panel, "RPS-resultaat bekeken");
        await panel.Option("Het gaat om een rijbewijs, er is geen RPS-controle").ClickAsync();
        await panel.ExpectStepAsync(guide, "Vastleggen hoe je de identiteit hebt vastgesteld", 7, 7);
        await PanelSession.Expect(panel.Decision).ToHaveCountAsync(0);
        await PanelSession.Expect(panel.Button("Volgende stap")).ToHaveCountAsync(0);

        await panel.Button("Klaar").ClickAsync();

        await PanelSession.Expect(panel.Notice($"Afgerond: {guide}.")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Heading, new() { Name = "Voor deze pagina", Level = 1 })).ToBeFocusedAsync();
        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath, rows => rows.Any(r => r.Type == "guide-completed"), "the completed guide", ct);
        Assert.Equal(
            ["aanwezig", "document", "gezicht", "brp", "rps", "vastleggen"],
            events.Where(r => r.Type == "step-viewed").Select(r => r.StepId));
        Assert.Equal(5, events.Count(r => r.Type == "decision-taken"));
        Assert.Equal("vastleggen", Assert.Single(events, r => r.Type == "guide-completed").StepId);
    }

    [Fact]
    public async Task Guide_decision_into_another_guide_opens_that_guide_and_Terug_leads_back()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync();
        const string guide = "Pasfoto beoordelen";

        await panel.SearchBox.FillAsync(guide);
        await panel.Hit(guide).ClickAsync();
        await panel.ExpectStepAsync(guide, "Ouderdom van de foto", 1, 5);
        await TickAllAsync(panel, "Foto is niet ouder dan 6 maanden", "Gevraagd wanneer de foto is gemaakt");
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Fotomatrix toetsen", 2, 5);
        await TickAllAsync(
            panel,
            "Gezicht recht naar voren, neutrale uitdrukking",
            "Ogen open en goed zichtbaar, geen reflectie in een bril",
            "Egale, lichte achtergrond zonder schaduw",
            "Scherp, goed belicht en op het juiste formaat",
            "Niet beschadigd of bewerkt");
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Gelijkenis met de klant", 3, 5);
        await TickAllAsync(panel, "Foto lijkt op de klant");

        // An option into another guide says so in its name.
        await panel.Option("De foto lijkt niet op de klant Opent een andere werkinstructie").ClickAsync();

        await panel.ExpectStepAsync("Gezicht vergelijken met de foto", "Klant goed in beeld", 1, 5);
        await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();
        await PanelSession.Expect(panel.Main.GetByText("Terug gaat naar: Pasfoto beoordelen")).ToBeVisibleAsync();

        await panel.Button("Terug").ClickAsync();

        await panel.ExpectStepAsync(guide, "Gelijkenis met de klant", 3, 5);
        await PanelSession.Expect(panel.Check("Foto lijkt op de klant")).ToBeCheckedAsync();
        await panel.Option("De foto is te oud of voldoet niet").ClickAsync();
        await panel.ExpectStepAsync(guide, "Foto afwijzen", 5, 5);
        await panel.Button("Klaar").ClickAsync();
        await PanelSession.Expect(panel.Notice($"Afgerond: {guide}.")).ToBeVisibleAsync();

        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath, rows => rows.Any(r => r.Type == "guide-completed"), "the completed guide", ct);
        var intoOther = Assert.Single(events, r => r.Type == "decision-taken" && r.ToGuideId is not null);
        Assert.Equal(("pasfoto-beoordelen", "gelijkenis", "gezichtsvergelijking"), (intoOther.GuideId, intoOther.StepId, intoOther.ToGuideId));
        Assert.Contains(events, r => r.Type == "guide-opened" && r.GuideId == "gezichtsvergelijking" && r.Via == "link");
    }

    [Fact]
    public async Task Step_with_unticked_checks_asks_before_moving_on_and_keeps_the_ticks()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        const string guide = "Vermissing van een document melden";
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.Option("Het document is kwijt of gestolen").ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteit van de houder vaststellen", 2, 9);

        await panel.Check("Klant is de houder van het vermiste document").CheckAsync();
        await PanelSession.Expect(panel.Check("Klant is de houder van het vermiste document")).ToBeCheckedAsync();
        await panel.Button("Volgende stap").ClickAsync();

        // One of two is open: the question comes in the page, with the focus on staying.
        await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Confirm).ToContainTextAsync("1 van de 2 controlepunten is nog niet afgevinkt. Wil je toch verder?");
        await PanelSession.Expect(panel.Button("Blijf bij deze stap")).ToBeFocusedAsync();
        await panel.Button("Blijf bij deze stap").ClickAsync();

        await PanelSession.Expect(panel.Confirm).ToHaveCountAsync(0);
        await panel.ExpectStepAsync(guide, "Identiteit van de houder vaststellen", 2, 9);
        await PanelSession.Expect(panel.Check("Identiteit vastgesteld")).ToBeFocusedAsync();
        await PanelSession.Expect(panel.Check("Identiteit vastgesteld")).Not.ToBeCheckedAsync();

        await panel.Button("Volgende stap").ClickAsync();
        await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
        await panel.Button("Toch verder").ClickAsync();

        await panel.ExpectStepAsync(guide, "Document vastleggen", 3, 9);
        await PanelSession.Expect(panel.Check("Juiste document gekozen")).Not.ToBeCheckedAsync();

        await panel.Button("Terug").ClickAsync();

        await panel.ExpectStepAsync(guide, "Identiteit van de houder vaststellen", 2, 9);
        await PanelSession.Expect(panel.Check("Klant is de houder van het vermiste document")).ToBeCheckedAsync();
        await PanelSession.Expect(panel.Check("Identiteit vastgesteld")).Not.ToBeCheckedAsync();

        // All ticked: on without a question.
        await panel.Check("Identiteit vastgesteld").CheckAsync();
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Document vastleggen", 3, 9);
        await PanelSession.Expect(panel.Confirm).ToHaveCountAsync(0);

        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath,
            rows => rows.Count(r => r.Type == "check-ticked") == 2 && rows.Count(r => r.Type == "step-viewed" && r.StepId == "documentnummer") == 2,
            "both ticks and the two visits of step 3",
            ct);
        Assert.All(events.Where(r => r.Type == "check-ticked"), r => Assert.Equal(("identiteit", true), (r.StepId, r.Checked)));
    }

    [Fact]
    public async Task Reload_on_step_three_shows_the_same_guide_step_and_tick()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        const string guide = "Vermissing van een document melden";
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.Option("Het document is kwijt of gestolen").ClickAsync();
        await TickAllAsync(panel, "Klant is de houder van het vermiste document", "Identiteit vastgesteld");
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Document vastleggen", 3, 9);
        await panel.Check("Juiste document gekozen").CheckAsync();
        await PanelSession.Expect(panel.Check("Juiste document gekozen")).ToBeCheckedAsync();

        await panel.Page.ReloadAsync();

        await panel.ExpectStepAsync(guide, "Document vastleggen", 3, 9);
        await PanelSession.Expect(panel.Check("Juiste document gekozen")).ToBeCheckedAsync();
        await PanelSession.Expect(panel.Check("Documentnummer ingevuld")).Not.ToBeCheckedAsync();
        await PanelSession.Expect(panel.Connected).ToBeVisibleAsync();
        // "Terug" still knows the way taken before the reload.
        await panel.Button("Terug").ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteit van de houder vaststellen", 2, 9);
        await PanelSession.Expect(panel.Check("Identiteit vastgesteld")).ToBeCheckedAsync();

        // The same run goes on: resumed, and the abandon queued when the page went away was taken back.
        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath,
            rows => rows.Any(r => r.Type == "guide-opened" && r.Via == "resume") && rows.Any(r => r.Type == "step-viewed" && r.StepId == "identiteit" && r.OccurredAt > rows.First(o => o.Via == "resume").OccurredAt),
            "the resumed walk",
            ct);
        var runs = events.Where(r => r.Type == "guide-opened").Select(r => r.RunId).Distinct();
        Assert.Single(runs);
        Assert.DoesNotContain(events, r => r.Type == "guide-abandoned");
        await panel.WaitForEmptyOutboxAsync();
    }

    private static async Task TickAllAsync(PanelSession panel, params string[] checks)
    {
        foreach (var check in checks)
        {
            await panel.Check(check).CheckAsync();
            await PanelSession.Expect(panel.Check(check)).ToBeCheckedAsync();
        }
    }
}
