using Epss.Content.Markdown.Alerts;
using Epss.Content.Markdown.Checks;
using Epss.Content.Markdown.Decisions;
using Epss.Content.Markdown.GuideLinks;
using Epss.Content.Markdown.Safety;
using Epss.Content.Markdown.Steps;
using Markdig;
using Markdig.Renderers;

namespace Epss.Content.Markdown;

/// <summary>
/// The guide format as a Markdig pipeline, built once and shared (a <see cref="MarkdownPipeline"/> is immutable
/// and thread-safe).
/// </summary>
public static class GuideMarkdown
{
    /// <summary>Deeper input than this is refused rather than risk the stack (Markdig throws past it).</summary>
    public const int MaximumNestingDepth = 64;

    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().UseGuideFormat().Build();

    /// <summary>
    /// Adds the guide format: front matter, steps, checks, alerts, decisions, guide links, tables, and the
    /// safety rules (raw HTML as text, URL allow-list, attributes stripped). Idempotent.
    /// </summary>
    public static MarkdownPipelineBuilder UseGuideFormat(this MarkdownPipelineBuilder builder)
    {
        builder.MaximumNestingDepth = MaximumNestingDepth;
        builder
            .UseYamlFrontMatter()
            .UsePreciseSourceLocation()
            .UsePipeTables()
            .UseTaskLists()
            .UseAlertBlocks(AlertKinds.RenderTitle);
        // Order matters: steps first, then what lives inside steps, then the safety pass over everything.
        builder.Extensions.AddIfNotAlready<StepExtension>();
        builder.Extensions.AddIfNotAlready<CheckExtension>();
        builder.Extensions.AddIfNotAlready<DecisionExtension>();
        builder.Extensions.AddIfNotAlready<GuideLinkExtension>();
        builder.Extensions.AddIfNotAlready<RawHtmlAsTextExtension>();
        builder.Extensions.AddIfNotAlready<AttributeSafetyExtension>();
        // Markdig's generic attributes must come last: they extend the parsers added before them.
        return builder.UseGenericAttributes();
    }

    /// <summary>An HTML renderer set up for guides, writing to <paramref name="writer"/>. Not thread-safe: one per use.</summary>
    /// <remarks>
    /// Rendering a document nested deeper than <see cref="MaximumNestingDepth"/> throws <see cref="ArgumentException"/>;
    /// <see cref="Parsing.GuideParser"/> reports that as a problem, so render parsed guides through it where possible.
    /// </remarks>
    public static HtmlRenderer CreateRenderer(TextWriter writer)
    {
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        return renderer;
    }
}
