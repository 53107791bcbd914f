using Epss.Content.Markdown.GuideLinks;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Epss.Content.Markdown.Decisions;

/// <summary>
/// Renders a decision as a labelled group of options, each a link with the step or guide it leads to in
/// data attributes, which the panel turns into buttons.
/// </summary>
public sealed class DecisionBlockRenderer : HtmlObjectRenderer<DecisionBlock>
{
    protected override void Write(HtmlRenderer renderer, DecisionBlock decision)
    {
        renderer.EnsureLine();
        renderer.WriteLine("<nav class=\"epss-decision\" aria-label=\"Keuze\">");
        renderer.WriteLine("<ul>");
        foreach (var option in decision.Options)
        {
            renderer.Write("<li>");
            GuideLinkWriter.WriteOpenTag(renderer, UrlPolicy.Classify(option.Link.Url), "epss-option");
            renderer.WriteChildren(option.Link);
            renderer.WriteLine("</a></li>");
        }
        renderer.WriteLine("</ul>");
        renderer.WriteLine("</nav>");
    }
}
