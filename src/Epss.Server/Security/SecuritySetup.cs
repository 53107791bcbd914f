using System.Security.Claims;
using Epss.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// Sign-in and roles: a cookie for the web pages (<c>/signin</c>), API tokens for the extension and scripts, OpenID
/// Connect when <c>Epss:Oidc:Authority</c> is set; the policies of <see cref="EpssPolicies"/>.
/// </summary>
public static class SecuritySetup
{
    /// <summary>Chooses per request: a bearer token goes to <see cref="ApiTokenAuthenticationHandler"/>, everything else to the cookie.</summary>
    public const string DefaultScheme = "Epss";

    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    public const string CookieName = "epss.auth";

    public static WebApplicationBuilder AddEpssSecurity(this WebApplicationBuilder builder, ScaleOut.ScaleOutOptions scaleOut)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scaleOut);
        var services = builder.Services;
        services.AddEpssAccounts();
        services.PostConfigure<AccountsOptions>(accounts => accounts.SharedDataPath = scaleOut.SharedDataPath);
        services.AddOptions<AccessOptions>()
            .BindConfiguration(AccessOptions.SectionName)
            .Validate(o => o.Oidc.Problems().Count == 0, "De instellingen voor OpenID Connect (Epss:Oidc) kloppen niet.")
            .ValidateOnStart();
        var access = builder.Configuration.GetSection(AccessOptions.SectionName).Get<AccessOptions>() ?? new AccessOptions();
        if (access.Oidc.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(nameof(AccessOptions), typeof(AccessOptions), problems);
        }

        var authentication = services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Epss", options =>
                options.ForwardDefaultSelector = context => ApiTokenAuthenticationHandler.HasToken(context) ? ApiTokenAuthenticationHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = access.SignInLifetime;
                options.SlidingExpiration = true;
                options.LoginPath = SignInEndpoints.SignInPath;
                options.AccessDeniedPath = SignInEndpoints.AccessDeniedPath;
                options.Events = new CookieAuthenticationEvents
                {
                    OnSigningIn = SessionChecks.StampSignInTime,
                    OnValidatePrincipal = RefreshLocalUser,
                    // Only pages are sent to the sign-in page; the API, the hub and the OpenAPI document answer 401 and 403.
                    OnRedirectToLogin = context => RedirectPagesOnly(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => RedirectPagesOnly(context, StatusCodes.Status403Forbidden),
                };
            });
        authentication.AddEpssTwoFactor();
        if (access.Oidc.IsEnabled)
        {
            authentication.AddEpssOidc(access.Oidc);
        }

        services.AddAuthorization(EpssPolicies.Add);
        services.AddSingleton<IAuthorizationHandler, EpssAccessHandler>();
        services.AddSingleton<IAuthorizationHandler, UndecidedEndpointHandler>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "epss.antiforgery";
            options.FormFieldName = "__epss_antiforgery";
        });
        // Sign-ins survive a restart, and hold on every server: the data-protection keys live beside accounts.db (keys/),
        // in the shared folder when there are several servers.
        services.AddDataProtection().SetApplicationName("Epss");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(sp.GetRequiredService<IOptions<AccountsOptions>>().Value.AccountsPath, "keys")),
                sp.GetRequiredService<ILoggerFactory>())));
        return builder;
    }

    public static WebApplication UseEpssSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var access = app.Services.GetRequiredService<IOptions<AccessOptions>>().Value;
            if (access.AllowAnonymousReading)
            {
                Log.AnonymousReadingAllowed(app.Logger);
            }
            if (access.Oidc.IsEnabled)
            {
                Log.OidcEnabled(app.Logger, access.Oidc.Authority!, access.Oidc.RoleMapping.Count);
            }
        });
        return app;
    }

    /// <summary>A page asked for a sign-in (or a right the user lacks): to /signin. Anything else: the bare status.</summary>
    private static Task RedirectPagesOnly(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsPage(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }
        return Task.CompletedTask;
    }

    private static bool IsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/hubs")
        && !request.Path.StartsWithSegments("/openapi") && !request.Path.StartsWithSegments("/healthz")
        && !request.Path.StartsWithSegments(Telemetry.TelemetrySetup.MetricsPath);

    /// <summary>
    /// At every request with a sign-in cookie of a local account: the account is read again, so that disabling a user
    /// ends their sessions at once and a change of roles applies at the next request.
    /// </summary>
    private static async Task RefreshLocalUser(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user is null)
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        var access = services.GetRequiredService<IOptions<AccessOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // The absolute lifetime holds for every sign-in, the identity provider's too; the sliding one renews the cookie, not this.
        if (!SessionChecks.WithinAbsoluteLifetime(user, context.Properties.IssuedUtc, access, now))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        if (user.FindFirstValue(EpssClaims.Source) != EpssClaims.LocalSource)
        {
            return;
        }
        var accounts = services.GetRequiredService<AccountStore>();
        var account = user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? await accounts.FindByIdAsync(id, context.HttpContext.RequestAborted)
            : null;
        // Disabled, a new password, or sessions revoked: the stamp the cookie was issued with is no longer the account's.
        if (account is null || account.Disabled || user.FindFirstValue(EpssClaims.SecurityStamp) != account.SecurityStamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        if (!EpssClaims.Roles(user).SequenceEqual(account.Roles) || user.FindFirstValue(EpssClaims.DisplayName) != account.DisplayName)
        {
            var refreshed = EpssClaims.For(account, CookieScheme);
            if (user.FindFirst(EpssClaims.SignedInAt) is { } signedInAt)
            {
                ((ClaimsIdentity)refreshed.Identity!).AddClaim(new Claim(EpssClaims.SignedInAt, signedInAt.Value));
            }
            context.ReplacePrincipal(refreshed);
            context.ShouldRenew = true;
        }
    }
}
