using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace Epss.Content.Markdown.GuideLinks;

/// <summary>
/// Renders links and images through <see cref="UrlPolicy"/>: guide navigation gets data attributes,
/// a disallowed URL leaves only its text (or an image's alt text).
/// </summary>
public sealed class GuideLinkInlineRenderer : HtmlObjectRenderer<LinkInline>
{
    protected override void Write(HtmlRenderer renderer, LinkInline link)
    {
        if (link.IsImage)
        {
            WriteImage(renderer, link);
            return;
        }

        var target = UrlPolicy.Classify(link.GetDynamicUrl?.Invoke() ?? link.Url);
        if (target.Kind == LinkKind.Disallowed || !renderer.EnableHtmlForInline)
        {
            renderer.WriteChildren(link);
            return;
        }

        // A deliberate jump's note is for the expert who reviews the guide, not a tooltip for officials.
        var title = target.Kind == LinkKind.Guide && DeliberateJump.IsMarked(link.Title) ? null : link.Title;
        GuideLinkWriter.WriteOpenTag(renderer, target, title: title);
        renderer.WriteChildren(link);
        renderer.Write("</a>");
    }

    private static void WriteImage(HtmlRenderer renderer, LinkInline link)
    {
        var allowed = UrlPolicy.IsAllowedImageSource(link.Url);
        if (!allowed || !renderer.EnableHtmlForInline)
        {
            renderer.WriteChildren(link);
            return;
        }

        renderer.Write("<img src=\"");
        renderer.WriteEscapeUrl(link.Url);
        renderer.Write("\" alt=\"");
        var wasEnabled = renderer.EnableHtmlForInline;
        renderer.EnableHtmlForInline = false;
        renderer.WriteChildren(link);
        renderer.EnableHtmlForInline = wasEnabled;
        renderer.Write("\" loading=\"lazy\" referrerpolicy=\"no-referrer\"");
        if (!string.IsNullOrEmpty(link.Title))
        {
            renderer.Write(" title=\"").WriteEscape(link.Title).Write('"');
        }
        renderer.Write(" />");
    }
}
