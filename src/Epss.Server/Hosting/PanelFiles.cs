using Epss.Server.Security;
using Microsoft.Extensions.FileProviders;

namespace Epss.Server.Hosting;

/// <summary>
/// Serves the side panel (built from src/web into the output folder's <c>panel/</c>) at <c>/panel</c>, with a
/// Content-Security-Policy that allows only the panel's own script and style, images from this server and the configured
/// image sources, and connections back to this server.
/// Only the pages that need to may frame it (CSP <c>frame-ancestors</c>): this server, the host applications that run
/// the overlay (<c>Epss:HostApplications</c>) and the browser extension's side panel page (<c>Epss:ExtensionOrigins</c>,
/// the pinned extension id); any other page that frames it gets the browser's refusal, not the panel. The panel posts
/// its messages to that parent's origin only and takes a token only from an extension parent (src/web host-link.ts).
/// <c>/panel</c> itself needs <see cref="EpssPolicies.ReadGuides"/> (a visitor who must sign in is sent
/// to the sign-in page), while its files, <c>/panel/index.html</c> included, are served to anyone: they hold no guide,
/// and the extension's frame, which carries no cookie, loads the page from there and signs in to the hub with its token.
/// </summary>
public static class PanelFiles
{
    public const string RequestPath = "/panel";

    /// <summary>
    /// Images from this server and the configured <c>Epss:ImageSources</c> only; connections to this server only
    /// (<c>'self'</c> covers its own ws: and wss: in CSP 3); framed only by this server, the host applications and the
    /// extension.
    /// </summary>
    public static string ContentSecurityPolicy(SiteOptions site) =>
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src {site.ImageSourceList}; connect-src 'self'; " +
        $"frame-ancestors {FrameAncestors(site)}; base-uri 'none'; form-action 'self'; object-src 'none'";

    /// <summary>The origins that may frame the panel: <c>'self'</c>, <c>Epss:HostApplications</c>, <c>Epss:ExtensionOrigins</c>.</summary>
    public static string FrameAncestors(SiteOptions site) =>
        string.Join(' ', ["'self'", .. site.HostApplications.Concat(site.ExtensionOrigins).Select(SiteOptions.Origin).OfType<string>().Distinct(StringComparer.Ordinal)]);

    public static WebApplication MapPanel(this WebApplication app)
    {
        var site = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiteOptions>>().Value;
        MapBuiltPage(app, RequestPath, "panel", ContentSecurityPolicy(site), EpssPolicies.ReadGuides, "Het zijpaneel is niet gebouwd.", Log.PanelMissing);
        app.MapGet("/", () => Results.Redirect(RequestPath)).ExcludeFromDescription().AllowAnonymous();
        // Browsers ask for it on any page that names no icon (a JSON answer, a CSV download): nothing, rather than a 404.
        app.MapGet("/favicon.ico", () => Results.NoContent()).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Serves a page built from src/web (its folder in the output, index.html at <paramref name="requestPath"/>, its
    /// assets below it) with <paramref name="contentSecurityPolicy"/>; the page itself needs <paramref name="policy"/>.
    /// When it was not built, the page answers 503 with what to do.
    /// </summary>
    internal static void MapBuiltPage(
        WebApplication app, string requestPath, string folderName, string contentSecurityPolicy, string policy, string missingTitle, Action<ILogger, string> logMissing,
        Func<string, string>? pagePolicyWithStyleNonce = null)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, folderName);
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            logMissing(app.Logger, folder);
            app.MapGet(requestPath, () => TypedResults.Problem(
                title: missingTitle,
                detail: "Bouw de server opnieuw met Node.js en npm beschikbaar (zie README).",
                statusCode: StatusCodes.Status503ServiceUnavailable)).ExcludeFromDescription().RequireAuthorization(policy);
            return;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = requestPath,
            FileProvider = files,
            OnPrepareResponse = context => Secure(context.Context.Response, contentSecurityPolicy),
        });
        if (pagePolicyWithStyleNonce is null)
        {
            app.MapGet(requestPath, (HttpContext context) =>
            {
                Secure(context.Response, contentSecurityPolicy);
                return Results.File(files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8");
            }).ExcludeFromDescription().RequireAuthorization(policy);
            return;
        }
        // A fresh nonce per page: the page's scripts may add style elements carrying it (CodeMirror does), nothing else.
        var page = File.ReadAllText(files.GetFileInfo("index.html").PhysicalPath!);
        if (!page.Contains(StyleNoncePlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{folderName}/index.html has no {StyleNoncePlaceholder}.");
        }
        app.MapGet(requestPath, (HttpContext context) =>
        {
            var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
            Secure(context.Response, pagePolicyWithStyleNonce(nonce));
            return Results.Text(
                page.Replace(StyleNoncePlaceholder, $"<meta name=\"epss-style-nonce\" content=\"{nonce}\">", StringComparison.Ordinal),
                "text/html; charset=utf-8");
        }).ExcludeFromDescription().RequireAuthorization(policy);
    }

    /// <summary>Where a page built from src/web takes the nonce its scripts give the style elements they add.</summary>
    internal const string StyleNoncePlaceholder = "<meta name=\"epss-style-nonce\" content=\"\">";

    private static void Secure(HttpResponse response, string contentSecurityPolicy)
    {
        response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // Always revalidate: the file names do not change between versions.
        response.Headers.CacheControl = "no-cache";
    }
}
