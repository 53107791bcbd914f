using Epss.EndToEnd.Tests.Layer.Support;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Layer;

/// <summary>
/// The browser extension in Chromium, unpacked, on the demo Burgerzaken application: the side panel page (opened as a
/// tab that follows the host tab, since only a user gesture opens Chrome's real side panel) shows the panel, the
/// content script reports the page and highlights the step's target.
/// </summary>
public sealed class ExtensionTests
{
    private const string Guide = "Identiteit vaststellen bij een aanvraag";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    internal static ILocator Suggestion(IFrameLocator panel, string title) =>
        panel.GetByRole(AriaRole.List, new() { Name = "Voorgestelde werkinstructies", Exact = true })
            .GetByRole(AriaRole.Button, new() { Name = title, Exact = true });

    /// <summary>Waits until the panel suggests <paramref name="title"/>; on failure, says what the panel showed instead.</summary>
    internal static async Task ExpectSuggestionAsync(IFrameLocator panel, string title)
    {
        try
        {
            await Assertions.Expect(Suggestion(panel, title)).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }
        catch (PlaywrightException)
        {
            var shown = await panel.Locator("body").InnerTextAsync(new() { Timeout = 2_000 });
            Assert.Fail($"The panel does not suggest '{title}'. It shows:\n{shown}");
        }
    }

    /// <summary>
    /// Opens <see cref="Guide"/> on /reisdocument/aanvragen: it fits the page, but more guides fit than the panel
    /// shows at first, so it is found through the panel's search.
    /// </summary>
    internal static async Task OpenGuideAsync(IFrameLocator panel)
    {
        await panel.GetByRole(AriaRole.Searchbox, new() { Name = "Zoek een werkinstructie", Exact = true }).FillAsync(Guide);
        await panel.GetByRole(AriaRole.List, new() { Name = "Zoekresultaten", Exact = true })
            .GetByRole(AriaRole.Button, new() { Name = Guide, Exact = true }).ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(panel.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Guide);
    }

    private static async Task TickAllAsync(IFrameLocator panel)
    {
        var checks = panel.GetByRole(AriaRole.Main).GetByRole(AriaRole.Checkbox);
        for (var i = 0; i < await checks.CountAsync(); i++)
        {
            await checks.Nth(i).CheckAsync();
        }
    }

