using System.Net.Http.Headers;
using System.Security.Claims;
using Epss.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Epss.Server.Tests.Support;

/// <summary>
/// A sign-in cookie the server itself would issue for an identity (protected with its own data-protection keys): what
/// a sign-in through the municipality's identity provider leaves in the browser, for tests that cannot reach a provider.
/// </summary>
public static class IssuedCookies
{
    /// <summary>An identity as the OpenID Connect handler leaves it: the provider's claims, <c>sub</c> as the name identifier when sent.</summary>
    public static ClaimsPrincipal Oidc(string? subject, string? preferredUsername, params string[] roles)
    {
        var claims = new List<Claim> { new(EpssClaims.Source, EpssClaims.OidcSource) };
        if (subject is not null)
        {
            claims.Add(new Claim("sub", subject));
            claims.Add(new Claim(ClaimTypes.NameIdentifier, subject));
        }
        if (preferredUsername is not null)
        {
            claims.Add(new Claim("preferred_username", preferredUsername));
        }
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "AuthenticationTypes.Federation", "preferred_username", ClaimTypes.Role));
    }

    /// <summary>The value of the <c>epss.auth</c> cookie for <paramref name="user"/>, issued at <paramref name="issued"/> (now when null).</summary>
    public static string For(RunningServer server, ClaimsPrincipal user, DateTimeOffset? issued = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var options = server.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SecuritySetup.CookieScheme);
        var now = issued ?? DateTimeOffset.UtcNow;
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.ExpireTimeSpan };
        return options.TicketDataFormat.Protect(new AuthenticationTicket(user, properties, SecuritySetup.CookieScheme));
    }

    /// <summary>A client for the server's real address that sends <paramref name="cookie"/> as its sign-in.</summary>
    public static HttpClient Client(RunningServer server, string cookie)
    {
        var client = TestUsers.Client(server);
        client.DefaultRequestHeaders.Add("Cookie", SecuritySetup.CookieName + "=" + cookie);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
