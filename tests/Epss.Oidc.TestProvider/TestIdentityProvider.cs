using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Epss.Oidc.TestProvider;

/// <summary>What the provider does wrong on purpose with a user's ID token, to see that Epss refuses it.</summary>
public enum IdTokenFault
{
    None,

    /// <summary>The ID token expired an hour before it was issued (well past any clock skew).</summary>
    Expired,

    /// <summary>The ID token's payload is changed after signing (the groups claim says more than the provider said).</summary>
    Tampered,
}

/// <summary>A person with an account at the provider: the sign-in name, password, and the groups the ID token carries.</summary>
public sealed record ProviderUser(string Name, string Password, IReadOnlyList<string> Groups, IdTokenFault Fault = IdTokenFault.None)
{
    /// <summary>The provider's stable subject for this person.</summary>
    public string Subject { get; } = "sub-" + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>
/// A real OpenID provider on a loopback port, as a municipality's identity provider looks to Epss: OpenIddict's server
/// with discovery, the authorization code flow with PKCE required, signed ID tokens, userinfo and RP-initiated logout
/// (end session). People sign in at its own login page (a session cookie of the provider's own); one confidential client
/// is registered. OpenIddict runs in its degraded mode (no database): the client checks are the handlers below.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "epss";
    public const string ClientSecret = "epss-test-geheim-1234567890";
    public const string GroupsClaim = "groups";

    private const string SessionScheme = "idp";
    private const string SessionCookie = "idp.session";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ProviderUser> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _authorizationRequests = new();
    private readonly ConcurrentQueue<string> _endSessions = new();
    private readonly ConcurrentDictionary<string, byte> _liveSessions = new(StringComparer.Ordinal);

