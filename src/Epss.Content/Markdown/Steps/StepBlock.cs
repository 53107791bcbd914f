using Markdig.Syntax;

namespace Epss.Content.Markdown.Steps;

/// <summary>
/// A step: a level-2 heading and the blocks up to the next one. The heading is the first child.
/// Attributes come from the heading's generic attributes: <c>{#id target="selector" page="*/url-pattern*" source="ppw-44" .end}</c>.
/// </summary>
public sealed class StepBlock : ContainerBlock
{
    public StepBlock(HeadingBlock heading, string? stepId, string? target, string? page, string? source, bool isEnd, IReadOnlyList<KeyValuePair<string, string?>> otherAttributes)
        : base(null)
    {
        Heading = heading;
        StepId = stepId;
        Target = target;
        Page = page;
        Source = source;
        IsEnd = isEnd;
        OtherAttributes = otherAttributes;
        Line = heading.Line;
        Column = heading.Column;
        Span = heading.Span;
    }

    public HeadingBlock Heading { get; }

    public string? StepId { get; }

    public string? Target { get; }

    /// <summary>The page of the host application the step is done on, as a URL pattern (<c>*</c> wildcards).</summary>
    public string? Page { get; }

    /// <summary>The ids (separated by spaces) of the guide's sources that this step rests on.</summary>
    public string? Source { get; }

    public bool IsEnd { get; }

    /// <summary>Attributes on the heading that steps do not use; reported, never rendered.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> OtherAttributes { get; }

    /// <summary>The step's blocks without its heading.</summary>
    public IEnumerable<Block> Body => this.Skip(1);
}
