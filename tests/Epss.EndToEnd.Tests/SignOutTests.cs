using Epss.Accounts;
using Epss.EndToEnd.Tests.Editor;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>
/// Issue 16, point 4: on a shared counter PC, signing out leaves nothing of the official in the browser: the panel's
/// local storage (the outbox with what they searched for, the cached guides, the browser id) is gone after sign-out.
/// </summary>
public sealed class SignOutTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_out_clears_what_the_panel_kept_in_the_browser()
    {
        await using var server = await PanelServer.StartAsync(Ct);
        await server.AddUserWithTokenAsync("marit", Ct, EpssRoles.Official);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 360, Height = 800 }, Locale = "nl-NL" });
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.Address, "/signin?returnUrl=" + Uri.EscapeDataString("/panel?guide=pasfoto-beoordelen")).ToString());
        await page.Locator("input[name=name]").FillAsync("marit");
        await page.Locator("input[name=password]").FillAsync(EditorSession.Password);
        await page.Locator("form button[type=submit]").Last.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/panel"));
        // The panel keeps its browser id, the walk and the guide for reading offline.
        await page.WaitForFunctionAsync("() => localStorage.getItem('epss.browserId') !== null && localStorage.getItem('epss.panel.guides.v1') !== null");

        await page.GotoAsync(new Uri(server.Address, "/signin").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToHaveCountAsync(0);

        var left = await page.EvaluateAsync<string[]>("() => Object.keys(localStorage).filter(key => key.startsWith('epss.'))");
        Assert.Empty(left);
    }
}
