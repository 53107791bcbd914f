using Epss.Server.Security;
using Microsoft.Extensions.FileProviders;

namespace Epss.Server.Hosting;

/// <summary>
/// Serves the side panel (built from src/web into the output folder's <c>panel/</c>) at <c>/panel</c>, with a
/// Content-Security-Policy that allows only the panel's own script and style, and connections back to this server.
/// Any page may frame the panel (the overlay runs on the municipality's own applications, wherever they are), and so
/// may the browser extension's side panel page: <c>*</c> covers only network schemes, so <c>chrome-extension:</c> is
/// named as well.
/// </summary>
public static class PanelFiles
{
    public const string RequestPath = "/panel";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self' ws: wss:; " +
        "frame-ancestors * chrome-extension:; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static WebApplication MapPanel(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "panel");
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            Log.PanelMissing(app.Logger, folder);
            app.MapGet(RequestPath, () => TypedResults.Problem(
                title: "Het zijpaneel is niet gebouwd.",
                detail: "Bouw de server opnieuw met Node.js en npm beschikbaar (zie README).",
                statusCode: StatusCodes.Status503ServiceUnavailable)).ExcludeFromDescription().RequireAuthorization(EpssPolicies.ReadGuides);
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = RequestPath,
            FileProvider = files,
            OnPrepareResponse = context => Secure(context.Context.Response),
        });
        app.MapGet(RequestPath, (HttpContext context) =>
        {
            Secure(context.Response);
            return Results.File(files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8");
        }).ExcludeFromDescription().RequireAuthorization(EpssPolicies.ReadGuides);
        app.MapGet("/", () => Results.Redirect(RequestPath)).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // Always revalidate: the file names do not change between versions.
        response.Headers.CacheControl = "no-cache";
    }
}
