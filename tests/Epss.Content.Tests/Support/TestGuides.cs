using System.Text;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Epss.Testing;
using Microsoft.Extensions.Options;

namespace Epss.Content.Tests.Support;

/// <summary>Guide texts, a parser and a library as the tests use them, with the clock fixed at <see cref="Today"/>.</summary>
internal static class TestGuides
{
    public static readonly DateOnly Today = new(2026, 3, 1);

    /// <summary>The day after the sample content was last checked against its sources: the day its lint must be clean.</summary>
    public static readonly DateOnly SampleContentDay = new(2026, 12, 8);

    /// <summary>The lines <see cref="FrontMatter"/> and the blank line after it take: body line n is file line <c>BodyOffset + n</c>.</summary>
    public const int BodyOffset = 9;

    /// <summary>The one source every test guide names, checked a month before <see cref="Today"/>.</summary>
    public const string SourcesLine = "sources: [{id: testregel, title: Testregeling, article: art. 1, url: \"https://wetten.overheid.nl/testregeling\", checked: 2026-02-01}]";

    public static GuideParser Parser(int maximumFileBytes = 1024 * 1024, DateOnly? today = null) =>
        new(new GuideParserOptions { MaximumFileBytes = maximumFileBytes }, new FixedTimeProvider(today ?? Today));

    /// <summary>A complete, valid front matter of eight lines.</summary>
    public static string FrontMatter(string id, string title = "Titel") =>
        $"---\nid: {id}\ntitle: {title}\nsummary: Een gids voor de test.\nowner: team-test\nreview-by: 2099-12-31\n{SourcesLine}\n---\n";

    /// <summary>A guide made of <see cref="FrontMatter"/>, a blank line and <paramref name="body"/>.</summary>
    public static string Guide(string id, string body, string title = "Titel") => FrontMatter(id, title) + "\n" + body;

    /// <summary>A valid guide of two steps, <c>begin</c> and <c>einde</c>; <paramref name="extra"/> goes into the first.</summary>
    public static string TwoSteps(string id, string extra = "", string title = "Titel") => Guide(id, $$"""
        ## Begin {#begin}

        Begin hier. {{extra}}

        - [ ] Klant is aanwezig

        ## Einde {#einde .end}

        Klaar.

        """, title);

    public static GuideParseResult Parse(string text, string file = "gids.md") =>
        Parser().Parse(file, Encoding.UTF8.GetBytes(text));

    public static GuideLibrary Library(TempContentFolder folder, TestLog log, int maximumGuideBytes = 1024 * 1024) =>
        Library(folder.Path, log, maximumGuideBytes);

    public static GuideLibrary Library(string contentPath, TestLog log, int maximumGuideBytes = 1024 * 1024, DateOnly? today = null) =>
        new(Options.Create(new ContentOptions { ContentPath = contentPath, MaximumGuideBytes = maximumGuideBytes }),
            Parser(maximumGuideBytes, today),
            log.For<GuideLibrary>());
}
