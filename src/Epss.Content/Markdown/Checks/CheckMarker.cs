using Epss.Content.Markdown.Steps;
using Epss.Content.Text;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;

namespace Epss.Content.Markdown.Checks;

/// <summary>
/// Gives every task-list item a <see cref="CheckItem"/>. The id is made from the text, unique within its step,
/// so that a tick survives an edit elsewhere in the guide.
/// </summary>
internal static class CheckMarker
{
    public static void Mark(MarkdownDocument document)
    {
        var usedInIntro = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in document)
        {
            if (block is StepBlock step)
            {
                var used = new HashSet<string>(StringComparer.Ordinal);
                foreach (var child in step)
                {
                    MarkWithin(child, used);
                }
            }
            else
            {
                MarkWithin(block, usedInIntro);
            }
        }
    }

    private static void MarkWithin(Block block, HashSet<string> used)
    {
        foreach (var item in Enumerate(block))
        {
            if (item.Count == 0 || item[0] is not ParagraphBlock { Inline.FirstChild: TaskList task } paragraph)
            {
                continue;
            }
            var text = PlainText.Of(paragraph.Inline);
            var baseId = Slug.From(text);
            if (baseId.Length == 0)
            {
                baseId = "controle";
            }
            var id = baseId;
            for (var n = 2; !used.Add(id); n++)
            {
                id = $"{baseId}-{n}";
            }
            new CheckItem(id, text, task.Checked).AttachTo(item);
        }
    }

    private static IEnumerable<ListItemBlock> Enumerate(Block block) => block switch
    {
        ListItemBlock item => [item, .. item.SelectMany(Enumerate)],
        ContainerBlock container => container.SelectMany(Enumerate),
        _ => [],
    };
}
