using Epss.Accounts;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Editor;

/// <summary>
/// The editor shows a guide's sources beside the text, and its preview (the panel's own rendering) the source of the
/// step the cursor is in; a step named by a source is reached from the list.
/// </summary>
public sealed class EditorSourcesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Editor_lists_the_sources_beside_the_text_and_the_preview_shows_the_step_s_source()
    {
        await using var server = await PanelServer.StartAsync(Ct);
        await server.AddUserWithTokenAsync("sanne", Ct, EpssRoles.Expert);
        await using var sanne = await EditorSession.SignInAsync(chromium, server, "sanne");

        await sanne.OpenGuideAsync("signalering-register");

        var sources = sanne.Page.GetByRole(AriaRole.Region, new() { Name = "Bronnen van de gids", Exact = true });
        await Assertions.Expect(sources.Locator("li[data-source-id]")).ToHaveCountAsync(5);
        var article44 = sources.Locator("li[data-source-id=\"ppw-44\"]");
        await Assertions.Expect(article44).ToContainTextAsync("Paspoortwet art. 44 — nagekeken 7 december 2026");
        await Assertions.Expect(article44.GetByRole(AriaRole.Link, new() { Name = "Paspoortwet art. 44" }))
            .ToHaveAttributeAsync("href", "https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44");

        // A step named by the source puts the cursor at its heading; the preview follows it and names its source.
        await article44.GetByRole(AriaRole.Button, new() { Name = "Voornemen tot weigeren" }).ClickAsync();
        await Assertions.Expect(sanne.Preview.Locator(".step-title")).ToHaveTextAsync("Voornemen tot weigeren");
        await Assertions.Expect(sanne.Preview.Locator(".step-sources")).ToHaveTextAsync("Bron: Paspoortwet art. 44 (opent in een nieuw venster)");
        var text = await sanne.TextAsync();
        var cursor = await sanne.CursorAsync();
        Assert.Equal(text.IndexOf("## Voornemen tot weigeren", StringComparison.Ordinal), cursor);

        await PanelChecks.AssertAccessibleAsync(sanne.Page, "editor with its sources");
        await PanelChecks.SaveScreenshotAsync(sanne.Page, "editor-sources");
        sanne.AssertNoErrors();
    }
}
