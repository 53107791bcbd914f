namespace Epss.Testing;

/// <summary>
/// Whole guide files for tests that write guides into a content folder: a valid one, one with an error at a known
/// line, one with only a warning. Save each as <c>{id}.md</c> (the file name matches the id).
/// </summary>
public static class GuideTexts
{
    /// <summary>The line of the step heading without an id in <see cref="WithStepWithoutId"/>.</summary>
    public const int StepWithoutIdLine = 21;

    /// <summary>
    /// The front matter's <c>sources</c> line: one source, checked today, so that a guide is not reported for having no
    /// source or an old one, whatever day the tests run.
    /// </summary>
    public static string SourcesLine =>
        $"sources: [{{id: testregel, title: Testregeling, article: art. 1, url: \"https://wetten.overheid.nl/testregeling\", checked: {DateTime.UtcNow:yyyy-MM-dd}}}]";

    /// <summary>A valid guide of two steps, <c>begin</c> and <c>einde</c>; <paramref name="word"/> appears in the first step's text.</summary>
    public static string Valid(string id, string title, string word) => $$"""
        ---
        id: {{id}}
        title: {{title}}
        summary: Een gids voor de test.
        owner: team-test
        review-by: 2099-12-31
        {{SourcesLine}}
        ---

        ## Begin {#begin}

        Begin hier en let op de {{word}}.

        - [ ] Klant is aanwezig

        ## Einde {#einde .end}

        Klaar.

        """;

    /// <summary>A guide whose third step has no <c>{#id}</c>: an error on line <see cref="StepWithoutIdLine"/>, column 1.</summary>
    public static string WithStepWithoutId(string id, string title = "Gids met een fout") => $$"""
        ---
        id: {{id}}
        title: {{title}}
        summary: Een gids met een fout, voor de test.
        owner: team-test
        review-by: 2099-12-31
        {{SourcesLine}}
        ---

        ## Begin {#begin}

        Begin hier.

        - [ ] Klant is aanwezig

        ## Verder {#verder}

        Ga verder met de aanvraag.
        Leg de papieren klaar.

        ## Stap zonder id

        Deze stap heeft geen id.

        """;

    /// <summary>A guide that is served but has a warning: its review-by date has passed (line 6).</summary>
    public static string WithWarningOnly(string id, string title = "Verouderde gids") => $$"""
        ---
        id: {{id}}
        title: {{title}}
        summary: Een gids met alleen een waarschuwing.
        owner: team-test
        review-by: 2001-01-01
        {{SourcesLine}}
        ---

        ## Begin {#begin}

        Begin hier.

        ## Einde {#einde .end}

        Klaar.

        """;

    /// <summary>The line of the first anchor in <see cref="AliasBomb"/>.</summary>
    public const int AliasBombAnchorLine = 3;

    /// <summary>
    /// A "billion laughs" front matter: each level is a list of ten aliases of the level before, and the last is used as
    /// a mapping key, which YamlDotNet's loader hashes by expanding it (10^<paramref name="levels"/> nodes). Loaded as
    /// YAML, it pins a core for hours; the anchor that starts it is on line <see cref="AliasBombAnchorLine"/>.
    /// </summary>
    public static string AliasBomb(string id, int levels = 12)
    {
        var lines = new List<string> { "---", $"id: {id}", "a0: &a0 [lol]" };
        for (var level = 1; level <= levels; level++)
        {
            lines.Add($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]");
        }
        lines.Add($"? *a{levels}");
        lines.Add(": boem");
        lines.Add("title: Aliasbom");
        lines.Add("---");
        lines.Add("");
        lines.Add("## Stap {#stap .end}");
        lines.Add("");
        lines.Add("Tekst.");
        return string.Join('\n', lines) + "\n";
    }
}
