using System.Collections.Immutable;
using System.Text;
using Epss.Content.Diagnostics;
using Epss.Content.Markdown;
using Epss.Content.Parsing;
using Epss.Content.Text;
using Markdig.Syntax;

namespace Epss.Content.Tests.Specs;

/// <summary>One example of a spec file: a guide, and the HTML and diagnostics it must give.</summary>
public sealed record SpecExample(
    string File,
    string Name,
    int Line,
    string Guide,
    bool Bare,
    string? ExpectedHtml,
    ImmutableArray<string> ExpectedDiagnostics);

/// <summary>What the guide of an example actually gives.</summary>
public sealed record SpecOutcome(string Html, ImmutableArray<string> Diagnostics, GuideParseResult Result);

/// <summary>
/// Reads the spec files in <c>Specs/</c> (copied next to the test assembly) and runs their examples.
/// <list type="bullet">
/// <item>Every heading names the example below it; a name is unique within its file.</item>
/// <item>A <c>```guide</c> block is the input. One that does not start with <c>---</c> is given
/// <see cref="DefaultFrontMatter"/>, and its diagnostics are counted from the block's own first line; one marked
/// <c>```guide bare</c> is parsed exactly as written.</item>
/// <item>A <c>```html</c> block is the whole guide rendered as one page (as a preview shows it): the intro, then each
/// step as <c>&lt;section class="epss-step"&gt;</c> with its heading and body. Without the block the HTML is not compared.</item>
/// <item>A <c>```diagnostics</c> block lists every expected problem as <c>line:col: level: code</c>, in order of position.
/// Without the block the guide must give no diagnostics at all. Unreachable steps are listed as the library reports
/// them (<c>step-unreachable</c>); references to other guides are checked by the library, not here.</item>
/// </list>
/// </summary>
public static class SpecFile
{
    public const string GuideFileName = "spec.md";

    /// <summary>Put in front of a guide block that has no front matter of its own: a valid one, for id <c>spec</c>.</summary>
    public const string DefaultFrontMatter =
        "---\nid: spec\ntitle: Voorbeeld\nsummary: Een voorbeeld uit de specificatie.\nowner: team-test\nreview-by: 2099-12-31\n"
        + "sources:\n  - id: regel\n    title: Regeling\n    article: art. 1\n    url: https://wetten.overheid.nl/regeling\n    checked: 2026-02-01\n---\n\n";

    private static readonly int DefaultFrontMatterLines = DefaultFrontMatter.Count(c => c == '\n');

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Specs");

    public static IReadOnlyList<string> FileNames() =>
        [.. Directory.EnumerateFiles(Folder, "*.md").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    public static ImmutableArray<SpecExample> Read(string fileName)
    {
        var document = Markdig.Markdown.Parse(File.ReadAllText(Path.Combine(Folder, fileName)).ReplaceLineEndings("\n"));
        var examples = ImmutableArray.CreateBuilder<SpecExample>();
        string? name = null;
        FencedCodeBlock? guide = null, html = null, diagnostics = null;

        void Flush()
        {
            if (guide is not null)
            {
                examples.Add(new SpecExample(
                    fileName,
                    name ?? throw new InvalidDataException($"{fileName}:{guide.Line + 1}: a guide block needs a heading above it to name the example."),
                    guide.Line + 1,
                    Content(guide) + "\n",
                    guide.Arguments == "bare",
                    html is null ? null : Content(html),
                    diagnostics is null ? [] : [.. Content(diagnostics).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)]));
            }
            else if ((html ?? diagnostics) is { } orphan)
            {
                throw new InvalidDataException($"{fileName}:{orphan.Line + 1}: an html or diagnostics block without a guide block before it.");
            }
            guide = html = diagnostics = null;
        }

        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    Flush();
                    name = PlainText.Of(heading.Inline);
                    break;
                case FencedCodeBlock { Info: "guide" } fenced:
                    if (guide is not null)
                    {
                        throw new InvalidDataException($"{fileName}:{fenced.Line + 1}: a second guide block under '{name}'; give it a heading of its own.");
                    }
                    guide = fenced;
                    break;
                case FencedCodeBlock { Info: "html" } fenced:
                    html = fenced;
                    break;
                case FencedCodeBlock { Info: "diagnostics" } fenced:
                    diagnostics = fenced;
                    break;
            }
        }
        Flush();

        var duplicate = examples.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? examples.ToImmutable()
            : throw new InvalidDataException($"{fileName}: two examples are named '{duplicate.Key}'.");
    }

    public static SpecOutcome Run(SpecExample example, GuideParser parser)
    {
        var asWritten = example.Bare || example.Guide.StartsWith("---", StringComparison.Ordinal);
        var text = asWritten ? example.Guide : DefaultFrontMatter + example.Guide;
        var offset = asWritten ? 0 : DefaultFrontMatterLines;
        var result = parser.Parse(GuideFileName, Encoding.UTF8.GetBytes(text));

        var diagnostics = result.Diagnostics
            .Select(d => (d.Line, d.Column, Text: $"{d.Line - offset}:{d.Column}: {(d.IsError ? "error" : "warning")}: {d.Code}"))
            .Concat(result.UnreachableSteps.Select(s => (s.Line, s.Column, Text: $"{s.Line - offset}:{s.Column}: warning: {DiagnosticCodes.StepUnreachable}")))
            .OrderBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Text, StringComparer.Ordinal)
            .Select(d => d.Text);
        return new SpecOutcome(RenderPage(text), [.. diagnostics], result);
    }

    /// <summary>The whole guide as one page, rendered even when it has errors (a preview shows it that way).</summary>
    public static string RenderPage(string text)
    {
        var document = Markdig.Markdown.Parse(text, GuideMarkdown.Pipeline);
        using var writer = new StringWriter();
        var renderer = GuideMarkdown.CreateRenderer(writer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString().ReplaceLineEndings("\n").TrimEnd();
    }

    private static string Content(FencedCodeBlock block) => block.Lines.ToString().ReplaceLineEndings("\n").TrimEnd('\n');
}
