using Markdig.Renderers;

namespace Epss.Content.Markdown.GuideLinks;

/// <summary>Writes the opening tag of a link in the one shape every guide link has.</summary>
internal static class GuideLinkWriter
{
    public static void WriteOpenTag(HtmlRenderer renderer, LinkTarget target, string? cssClass = null, string? title = null)
    {
        renderer.Write("<a href=\"");
        renderer.WriteEscapeUrl(UrlPolicy.HrefFor(target));
        renderer.Write('"');
        switch (target.Kind)
        {
            case LinkKind.External:
                if (!target.Url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                {
                    renderer.Write(" rel=\"noopener noreferrer\" target=\"_blank\"");
                }
                break;
            case LinkKind.Guide:
                renderer.Write(" data-guide-id=\"").WriteEscape(target.GuideId).Write('"');
                if (target.StepId is not null)
                {
                    renderer.Write(" data-step-id=\"").WriteEscape(target.StepId).Write('"');
                }
                break;
            case LinkKind.Step:
                renderer.Write(" data-step-id=\"").WriteEscape(target.StepId).Write('"');
                break;
        }
        if (cssClass is not null)
        {
            renderer.Write(" class=\"").WriteEscape(cssClass).Write('"');
        }
        if (!string.IsNullOrEmpty(title))
        {
            renderer.Write(" title=\"").WriteEscape(title).Write('"');
        }
        renderer.Write('>');
    }
}
