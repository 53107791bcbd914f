using Epss.EndToEnd.Tests.Support;

namespace Epss.EndToEnd.Tests;

public sealed class PanelSmokeTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Panel_loads_in_Chromium_without_script_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PanelServer.StartAsync(ct);
        await using var context = await chromium.NewPanelContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        var response = await page.GotoAsync(server.PanelUrl("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen").ToString());

        Assert.Equal(200, response!.Status);
        Assert.Contains("default-src 'self'", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nl", await page.GetAttributeAsync("html", "lang"));
        Assert.Empty(errors);
    }
}
