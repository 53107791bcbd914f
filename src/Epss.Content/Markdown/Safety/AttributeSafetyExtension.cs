using Markdig;
using Markdig.Renderers;

namespace Epss.Content.Markdown.Safety;

/// <summary>Runs <see cref="AttributeSanitizer"/> after every other document processor.</summary>
public sealed class AttributeSafetyExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) =>
        pipeline.DocumentProcessed += AttributeSanitizer.Sanitize;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }
}
