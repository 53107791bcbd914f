using System.Text;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Epss.Content.Text;

/// <summary>The readable text of parsed Markdown, for search and for labels; markup and raw HTML left out.</summary>
public static class PlainText
{
    public static string Of(IEnumerable<Block> blocks)
    {
        var builder = new StringBuilder();
        foreach (var block in blocks)
        {
            Append(builder, block);
        }
        var lines = builder.ToString().Split('\n').Select(Normalize).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    public static string Of(Inline? inline)
    {
        var builder = new StringBuilder();
        Append(builder, inline);
        return Normalize(builder.ToString());
    }

    private static void Append(StringBuilder builder, Block block)
    {
        switch (block)
        {
            case HtmlBlock:
                break;
            case LeafBlock { Inline: { } inline }:
                Append(builder, inline);
                builder.Append('\n');
                break;
            case LeafBlock leaf when leaf.Lines.Count > 0:
                builder.Append(leaf.Lines.ToString()).Append('\n');
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Append(builder, child);
                }
                break;
        }
    }

    private static void Append(StringBuilder builder, Inline? root)
    {
        // Iterative, not recursive: emphasis in hostile input nests thousands deep, and this runs while Markdig
        // parses (check ids, decision labels), where a stack overflow would take the whole process down.
        var pending = new Stack<Inline>();
        if (root is not null)
        {
            pending.Push(root);
        }
        while (pending.TryPop(out var inline))
        {
            switch (inline)
            {
                case HtmlInline:
                case TaskList:
                    break;
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case AutolinkInline autolink:
                    builder.Append(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
                case ContainerInline container:
                    // Pushed last to first, so that they are taken in reading order.
                    for (var child = container.LastChild; child is not null; child = child.PreviousSibling)
                    {
                        pending.Push(child);
                    }
                    break;
            }
        }
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
            }
            else
            {
                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
