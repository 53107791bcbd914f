using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Epss.Content.Markdown.Checks;

/// <summary>
/// Renders lists, and a check as a labelled checkbox that carries its id, so the panel can tick it
/// and keep the tick: <c>&lt;li class="epss-check"&gt;&lt;label&gt;&lt;input type="checkbox" data-check-id="…"&gt; text&lt;/label&gt;</c>.
/// </summary>
public sealed class CheckListRenderer : HtmlObjectRenderer<ListBlock>
{
    protected override void Write(HtmlRenderer renderer, ListBlock list)
    {
        renderer.EnsureLine();
        var isCheckList = list.Count > 0 && list.All(item => item is ListItemBlock li && CheckItem.Of(li) is not null);
        if (list.IsOrdered)
        {
            renderer.Write("<ol");
            if (list.BulletType != '1')
            {
                renderer.Write(" type=\"").WriteEscape(list.BulletType.ToString()).Write('"');
            }
            if (list.OrderedStart is { } start && start != "1")
            {
                renderer.Write(" start=\"").WriteEscape(start).Write('"');
            }
        }
        else
        {
            renderer.Write("<ul");
        }
        if (isCheckList)
        {
            renderer.Write(" class=\"epss-checks\"");
        }
        renderer.WriteLine(">");

        foreach (var block in list)
        {
            var item = (ListItemBlock)block;
            var previousImplicit = renderer.ImplicitParagraph;
            renderer.ImplicitParagraph = !list.IsLoose;
            renderer.EnsureLine();
            if (CheckItem.Of(item) is { } check)
            {
                WriteCheck(renderer, item, check);
            }
            else
            {
                renderer.Write("<li>");
                renderer.WriteChildren(item);
                renderer.WriteLine("</li>");
            }
            renderer.EnsureLine();
            renderer.ImplicitParagraph = previousImplicit;
        }

        renderer.WriteLine(list.IsOrdered ? "</ol>" : "</ul>");
        renderer.EnsureLine();
    }

    private static void WriteCheck(HtmlRenderer renderer, ListItemBlock item, CheckItem check)
    {
        renderer.Write("<li class=\"epss-check\" data-check-id=\"").WriteEscape(check.Id).Write("\">");
        renderer.Write("<label><input type=\"checkbox\" data-check-id=\"").WriteEscape(check.Id).Write("\" />");
        renderer.WriteLeafInline((ParagraphBlock)item[0]);
        renderer.Write("</label>");
        for (var i = 1; i < item.Count; i++)
        {
            renderer.EnsureLine();
            renderer.Write(item[i]);
        }
        renderer.WriteLine("</li>");
    }
}
