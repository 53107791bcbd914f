using System.Security.Claims;
using System.Text.Encodings.Web;
using Epss.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Epss.Server.Security;

/// <summary>The second factor's settings (<c>Epss:TwoFactor:*</c>).</summary>
public sealed class TwoFactorOptions
{
    public const string SectionName = "Epss:TwoFactor";

    /// <summary>
    /// The roles whose local accounts must sign in with a second factor (for example <c>expert</c> and <c>admin</c>,
    /// who publish what front desks act on). Such a user without one sets it up right after the password, before
    /// anything else. Empty: optional for everyone.
    /// </summary>
    public List<string> RequiredFor { get; set; } = [];

    public bool IsRequiredFor(Account account) => account.Roles.Any(r => RequiredFor.Contains(r, StringComparer.OrdinalIgnoreCase));
}

/// <summary>What the code form posts.</summary>
public sealed record TwoFactorCodeForm(string? Code);

/// <summary>
/// The optional second factor (TOTP) of local accounts: after the right password of such an account the browser gets
/// only a short-lived "password checked" cookie of its own (<see cref="PendingScheme"/>, 5 minutes, for the
/// <c>/signin</c> paths) and is asked for the code; the sign-in cookie comes after the code. Set up at
/// <see cref="SetUpPath"/> (QR code as an inline PNG, the key as text, ten recovery codes); switched off there with a
/// code, or by an administrator with <c>users reset-2fa</c>. Sign-in through the identity provider has its own second
/// factor there.
/// </summary>
public static class TwoFactorEndpoints
{
    public const string PendingScheme = "Epss.TwoFactor";
    public const string CodePath = "/signin/code";
    public const string SetUpPath = "/signin/tweestaps";

    private const string PendingCookie = "epss.2fa";
    private const string StepClaim = "epss:2fa_step";
    private const string CodeStep = "code";
    private const string SetUpStep = "instellen";

