using Markdig;
using Markdig.Renderers;

namespace Epss.Content.Markdown.Decisions;

/// <summary>Lists of links to steps or guides become decisions (see <see cref="DecisionBlock"/>).</summary>
/// <remarks>Runs after <see cref="Steps.StepExtension"/>: decisions exist only inside steps.</remarks>
public sealed class DecisionExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) =>
        pipeline.DocumentProcessed += DecisionDetector.Detect;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.AddIfNotAlready<DecisionBlockRenderer>();
        }
    }
}
