using System.Collections.Immutable;
using Epss.Content.Markdown.GuideLinks;
using Epss.Content.Markdown.Steps;
using Epss.Content.Text;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Epss.Content.Markdown.Decisions;

/// <summary>Finds the lists directly in a step that are decisions and wraps each in a <see cref="DecisionBlock"/>.</summary>
internal static class DecisionDetector
{
    public static void Detect(MarkdownDocument document)
    {
        foreach (var step in document.OfType<StepBlock>())
        {
            for (var i = 0; i < step.Count; i++)
            {
                if (step[i] is not ListBlock list || SplitOffDecision(list) is not { } decision)
                {
                    continue;
                }
                if (list.Count == 0)
                {
                    step.RemoveAt(i);
                }
                else
                {
                    // Checks and a decision with the same bullet, separated only by a blank line, are one list in
                    // CommonMark; the decision is split off so that an expert need not know that.
                    i++;
                }
                step.Insert(i, decision);
            }
        }
    }

    /// <summary>
    /// The decision at the end of <paramref name="list"/>, removed from it: the trailing items that are each one
    /// link to a step or guide, when every item before them is a check. Null when the list holds no decision.
    /// </summary>
    private static DecisionBlock? SplitOffDecision(ListBlock list)
    {
        var first = list.Count;
        while (first > 0 && OptionOf(list[first - 1]) is not null)
        {
            first--;
        }
        if (first == list.Count || !list.Take(first).All(IsCheck))
        {
            return null;
        }

        var options = ImmutableArray.CreateBuilder<DecisionOption>(list.Count - first);
        // Made by this processor, not by a block parser.
        var decisionList = new ListBlock(null!)
        {
            BulletType = list.BulletType,
            IsOrdered = list.IsOrdered,
            OrderedStart = list.OrderedStart,
            Line = list[first].Line,
            Column = list[first].Column,
            Span = new SourceSpan(list[first].Span.Start, list.Span.End),
        };
        while (list.Count > first)
        {
            var item = list[first];
            options.Add(OptionOf(item)!);
            list.RemoveAt(first);
            decisionList.Add(item);
        }
        if (list.Count > 0)
        {
            list.IsLoose = false;
            list.Span = new SourceSpan(list.Span.Start, list[^1].Span.End);
        }
        var decision = new DecisionBlock(decisionList, options.MoveToImmutable());
        decision.Add(decisionList);
        return decision;
    }

    private static DecisionOption? OptionOf(Block block) =>
        block is ListItemBlock { Count: 1 } item
        && item[0] is ParagraphBlock { Inline: { } inline }
        && SoleLink(inline) is { } link
        && UrlPolicy.Classify(link.Url).IsGuideNavigation
            ? new DecisionOption(PlainText.Of(link), link)
            : null;

    private static bool IsCheck(Block block) =>
        block is ListItemBlock { Count: > 0 } item && item[0] is ParagraphBlock { Inline.FirstChild: TaskList };

    /// <summary>The paragraph's only link, when nothing but whitespace stands beside it.</summary>
    private static LinkInline? SoleLink(ContainerInline inline)
    {
        LinkInline? found = null;
        foreach (var child in inline)
        {
            switch (child)
            {
                case LinkInline { IsImage: false } link when found is null:
                    found = link;
                    break;
                case LiteralInline literal when literal.Content.IsEmptyOrWhitespace():
                case LineBreakInline:
                    break;
                default:
                    return null;
            }
        }
        return found;
    }
}
