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
    /// As the panel's (images from the configured sources only, connections to this server), never framed. CodeMirror,
    /// the text editor, writes its theme into style elements: the page carries a fresh nonce for them
    /// (<c>EditorView.cspNonce</c>), so only the editor's own styles apply. It also sets geometry in style attributes,
    /// which a nonce cannot cover: those alone are allowed inline (<c>style-src-attr</c>); they load nothing beyond
    /// <c>img-src</c>, and nothing a user typed is rendered as HTML.
    /// </summary>
    public static string ContentSecurityPolicy(SiteOptions site, string styleNonce) =>
        $"default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{styleNonce}'; style-src-attr 'unsafe-inline'; img-src {site.ImageSourceList}; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    /// <summary>For the editor's other files (scripts, styles): no page of its own, so no nonce.</summary>
    public static string AssetSecurityPolicy(SiteOptions site) =>
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src {site.ImageSourceList}; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static WebApplication MapEditorPage(this WebApplication app)
    {
        var site = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiteOptions>>().Value;
        PanelFiles.MapBuiltPage(
            app, RequestPath, "editor", AssetSecurityPolicy(site), EpssPolicies.EditGuides, "De editor is niet gebouwd.", Log.EditorMissing,
            nonce => ContentSecurityPolicy(site, nonce));
        return app;
    }
}
