using System.Text;
using Epss.Content.Diagnostics;
using Epss.Content.Library;
using Epss.Content.Tests.Support;
using Epss.Testing;

namespace Epss.Content.Tests;

/// <summary>
/// Files that are not guides, or are built to hurt: each is reported and skipped, never crashes or hangs the
/// library, and the good guide next to it stays served.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TempContentFolder _folder = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Load_latin1_file_reports_not_utf8_at_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(TestGuides.Guide("slecht", "## Stap {#stap .end}\n\nÉén caf"))
            .Concat(new byte[] { 0xE9 })
            .Concat(Encoding.UTF8.GetBytes(" hier.\n"))
            .ToArray();

        var diagnostic = await LoadNextToGoodGuide(bytes);

        // Line 11 is "Één caf\xE9 hier."; 'Één' is three characters in six bytes, so the bad byte is character 8.
        Assert.Equal("slecht.md:12:8: error: file-not-utf8", Format(diagnostic));
        Assert.Contains("Windows-1252 of Latin-1", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xFE, 0xFF })]
    public async Task Load_utf16_file_reports_not_utf8(byte[] byteOrderMark)
    {
        var encoding = byteOrderMark[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
        var bytes = byteOrderMark.Concat(encoding.GetBytes(TestGuides.TwoSteps("slecht"))).ToArray();

        var diagnostic = await LoadNextToGoodGuide(bytes);

        Assert.Equal("slecht.md:1:1: error: file-not-utf8", Format(diagnostic));
        Assert.Contains("UTF-16", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_utf8_file_with_byte_order_mark_is_served_with_the_same_positions()
    {
        var text = TestGuides.TwoSteps("bom", "[x](https://a.example){onclick=\"y\"}");
        _folder.WriteBytes("bom.md", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        _folder.Write("zonder.md", text.Replace("id: bom", "id: zonder", StringComparison.Ordinal));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = await LoadAsync(library);

        Assert.Equal(["bom", "zonder"], snapshot.Guides.Keys);
        Assert.Equal(
            ["bom.md:12:13: warning: attribute-ignored", "zonder.md:12:13: warning: attribute-ignored"],
            snapshot.Diagnostics.Select(Format));
        Assert.Equal(snapshot.Find("zonder")!.Steps.Select(s => s.Html), snapshot.Find("bom")!.Steps.Select(s => s.Html));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t\r\n  \n")]
    public async Task Load_empty_or_blank_file_reports_file_empty(string text)
    {
        var diagnostic = await LoadNextToGoodGuide(Encoding.UTF8.GetBytes(text));

        Assert.Equal("slecht.md:1:1: error: file-empty", Format(diagnostic));
        Assert.Equal("Het bestand is leeg.", diagnostic.Message);
    }

    [Fact]
    public async Task Load_file_with_nul_bytes_reports_it_at_the_first_nul()
    {
        var bytes = Encoding.UTF8.GetBytes(TestGuides.TwoSteps("slecht").Replace("Klaar.", "Kl\0aar.\0", StringComparison.Ordinal));

        var diagnostic = await LoadNextToGoodGuide(bytes);

        Assert.Equal("slecht.md:18:3: error: file-not-utf8", Format(diagnostic));
        Assert.Contains("NUL-tekens", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_broken_yaml_reports_front_matter_invalid()
    {
        var bytes = Encoding.UTF8.GetBytes(TestGuides.TwoSteps("slecht").Replace("title: Titel", "title: \"Titel", StringComparison.Ordinal));

        var diagnostic = await LoadNextToGoodGuide(bytes);

        Assert.Equal(DiagnosticCodes.FrontMatterInvalid, diagnostic.Code);
        Assert.True(diagnostic.Line is >= 3 and <= 8, $"reported at line {diagnostic.Line}");
    }

    [Fact]
    public async Task Load_five_megabyte_file_reports_file_too_large()
    {
        var text = new StringBuilder(TestGuides.Guide("slecht", "## Stap {#stap .end}\n\n"));
        while (text.Length < 5 * 1024 * 1024)
        {
            text.Append("Een regel tekst die steeds terugkomt in een veel te grote gids.\n");
        }

        var diagnostic = await LoadNextToGoodGuide(Encoding.UTF8.GetBytes(text.ToString()));

        Assert.Equal("slecht.md:1:1: error: file-too-large", Format(diagnostic));
        Assert.Contains("groter dan 1024 kB", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_text_over_the_limit_reports_file_too_large()
    {
        var parser = TestGuides.Parser(maximumFileBytes: 2048);

        var result = parser.Parse("groot.md", TestGuides.TwoSteps("groot", new string('x', 3000)));

        Assert.Equal(DiagnosticCodes.FileTooLarge, Assert.Single(result.Diagnostics).Code);
    }

    public static TheoryData<string, string> DeepMarkdown() => new()
    {
        { "block quotes", new string('>', 1000) + " diep\n" },
        { "nested lists", string.Concat(Enumerable.Repeat("- ", 1000)) + "x\n" },
        { "indented lists", string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', 2 * i) + "- x\n")) },
        { "emphasis", new string('*', 1000) + "diep" + new string('*', 1000) + "\n" },
        { "emphasis in a check", "- [ ] " + new string('*', 100_000) + "diep" + new string('*', 100_000) + "\n" },
        { "emphasis in a decision label", "- [" + new string('_', 50_000) + "ja" + new string('_', 50_000) + "](#stap)\n" },
        { "images", string.Concat(Enumerable.Repeat("![a", 1000)) + string.Concat(Enumerable.Repeat("](https://a.example/i.png)", 1000)) + "\n" },
    };

    [Theory]
    [MemberData(nameof(DeepMarkdown))]
    public async Task Load_markdown_nested_a_thousand_deep_reports_markdown_too_deep(string kind, string body)
    {
        var diagnostic = await LoadNextToGoodGuide(Encoding.UTF8.GetBytes(TestGuides.Guide("slecht", "## Stap {#stap .end}\n\n" + body)), onlyDiagnostic: false);

        Assert.True(diagnostic.Code == DiagnosticCodes.MarkdownTooDeep, $"{kind}: {diagnostic}");
        Assert.Equal("slecht.md:1:1: error: markdown-too-deep", Format(diagnostic));
    }

    [Fact]
    public async Task Load_brackets_nested_a_thousand_deep_are_text_and_complete()
    {
        // Brackets without a link destination are plain text to CommonMark, not nesting: nothing to refuse.
        var body = "## Stap {#stap .end}\n\n" + new string('[', 1000) + "x" + new string(']', 1000) + "\n";
        _folder.Write("haken.md", TestGuides.Guide("haken", body));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = await LoadAsync(library);

        var step = Assert.Single(snapshot.Find("haken")!.Steps);
        Assert.StartsWith("<p>[[[", step.Html, StringComparison.Ordinal);
        Assert.Empty(snapshot.Diagnostics);
    }

    [Fact]
    public async Task Parse_deep_markdown_leaves_the_parser_usable_on_the_same_thread()
    {
        // Markdig's renderer keeps its depth after refusing input; a reused renderer must not refuse the next guide.
        var parser = TestGuides.Parser();
        var deep = TestGuides.Guide("diep", "## Stap {#stap .end}\n\n" + new string('*', 1000) + "x" + new string('*', 1000) + "\n");

        var (first, second) = await Task.Run(() => (parser.Parse("diep.md", deep), parser.Parse("gids.md", TestGuides.TwoSteps("gids"))), TestContext.Current.CancellationToken);

        Assert.Equal(DiagnosticCodes.MarkdownTooDeep, Assert.Single(first.Diagnostics).Code);
        Assert.Empty(second.Diagnostics);
        Assert.NotNull(second.Guide);
    }

    public static TheoryData<string, string, int, int> DeepYaml() => new()
    {
        { "flow lists", "tags: " + new string('[', 1000) + new string(']', 1000) + "\n", 4, 14 },
        { "block lists", "tags:\n" + string.Concat(Enumerable.Repeat("- ", 1000)) + "x\n", 5, 15 },
        { "indented mappings", "context:\n" + string.Concat(Enumerable.Range(1, 200).Select(i => new string(' ', i) + "k:\n")) + new string(' ', 201) + "x\n", 12, 9 },
    };

    [Theory]
    [MemberData(nameof(DeepYaml))]
    public async Task Load_front_matter_nested_a_thousand_deep_reports_front_matter_too_deep(string kind, string field, int line, int column)
    {
        var text = "---\nid: slecht\ntitle: Diep\n" + field + "---\n\n## Stap {#stap}\n\nTekst.\n";

        var diagnostic = await LoadNextToGoodGuide(Encoding.UTF8.GetBytes(text), onlyDiagnostic: false);

        Assert.True(diagnostic.Code == DiagnosticCodes.FrontMatterTooDeep, $"{kind}: {diagnostic}");
        Assert.Equal($"slecht.md:{line}:{column}: error: front-matter-too-deep", Format(diagnostic));
    }

    [Fact]
    public async Task Load_front_matter_with_an_alias_bomb_reports_front_matter_alias_at_the_anchor()
    {
        var diagnostic = await LoadNextToGoodGuide(Encoding.UTF8.GetBytes(GuideTexts.AliasBomb("slecht")), onlyDiagnostic: false);

        Assert.Equal($"slecht.md:{GuideTexts.AliasBombAnchorLine}:5: error: front-matter-alias", Format(diagnostic));
        Assert.Contains("YAML-anker", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tags: &t [a, b]\nsynonyms: *t\n", 4, 7)]
    [InlineData("tags: [a, b]\nsynonyms: *t\n", 5, 11)]
    public void Parse_front_matter_with_an_anchor_or_alias_reports_it_where_it_is(string fields, int line, int column)
    {
        var text = "---\nid: anker\ntitle: Anker\n" + fields + "---\n\n## Stap {#stap .end}\n\nTekst.\n";

        var result = TestGuides.Parser().Parse("anker.md", Encoding.UTF8.GetBytes(text));

        Assert.Null(result.Guide);
        var diagnostic = result.Diagnostics.First(d => d.IsError);
        Assert.Equal($"anker.md:{line}:{column}: error: front-matter-alias", Format(diagnostic));
    }

    [Fact]
    public async Task Load_crlf_file_is_served_with_the_same_lines_as_lf()
    {
        var text = TestGuides.TwoSteps("lf", "<b>x</b>").Replace("## Einde", "## Einde", StringComparison.Ordinal);
        _folder.Write("lf.md", text);
        _folder.Write("crlf.md", text.Replace("id: lf", "id: crlf", StringComparison.Ordinal).ReplaceLineEndings("\r\n"));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = await LoadAsync(library);

        Assert.Equal(
            snapshot.Diagnostics.Where(d => d.File == "lf.md").Select(d => (d.Line, d.Column, d.Code)),
            snapshot.Diagnostics.Where(d => d.File == "crlf.md").Select(d => (d.Line, d.Column, d.Code)));
        Assert.Equal(2, snapshot.Diagnostics.Count(d => d.File == "crlf.md"));

        _folder.Write("lf.md", TestGuides.TwoSteps("lf"));
        _folder.Write("crlf.md", TestGuides.TwoSteps("crlf").ReplaceLineEndings("\r\n"));
        var fixedSnapshot = library.Refresh(["lf.md", "crlf.md"]).Snapshot;

        var lf = fixedSnapshot.Find("lf")!;
        var crlf = fixedSnapshot.Find("crlf")!;
        Assert.Equal(lf.Steps.Select(s => (s.Id, s.Line, s.Text)), crlf.Steps.Select(s => (s.Id, s.Line, s.Text)));
        Assert.Equal(lf.Steps.Select(s => s.Html), crlf.Steps.Select(s => s.Html.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Load_half_megabyte_single_line_completes()
    {
        var line = string.Concat(Enumerable.Repeat("woord ", 500 * 1024 / 6));
        _folder.Write("lang.md", TestGuides.Guide("lang", "## Stap {#stap .end}\n\n" + line));
        _folder.Write("goed.md", TestGuides.TwoSteps("goed"));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = await LoadAsync(library);

        Assert.Equal(["goed", "lang"], snapshot.Guides.Keys);
        Assert.Empty(snapshot.Diagnostics);
        Assert.True(snapshot.Find("lang")!.Steps[0].Text.Length > 500 * 1000);
    }

    [Fact]
    public async Task Parse_random_input_never_throws()
    {
        // A small fuzzer with a fixed seed: pieces of YAML and Markdown that have broken parsers before, shuffled.
        string[] yaml = ["id: x\n", "title: T\n", "tags: [", "]", "{", "}", "\"", "'", ": ", "- ", "\n", "  ", "&a ", "*a", "!!str ", "? ", "|\n", ">\n", "#", ",", "...\n", "<<: *a\n", "\t", "%YAML 1.2\n", "é"];
        string[] markdown = ["*", "_", "[", "](", "#x)", "guide:x", "<", ">", "`", "- [ ] ", "> ", "\n", "|", "!", "{", "}", "#", " ", "a", "\\", "&", ";", "1. ", "## S {#s}\n", "<!--", "javascript:", "](<"];
        var random = new Random(20260301);
        var parser = TestGuides.Parser();

        await Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                var text = new StringBuilder("---\n");
                for (var j = random.Next(1, 25); j > 0; j--)
                {
                    text.Append(yaml[random.Next(yaml.Length)]);
                }
                text.Append("\n---\n\n## Stap {#stap}\n\n");
                for (var j = random.Next(0, 80); j > 0; j--)
                {
                    text.Append(markdown[random.Next(markdown.Length)]);
                }
                var result = parser.Parse("fuzz.md", Encoding.UTF8.GetBytes(text.ToString()));
                if (result.Guide is { } guide)
                {
                    Assert.All(guide.Steps, s => SafeHtml.AssertSafe(s.Html));
                }
            }
        }, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Loads the folder with a good guide and <paramref name="bytes"/> as <c>slecht.md</c>, asserts that the good guide is served
    /// and the bad one is not, and returns the bad file's (only, or first) diagnostic.
    /// </summary>
    private async Task<ContentDiagnostic> LoadNextToGoodGuide(byte[] bytes, bool onlyDiagnostic = true)
    {
        _folder.Write("goed.md", TestGuides.TwoSteps("goed"));
        _folder.WriteBytes("slecht.md", bytes);
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = await LoadAsync(library);

        Assert.Equal(["goed"], snapshot.Guides.Keys);
        Assert.All(snapshot.Diagnostics, d => Assert.Equal("slecht.md", d.File));
        return onlyDiagnostic ? Assert.Single(snapshot.Diagnostics) : snapshot.Diagnostics.First(d => d.IsError);
    }

    private static async Task<GuideLibrarySnapshot> LoadAsync(GuideLibrary library) =>
        (await library.LoadAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken)).Snapshot;

    private static string Format(ContentDiagnostic d) => $"{d.File}:{d.Line}:{d.Column}: {(d.IsError ? "error" : "warning")}: {d.Code}";

    public void Dispose()
    {
        _log.Dispose();
        _folder.Dispose();
    }
}