    private TestIdentityProvider(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The issuer, such as <c>http://localhost:41234/</c>: Epss's <c>Epss:Oidc:Authority</c>.</summary>
    public Uri Authority { get; private set; } = null!;

    /// <summary>The redirect URIs (Epss's <c>/signin-oidc</c>) and post-logout URIs the client may use; set once Epss's address is known.</summary>
    public ConcurrentBag<Uri> RedirectUris { get; } = [];

    public ConcurrentBag<Uri> PostLogoutRedirectUris { get; } = [];

    /// <summary>The query strings of the authorization requests that the provider answered with a code, oldest first.</summary>
    public IReadOnlyCollection<string> AuthorizationRequests => _authorizationRequests;

    /// <summary>The subjects whose session an end-session (RP-initiated logout) request ended, oldest first.</summary>
    public IReadOnlyCollection<string> EndedSessions => _endSessions;

    /// <summary>How many provider sessions (sign-ins at the provider's own page) are live.</summary>
    public int LiveSessionCount => _liveSessions.Count;

    /// <summary>
    /// Starts the provider on <c>localhost</c> (another site than Epss on 127.0.0.1, as a real provider is) on a free port.
    /// </summary>
    public static async Task<TestIdentityProvider> StartAsync(ILoggerProvider? log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Bound on 127.0.0.1, addressed as localhost: Chromium resolves that to loopback, and to it the two are different sites.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (log is not null)
        {
            builder.Logging.AddProvider(log);
        }
        TestIdentityProvider? provider = null;
        builder.Services.AddAuthentication(SessionScheme)
            .AddCookie(SessionScheme, options =>
            {
                options.Cookie.Name = SessionCookie;
                options.LoginPath = "/account/login";
            });
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetUserInfoEndpointUris("connect/userinfo")
                .SetEndSessionEndpointUris("connect/endsession");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            options.RegisterClaims(GroupsClaim);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.EnableDegradedMode();
            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableUserInfoEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();

            // Degraded mode: the client registration is checked here (what OpenIddict's stores would do).
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Onbekende client.");
                }
                else if (context.RedirectUri is null || !provider!.RedirectUris.Any(u => u.AbsoluteUri == context.RedirectUri))
                {
                    context.Reject(Errors.InvalidRequest, "Deze redirect_uri is niet geregistreerd.");
                }
                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Client-id of -geheim klopt niet.");
                }
                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && !provider!.PostLogoutRedirectUris.Any(u => u.AbsoluteUri == uri))
                {
                    context.Reject(Errors.InvalidRequest, "Deze post_logout_redirect_uri is niet geregistreerd.");
                }
                return default;
            }));
            // Faults on purpose: an ID token that expired long ago.
            options.AddEventHandler<OpenIddictServerEvents.ProcessSignInContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    if (context.IdentityTokenPrincipal is { } principal && provider!.UserOf(principal)?.Fault == IdTokenFault.Expired)
                    {
                        var issued = DateTimeOffset.UtcNow.AddHours(-2);
                        principal.SetCreationDate(issued).SetExpirationDate(issued.AddHours(1));
                    }
                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.PrepareIdentityTokenPrincipal.Descriptor.Order + 1));
            // ... and one whose payload is changed after signing: the groups say "beheer" where the provider said otherwise.
            options.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    if (context.Response.IdToken is { } idToken && provider!.TamperedTokenFor(idToken) is { } tampered)
                    {
                        context.Response.IdToken = tampered;
                    }
                    return default;
                })
                .SetOrder(int.MinValue));
        });

        var app = builder.Build();
        provider = new TestIdentityProvider(app);
        app.UseAuthentication();
        app.MapGet("/account/login", (string? returnUrl) => LoginPage(returnUrl ?? "/", null));
        app.MapPost("/account/login", (Delegate)provider.SignInAsync);
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Delegate)provider.AuthorizeAsync);
        app.MapMethods("/connect/userinfo", ["GET", "POST"], (Delegate)UserInfoAsync);
        app.MapMethods("/connect/endsession", ["GET", "POST"], (Delegate)provider.EndSessionAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).First();
        provider.Authority = new Uri($"http://localhost:{address.Port}/");
        // The first answers take long on a loaded machine (keys made, handlers compiled); get them over with here.
        using var warmUp = new HttpClient { BaseAddress = provider.Authority, Timeout = TimeSpan.FromMinutes(2) };
        (await warmUp.GetAsync(new Uri(".well-known/openid-configuration", UriKind.Relative), cancellationToken)).EnsureSuccessStatusCode();
        (await warmUp.GetAsync(new Uri(".well-known/jwks", UriKind.Relative), cancellationToken)).EnsureSuccessStatusCode();
        return provider;
    }

    /// <summary>Gives a person an account at the provider.</summary>
    public ProviderUser AddUser(string name, IReadOnlyList<string> groups, IdTokenFault fault = IdTokenFault.None)
    {
        var user = new ProviderUser(name, "provider-wachtwoord-" + name, groups, fault);
        if (!_users.TryAdd(name, user))
        {
            throw new InvalidOperationException($"The provider has a user '{name}' already.");
        }
        return user;
    }

    /// <summary>Registers Epss at <paramref name="epss"/> as the client: its callback and where it may be sent after sign-out.</summary>
    public void RegisterClient(Uri epss)
    {
        RedirectUris.Add(new Uri(epss, "/signin-oidc"));
        PostLogoutRedirectUris.Add(new Uri(epss, "/signout-callback-oidc"));
    }

    /// <summary>The settings that point Epss at this provider.</summary>
    public Dictionary<string, string> EpssSettings(IReadOnlyDictionary<string, string> roleMapping)
    {
        ArgumentNullException.ThrowIfNull(roleMapping);
        var settings = new Dictionary<string, string>
        {
            ["Epss:Oidc:Authority"] = Authority.AbsoluteUri,
            ["Epss:Oidc:ClientId"] = ClientId,
            ["Epss:Oidc:ClientSecret"] = ClientSecret,
            ["Epss:Oidc:RoleClaim"] = GroupsClaim,
        };
        foreach (var (group, role) in roleMapping)
        {
            settings["Epss:Oidc:RoleMapping:" + group] = role;
        }
        return settings;
    }

    private ProviderUser? UserOf(ClaimsPrincipal principal) =>
        principal.GetClaim(Claims.Subject) is { } subject ? _users.Values.FirstOrDefault(u => u.Subject == subject) : null;

    private string? TamperedTokenFor(string idToken)
    {
        var parts = idToken.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        var payload = Encoding.UTF8.GetString(Base64UrlDecode(parts[1]));
        var user = _users.Values.FirstOrDefault(u => u.Fault == IdTokenFault.Tampered && payload.Contains($"\"{u.Subject}\"", StringComparison.Ordinal));
        if (user is null)
        {
            return null;
        }
        var changed = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        changed[GroupsClaim] = new System.Text.Json.Nodes.JsonArray("beheer");
        return parts[0] + "." + Base64UrlEncode(Encoding.UTF8.GetBytes(changed.ToJsonString())) + "." + parts[2];
    }

    private async Task<IResult> SignInAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!_users.TryGetValue(form["name"].ToString(), out var user) || user.Password != form["password"].ToString())
        {
            return LoginPage(returnUrl, "Onbekende naam of verkeerd wachtwoord.");
        }
        var session = Guid.NewGuid().ToString("N");
        _liveSessions[session] = 0;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Name), new Claim("session", session)], SessionScheme);
        await context.SignInAsync(SessionScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl.StartsWith('/') ? returnUrl : "/");
    }

    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(SessionScheme);
        if (!session.Succeeded || !_liveSessions.ContainsKey(session.Principal.FindFirstValue("session") ?? "")
            || !_users.TryGetValue(session.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", out var user))
        {
            // No session at the provider: its login page, then back to this very request.
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + context.Request.QueryString },
                [SessionScheme]);
        }
        _authorizationRequests.Enqueue(context.Request.QueryString.Value ?? "");
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(Claims.PreferredUsername, user.Name)
            .SetClaims(GroupsClaim, [.. user.Groups]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        var principal = result.Principal;
        return Results.Json(new Dictionary<string, object?>
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject),
            [Claims.Name] = principal.GetClaim(Claims.Name),
            [Claims.PreferredUsername] = principal.GetClaim(Claims.PreferredUsername),
        });
    }

    private async Task<IResult> EndSessionAsync(HttpContext context)
    {
        var session = await context.AuthenticateAsync(SessionScheme);
        if (session.Succeeded)
        {
            _liveSessions.TryRemove(session.Principal.FindFirstValue("session") ?? "", out _);
            _endSessions.Enqueue(_users.TryGetValue(session.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", out var user) ? user.Subject : "?");
            await context.SignOutAsync(SessionScheme);
        }
        // To the client's post_logout_redirect_uri (checked above), with its state.
        return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult LoginPage(string returnUrl, string? error)
    {
        var html = HtmlEncoder.Default;
        var body = $"""
            <!doctype html>
            <html lang="nl"><head><meta charset="utf-8"><title>Inloggen – Gemeente (testprovider)</title><link rel="icon" href="data:,"></head>
            <body><h1>Inloggen bij de gemeente</h1>
            {(error is null ? "" : $"<p role=\"alert\">{html.Encode(error)}</p>")}
            <form method="post" action="/account/login">
              <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl)}">
              <label for="name">Naam</label> <input id="name" name="name">
              <label for="password">Wachtwoord</label> <input id="password" name="password" type="password">
              <button type="submit">Inloggen bij de gemeente</button>
            </form></body></html>
            """;
        return Results.Content(body, "text/html; charset=utf-8", statusCode: error is null ? (int)HttpStatusCode.OK : (int)HttpStatusCode.Unauthorized);
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private static string Base64UrlEncode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
