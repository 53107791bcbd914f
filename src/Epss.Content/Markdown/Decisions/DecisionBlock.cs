using System.Collections.Immutable;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Epss.Content.Markdown.Decisions;

/// <summary>One option of a decision: the label the official reads and the link it follows.</summary>
public sealed record DecisionOption(string Label, LinkInline Link);

/// <summary>
/// A decision: a list whose every item is one link to a step (<c>#id</c>) or a guide (<c>guide:id</c>).
/// It replaces that list in the document and keeps it as its only child, with its source positions.
/// </summary>
public sealed class DecisionBlock : ContainerBlock
{
    public DecisionBlock(ListBlock list, ImmutableArray<DecisionOption> options)
        : base(null)
    {
        Options = options;
        Line = list.Line;
        Column = list.Column;
        Span = list.Span;
    }

    public ImmutableArray<DecisionOption> Options { get; }

    public ListBlock List => (ListBlock)this[0];
}
