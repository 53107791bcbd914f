using Epss.EndToEnd.Tests.Layer.Support;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Layer;

/// <summary>
/// The embeddable overlay: the demo host with <c>&lt;script src="{server}/overlay.js" defer&gt;</c>, no extension.
/// The launcher opens the panel beside the page, which then suggests, opens and highlights as with the extension.
/// </summary>
public sealed class OverlayTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static ILocator Launcher(IPage host) => host.GetByRole(AriaRole.Button, new() { Name = "Hulp bij deze taak", Exact = true });

    private static IFrameLocator Panel(IPage host) => host.FrameLocator("epss-overlay iframe");

    [Fact]
    public async Task Overlay_suggests_opens_and_highlights_and_follows_in_page_navigation()
    {
        await using var session = await LayerSession.StartAsync(extension: false, overlay: true, Cancellation);
        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        await Assertions.Expect(Launcher(host)).ToHaveAttributeAsync("aria-expanded", "false");
        // Keyboard reachable: a real button.
        await Launcher(host).FocusAsync();
        await host.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Launcher(host)).ToHaveAttributeAsync("aria-expanded", "true");
        var panel = Panel(host);

        await ExtensionTests.ExpectSuggestionAsync(panel, "Paspoort aanvragen");
        await ExtensionTests.OpenGuideAsync(panel);
        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Een geldig identiteitsbewijs", Exact = true }).ClickAsync();
        await LayerChecks.ExpectHighlightedAsync(host, "#documentnummer");
        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Ja, het document is in orde", Exact = true }).ClickAsync();
        await LayerChecks.ExpectHighlightedAsync(host, "#gezichtscontrole");

        Directory.CreateDirectory(LayerSession.ScreenshotFolder);
        await host.ScreenshotAsync(new() { Path = Path.Combine(LayerSession.ScreenshotFolder, "overlay-highlight.png") });

        // Open/closed is remembered across page loads.
        await host.ReloadAsync();
        await Assertions.Expect(Launcher(host)).ToHaveAttributeAsync("aria-expanded", "true");

        await host.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Vermissing melden", Exact = true }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Werkinstructie sluiten", Exact = true }).ClickAsync();
        await ExtensionTests.ExpectSuggestionAsync(panel, "Vermissing van een document melden");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Overlay_reports_a_missing_field_and_picks_a_step_up_on_the_page_it_belongs_to()
    {
        await using var session = await LayerSession.StartAsync(extension: false, overlay: true, Cancellation);
        await session.BreakDocumentTargetAsync(Cancellation);

        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        await Launcher(host).ClickAsync();
        var panel = Panel(host);
        var place = panel.GetByRole(AriaRole.Main).Locator("[data-place]");
        await ExtensionTests.ExpectSuggestionAsync(panel, "Paspoort aanvragen");
        await ExtensionTests.OpenGuideAsync(panel);
        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Een geldig identiteitsbewijs", Exact = true }).ClickAsync();

        // The field is gone: the step's text is the guide now, the panel says so, and L&D hears of it.
        await Assertions.Expect(place).ToHaveAttributeAsync("data-place", "missing", new() { Timeout = 10_000 });
        await Assertions.Expect(panel.GetByRole(AriaRole.Main).GetByText("Neem het document in de hand.", new() { Exact = false })).ToBeVisibleAsync();
        await LayerChecks.ExpectNoHighlightAsync(host);
        await UsageDatabase.WaitForEventsAsync(
            session.Server.DataPath,
            rows => rows.Any(r => r.Type == "target-missing" && r.GuideId == "identiteit-vaststellen-aanvraag" && r.StepId == "document"),
            "a target-missing event for step 'document'",
            Cancellation,
            TimeSpan.FromSeconds(15));

        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Ja, het document is in orde", Exact = true }).ClickAsync();
        await LayerChecks.ExpectHighlightedAsync(host, "#gezichtscontrole");
        await Assertions.Expect(place).ToHaveCountAsync(0);
        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Ja, de klant lijkt op de foto", Exact = true }).ClickAsync();

        // The BRP step is done on the client list: the panel names that page and highlights nothing here...
        await Assertions.Expect(place).ToHaveAttributeAsync("data-place", "other-page");
        await Assertions.Expect(place.Locator("strong")).ToHaveTextAsync("/klanten");
        await LayerChecks.ExpectNoHighlightAsync(host);
        await host.ScreenshotAsync(new() { Path = Path.Combine(LayerSession.ScreenshotFolder, "overlay-other-page.png") });
        // ...and picks the step up there, with its field highlighted.
        await host.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Klanten", Exact = true }).ClickAsync();
        await LayerChecks.ExpectHighlightedAsync(host, "#klant-zoeken");
        await Assertions.Expect(place).ToHaveCountAsync(0);
        await Assertions.Expect(panel.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Persoonslijst openen");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Overlay_suggests_the_guide_made_for_the_kind_of_document_chosen_in_the_form()
    {
        await using var session = await LayerSession.StartAsync(extension: false, overlay: true, Cancellation);
        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        await Launcher(host).ClickAsync();
        var panel = Panel(host);
        await ExtensionTests.ExpectSuggestionAsync(panel, "Paspoort aanvragen");
        await Assertions.Expect(ExtensionTests.Suggestion(panel, "Tweede paspoort aanvragen")).ToHaveCountAsync(0);

        // The form keeps its mode in the address and the title, as a real application does; the panel follows.
        await host.GetByLabel("Soort document", new() { Exact = true }).SelectOptionAsync("tweede-paspoort");
        await ExtensionTests.ExpectSuggestionAsync(panel, "Tweede paspoort aanvragen");
        await host.GetByLabel("Soort document", new() { Exact = true }).SelectOptionAsync("vluchteling");
        await ExtensionTests.ExpectSuggestionAsync(panel, "Reisdocument voor een vluchteling of vreemdeling");
        await Assertions.Expect(ExtensionTests.Suggestion(panel, "Tweede paspoort aanvragen")).ToHaveCountAsync(0);

        await host.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Aanvraag aan huis", Exact = true }).ClickAsync();
        await ExtensionTests.ExpectSuggestionAsync(panel, "Aanvraag buiten het gemeentehuis");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Overlay_leaks_no_globals_and_host_css_does_not_reach_it()
    {
        await using var session = await LayerSession.StartAsync(extension: false, overlay: false, Cancellation);
        var host = await session.OpenHostAsync("/klanten");
        var before = await host.EvaluateAsync<string[]>("() => Object.keys(window).sort()");

        // The same page, now with the overlay's script tag added as a host would (and a hostile stylesheet).
        var script = new Uri(session.Server.Address, "/overlay.js").ToString();
        await host.AddStyleTagAsync(new() { Content = "* { color: red !important; font-family: serif !important; } button { background: yellow !important; padding: 40px !important; } iframe { width: 10px !important; } div { display: none; }" });
        await host.EvaluateAsync("src => new Promise((resolve, reject) => { const s = document.createElement('script'); s.src = src; s.dataset.epssApp = 'burgerzaken'; s.onload = resolve; s.onerror = reject; document.head.append(s); })", script);
        // A script added by script has no document.currentScript problem: currentScript is set while it runs.
        await Assertions.Expect(Launcher(host)).ToBeVisibleAsync();
        var after = await host.EvaluateAsync<string[]>("() => Object.keys(window).sort()");
        Assert.Equal(before, after);

        var style = await Launcher(host).EvaluateAsync<string>(
            "b => { const s = getComputedStyle(b); return JSON.stringify([s.color, s.fontFamily, s.backgroundColor, s.paddingTop]); }");
        Assert.DoesNotContain("rgb(255, 0, 0)", style, StringComparison.Ordinal);
        Assert.DoesNotContain("serif\"", style.Replace("sans-serif", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("rgb(255, 255, 0)", style, StringComparison.Ordinal);
        Assert.DoesNotContain("40px", style, StringComparison.Ordinal);

        await Launcher(host).ClickAsync();
        var width = await host.Locator("epss-overlay iframe").EvaluateAsync<double>("f => f.getBoundingClientRect().width");
        Assert.Equal(360, width, 1.0);
        await ExtensionTests.ExpectSuggestionAsync(Panel(host), "Identiteit vaststellen bij een aanvraag");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Overlay_highlights_in_scrolling_container_under_fixed_header_in_modal_dialog_and_iframe()
    {
        await using var session = await LayerSession.StartAsync(extension: false, overlay: true, Cancellation);
        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        await Launcher(host).ClickAsync();
        var panel = await LayerChecks.PanelFrameAsync(host, session.Server.Address);
        await Assertions.Expect(Panel(host).GetByText("Verbonden", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await LayerChecks.RecordStatusesAsync(panel);
        await HardCases.RunAsync(host, panel);
        session.AssertNoErrors();
    }

    private static async Task TickAllAsync(IFrameLocator panel)
    {
        var checks = panel.GetByRole(AriaRole.Main).GetByRole(AriaRole.Checkbox);
        for (var i = 0; i < await checks.CountAsync(); i++)
        {
            await checks.Nth(i).CheckAsync();
        }
    }
}
