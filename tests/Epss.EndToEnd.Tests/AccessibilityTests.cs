using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>
/// axe-core in every state of the panel: nothing serious or critical (the rest goes to the test output). The states
/// the README shows are saved as screenshots on the way (<c>src/web/screenshots/</c>).
/// </summary>
public sealed class AccessibilityTests(Chromium chromium) : PanelTest(chromium)
{
    [Fact]
    public async Task Axe_on_the_suggestions_for_a_page_finds_nothing_serious()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen");
        await PanelSession.Expect(panel.Suggestions.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        await PanelSession.Expect(panel.Main.GetByText("Pagina: Reisdocument aanvragen")).ToBeVisibleAsync();

        await PanelChecks.AssertAccessibleAsync(panel.Page, "suggestions");
        await PanelChecks.SaveScreenshotAsync(panel.Page, "panel-suggestions");
    }

    [Fact]
    public async Task Axe_on_search_hits_finds_nothing_serious()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen");
        await panel.SearchBox.FillAsync("pasfoto");
        await PanelSession.Expect(panel.Hit("Pasfoto beoordelen")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByText("resultaten voor “pasfoto”")).ToBeVisibleAsync();

        await PanelChecks.AssertAccessibleAsync(panel.Page, "hits");
        await PanelChecks.SaveScreenshotAsync(panel.Page, "panel-hits");
    }

    [Fact]
    public async Task Axe_on_nothing_found_finds_nothing_serious()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen");
        await panel.SearchBox.FillAsync("xyzzy kwakkel");
        await PanelSession.Expect(panel.Notice("Niets gevonden voor “xyzzy kwakkel”")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Heading, new() { Name = "Misschien bedoel je" })).ToBeVisibleAsync();
        await PanelChecks.AssertAccessibleAsync(panel.Page, "nothing found");

        await panel.Button("Meld wat je zocht").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Textbox, new() { Name = "Wat wilde je doen of weten?" })).ToBeFocusedAsync();
        await PanelChecks.AssertAccessibleAsync(panel.Page, "nothing found, report form open");
    }

    [Fact]
    public async Task Axe_on_a_step_with_checks_and_a_warning_finds_nothing_serious()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        const string guide = "Vermissing van een document melden";
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.Option("Het document is kwijt of gestolen").ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteit van de klant vaststellen", 2, 11);
        // "Alle stappen" jumps to a step.
        await panel.Main.GetByText("Alle stappen").ClickAsync();
        await panel.Button("7. Verklaring ondertekenen en opslaan").ClickAsync();
        await panel.ExpectStepAsync(guide, "Verklaring ondertekenen en opslaan", 7, 11);
        await PanelSession.Expect(panel.Main.GetByText("Waarschuwing", new() { Exact = true })).ToBeVisibleAsync();
        await panel.Check("De klant weet dat de melding niet terug te draaien is").CheckAsync();
        await PanelSession.Expect(panel.Check("De klant weet dat de melding niet terug te draaien is")).ToBeCheckedAsync();
        await PanelSession.Expect(panel.Check("De verklaring is ondertekend en opgeslagen")).Not.ToBeCheckedAsync();

        await PanelChecks.AssertAccessibleAsync(panel.Page, "step with checks and a warning");
        await PanelChecks.SaveScreenshotAsync(panel.Page, "panel-step");

        await panel.Button("Volgende stap").ClickAsync();
        await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
        await PanelChecks.AssertAccessibleAsync(panel.Page, "step, asking before moving on");

        await panel.Button("Blijf bij deze stap").ClickAsync();
        await panel.Button("Meld een probleem").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Textbox, new() { Name = "Wat klopt er niet of is onduidelijk aan deze stap?" })).ToBeFocusedAsync();
        await panel.Button("Versturen").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Schrijf kort wat er niet klopt.");
        await PanelChecks.AssertAccessibleAsync(panel.Page, "step, report form with an error");
    }

    [Fact]
    public async Task Axe_on_a_decision_step_finds_nothing_serious()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/klanten", "Klanten");
        const string guide = "Identiteit vaststellen bij een aanvraag";
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.Main.GetByText("Alle stappen").ClickAsync();
        await panel.Button("3. Gezicht vergelijken met de foto").ClickAsync();
        await panel.ExpectStepAsync(guide, "Gezicht vergelijken met de foto", 3, 11);
        await PanelSession.Expect(panel.Decision.GetByRole(AriaRole.Button)).ToHaveCountAsync(3);
        await PanelSession.Expect(panel.Option("Nee, de klant lijkt niet op de foto Opent een andere werkinstructie")).ToBeVisibleAsync();

        await PanelChecks.AssertAccessibleAsync(panel.Page, "decision step");
        await PanelChecks.SaveScreenshotAsync(panel.Page, "panel-decision");
    }

    [Fact]
    public async Task Axe_on_a_step_with_its_source_and_the_guide_sources_open_finds_nothing_serious()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen");
        const string guide = "Signalering of ongeldig document in een register";
        await panel.SearchBox.FillAsync("signalering register");
        await panel.Hits.GetByRole(AriaRole.Button).Filter(new() { HasText = guide }).First.ClickAsync();
        await panel.Main.GetByText("Alle stappen").ClickAsync();
        await panel.Button("4. Voornemen tot weigeren").ClickAsync();
        await panel.ExpectStepAsync(guide, "Voornemen tot weigeren", 4, 10);

        // The step names its source, small, as a link out to the law.
        var source = panel.Main.Locator(".step-sources");
        await PanelSession.Expect(source).ToHaveTextAsync("Bron: Paspoortwet art. 44 (opent in een nieuw venster)");
        var link = source.GetByRole(AriaRole.Link);
        await PanelSession.Expect(link).ToHaveAttributeAsync("href", "https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44");
        await PanelSession.Expect(link).ToHaveAttributeAsync("target", "_blank");

        // All the guide's sources, with the day each was checked, folded away until asked for.
        await panel.Main.GetByText("Bronnen van deze werkinstructie").ClickAsync();
        await PanelSession.Expect(panel.Main.Locator(".source-list li").First).ToContainTextAsync("nagekeken");

        await PanelChecks.AssertAccessibleAsync(panel.Page, "step with its source, the guide's sources open");
        await PanelChecks.SaveScreenshotAsync(panel.Page, "panel-sources");
    }

    [Fact]
    public async Task Axe_offline_with_a_guide_open_finds_nothing_serious()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        const string guide = "Vermissing van een document melden";
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.Option("Het document is kwijt of gestolen").ClickAsync();
        await panel.ExpectStepAsync(guide, "Identiteit van de klant vaststellen", 2, 11);

        await panel.StopServerAsync();
        await PanelSession.Expect(panel.OfflineNotice).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await PanelSession.Expect(panel.Disconnected).ToBeVisibleAsync();

        await PanelChecks.AssertAccessibleAsync(panel.Page, "offline, guide open");
        await PanelChecks.SaveScreenshotAsync(panel.Page, "panel-offline");

        // The start screen offline: search cannot work, the guide just closed can be picked up again where it was.
        await panel.Button("Werkinstructie sluiten").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Heading, new() { Name = "Verder waar je was" })).ToBeVisibleAsync();
        await panel.SearchBox.FillAsync("pasfoto");
        await PanelSession.Expect(panel.Main.GetByText("Zoeken kan niet zonder verbinding.", new() { Exact = false })).ToBeVisibleAsync();
        await PanelChecks.AssertAccessibleAsync(panel.Page, "offline, searching");
    }
}
