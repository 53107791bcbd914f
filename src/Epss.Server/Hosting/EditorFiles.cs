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

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self' ws: wss:; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static WebApplication MapEditorPage(this WebApplication app)
    {
        PanelFiles.MapBuiltPage(app, RequestPath, "editor", ContentSecurityPolicy, EpssPolicies.EditGuides, "De editor is niet gebouwd.", Log.EditorMissing);
        return app;
    }
}
