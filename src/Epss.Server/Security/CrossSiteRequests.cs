using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// The one defence against cross-site request forgery and cross-site WebSocket hijacking: every request that can
/// change something (POST, PUT, PATCH, DELETE) and every request to a hub (negotiate, the WebSocket handshake, SSE and
/// long polling) must come from a page of an accepted origin, judged by the browser's own <c>Origin</c> and
/// <c>Sec-Fetch-Site</c> headers: an origin in the configured list, else <c>Sec-Fetch-Site: same-origin</c>, else (a
/// browser without fetch metadata) an <c>Origin</c> equal to the request's own. Accepted: this server (the origin the request came in on, or
/// <c>Epss:PublicOrigin</c>), the extension (<c>Epss:ExtensionOrigins</c>) and, on the guidance hub only, the host
/// applications (<c>Epss:HostApplications</c>). A request without either header is not from a browser (a script, the
/// CLI, a .NET hub client) and carries no official's cookie, so it passes to sign-in as usual. The algorithm is Go's
/// <c>CrossOriginProtection</c>, which ASP.NET Core adopts in .NET 11; .NET 10 has only the token-based antiforgery,
/// which knows nothing of hubs or JSON calls.
/// </summary>
public sealed class CrossSiteRequests
{
    private readonly HashSet<string> _always;
    private readonly HashSet<string> _panelHub;
    private readonly PathString[] _exempt;
    private readonly ILogger<CrossSiteRequests> _logger;

    public CrossSiteRequests(IOptions<SiteOptions> options, IOptions<AccessOptions> access, IOptionsMonitor<OpenIdConnectOptions> oidc, ILogger<CrossSiteRequests> logger)
    {
        var site = options.Value;
        _always = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (SiteOptions.Origin(site.PublicOrigin) is { } publicOrigin)
        {
            _always.Add(publicOrigin);
        }
        _always.UnionWith(site.ExtensionOrigins.Select(SiteOptions.Origin).OfType<string>());
        _panelHub = new HashSet<string>(_always, StringComparer.OrdinalIgnoreCase);
        _panelHub.UnionWith(site.HostApplications.Select(SiteOptions.Origin).OfType<string>());
        // The identity provider posts its answer back from its own site (response_mode=form_post); that answer is
        // bound to this browser by the handler's correlation cookie and nonce instead.
        _exempt = access.Value.Oidc.IsEnabled
            ? [oidc.Get(SecuritySetup.OidcScheme).CallbackPath, oidc.Get(SecuritySetup.OidcScheme).SignedOutCallbackPath, oidc.Get(SecuritySetup.OidcScheme).RemoteSignOutPath]
            : [];
        _logger = logger;
    }

    /// <summary>Whether the request may go on; when not, it has been answered with a 403 problem.</summary>
    public async Task<bool> CheckAsync(HttpContext context)
    {
        var request = context.Request;
        var isHub = request.Path.StartsWithSegments("/hubs");
        if (!isHub && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)))
        {
            return true;
        }
        if (_exempt.Any(path => path.HasValue && request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (IsAccepted(request, origin, fetchSite, isHub && request.Path.StartsWithSegments(Hubs.GuidanceHub.Path)))
        {
            return true;
        }
        Log.CrossSiteRequestRefused(_logger, request.Method, request.Path, origin.Length > 0 ? origin : "(none)", fetchSite.Length > 0 ? fetchSite : "(none)");
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await TypedResults.Problem(
            title: "Verzoek van een andere site geweigerd.",
            detail: "Dit verzoek kwam van een pagina die Epss niet kent. Open Epss zelf, of vraag de beheerder de site toe te voegen (Epss:HostApplications).",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
        return false;
    }

    private bool IsAccepted(HttpRequest request, string origin, string fetchSite, bool panelHub)
    {
        var normalized = origin.Length > 0 ? SiteOptions.Origin(origin) : null;
        if (normalized is not null && (panelHub ? _panelHub : _always).Contains(normalized))
        {
            return true;
        }
        // The browser's own verdict, which a page cannot set. It also covers a form posted from a page with
        // Referrer-Policy: no-referrer (the sign-in page), whose Origin the browser sends as "null".
        if (fetchSite.Length > 0)
        {
            return fetchSite is "same-origin" or "none";
        }
        // An older browser: its Origin must be this server's. No Origin at all: not a browser.
        return origin.Length == 0
            || (normalized is not null && string.Equals(normalized, SiteOptions.Origin($"{request.Scheme}://{request.Host}"), StringComparison.OrdinalIgnoreCase));
    }
}
