using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>Following a guide step by step: decisions, checks, the question before moving on, and a reload.</summary>
public sealed class WalkTests(Chromium chromium) : PanelTest(chromium)
{
    private const string IdentityGuide = "Identiteit vaststellen bij een aanvraag";

    /// <summary>The identity guide opened from the client page, its first step ticked and left for the document step.</summary>
    private async Task<PanelSession> AtIdentityDocumentStepAsync()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/klanten", "Klanten");
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = IdentityGuide, Exact = true }).ClickAsync();
        await TickAllAsync(panel, "De klant staat zelf aan de balie", "Alle reisdocumenten van de klant liggen op de balie");
        await panel.Option("Een geldig identiteitsbewijs").ClickAsync();
        return panel;
    }

    [Fact]
    public async Task Sluiten_can_be_undone_and_Opnieuw_beginnen_asks_before_the_ticks_are_lost()
    {
        const string guide = IdentityGuide;
        var panel = await AtIdentityDocumentStepAsync();
        await panel.Check("Het document is niet verlopen").CheckAsync();

        // Opnieuw beginnen would lose two ticks and a step: asked first, staying is the default.
        await panel.Button("Opnieuw beginnen").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Alertdialog, new() { Name = "Opnieuw beginnen?" })).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Button("Blijf waar je bent")).ToBeFocusedAsync();
        await panel.Page.Keyboard.PressAsync("Enter");
        await panel.ExpectStepAsync(guide, "Identiteitsbewijs controleren", 2, 11);
        await PanelSession.Expect(panel.Check("Het document is niet verlopen")).ToBeCheckedAsync();

        // Sluiten is one click, and so is going back to where the official was.
        await panel.Button("Werkinstructie sluiten").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByText($"Gesloten: {guide}.", new() { Exact = false })).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByText("Bij stap: Identiteitsbewijs controleren")).ToBeVisibleAsync();
        await panel.Main.Locator(".resume").GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteitsbewijs controleren", 2, 11);
        await PanelSession.Expect(panel.Check("Het document is niet verlopen")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task Unusual_option_goes_to_the_other_guide_without_the_unticked_question_and_shows_its_intro()
    {
        const string guide = IdentityGuide;
        var panel = await AtIdentityDocumentStepAsync();
        await TickAllAsync(panel, "Het document is niet verlopen", "De echtheidskenmerken zijn aanwezig en kloppen", "Het document is niet beschadigd of aangepast");
        await panel.Option("Ja, het document is in orde").ClickAsync();
        await panel.ExpectStepAsync(guide, "Gezicht vergelijken met de foto", 3, 11);

        // The usual way on still asks: nothing is ticked.
        await panel.Option("Ja, de klant lijkt op de foto").ClickAsync();
        await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
        await panel.Button("Blijf bij deze stap").ClickAsync();

        // "Gezicht komt overeen" cannot honestly be ticked when the face does not match: no question on that way.
        await panel.Option("Nee, de klant lijkt niet op de foto Opent een andere werkinstructie").ClickAsync();
        await panel.ExpectStepAsync("Twijfel aan de identiteit", "Signalen herkennen", 1, 7);
        await PanelSession.Expect(panel.Confirm).ToHaveCountAsync(0);
        await PanelSession.Expect(panel.Main.GetByText("Twijfel is een reden om te stoppen, niet om door te werken.", new() { Exact = false })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Guide_followed_through_decisions_to_its_end_step_is_completed_with_Klaar()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/klanten", "Klanten");
        const string guide = "Identiteit vaststellen bij een aanvraag";

        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.ExpectStepAsync(guide, "Klant en documenten aan de balie", 1, 11);
        await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();

        await TickAllAsync(panel, "De klant staat zelf aan de balie", "Alle reisdocumenten van de klant liggen op de balie");
        await panel.Option("Een geldig identiteitsbewijs").ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteitsbewijs controleren", 2, 11);

        await TickAllAsync(panel, "Het document is niet verlopen", "De echtheidskenmerken zijn aanwezig en kloppen", "Het document is niet beschadigd of aangepast");
        await panel.Option("Ja, het document is in orde").ClickAsync();
        await panel.ExpectStepAsync(guide, "Gezicht vergelijken met de foto", 3, 11);

        await TickAllAsync(panel, "Het gezicht komt overeen met de foto", "De leeftijd past bij de geboortedatum");
        await panel.Option("Ja, de klant lijkt op de foto").ClickAsync();
        await panel.ExpectStepAsync(guide, "Persoonslijst openen", 4, 11);

        await TickAllAsync(panel, "Namen en geboortegegevens op de persoonslijst kloppen met het document");
        await panel.Option("De klant staat in onze gemeente ingeschreven en vraagt een rijbewijs aan").ClickAsync();
        await panel.ExpectStepAsync(guide, "Nationaliteit of verblijf voor een rijbewijs", 6, 11);

        // A driving licence asks for an EU or EEA nationality or a residence document, and no travel-document register.
        await TickAllAsync(panel, "De klant heeft een EU- of EER-nationaliteit, of een geldig verblijfsdocument");
        await panel.Option("Ja, EU- of EER-nationaliteit of een geldig verblijfsdocument").ClickAsync();
        await panel.ExpectStepAsync(guide, "Vastleggen hoe je de identiteit hebt vastgesteld", 9, 11);
        await PanelSession.Expect(panel.Decision).ToHaveCountAsync(0);
        await PanelSession.Expect(panel.Button("Volgende stap")).ToHaveCountAsync(0);

        await panel.Button("Klaar").ClickAsync();

        await PanelSession.Expect(panel.Notice($"Afgerond: {guide}.")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Heading, new() { Name = "Voor deze pagina", Level = 1 })).ToBeFocusedAsync();
        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath, rows => rows.Any(r => r.Type == "guide-completed"), "the completed guide", ct);
        Assert.Equal(
            ["aanwezig", "document", "gezicht", "brp", "brp-rijbewijs", "vastleggen"],
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
        await panel.ExpectStepAsync(guide, "Ouderdom van de foto", 1, 6);
        await TickAllAsync(panel, "De foto is niet ouder dan 6 maanden", "Ik heb gevraagd wanneer de foto is gemaakt");
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Fotomatrix toetsen", 2, 6);
        await TickAllAsync(
            panel,
            "Het gezicht kijkt recht naar voren, met een neutrale uitdrukking",
            "De ogen zijn open en goed zichtbaar, zonder reflectie in een bril",
            "De achtergrond is egaal en licht, zonder schaduw",
            "De foto is scherp, goed belicht en op het juiste formaat",
            "De foto is niet beschadigd of bewerkt");
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Uitzonderingen", 3, 6);
        await TickAllAsync(panel, "Ik heb nagekeken of een uitzondering geldt");
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Gelijkenis met de klant", 4, 6);
        await TickAllAsync(panel, "De foto lijkt op de klant");

        // An option into another guide says so in its name.
        await panel.Option("De foto lijkt niet op de klant Opent een andere werkinstructie").ClickAsync();

        await panel.ExpectStepAsync("Gezicht vergelijken met de foto", "Klant goed in beeld", 1, 5);
        await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();
        await PanelSession.Expect(panel.Main.GetByText("Terug gaat naar: Pasfoto beoordelen")).ToBeVisibleAsync();

        await panel.Button("Terug").ClickAsync();

        await panel.ExpectStepAsync(guide, "Gelijkenis met de klant", 4, 6);
        await PanelSession.Expect(panel.Check("De foto lijkt op de klant")).ToBeCheckedAsync();
        await panel.Option("De foto is te oud of voldoet niet").ClickAsync();
        await panel.ExpectStepAsync(guide, "Foto afwijzen", 6, 6);
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
        await panel.ExpectStepAsync(guide, "Identiteit van de klant vaststellen", 2, 11);

        await panel.Check("Het vermiste document staat op naam van de klant").CheckAsync();
        await PanelSession.Expect(panel.Check("Het vermiste document staat op naam van de klant")).ToBeCheckedAsync();
        await panel.Button("Volgende stap").ClickAsync();

        // One of two is open: the question comes in the page, with the focus on staying.
        await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Confirm).ToContainTextAsync("1 van de 2 controlepunten is nog niet afgevinkt. Wil je toch verder?");
        await PanelSession.Expect(panel.Button("Blijf bij deze stap")).ToBeFocusedAsync();
        await panel.Button("Blijf bij deze stap").ClickAsync();

        await PanelSession.Expect(panel.Confirm).ToHaveCountAsync(0);
        await panel.ExpectStepAsync(guide, "Identiteit van de klant vaststellen", 2, 11);
        await PanelSession.Expect(panel.Check("De identiteit van de klant is vastgesteld")).ToBeFocusedAsync();
        await PanelSession.Expect(panel.Check("De identiteit van de klant is vastgesteld")).Not.ToBeCheckedAsync();

        await panel.Button("Volgende stap").ClickAsync();
        await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
        await panel.Button("Toch verder").ClickAsync();

        await panel.ExpectStepAsync(guide, "Soort document kiezen", 3, 11);
        await PanelSession.Expect(panel.Option("Een paspoort of identiteitskaart")).ToBeVisibleAsync();

        await panel.Button("Terug").ClickAsync();

        await panel.ExpectStepAsync(guide, "Identiteit van de klant vaststellen", 2, 11);
        await PanelSession.Expect(panel.Check("Het vermiste document staat op naam van de klant")).ToBeCheckedAsync();
        await PanelSession.Expect(panel.Check("De identiteit van de klant is vastgesteld")).Not.ToBeCheckedAsync();

        // All ticked: on without a question.
        await panel.Check("De identiteit van de klant is vastgesteld").CheckAsync();
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(guide, "Soort document kiezen", 3, 11);
        await PanelSession.Expect(panel.Confirm).ToHaveCountAsync(0);

        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath,
            rows => rows.Count(r => r.Type == "check-ticked") == 2 && rows.Count(r => r.Type == "step-viewed" && r.StepId == "welk-document") == 2,
            "both ticks and the two visits of step 3",
            ct);
        Assert.All(events.Where(r => r.Type == "check-ticked"), r => Assert.Equal(("identiteit", true), (r.StepId, r.Checked)));
    }

    [Fact]
    public async Task Reload_on_a_step_shows_the_same_guide_step_and_tick()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        const string guide = "Vermissing van een document melden";
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.Option("Het document is kwijt of gestolen").ClickAsync();
        await TickAllAsync(panel, "Het vermiste document staat op naam van de klant", "De identiteit van de klant is vastgesteld");
        await panel.Button("Volgende stap").ClickAsync();
        await panel.Option("Een paspoort of identiteitskaart").ClickAsync();
        await panel.ExpectStepAsync(guide, "Reisdocument vastleggen", 4, 11);
        await panel.Check("Het juiste document is gekozen").CheckAsync();
        await PanelSession.Expect(panel.Check("Het juiste document is gekozen")).ToBeCheckedAsync();

        await panel.Page.ReloadAsync();

        await panel.ExpectStepAsync(guide, "Reisdocument vastleggen", 4, 11);
        await PanelSession.Expect(panel.Check("Het juiste document is gekozen")).ToBeCheckedAsync();
        await PanelSession.Expect(panel.Check("Het documentnummer is ingevuld")).Not.ToBeCheckedAsync();
        await PanelSession.Expect(panel.Connected).ToBeVisibleAsync();
        // "Terug" still knows the way taken before the reload.
        await panel.Button("Terug").ClickAsync();
        await panel.ExpectStepAsync(guide, "Soort document kiezen", 3, 11);
        await panel.Button("Terug").ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteit van de klant vaststellen", 2, 11);
        await PanelSession.Expect(panel.Check("De identiteit van de klant is vastgesteld")).ToBeCheckedAsync();

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
