using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

public sealed class PanelSmokeTests(Chromium chromium) : PanelTest(chromium)
{
    [Fact]
    public async Task Panel_loads_in_Chromium_without_script_errors()
    {
        // PanelTest fails the test on a script error, a console error (a missing favicon included) or a dialog.
        var panel = await StartPanelAsync();

        var response = await panel.Page.GotoAsync(panel.Server.PanelUrl("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen").ToString());

        Assert.Equal(200, response!.Status);
        Assert.Contains("default-src 'self'", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nl", await panel.Page.GetAttributeAsync("html", "lang"));
        await PanelSession.Expect(panel.Connected).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Theory]
    [InlineData("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen", "Identiteit vaststellen bij een aanvraag")]
    [InlineData("https://bz.example/rijbewijs/uitreiken", "Rijbewijs uitreiken", "Identiteit vaststellen bij het uitreiken")]
    public async Task Panel_on_an_application_page_shows_the_pages_first_task_on_top(string url, string title, string firstTask)
    {
        // Before context.first the identity guide was 9th of the guides fitting "Reisdocument aanvragen" and not among
        // the five shown, so every official had to search for the first task of that page.
        var panel = await StartPanelAsync();
        await panel.OpenAsync(url, title);

        var cards = panel.Suggestions.GetByRole(AriaRole.Button);
        await PanelSession.Expect(cards).ToHaveCountAsync(5);
        await PanelSession.Expect(cards.First).ToHaveAccessibleNameAsync(firstTask);
        await PanelSession.Expect(panel.Suggestions.Locator("li").First).ToContainTextAsync("eerste taak op deze pagina");
    }
}
