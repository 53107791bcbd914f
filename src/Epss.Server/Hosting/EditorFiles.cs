using Epss.Server.Security;

namespace Epss.Server.Hosting;

/// <summary>
/// Serves the experts' editor (built from src/web into the output folder's <c>editor/</c>) at <c>/editor</c>, for
/// experts only; a visitor who is not signed in is sent to the sign-in page. It may borrow the panel's stylesheet (the
/// preview shows a guide as officials see it) and is never framed.
/// </summary>
public static class EditorFiles
{
    public const string RequestPath = "/editor";

    /// <summary>
    /// As the panel's (images from the configured sources only, connections to this server), never framed. Inline
    /// styles are allowed here alone: CodeMirror, the text editor, writes its theme into a style element (style-mod,
    /// outside a shadow root) and geometry into style attributes. Nothing a user typed is rendered as HTML, so there
    /// is no markup to inject them with; scripts still come from this server only.
    /// </summary>
    public static string ContentSecurityPolicy(SiteOptions site) =>
        $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src {site.ImageSourceList}; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static WebApplication MapEditorPage(this WebApplication app)
    {
        var site = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiteOptions>>().Value;
        PanelFiles.MapBuiltPage(app, RequestPath, "editor", ContentSecurityPolicy(site), EpssPolicies.EditGuides, "De editor is niet gebouwd.", Log.EditorMissing);
        return app;
    }
}
