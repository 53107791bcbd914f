using Epss.Accounts;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using OtpNet;

namespace Epss.EndToEnd.Tests;

/// <summary>An expert sets up the second factor and signs in with a code, in Chromium, as an authenticator app would give it.</summary>
public sealed class TwoFactorSignInTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Expert_sets_up_the_second_factor_from_the_QR_page_and_signs_in_with_a_code()
    {
        await using var server = await PanelServer.StartAsync(Ct, new Dictionary<string, string> { ["Epss:AllowAnonymousReading"] = "false" });
        await server.AddUserWithTokenAsync("redacteur", Ct, EpssRoles.Expert, EpssRoles.Official);
        const string Password = "correct-paard-batterij-niet";

        await using (var setUp = await PanelSession.AttachAsync(chromium, server))
        {
            var page = setUp.Page;
            await page.GotoAsync(new Uri(server.Address, "/signin?returnUrl=/signin/tweestaps").ToString());
            await SignInWithPasswordAsync(page, "redacteur", Password);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tweestapsverificatie instellen" })).ToBeVisibleAsync();
            // The QR code is an inline PNG the page's strict policy allows: it is drawn, not blocked.
            var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR-code met de sleutel voor je app" });
            await Assertions.Expect(qr).ToBeVisibleAsync();
            Assert.True(await qr.EvaluateAsync<int>("img => img.naturalWidth") > 100);
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "tweestaps-instellen.png"), FullPage = true });
            var key = Base32Encoding.ToBytes((await page.Locator("#sleutel").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal));

            await page.GetByLabel("Code (6 cijfers)").FillAsync(new Totp(key).ComputeTotp(DateTime.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Aanzetten" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Herstelcodes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
            setUp.AssertNoErrors();

            // At another counter PC: password, then the next code from the app, then the panel.
            await using var other = await PanelSession.AttachAsync(chromium, server);
            await other.Page.GotoAsync(server.PanelUrl().ToString());
            await SignInWithPasswordAsync(other.Page, "redacteur", Password);
            await Assertions.Expect(other.Page.GetByRole(AriaRole.Heading, new() { Name = "Code uit je app" })).ToBeVisibleAsync();
            await other.Page.GetByLabel("Code (6 cijfers) of herstelcode").FillAsync(new Totp(key).ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
            await other.Page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await PanelSession.Expect(other.Connected).ToBeVisibleAsync(new() { Timeout = 15_000 });
            Assert.Equal("/panel", new Uri(other.Page.Url).AbsolutePath);
            other.AssertNoErrors();
        }
    }

    private static async Task SignInWithPasswordAsync(IPage page, string name, string password)
    {
        await page.GetByLabel("Gebruikersnaam").FillAsync(name);
        await page.GetByLabel("Wachtwoord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
    }
}
