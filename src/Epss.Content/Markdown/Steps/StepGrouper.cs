using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Epss.Content.Markdown.Steps;

/// <summary>Regroups a parsed document: every level-2 heading starts a <see cref="StepBlock"/>.</summary>
internal static class StepGrouper
{
    public const string TargetAttribute = "target";
    public const string PageAttribute = "page";
    public const string SourceAttribute = "source";
    public const string EndClass = "end";

    public static void Group(MarkdownDocument document)
    {
        var blocks = document.ToList();
        document.Clear();
        StepBlock? current = null;
        foreach (var block in blocks)
        {
            if (block is HeadingBlock { Level: 2 } heading)
            {
                current = CreateStep(heading);
                document.Add(current);
            }
            (current ?? (ContainerBlock)document).Add(block);
            if (current is not null)
            {
                current.Span = new SourceSpan(current.Span.Start, Math.Max(current.Span.End, block.Span.End));
            }
        }
    }

    private static StepBlock CreateStep(HeadingBlock heading)
    {
        var attributes = heading.TryGetAttributes();
        string? target = null;
        string? page = null;
        string? source = null;
        var isEnd = false;
        var others = new List<KeyValuePair<string, string?>>();
        if (attributes?.Properties is { } properties)
        {
            foreach (var property in properties)
            {
                if (string.Equals(property.Key, TargetAttribute, StringComparison.OrdinalIgnoreCase))
                {
                    target = property.Value ?? string.Empty;
                }
                else if (string.Equals(property.Key, PageAttribute, StringComparison.OrdinalIgnoreCase))
                {
                    page = property.Value ?? string.Empty;
                }
                else if (string.Equals(property.Key, SourceAttribute, StringComparison.OrdinalIgnoreCase))
                {
                    source = property.Value ?? string.Empty;
                }
                else
                {
                    others.Add(property);
                }
            }
        }
        if (attributes?.Classes is { } classes)
        {
            foreach (var cssClass in classes)
            {
                if (string.Equals(cssClass, EndClass, StringComparison.Ordinal))
                {
                    isEnd = true;
                }
                else
                {
                    others.Add(new("." + cssClass, null));
                }
            }
        }
        return new StepBlock(heading, attributes?.Id, target, page, source, isEnd, others);
    }
}
