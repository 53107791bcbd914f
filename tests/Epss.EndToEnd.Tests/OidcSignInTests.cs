using Epss.EndToEnd.Tests.Support;
using Epss.Oidc.TestProvider;
using Epss.Testing;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>
/// Sign-in through the municipality's identity provider, end to end: a real OpenID provider (OpenIddict, on localhost,
/// another site than Epss on 127.0.0.1), the real server with anonymous reading off, and Chromium clicking through
/// both sign-in pages as an official does.
/// </summary>
public sealed class OidcSignInTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly Dictionary<string, string> RoleMapping = new()
    {
        ["BZ-Balie"] = "official",
        ["BZ-Kennisteam"] = "expert",
        ["beheer"] = "admin",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Panel_signs_in_through_the_provider_with_the_code_flow_and_PKCE_and_connects()
    {
        await using var oidc = await OidcSession.StartAsync(chromium, Ct);
        oidc.Provider.AddUser("jansen", ["BZ-Balie"]);

        var response = await oidc.Page.GotoAsync(oidc.Server.PanelUrl("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen").ToString());
        Assert.Equal(200, response!.Status);
        Assert.Equal("/signin", new Uri(oidc.Page.Url).AbsolutePath);
        await oidc.SignInAtProviderAsync("jansen");

        // Back in the panel, signed in: the hub accepts the cookie the provider's sign-in gave.
        await PanelSession.Expect(oidc.Session.Connected).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Equal("/panel", new Uri(oidc.Page.Url).AbsolutePath);
        var authorize = Assert.Single(oidc.Provider.AuthorizationRequests);
        Assert.Contains("response_type=code", authorize, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize, StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", authorize, StringComparison.Ordinal);
        await Assertions.Expect(oidc.Session.SearchBox).ToBeVisibleAsync();
        Assert.Equal(200, await oidc.StatusAsync("/api/guides"));
    }

    [Fact]
    public async Task Groups_claim_gives_the_mapped_roles_and_nothing_more()
    {
        await using var oidc = await OidcSession.StartAsync(chromium, Ct);
        oidc.Provider.AddUser("de-vries", ["BZ-Kennisteam", "Parkeren", "bz-balie"]);

        await oidc.Page.GotoAsync(new Uri(oidc.Server.Address, "/signin").ToString());
        await oidc.SignInAtProviderAsync("de-vries");

        await oidc.Page.GotoAsync(new Uri(oidc.Server.Address, "/signin").ToString());
        // Case is ignored in the group names; an unmapped group gives nothing.
        await Assertions.Expect(oidc.Page.GetByText("Je bent ingelogd als")).ToContainTextAsync("(official, expert)");
        Assert.Equal(200, await oidc.StatusAsync("/api/content/problems")); // expert
        Assert.Equal(403, await oidc.StatusAsync("/api/analytics/guides")); // analyst or admin only
    }

    [Fact]
    public async Task User_without_a_mapped_role_sees_no_access_once_and_no_sign_in_loop()
    {
        await using var oidc = await OidcSession.StartAsync(chromium, Ct);
        oidc.Provider.AddUser("parkeerder", ["Parkeren"]);

        await oidc.Page.GotoAsync(oidc.Server.PanelUrl().ToString());
        await oidc.SignInAtProviderAsync("parkeerder");

        await Assertions.Expect(oidc.Page.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(oidc.Page.GetByText("parkeerder")).ToBeVisibleAsync();
        await Assertions.Expect(oidc.Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToBeVisibleAsync();
        Assert.Single(oidc.Provider.AuthorizationRequests);
        Assert.Equal(403, await oidc.StatusAsync("/api/guides"));
    }

    [Theory]
    [InlineData(IdTokenFault.Expired)]
    [InlineData(IdTokenFault.Tampered)]
    public async Task Expired_or_tampered_id_token_is_refused_with_a_message(IdTokenFault fault)
    {
        await using var oidc = await OidcSession.StartAsync(chromium, Ct);
        // The tampered token's groups say "beheer" (admin): the signature no longer matches, so that must not count.
        oidc.Provider.AddUser("mallemolen", ["Parkeren"], fault);
        oidc.Server.Log.ExpectErrors(e => e.Category.StartsWith("Microsoft.AspNetCore.Authentication.OpenIdConnect", StringComparison.Ordinal));

        await oidc.Page.GotoAsync(oidc.Server.PanelUrl().ToString());
        await oidc.SignInAtProviderAsync("mallemolen");

        Assert.Equal("/signin", new Uri(oidc.Page.Url).AbsolutePath);
        await Assertions.Expect(oidc.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "Inloggen via de gemeente is niet gelukt. Probeer het opnieuw; lukt het niet, meld het dan bij je beheerder.");
        Assert.DoesNotContain(await oidc.Session.Context.CookiesAsync(), c => c.Name.StartsWith(Epss.Server.Security.SecuritySetup.CookieName, StringComparison.Ordinal));
        Assert.Equal(401, await oidc.StatusAsync("/api/guides"));
        Assert.Contains(oidc.Server.Log.Entries, e => e.Message.Contains("A sign-in through OpenID Connect failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_ends_the_provider_session_too()
    {
        await using var oidc = await OidcSession.StartAsync(chromium, Ct);
        var user = oidc.Provider.AddUser("jansen", ["BZ-Balie"]);
        await oidc.Page.GotoAsync(oidc.Server.PanelUrl().ToString());
        await oidc.SignInAtProviderAsync("jansen");
        await PanelSession.Expect(oidc.Session.Connected).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Equal(1, oidc.Provider.LiveSessionCount);

        await oidc.Page.GotoAsync(new Uri(oidc.Server.Address, "/signin").ToString());
        await oidc.Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync(new() { Timeout = NavigationTimeout });

        // Through the provider's end-session endpoint and back to Epss's sign-in page, signed out at both.
        await oidc.Page.WaitForURLAsync(url => new Uri(url).Authority == oidc.Server.Address.Authority && new Uri(url).AbsolutePath == "/signin",
            new() { Timeout = NavigationTimeout });
        await Assertions.Expect(oidc.Page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen bij Epss" })).ToBeVisibleAsync();
        Assert.Equal([user.Subject], oidc.Provider.EndedSessions);
        Assert.Equal(0, oidc.Provider.LiveSessionCount);
        Assert.Equal(401, await oidc.StatusAsync("/api/guides"));

        // The next person at this counter PC who chooses the municipality's sign-in gets the provider's login page, not jansen's session.
        await oidc.Page.GetByRole(AriaRole.Link, new() { Name = "Inloggen via de gemeente" }).ClickAsync(new() { Timeout = NavigationTimeout });
        await Assertions.Expect(oidc.Page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen bij de gemeente" })).ToBeVisibleAsync();
        Assert.Single(oidc.Provider.AuthorizationRequests);
    }

    /// <summary>
    /// Each step of the sign-in is three or four requests between two servers (Epss fetches the provider's metadata
    /// and keys the first time); on two shared cores that can take longer than a click's usual 10 s.
    /// </summary>
    private const float NavigationTimeout = 45_000;

    /// <summary>A provider, a server pointed at it (anonymous reading off) and a fresh browser context.</summary>
    private sealed class OidcSession : IAsyncDisposable
    {
        private readonly TestLog _providerLog;

        private OidcSession(TestIdentityProvider provider, TestLog providerLog, PanelSession session)
        {
            Provider = provider;
            _providerLog = providerLog;
            Session = session;
        }

        public TestIdentityProvider Provider { get; }

        public PanelSession Session { get; }

        public PanelServer Server => Session.Server;

        public IPage Page => Session.Page;

        public static async Task<OidcSession> StartAsync(Chromium chromium, CancellationToken cancellationToken)
        {
            var providerLog = new TestLog();
            var provider = await TestIdentityProvider.StartAsync(providerLog, cancellationToken);
            PanelServer? server = null;
            try
            {
                var settings = provider.EpssSettings(RoleMapping);
                settings["Epss:AllowAnonymousReading"] = "false";
                server = await PanelServer.StartAsync(cancellationToken, settings);
                provider.RegisterClient(server.Address);
                return new OidcSession(provider, providerLog, await PanelSession.AttachAsync(chromium, server));
            }
            catch
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
                await provider.DisposeAsync();
                providerLog.Dispose();
                throw;
            }
        }

        /// <summary>On Epss's sign-in page: chooses the municipality's sign-in and signs in at the provider's own page.</summary>
        public async Task SignInAtProviderAsync(string name)
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Inloggen via de gemeente" }).ClickAsync(new() { Timeout = NavigationTimeout });
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen bij de gemeente" })).ToBeVisibleAsync();
            Assert.Equal(Provider.Authority.Authority, new Uri(Page.Url).Authority);
            await Page.GetByLabel("Naam").FillAsync(name);
            await Page.GetByLabel("Wachtwoord").FillAsync("provider-wachtwoord-" + name);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Inloggen bij de gemeente" }).ClickAsync(new() { Timeout = NavigationTimeout });
            // The provider posts the code back to Epss (form_post), which sends the browser on.
            await Page.WaitForURLAsync(url => new Uri(url).Authority == Server.Address.Authority && new Uri(url).AbsolutePath != "/signin-oidc",
                new() { Timeout = NavigationTimeout });
        }

        /// <summary>The status of a GET with the browser context's cookies.</summary>
        public async Task<int> StatusAsync(string path)
        {
            var response = await Session.Context.APIRequest.GetAsync(new Uri(Server.Address, path).ToString(), new() { MaxRedirects = 0 });
            return response.Status;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Session.DisposeAsync();
                await Server.DisposeAsync();
                await Provider.DisposeAsync();
                _providerLog.Dispose();
            }
            finally
            {
                Session.AssertNoErrors();
            }
        }
    }
}
