namespace Epss.Server.Hosting;

/// <summary>
/// Serves the embeddable overlay (built from src/extension into the output folder's <c>overlay/</c>) at
/// <c>/overlay.js</c>: the one script tag a host application adds. Host pages of other origins load it, hence
/// <c>Cross-Origin-Resource-Policy: cross-origin</c>; <c>no-cache</c> because the name never changes between versions.
/// </summary>
public static class OverlayFiles
{
    public const string RequestPath = "/overlay.js";

    public static WebApplication MapOverlay(this WebApplication app)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "overlay", "overlay.js");
        app.MapGet(RequestPath, (HttpContext context) =>
        {
            // Looked up per request: a build of the extension during development shows up without a restart.
            if (!File.Exists(file))
            {
                return TypedResults.Problem(
                    title: "Het overlay-script is niet gebouwd.",
                    detail: "Bouw de server opnieuw met Node.js en npm beschikbaar (zie README).",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.XContentTypeOptions = "nosniff";
            headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            return Results.File(file, "application/javascript; charset=utf-8");
        })
        // Public: the script holds no guide, and host pages of any origin load it before anyone has signed in.
        .AllowAnonymous()
        .ExcludeFromDescription();
        return app;
    }
}
