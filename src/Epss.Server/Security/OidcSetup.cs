using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Epss.Server.Security;

/// <summary>
/// Sign-in through the municipality's identity provider (<c>Epss:Oidc:*</c>): the authorization code flow with PKCE,
/// roles from the provider's groups by <see cref="OidcRoles"/>, a Dutch message instead of an error page when the
/// provider's answer is refused, and sign-out that ends the provider's session too (RP-initiated logout).
/// </summary>
internal static class OidcSetup
{
    /// <summary>The ID token is kept in the sign-in cookie's properties under this name, for the end-session request's <c>id_token_hint</c>.</summary>
    public const string IdTokenName = "id_token";

    public static AuthenticationBuilder AddEpssOidc(this AuthenticationBuilder authentication, OidcOptions oidc) =>
        authentication.AddOpenIdConnect(SecuritySetup.OidcScheme, "Gemeentelijke inlog", options =>
        {
            options.Authority = oidc.Authority;
            // Only a provider on this machine (a trial, the tests) may speak http; OidcOptions refuses any other http address.
            options.RequireHttpsMetadata = !(Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) && authority.IsLoopback);
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.ResponseType = "code";
            options.UsePkce = true;
            options.SignInScheme = SecuritySetup.CookieScheme;
            // Only the ID token is kept (below), not the access token: Epss calls nothing on the user's behalf.
            options.SaveTokens = false;
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = true;
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.CallbackPath = "/signin-oidc";
            options.SignedOutCallbackPath = "/signout-callback-oidc";
            options.TokenValidationParameters.NameClaimType = "preferred_username";
            options.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
            options.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity identity)
                    {
                        // The hub's user id is the name identifier: the provider's stable subject.
                        if (identity.FindFirst("sub") is { } subject && identity.FindFirst(ClaimTypes.NameIdentifier) is null)
                        {
                            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject.Value));
                        }
                        OidcRoles.Apply(identity, oidc);
                    }
                    if ((context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage?.IdToken) is { } idToken)
                    {
                        context.Properties?.StoreTokens([new AuthenticationToken { Name = IdTokenName, Value = idToken }]);
                    }
                    return Task.CompletedTask;
                },
                OnRemoteFailure = context =>
                {
                    // A refused ID token (expired, bad signature, wrong audience), an error from the provider, a lost
                    // correlation cookie: the sign-in page with a message, not an error page.
                    Log.OidcSignInFailed(Logger(context.HttpContext), context.Failure?.Message ?? "(onbekend)");
                    Telemetry.ServerTelemetry.SignInFailed("identity_provider");
                    context.Response.Redirect(SignInEndpoints.SignInPath + "?fout=" + SignInEndpoints.OidcFailed
                        + "&returnUrl=" + Uri.EscapeDataString(SignInEndpoints.LocalOrHome(context.Properties?.RedirectUri)));
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
                OnRedirectToIdentityProviderForSignOut = context =>
                {
                    if (string.IsNullOrEmpty(context.ProtocolMessage.IssuerAddress))
                    {
                        // The provider publishes no end_session_endpoint: only Epss's own sign-in can end.
                        Log.OidcNoEndSession(Logger(context.HttpContext));
                        context.Response.Redirect(SignInEndpoints.LocalOrHome(context.Properties.RedirectUri));
                        context.HandleResponse();
                    }
                    return Task.CompletedTask;
                },
            };
        });

    /// <summary>Whether <paramref name="user"/> signed in through the identity provider (and so has a session there to end).</summary>
    public static bool SignedInThroughProvider(ClaimsPrincipal user) => user.FindFirstValue(EpssClaims.Source) == EpssClaims.OidcSource;

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSetup));
}
