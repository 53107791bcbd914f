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

    private static void Append(StringBuilder builder, Inline? inline)
    {
        switch (inline)
        {
            case null:
            case HtmlInline:
            case TaskList:
                return;
            case LiteralInline literal:
                builder.Append(literal.Content.AsSpan());
                return;
            case CodeInline code:
                builder.Append(code.Content);
                return;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                return;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.AsSpan());
                return;
            case LineBreakInline:
                builder.Append(' ');
                return;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(builder, child);
                }
                return;
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
