using Epss.Accounts;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Editor;

/// <summary>
/// The guide's text in CodeMirror, driven by the keyboard as an expert would: completion of a step id after
/// <c>](#</c>, search and replace on Ctrl+F, the guide format's highlighting; accessible (axe) and screenshotted at a
/// desk's width and a phone's.
/// </summary>
public sealed class EditorCodeMirrorTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Typing_a_step_link_completes_the_step_id_and_ctrl_f_opens_search_and_replace()
    {
        await using var server = await PanelServer.StartAsync(Ct);
        await server.AddUserWithTokenAsync("sanne", Ct, EpssRoles.Expert);
        await using var sanne = await EditorSession.SignInAsync(chromium, server, "sanne");
        await sanne.OpenGuideAsync("vermissing-melden");

        // The guide format's own highlighting: step ids in the headings, checks, front matter keys.
        await Assertions.Expect(sanne.Page.Locator(".cm-guide-step-id").First).ToBeVisibleAsync();
        await Assertions.Expect(sanne.Page.Locator(".cm-guide-key").First).ToHaveTextAsync("id");

        await PanelChecks.AssertAccessibleAsync(sanne.Page, "editor with CodeMirror");
        await PanelChecks.SaveScreenshotAsync(sanne.Page, "editor-codemirror");

        // At the end of the text she types a link to a step: the step ids are offered, she takes the first.
        var before = await sanne.TextAsync();
        await sanne.Source.FocusAsync();
        await sanne.Page.Keyboard.PressAsync("ControlOrMeta+End");
        await sanne.Page.Keyboard.TypeAsync("\nZie [verder](#");
        var options = sanne.Page.Locator(".cm-tooltip-autocomplete li");
        await Assertions.Expect(options.First).ToBeVisibleAsync();
        var firstId = (await options.First.Locator(".cm-completionLabel").TextContentAsync())!;
        Assert.Contains("## ", before, StringComparison.Ordinal);
        Assert.Contains("{#" + firstId, before, StringComparison.Ordinal);
        // Clicked, not Enter: CodeMirror ignores Enter for 75 ms after the list opens (against accidental picks), and a
        // test types faster than a person.
        await options.First.ClickAsync();
        Assert.EndsWith("Zie [verder](#" + firstId + ")", (await sanne.TextAsync()).TrimEnd());

        // Ctrl+F opens search and replace in the text, in Dutch.
        await sanne.Page.Keyboard.PressAsync("ControlOrMeta+f");
        var search = sanne.Page.Locator(".cm-search");
        await Assertions.Expect(search).ToBeVisibleAsync();
        await Assertions.Expect(search.GetByPlaceholder("Zoeken")).ToBeFocusedAsync();
        await Assertions.Expect(search.GetByPlaceholder("Vervangen")).ToBeVisibleAsync();
        await PanelChecks.AssertAccessibleAsync(sanne.Page, "editor with search and replace open");

        await sanne.Page.SetViewportSizeAsync(360, 780);
        await PanelChecks.SaveScreenshotAsync(sanne.Page, "editor-codemirror-360");
        sanne.AssertNoErrors();
    }
}
