using Markdig;
using Markdig.Extensions.TaskLists;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Epss.Content.Markdown.Checks;

/// <summary>Task-list items become checks: parsed by Markdig's task lists, given ids, rendered as checkboxes.</summary>
public sealed class CheckExtension : IMarkdownExtension
{
    /// <remarks>Needs Markdig's task lists in the pipeline (<see cref="GuideMarkdown"/> adds them first).</remarks>
    public void Setup(MarkdownPipelineBuilder pipeline) =>
        pipeline.DocumentProcessed += CheckMarker.Mark;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html)
        {
            return;
        }
        html.ObjectRenderers.ReplaceOrAdd<ListRenderer>(new CheckListRenderer());
        // The checkbox is written by CheckListRenderer, with its id; the task marker itself writes nothing.
        html.ObjectRenderers.ReplaceOrAdd<HtmlTaskListRenderer>(new SilentTaskListRenderer());
    }

    private sealed class SilentTaskListRenderer : HtmlObjectRenderer<TaskList>
    {
        protected override void Write(HtmlRenderer renderer, TaskList obj)
        {
        }
    }
}