    public static AuthenticationBuilder AddEpssTwoFactor(this AuthenticationBuilder authentication)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        authentication.Services.AddOptions<TwoFactorOptions>()
            .BindConfiguration(TwoFactorOptions.SectionName)
            .Validate(o => o.RequiredFor.All(EpssRoles.IsKnown), $"Epss:TwoFactor:RequiredFor noemt een rol die niet bestaat. Kies uit: {string.Join(", ", EpssRoles.All)}.")
            .ValidateOnStart();
        return authentication.AddCookie(PendingScheme, options =>
        {
            options.Cookie.Name = PendingCookie;
            options.Cookie.Path = "/signin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            options.SlidingExpiration = false;
        });
    }

    public static IEndpointRouteBuilder MapTwoFactor(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Sign-in").ExcludeFromDescription().AllowAnonymous();
        pages.MapGet(CodePath, ShowCode);
        pages.MapPost(CodePath, CheckCode);
        pages.MapGet(SetUpPath, ShowSetUp);
        pages.MapPost(SetUpPath, ConfirmSetUp);
        pages.MapPost(SetUpPath + "/uitzetten", SwitchOff);
        return app;
    }

    /// <summary>
    /// After the right password: the code step for an account with a second factor, the set-up for one that must have
    /// one and has not; null when the password is enough.
    /// </summary>
    public static async Task<IResult?> SecondStepAsync(HttpContext context, Account account, string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(account);
        var accounts = context.RequestServices.GetRequiredService<AccountStore>();
        string step;
        if (await accounts.HasTwoFactorAsync(account.Id, context.RequestAborted))
        {
            step = CodeStep;
        }
        else if (context.RequestServices.GetRequiredService<IOptions<TwoFactorOptions>>().Value.IsRequiredFor(account))
        {
            step = SetUpStep;
        }
        else
        {
            return null;
        }
        var pending = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account.Id), new Claim(StepClaim, step)], PendingScheme);
        await context.SignInAsync(PendingScheme, new ClaimsPrincipal(pending), new AuthenticationProperties { RedirectUri = returnUrl });
        return TypedResults.Redirect(step == CodeStep ? CodePath : SetUpPath);
    }

    public static async Task<IResult> ShowCode(HttpContext context, IAntiforgery antiforgery)
    {
        var pending = await PendingAsync(context, CodeStep);
        return pending is null ? TypedResults.LocalRedirect(SignInEndpoints.SignInPath) : CodePage(context, antiforgery, message: null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> CheckCode(HttpContext context, [FromForm] TwoFactorCodeForm form, IAntiforgery antiforgery, AccountStore accounts, ILogger<TwoFactorCodeForm> logger)
    {
        var pending = await PendingAsync(context, CodeStep);
        if (pending is null)
        {
            return TypedResults.LocalRedirect(SignInEndpoints.SignInPath);
        }
        var check = await accounts.VerifyTwoFactorAsync(pending.Value.Account.Id, form.Code ?? "", context.RequestAborted);
        if (check != TwoFactorCheck.Accepted)
        {
            Log.TwoFactorRefused(logger, pending.Value.Account.Name, check.ToString());
            Telemetry.ServerTelemetry.SignInFailed("second_factor");
            var message = check switch
            {
                TwoFactorCheck.Replayed => "Deze code is al gebruikt. Wacht op de volgende code in je app.",
                TwoFactorCheck.Blocked => "Te vaak een verkeerde code. Wacht vijf minuten en probeer het dan opnieuw.",
                _ => "Deze code klopt niet. Kijk of de tijd op je telefoon goed staat, of gebruik een herstelcode.",
            };
            return CodePage(context, antiforgery, message, StatusCodes.Status401Unauthorized);
        }
        return await CompleteAsync(context, pending.Value);
    }

    /// <summary>Setting up (or switching off) the second factor: for a signed-in local user, or one who must set it up to sign in.</summary>
    public static async Task<IResult> ShowSetUp(HttpContext context, IAntiforgery antiforgery, AccountStore accounts, IOptions<TwoFactorOptions> options)
    {
        var account = await SetUpAccountAsync(context);
        if (account is null)
        {
            return SignInAgain();
        }
        if (await accounts.HasTwoFactorAsync(account.Id, context.RequestAborted))
        {
            return OnPage(context, antiforgery, account, await accounts.RecoveryCodesLeftAsync(account.Id, context.RequestAborted), options.Value.IsRequiredFor(account), message: null);
        }
        return SetUpPage(context, antiforgery, account, await accounts.StartTwoFactorAsync(account.Id, context.RequestAborted), message: null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> ConfirmSetUp(HttpContext context, [FromForm] TwoFactorCodeForm form, IAntiforgery antiforgery, AccountStore accounts, ILogger<TwoFactorCodeForm> logger)
    {
        var account = await SetUpAccountAsync(context);
        if (account is null)
        {
            return SignInAgain();
        }
        IReadOnlyList<string>? codes;
        try
        {
            codes = await accounts.ConfirmTwoFactorAsync(account.Id, form.Code ?? "", context.RequestAborted);
        }
        catch (AccountException e) when (e.Error is AccountError.TwoFactorAlreadyOn or AccountError.TwoFactorOff)
        {
            return TypedResults.Redirect(SetUpPath);
        }
        if (codes is null)
        {
            return SetUpPage(context, antiforgery, account, await accounts.StartTwoFactorAsync(account.Id, context.RequestAborted),
                "Deze code klopt niet. Scan de QR-code opnieuw of typ de sleutel over, en probeer de nieuwe code.", StatusCodes.Status400BadRequest);
        }
        Log.TwoFactorSwitchedOn(logger, account.Name);
        var html = HtmlEncoder.Default;
        var next = SignInEndpoints.LocalOrHome(null);
        if (await PendingAsync(context, SetUpStep) is { } pending)
        {
            // Set up as part of signing in: the sign-in is complete now.
            await CompleteSignInAsync(context, pending.Account);
            next = pending.ReturnUrl;
        }
        var main = $"""
            <h1>Tweestapsverificatie staat aan</h1>
            <p>Vanaf nu vraagt Epss na je wachtwoord om de code uit je app.</p>
            <h2>Herstelcodes</h2>
            <p>Ben je je telefoon kwijt? Dan kun je één keer inloggen met een van deze codes. Bewaar ze op een veilige plek
            (bijvoorbeeld in je wachtwoordkluis). Je ziet ze maar één keer.</p>
            <ul aria-label="Herstelcodes" class="geheim">{string.Concat(codes.Select(c => $"<li>{html.Encode(c)}</li>"))}</ul>
            <p><a class="knop" href="{html.Encode(next)}">Verder</a></p>
            """;
        return SignInPage.Render(context, "Tweestapsverificatie", main, StatusCodes.Status200OK);
    }

    public static async Task<IResult> SwitchOff(HttpContext context, [FromForm] TwoFactorCodeForm form, IAntiforgery antiforgery, AccountStore accounts,
        IOptions<TwoFactorOptions> options, ILogger<TwoFactorCodeForm> logger)
    {
        var account = await SignedInLocalAccountAsync(context);
        if (account is null)
        {
            return SignInAgain();
        }
        var left = await accounts.RecoveryCodesLeftAsync(account.Id, context.RequestAborted);
        if (options.Value.IsRequiredFor(account))
        {
            return OnPage(context, antiforgery, account, left, required: true, "Voor jouw rol is tweestapsverificatie verplicht; je kunt het niet uitzetten.");
        }
        if (await accounts.VerifyTwoFactorAsync(account.Id, form.Code ?? "", context.RequestAborted) != TwoFactorCheck.Accepted)
        {
            return OnPage(context, antiforgery, account, left, required: false, "Deze code klopt niet; tweestapsverificatie staat nog aan.");
        }
        await accounts.ResetTwoFactorAsync(account.Name, context.RequestAborted);
        Log.TwoFactorSwitchedOff(logger, account.Name, "the user");
        return TypedResults.Redirect(SetUpPath);
    }

    private static async Task<IResult> CompleteAsync(HttpContext context, (Account Account, string ReturnUrl) pending)
    {
        await CompleteSignInAsync(context, pending.Account);
        return TypedResults.LocalRedirect(pending.ReturnUrl);
    }

    private static async Task CompleteSignInAsync(HttpContext context, Account account)
    {
        await context.SignOutAsync(PendingScheme);
        await context.SignInAsync(SecuritySetup.CookieScheme, EpssClaims.For(account, SecuritySetup.CookieScheme));
    }

    /// <summary>The account whose password was checked a moment ago for this step, and where it was going; null when none (expired, disabled).</summary>
    private static async Task<(Account Account, string ReturnUrl)?> PendingAsync(HttpContext context, string step)
    {
        var result = await context.AuthenticateAsync(PendingScheme);
        if (!result.Succeeded || result.Principal.FindFirstValue(StepClaim) != step || result.Principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }
        var account = await context.RequestServices.GetRequiredService<AccountStore>().FindByIdAsync(id, context.RequestAborted);
        return account is null || account.Disabled ? null : (account, SignInEndpoints.LocalOrHome(result.Properties?.RedirectUri));
    }

    private static async Task<Account?> SetUpAccountAsync(HttpContext context) =>
        (await PendingAsync(context, SetUpStep))?.Account ?? await SignedInLocalAccountAsync(context);

    private static async Task<Account?> SignedInLocalAccountAsync(HttpContext context)
    {
        var user = context.User;
        if (user.FindFirstValue(EpssClaims.Source) != EpssClaims.LocalSource || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }
        var account = await context.RequestServices.GetRequiredService<AccountStore>().FindByIdAsync(id, context.RequestAborted);
        return account is { Disabled: false } ? account : null;
    }

    private static IResult SignInAgain() => TypedResults.LocalRedirect(SignInEndpoints.SignInPath + "?returnUrl=" + Uri.EscapeDataString(SetUpPath));

    private static IResult CodePage(HttpContext context, IAntiforgery antiforgery, string? message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var main = $"""
            <h1>Code uit je app</h1>
            {Error(message)}
            <form method="post" action="{CodePath}">
              <input type="hidden" name="{tokens.FormFieldName}" value="{html.Encode(tokens.RequestToken!)}">
              <label for="code">Code (6 cijfers) of herstelcode</label>
              <input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" autocapitalize="none" spellcheck="false" required autofocus>
              <button type="submit">Inloggen</button>
            </form>
            <p><a href="{SignInEndpoints.SignInPath}">Terug naar inloggen</a></p>
            """;
        return SignInPage.Render(context, "Code", main, status);
    }

    private static IResult SetUpPage(HttpContext context, IAntiforgery antiforgery, Account account, TwoFactorEnrolment enrolment, string? message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        using var data = QRCodeGenerator.GenerateQrCode(enrolment.AuthenticatorUri.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        var png = Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
        var secret = string.Join(' ', enrolment.Secret.Chunk(4).Select(c => new string(c)));
        var main = $"""
            <h1>Tweestapsverificatie instellen</h1>
            <p>Voor <strong>{html.Encode(account.DisplayName)}</strong>. Na je wachtwoord vraagt Epss dan om een code uit een app op je telefoon
            (zoals Microsoft Authenticator of FreeOTP).</p>
            {Error(message)}
            <ol>
              <li>Scan deze QR-code met de app:
                <img class="qr" src="data:image/png;base64,{png}" alt="QR-code met de sleutel voor je app"></li>
              <li>Of typ de sleutel over: <span class="geheim" id="sleutel">{html.Encode(secret)}</span></li>
              <li>Vul de code in die de app nu toont.</li>
            </ol>
            <form method="post" action="{SetUpPath}">
              <input type="hidden" name="{tokens.FormFieldName}" value="{html.Encode(tokens.RequestToken!)}">
              <label for="code">Code (6 cijfers)</label>
              <input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" spellcheck="false" required>
              <button type="submit">Aanzetten</button>
            </form>
            """;
        return SignInPage.Render(context, "Tweestapsverificatie", main, status);
    }

    private static IResult OnPage(HttpContext context, IAntiforgery antiforgery, Account account, int recoveryCodesLeft, bool required, string? message)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var switchOff = required
            ? "<p>Voor jouw rol is tweestapsverificatie verplicht. Telefoon kwijt? Vraag je beheerder om het opnieuw in te laten stellen.</p>"
            : $"""
              <form method="post" action="{SetUpPath}/uitzetten">
                <input type="hidden" name="{tokens.FormFieldName}" value="{html.Encode(tokens.RequestToken!)}">
                <label for="code">Code om uit te zetten</label>
                <input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" spellcheck="false" required>
                <button type="submit">Uitzetten</button>
              </form>
              """;
        var main = $"""
            <h1>Tweestapsverificatie staat aan</h1>
            <p>Voor <strong>{html.Encode(account.DisplayName)}</strong>. Je hebt nog {recoveryCodesLeft} herstelcodes.</p>
            {Error(message)}
            {switchOff}
            """;
        return SignInPage.Render(context, "Tweestapsverificatie", main, message is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static string Error(string? message) =>
        message is null ? "" : $"""<p class="fout" role="alert">{HtmlEncoder.Default.Encode(message)}</p>""";
}
