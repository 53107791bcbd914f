using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace Epss.Content.Markdown.GuideLinks;

/// <summary>Renders <c>&lt;https://…&gt;</c> autolinks through <see cref="UrlPolicy"/>.</summary>
public sealed class GuideAutolinkInlineRenderer : HtmlObjectRenderer<AutolinkInline>
{
    protected override void Write(HtmlRenderer renderer, AutolinkInline link)
    {
        var url = link.IsEmail ? "mailto:" + link.Url : link.Url;
        var target = UrlPolicy.Classify(url);
        if (target.Kind != LinkKind.External || !renderer.EnableHtmlForInline)
        {
            renderer.WriteEscape(link.Url);
            return;
        }

        GuideLinkWriter.WriteOpenTag(renderer, target);
        renderer.WriteEscape(link.Url);
        renderer.Write("</a>");
    }
}
