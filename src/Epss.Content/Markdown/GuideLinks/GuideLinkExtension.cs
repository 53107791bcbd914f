using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;

namespace Epss.Content.Markdown.GuideLinks;

/// <summary>
/// Replaces Markdig's link, image and autolink renderers with ones that apply <see cref="UrlPolicy"/>,
/// and installs the policy as the renderer's link rewriter for every other URL.
/// </summary>
public sealed class GuideLinkExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html)
        {
            return;
        }
        html.ObjectRenderers.ReplaceOrAdd<LinkInlineRenderer>(new GuideLinkInlineRenderer());
        html.ObjectRenderers.ReplaceOrAdd<AutolinkInlineRenderer>(new GuideAutolinkInlineRenderer());
        html.LinkRewriter = UrlPolicy.RewriteForOutput;
    }
}
