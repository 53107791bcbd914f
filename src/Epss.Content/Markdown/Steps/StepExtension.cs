using Markdig;
using Markdig.Renderers;

namespace Epss.Content.Markdown.Steps;

/// <summary>Turns every <c>##</c> heading and what follows it into a <see cref="StepBlock"/>.</summary>
public sealed class StepExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) =>
        pipeline.DocumentProcessed += StepGrouper.Group;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.AddIfNotAlready<StepBlockRenderer>();
        }
    }
}
