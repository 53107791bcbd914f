using Markdig.Syntax;

namespace Epss.Content.Markdown.Checks;

/// <summary>What the checks extension knows about a task-list item: its stable id, its text, and whether the source ticked it.</summary>
public sealed record CheckItem(string Id, string Text, bool TickedInSource)
{
    private static readonly object DataKey = typeof(CheckItem);

    public static CheckItem? Of(ListItemBlock item) => item.GetData(DataKey) as CheckItem;

    internal void AttachTo(ListItemBlock item) => item.SetData(DataKey, this);
}