    [Fact]
    public async Task Side_panel_suggests_the_guide_for_the_page_highlights_each_step_target_and_follows_in_page_navigation()
    {
        await using var session = await LayerSession.StartAsync(extension: true, overlay: false, Cancellation);
        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        var side = await session.OpenSidePanelAsync(host);
        var panel = LayerSession.Panel(side);

        await ExpectSuggestionAsync(panel, "Paspoort aanvragen");
        await OpenGuideAsync(panel);
        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Een geldig identiteitsbewijs", Exact = true }).ClickAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Identiteitsbewijs controleren");
        await LayerChecks.ExpectHighlightedAsync(host, "#documentnummer");

        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Ja, het document is in orde", Exact = true }).ClickAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Gezicht vergelijken met de foto");
        await LayerChecks.ExpectHighlightedAsync(host, "#gezichtscontrole");

        await SaveScreenshotAsync(session, host, side, "extension-highlight.png");

        // In-page navigation (pushState): the panel hears of the new page and suggests for it.
        await host.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Reisdocument uitreiken", Exact = true }).ClickAsync();
        await Assertions.Expect(host).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/reisdocument/uitreiken$"));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Werkinstructie sluiten", Exact = true }).ClickAsync();
        await Assertions.Expect(Suggestion(panel, "Reisdocument uitreiken")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await LayerChecks.ExpectNoHighlightAsync(host);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Content_script_reports_in_page_navigation_to_the_panel()
    {
        await using var session = await LayerSession.StartAsync(extension: true, overlay: false, Cancellation);
        var host = await session.OpenHostAsync("/klanten");
        var side = await session.OpenSidePanelAsync(host);
        var panel = LayerSession.Panel(side);
        await Assertions.Expect(Suggestion(panel, Guide)).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await host.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Vermissing melden", Exact = true }).ClickAsync();
        await Assertions.Expect(Suggestion(panel, "Vermissing van een document melden")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(Suggestion(panel, Guide)).ToHaveCountAsync(0);

        // Back (popstate) is a navigation too.
        await host.GoBackAsync();
        await Assertions.Expect(Suggestion(panel, Guide)).ToBeVisibleAsync(new() { Timeout = 15_000 });
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Highlighter_handles_scrolling_container_fixed_header_modal_dialog_and_iframe()
    {
        await using var session = await LayerSession.StartAsync(extension: true, overlay: false, Cancellation);
        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        var side = await session.OpenSidePanelAsync(host);
        var panel = await LayerChecks.PanelFrameAsync(side, session.Server.Address);
        await LayerChecks.RecordStatusesAsync(panel);
        await HardCases.RunAsync(host, panel);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Broken_selector_is_shown_as_missing_in_the_panel_and_recorded_as_target_missing()
    {
        var ct = Cancellation;
        await using var session = await LayerSession.StartAsync(extension: true, overlay: false, ct);
        await session.BreakDocumentTargetAsync(ct);

        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        var side = await session.OpenSidePanelAsync(host);
        var panel = LayerSession.Panel(side);
        await ExpectSuggestionAsync(panel, "Paspoort aanvragen");
        await LayerChecks.RecordStatusesAsync(await LayerChecks.PanelFrameAsync(side, session.Server.Address));
        await OpenGuideAsync(panel);
        await TickAllAsync(panel);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Een geldig identiteitsbewijs", Exact = true }).ClickAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Identiteitsbewijs controleren");

        // The step still shows its text (the fallback), and the panel says plainly that the field is not there.
        await Assertions.Expect(panel.GetByRole(AriaRole.Main).GetByText("Neem het document in de hand.", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Main).GetByText("Het veld bij deze stap staat niet op deze pagina.", new() { Exact = false }))
            .ToBeVisibleAsync(new() { Timeout = 10_000 });
        await UsageDatabase.WaitForEventsAsync(
            session.Server.DataPath,
            rows => rows.Any(r => r.Type == "target-missing" && r.GuideId == "identiteit-vaststellen-aanvraag" && r.StepId == "document"),
            "a target-missing event for step 'document'",
            ct,
            TimeSpan.FromSeconds(15));
        session.AssertNoErrors();
    }

    /// <summary>The host page with the side panel beside it, as the official sees them, put side by side in one picture.</summary>
    internal static async Task SaveScreenshotAsync(LayerSession session, IPage host, IPage side, string name)
    {
        // Each tab in front while it is taken: a tab in the background keeps showing what it last painted.
        await side.BringToFrontAsync();
        await side.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        var sideShot = Convert.ToBase64String(await side.ScreenshotAsync());
        await host.BringToFrontAsync();
        await host.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        var hostShot = Convert.ToBase64String(await host.ScreenshotAsync());
        var sheet = await session.Context.NewPageAsync();
        await sheet.SetViewportSizeAsync(1280 + 360, 800);
        await sheet.SetContentAsync(
            $"<body style=\"margin:0;display:flex;background:#888\"><img src=\"data:image/png;base64,{hostShot}\" width=\"1280\" height=\"800\"><img src=\"data:image/png;base64,{sideShot}\" width=\"360\" height=\"800\" style=\"border-left:1px solid #555\"></body>");
        await sheet.WaitForFunctionAsync("() => [...document.images].every(i => i.complete)");
        Directory.CreateDirectory(LayerSession.ScreenshotFolder);
        await sheet.ScreenshotAsync(new() { Path = Path.Combine(LayerSession.ScreenshotFolder, name) });
        await sheet.CloseAsync();
        await host.BringToFrontAsync();
    }
}
