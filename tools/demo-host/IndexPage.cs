using System.Text.Encodings.Web;
using Microsoft.Extensions.FileProviders;

namespace Epss.DemoHost;

/// <summary>
/// The single page (wwwroot/index.html) as it is served: read once at start, with the placeholder
/// <c>&lt;!-- epss-overlay --&gt;</c> replaced by the overlay's one script tag when the overlay is on.
/// </summary>
public sealed class IndexPage
{
    public const string Placeholder = "<!-- epss-overlay -->";

    private IndexPage(string html) => Html = html;

    public string Html { get; }

    public static IndexPage Load(IFileProvider webRoot, DemoHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(webRoot);
        ArgumentNullException.ThrowIfNull(options);
        var file = webRoot.GetFileInfo("index.html");
        if (!file.Exists)
        {
            throw new InvalidOperationException("wwwroot/index.html is missing; run the demo host from its project folder or its build output.");
        }
        using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream);
        return new IndexPage(Render(reader.ReadToEnd(), options));
    }

    /// <summary>The page with the overlay's script tag in place of the placeholder (or without the placeholder when the overlay is off).</summary>
    public static string Render(string template, DemoHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        if (!template.Contains(Placeholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"index.html lacks the placeholder {Placeholder} before </head>.");
        }
        var tag = options.Overlay
            // The application's name is what the guides' context.apps say; the overlay passes it on to the panel.
            ? $"<script src=\"{HtmlEncoder.Default.Encode(options.OverlayScript.AbsoluteUri)}\" data-epss-app=\"burgerzaken\" defer></script>"
            : string.Empty;
        return template.Replace(Placeholder, tag, StringComparison.Ordinal);
    }
}
