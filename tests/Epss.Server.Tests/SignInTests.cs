using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Epss.Accounts;
using Epss.Server.Apis;
using Epss.Server.Hubs;
using Epss.Server.Security;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Epss.Server.Tests;

/// <summary>The cookie sign-in of the web pages, OpenID Connect as a switch, and what a signed-in user's events carry.</summary>
public sealed partial class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_with_password_opens_the_panel_and_disabling_the_user_ends_the_session()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct,
            settings: new Dictionary<string, string?> { ["Epss:AllowAnonymousReading"] = "false" });
        var user = await TestUsers.AddAsync(server, "baliemedewerker", Ct, EpssRoles.Official);
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = server.Client.BaseAddress };

        using var before = await client.GetAsync(new Uri("/panel", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=", before.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var page = await client.GetStringAsync(new Uri("/signin?returnUrl=/panel", UriKind.Relative), Ct);
        Assert.Contains("Inloggen bij Epss", page, StringComparison.Ordinal);
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;

        using var wrong = await client.PostAsync(new Uri("/signin", UriKind.Relative), Form(antiforgery, user.Name, "fout-wachtwoord-123"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Naam of wachtwoord klopt niet", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var withoutToken = await client.PostAsync(new Uri("/signin", UriKind.Relative), Form(null, user.Name, user.Password), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        using var signIn = await client.PostAsync(new Uri("/signin", UriKind.Relative), Form(antiforgery, user.Name, user.Password), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/panel", signIn.Headers.Location!.OriginalString);
        using var after = await client.GetAsync(new Uri("/panel", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);

        await server.Services.GetRequiredService<AccountStore>().SetDisabledAsync(user.Name, disabled: true, Ct);
        using var disabled = await client.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
    }

    [Fact]
    public async Task Hub_signed_in_user_events_carry_the_pseudonym_of_their_id_and_the_role_of_their_claims()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);
        var user = await TestUsers.AddAsync(server, "baliemedewerker", Ct, EpssRoles.Official);
        await using var panel = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, clientId: "browser-1", accessToken: user.Token);

        await panel.InvokeAsync<ContextResponse>(nameof(GuidanceHub.SetContext), new PageContextRequest("https://bz.example/x", "X", "burgerzaken", "expert"), Ct);
        await panel.InvokeAsync<UsageAckResponse>(nameof(GuidanceHub.RecordEvent),
            new UsageEventRequest(Guid.NewGuid().ToString(), "search", DateTimeOffset.UtcNow, null, null, null, null, null, null, null, null, null, "paspoort", 3, null, null), Ct);

        var stored = Assert.Single(await server.Services.GetRequiredService<UsageRecorder>().Store.ReadEventsAsync(Ct));
        Assert.Equal(EpssRoles.Official, stored.Role);
        Assert.Equal(server.Services.GetRequiredService<Pseudonymizer>().Pseudonymize("user:" + user.Account.Id), stored.UserPseudonym);
    }

    [Fact]
    public async Task Oidc_authority_set_wires_the_openid_connect_handler_with_the_settings()
    {
        // The switch registers and configures the handler and offers it on the sign-in page; the round trip to a real
        // provider is OidcSignInTests (in Chromium, against OpenIddict on loopback).
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: new Dictionary<string, string?>
        {
            ["Epss:Oidc:Authority"] = "https://login.gemeente.example",
            ["Epss:Oidc:ClientId"] = "epss",
            ["Epss:Oidc:ClientSecret"] = "geheim",
            ["Epss:Oidc:RoleClaim"] = "groups",
            ["Epss:Oidc:RoleMapping:BZ-Balie"] = "official",
        });

        var scheme = await server.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SecuritySetup.OidcScheme);
        Assert.Equal(typeof(OpenIdConnectHandler), scheme?.HandlerType);
        var options = server.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(SecuritySetup.OidcScheme);
        Assert.Equal(("https://login.gemeente.example", "epss", "code", SecuritySetup.CookieScheme), (options.Authority, options.ClientId, options.ResponseType, options.SignInScheme));
        Assert.Contains("Inloggen via de gemeente", await server.Client.GetStringAsync(new Uri("/signin", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oidc_off_registers_no_handler()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);

        Assert.Null(await server.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SecuritySetup.OidcScheme));
    }

    [Fact]
    public void OidcRoles_maps_provider_values_to_epss_roles_and_drops_the_rest()
    {
        var identity = new ClaimsIdentity([new Claim("groups", "bz-balie"), new Claim("groups", "Iets-Anders"), new Claim(ClaimTypes.Role, "admin")], "test");
        var options = new OidcOptions { RoleClaim = "groups", RoleMapping = new(StringComparer.OrdinalIgnoreCase) { ["BZ-Balie"] = "official" } };

        OidcRoles.Apply(identity, options);

        Assert.Equal(["official"], identity.FindAll(ClaimTypes.Role).Select(c => c.Value));
        Assert.Equal(EpssClaims.OidcSource, identity.FindFirst(EpssClaims.Source)?.Value);
    }

    private static FormUrlEncodedContent Form(string? antiforgery, string name, string password)
    {
        var fields = new Dictionary<string, string> { ["name"] = name, ["password"] = password, ["returnUrl"] = "/panel" };
        if (antiforgery is not null)
        {
            fields["__epss_antiforgery"] = antiforgery;
        }
        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex("name=\"__epss_antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
