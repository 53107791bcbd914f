using System.Security.Claims;
using System.Text.Encodings.Web;
using Epss.Accounts;
using Epss.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>What the sign-in form posts.</summary>
public sealed record SignInForm(string? Name, string? Password, string? ReturnUrl);

/// <summary>What the sign-out form posts.</summary>
public sealed record SignOutForm(string? ReturnUrl);

/// <summary>
/// The sign-in page for the web pages (<c>/signin</c>, Dutch, with antiforgery), sign-out (<c>POST /signout</c>), and,
/// when OpenID Connect is on, <c>/signin/oidc</c> to go to the municipality's identity provider. All public: they are the way in.
/// </summary>
public static class SignInEndpoints
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string OidcPath = "/signin/oidc";

    /// <summary>Where a signed-in user without the right role for a page lands: not the sign-in page again, so no loop.</summary>
    public const string AccessDeniedPath = "/signin/geen-toegang";

    /// <summary>The <c>fout</c> value with which the identity provider's refused answer comes back to the sign-in page.</summary>
    public const string OidcFailed = "oidc";

    private const string OidcFailedMessage = "Inloggen via de gemeente is niet gelukt. Probeer het opnieuw; lukt het niet, meld het dan bij je beheerder.";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Sign-in").ExcludeFromDescription().AllowAnonymous();
        pages.MapGet(SignInPath, ShowSignIn);
        pages.MapPost(SignInPath, SignIn).RequireRateLimiting(SignInThrottling.PerAddressPolicy);
        pages.MapPost(SignOutPath, SignOut);
        pages.MapGet(AccessDeniedPath, ShowAccessDenied);
        app.MapTwoFactor();
        if (app.ServiceProvider.GetRequiredService<IOptions<AccessOptions>>().Value.Oidc.IsEnabled)
        {
            pages.MapGet(OidcPath, (string? returnUrl) =>
                TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [SecuritySetup.OidcScheme]));
        }
        return app;
    }

    public static IResult ShowSignIn(HttpContext context, IAntiforgery antiforgery, IOptions<AccessOptions> access, string? returnUrl, string? fout) =>
        Page(context, antiforgery, access.Value, LocalOrHome(returnUrl), name: null, fout == OidcFailed ? OidcFailedMessage : null, StatusCodes.Status200OK);

    /// <summary>A signed-in user lacks the role a page needs (or has no Epss role at all, as a provider user whose groups map to none).</summary>
    public static IResult ShowAccessDenied(HttpContext context, IAntiforgery antiforgery)
    {
        var user = context.User;
        if (!EpssClaims.IsSignedIn(user))
        {
            return TypedResults.LocalRedirect(SignInPath);
        }
        var html = HtmlEncoder.Default;
        var roles = EpssClaims.Roles(user);
        var explanation = roles.Count == 0
            ? "Je account heeft geen rol in Epss. Vraag je beheerder om je de rol te geven die bij je werk hoort."
            : $"Deze pagina is niet voor jouw rol ({string.Join(", ", roles)}). Vraag je beheerder als je denkt dat je er wel bij moet kunnen.";
        var main = $"""
            <h1>Geen toegang</h1>
            <p>Je bent ingelogd als <strong>{html.Encode(ShownName(user))}</strong>.</p>
            <p>{html.Encode(explanation)}</p>
            {SignOutForm(antiforgery.GetAndStoreTokens(context), SignInPath)}
            """;
        // 200: the refusal itself was the 403 (or the redirect) of the page asked for; this page only explains it.
        return SignInPage.Render(context, "Geen toegang", main, StatusCodes.Status200OK);
    }

    public static async Task<IResult> SignIn(
        HttpContext context, [FromForm] SignInForm form, AccountStore accounts, IAntiforgery antiforgery, IOptions<AccessOptions> access, IAuditLog audit,
        SignInThrottling throttling, ILogger<SignInForm> logger)
    {
        var returnUrl = LocalOrHome(form.ReturnUrl);
        var typed = TypedName(form.Name);
        var address = context.Connection.RemoteIpAddress?.ToString();
        using var perName = throttling.TryName(typed);
        using var turn = perName is null ? null : await throttling.WaitForCheckAsync(context.RequestAborted);
        if (turn is null)
        {
            await SignInThrottling.RecordThrottledAsync(context, typed, perName is null ? "per gebruikersnaam" : "te veel tegelijk");
            context.Response.Headers.RetryAfter = "60";
            return Page(context, antiforgery, access.Value, returnUrl, form.Name,
                "Te veel pogingen om in te loggen. Wacht een minuut en probeer het opnieuw.", StatusCodes.Status429TooManyRequests);
        }
        var check = string.IsNullOrEmpty(form.Name) || string.IsNullOrEmpty(form.Password)
            ? new PasswordCheck(null, null)
            : await accounts.CheckPasswordAsync(form.Name.Trim().ToLowerInvariant(), form.Password, context.RequestAborted);
        var account = check.Account;
        if (account is null)
        {
            Log.SignInFailed(logger, typed, address);
            Telemetry.ServerTelemetry.SignInFailed("password");
            if (check.LockedUntil is { } until)
            {
                Log.SignInLockedOut(logger, typed, until, address);
            }
            await audit.RecordAsync(new AuditEntry(AuditActions.SignInFailed, null, typed, address,
                Detail: check.LockedUntil is { } lockedUntil
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"geblokkeerd tot {lockedUntil:yyyy-MM-dd HH:mm:ss}Z") : null), CancellationToken.None);
            return Page(context, antiforgery, access.Value, returnUrl, form.Name,
                "Naam of wachtwoord klopt niet, of dit account is uitgezet of na te veel pogingen even geblokkeerd.", StatusCodes.Status401Unauthorized);
        }
        if (await TwoFactorEndpoints.SecondStepAsync(context, account, returnUrl) is { } secondStep)
        {
            return secondStep;
        }
        var principal = EpssClaims.For(account, SecuritySetup.CookieScheme);
        await context.SignInAsync(SecuritySetup.CookieScheme, principal);
        await audit.RecordAsync(new AuditEntry(AuditActions.SignedIn, EpssClaims.StableId(principal), account.Name, context.Connection.RemoteIpAddress?.ToString()),
            CancellationToken.None);
        return TypedResults.LocalRedirect(returnUrl);
    }

    public static async Task<IResult> SignOut(HttpContext context, [FromForm] SignOutForm form, IAuditLog audit, IOptions<AccessOptions> access)
    {
        var signInPage = SignInPath + "?returnUrl=" + Uri.EscapeDataString(LocalOrHome(form.ReturnUrl));
        if (EpssClaims.IsSignedIn(context.User))
        {
            await audit.RecordAsync(AuditEndpoints.EntryFor(context, AuditActions.SignedOut), CancellationToken.None);
        }
        // A counter PC is shared: the panel's outbox (with what was searched for), its cached guides and the browser id
        // go with the sign-in (issue 16). The browser clears this origin's storage and cache.
        context.Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        if (access.Value.Oidc.IsEnabled && OidcSetup.SignedInThroughProvider(context.User))
        {
            // On a shared counter PC the provider's session must end too, or the next person is signed in as this one:
            // the OpenID Connect handler sends the browser to the provider's end_session_endpoint (with the ID token as hint).
            return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = signInPage }, [SecuritySetup.OidcScheme, SecuritySetup.CookieScheme]);
        }
        await context.SignOutAsync(SecuritySetup.CookieScheme);
        return TypedResults.LocalRedirect(signInPage);
    }

    /// <summary>What was typed as the name, for the log and the audit log: trimmed, without control characters, at most 100 characters.</summary>
    internal static string TypedName(string? name)
    {
        var clean = new string((name ?? "").Trim().Where(c => !char.IsControl(c)).Take(100).ToArray());
        return clean.Length == 0 ? "(leeg)" : clean;
    }

    /// <summary>Only a path on this server (never <c>//other.example</c> or <c>/\other</c>): else the panel.</summary>
    internal static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2000 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : "/panel";

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, AccessOptions access, string returnUrl, string? name, string? message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var user = context.User;
        var signedIn = EpssClaims.IsSignedIn(user)
            ? $"""
              <p class="ingelogd">Je bent ingelogd als <strong>{html.Encode(ShownName(user))}</strong>
              ({html.Encode(string.Join(", ", EpssClaims.Roles(user)))}).</p>
              {SignOutForm(tokens, returnUrl)}
              """
            : "";
        var oidc = access.Oidc.IsEnabled
            ? $"""<p><a class="knop" href="{OidcPath}?returnUrl={html.Encode(Uri.EscapeDataString(returnUrl))}">Inloggen via de gemeente</a></p><p>Of met een Epss-account:</p>"""
            : "";
        var error = message is null ? "" : $"""<p class="fout" role="alert">{html.Encode(message)}</p>""";
        var main = $$"""
            <h1>Inloggen bij Epss</h1>
            {{signedIn}}
            {{error}}
            {{oidc}}
            <form method="post" action="{{SignInPath}}">
              <input type="hidden" name="{{tokens.FormFieldName}}" value="{{html.Encode(tokens.RequestToken!)}}">
              <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl)}}">
              <label for="name">Gebruikersnaam</label>
              <input type="text" id="name" name="name" autocomplete="username" autocapitalize="none" spellcheck="false" required value="{{html.Encode(name ?? "")}}">
              <label for="password">Wachtwoord</label>
              <input type="password" id="password" name="password" autocomplete="current-password" required>
              <button type="submit">Inloggen</button>
            </form>
            """;
        return SignInPage.Render(context, "Inloggen", main, status);
    }

    private static string ShownName(ClaimsPrincipal user) => user.FindFirstValue(EpssClaims.DisplayName) ?? user.Identity?.Name ?? "";

    private static string SignOutForm(AntiforgeryTokenSet tokens, string returnUrl)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <form method="post" action="{SignOutPath}">
              <input type="hidden" name="{tokens.FormFieldName}" value="{html.Encode(tokens.RequestToken!)}">
              <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl)}">
              <button type="submit">Uitloggen</button>
            </form>
            """;
    }
}
