using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Epss.Accounts;
using Epss.Server.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// API tokens made with <c>epss users token</c>: <c>Authorization: Bearer epss_…</c>, or <c>access_token</c> in the
/// query on the hub's WebSocket and server-sent-events requests only (a browser cannot set headers on those, so
/// SignalR's JavaScript client sends the token there). A token of a disabled user, or a revoked one, is refused.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountStore accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EpssToken";

    /// <summary>Set on the request when it carried a token that was refused, so that anonymous reading does not let it through.</summary>
    public const string RefusedItem = "epss:token-refused";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Context) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }
        if (await accounts.SignInWithTokenAsync(token, Context.RequestAborted) is not { } signIn)
        {
            Context.Items[RefusedItem] = true;
            return AuthenticateResult.Fail("The token is unknown, revoked, or its user is disabled.");
        }
        var user = EpssClaims.For(signIn.Account, SchemeName);
        ((ClaimsIdentity)user.Identity!).AddClaim(new Claim(EpssClaims.TokenId, signIn.TokenId.ToString(CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(user, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Context.Items.ContainsKey(RefusedItem) ? "Bearer error=\"invalid_token\"" : "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>Whether the request carries a token this handler reads (the default scheme forwards to it then).</summary>
    public static bool HasToken(HttpContext context) => TokenOf(context) is not null;

    private static string? TokenOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        if (IsHubStreamRequest(context) && context.Request.Query["access_token"] is { Count: 1 } query)
        {
            return query[0];
        }
        return null;
    }

    /// <summary>A WebSocket or server-sent-events request to the hub: the only requests where a token may come in the query.</summary>
    private static bool IsHubStreamRequest(HttpContext context) =>
        (context.Request.Path.StartsWithSegments(GuidanceHub.Path, out var rest) || context.Request.Path.StartsWithSegments(Editor.EditorHub.Path, out rest))
        && !rest.StartsWithSegments("/negotiate")
        // The upgrade is read from the headers: the WebSockets middleware that sets IsWebSocketRequest runs after sign-in.
        && ((HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Upgrade.Any(u => string.Equals(u, "websocket", StringComparison.OrdinalIgnoreCase)))
            || context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true));
}
