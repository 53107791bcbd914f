using Epss.EndToEnd.Tests.Support;

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
}
