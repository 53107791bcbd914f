using Epss.Testing;

namespace Epss.Search.Tests.Support;

/// <summary>Small guides written by the tests themselves, valid for the real parser.</summary>
internal static class Guides
{
    /// <summary>
    /// A valid guide whose front matter and steps the test chooses. <paramref name="steps"/> are (id, title, text);
    /// the last step ends the guide.
    /// </summary>
    public static string Write(
        string id,
        string title,
        IEnumerable<(string Id, string Title, string Text)> steps,
        string summary = "Een gids voor de test.",
        IEnumerable<string>? synonyms = null,
        IEnumerable<string>? tags = null,
        string? context = null,
        string intro = "")
    {
        var list = steps.ToList();
        var builder = new System.Text.StringBuilder();
        builder.Append("---\n");
        builder.Append($"id: {id}\n");
        builder.Append($"title: {title}\n");
        builder.Append($"summary: {summary}\n");
        builder.Append("roles: [baliemedewerker]\n");
        if (tags is not null)
        {
            builder.Append($"tags: [{string.Join(", ", tags)}]\n");
        }
        if (synonyms is not null)
        {
            builder.Append($"synonyms: [{string.Join(", ", synonyms)}]\n");
        }
        if (context is not null)
        {
            builder.Append(context.TrimEnd('\n')).Append('\n');
        }
        builder.Append("owner: team-test\n");
        builder.Append("review-by: 2099-12-31\n");
        builder.Append("sources: [{id: testregel, title: Testregeling, checked: 2026-12-01}]\n");
        builder.Append("---\n\n");
        if (intro.Length > 0)
        {
            builder.Append(intro).Append("\n\n");
        }
        for (var i = 0; i < list.Count; i++)
        {
            var (stepId, stepTitle, text) = list[i];
            var end = i == list.Count - 1 ? " .end" : string.Empty;
            builder.Append($"## {stepTitle} {{#{stepId}{end}}}\n\n{text}\n\n");
        }
        return builder.ToString();
    }

    /// <summary>A valid guide of two plain steps (<c>begin</c> and <c>einde</c>) with <paramref name="text"/> in the first.</summary>
    public static string Simple(string id, string title, string text = "Begin hier.", IEnumerable<string>? synonyms = null, string? context = null) =>
        Write(id, title, [("begin", "Begin", text), ("einde", "Einde", "Klaar.")], synonyms: synonyms, context: context);

    /// <summary>Writes a guide to <c>{id}.md</c> (the name the linter expects) and returns its path relative to the folder.</summary>
    public static string AddGuide(this TempContentFolder folder, string guideText)
    {
        var id = guideText.Split('\n').First(l => l.StartsWith("id: ", StringComparison.Ordinal))[4..].Trim();
        var file = id + ".md";
        folder.Write(file, guideText);
        return file;
    }
}
