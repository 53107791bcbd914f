using Markdig.Helpers;
using Markdig.Renderers;

namespace Epss.Content.Markdown.Alerts;

/// <summary>The alert kinds a guide may use and their Dutch titles.</summary>
public static class AlertKinds
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NOTE"] = "Opmerking",
        ["TIP"] = "Tip",
        ["IMPORTANT"] = "Belangrijk",
        ["WARNING"] = "Waarschuwing",
        ["CAUTION"] = "Pas op",
    };

    public static IReadOnlyCollection<string> Known => Titles.Keys;

    public static bool IsKnown(string kind) => Titles.ContainsKey(kind);

    /// <summary>Writes the alert's title in Dutch; the panel's stylesheet adds the icon.</summary>
    public static void RenderTitle(HtmlRenderer renderer, StringSlice kind)
    {
        var title = Titles.TryGetValue(kind.ToString(), out var known) ? known : "Let op";
        renderer.Write("<p class=\"markdown-alert-title\">").WriteEscape(title).WriteLine("</p>");
    }
}
