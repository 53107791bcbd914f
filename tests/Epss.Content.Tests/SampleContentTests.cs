using System.Text.RegularExpressions;
using Epss.Content.Diagnostics;
using Epss.Content.Library;
using Epss.Content.Tests.Support;
using Epss.Testing;
using Markdig.Syntax;

namespace Epss.Content.Tests;

/// <summary>The sample guides in content/ at the repository root, and the worked example in content/README.md.</summary>
public sealed class SampleContentTests : IDisposable
{
    private static readonly string[] RequiredIds =
    [
        "identiteit-vaststellen-aanvraag", "identiteit-vaststellen-uitreiking", "paspoort-aanvragen", "identiteitskaart-aanvragen",
        "reisdocument-uitreiken", "rijbewijs-aanvragen", "rijbewijs-uitreiken", "echtheid-document-controleren",
        "gezichtsvergelijking", "twijfel-aan-identiteit", "vermissing-melden", "aanvraag-minderjarige", "spoedaanvraag",
        "pasfoto-beoordelen", "vingerafdrukken-afnemen", "signalering-register", "geen-geldig-identiteitsbewijs",
        // The counter situations of issue 15.
        "aanvraag-buiten-het-gemeentehuis", "niet-ingezetene", "eindcontrole-verstrekken", "documenten-inklaren", "rijbewijs-spoed",
        "buitenlands-rijbewijs-omwisselen", "rijbewijs-75-plus", "toestemming-ingetrokken", "tweede-paspoort",
        "reisdocument-vluchteling-vreemdeling", "document-overledene", "begeleider-voert-het-woord",
    ];

    private readonly TestLog _log = new();

    [Fact]
    public async Task Sample_content_has_every_required_guide()
    {
        var snapshot = await LoadSampleAsync();

        Assert.Empty(RequiredIds.Except(snapshot.Guides.Keys));
    }

    [Fact]
    public async Task Sample_content_passes_the_linter_strictly_on_the_day_after_it_was_checked()
    {
        var snapshot = await LoadSampleAsync();

        // Every rule, flow and source check included: what `epss lint --strict` accepts.
        Assert.Empty(snapshot.Diagnostics);
        Assert.Equal(Directory.EnumerateFiles(RepositoryRoot.ContentPath, "*.md").Count(p => ContentFiles.IsGuideFile(Path.GetFileName(p))), snapshot.Guides.Count);
    }

    [Fact]
    public async Task Sample_content_lint_a_year_and_more_later_reports_every_source_as_stale()
    {
        using var library = TestGuides.Library(RepositoryRoot.ContentPath, _log, today: TestGuides.SampleContentDay.AddYears(1).AddDays(1));

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        var stale = snapshot.Diagnostics.Where(d => d.Code == DiagnosticCodes.SourceStale).ToList();
        Assert.Equal(snapshot.Guides.Values.Sum(g => g.Sources.Length), stale.Count);
        Assert.All(stale, d => Assert.False(d.IsError));
    }

    [Fact]
    public async Task Sample_guides_all_name_their_sources_and_every_source_is_used_or_addressed()
    {
        var snapshot = await LoadSampleAsync();

        Assert.All(snapshot.Guides.Values, guide =>
        {
            Assert.False(guide.Sources.IsEmpty, $"{guide.Id} has no sources");
            Assert.All(guide.Sources, source => Assert.NotNull(source.Checked));
            Assert.All(guide.Sources, source => Assert.True(source.Url is null || source.Url.StartsWith("https://", StringComparison.Ordinal), $"{guide.Id}: {source.Url}"));
            // A source listed in the front matter is named by at least one step: the guide says where it applies.
            Assert.All(guide.Sources, source => Assert.True(guide.Steps.Any(s => s.Sources.Contains(source)), $"{guide.Id}: no step names {source.Id}"));
        });
    }

    [Fact]
    public async Task Sample_guides_are_complete()
    {
        var snapshot = await LoadSampleAsync();

        Assert.All(snapshot.Guides.Values, guide =>
        {
            Assert.True(guide.Steps.Length >= 4, $"{guide.Id} has {guide.Steps.Length} steps");
            Assert.True(guide.Steps.Sum(s => s.Checks.Length) >= 1, $"{guide.Id} has no checks");
            Assert.False(guide.Synonyms.IsEmpty, $"{guide.Id} has no synonyms");
            Assert.False(guide.Context.IsEmpty, $"{guide.Id} has no context rules");
            Assert.False(string.IsNullOrWhiteSpace(guide.Owner), $"{guide.Id} has no owner");
            Assert.NotNull(guide.ReviewBy);
            Assert.False(string.IsNullOrWhiteSpace(guide.Summary), $"{guide.Id} has no summary");
            Assert.Equal(guide.Id + ".md", guide.SourcePath);
        });
    }

    [Fact]
    public async Task Sample_content_has_decisions_in_at_least_twelve_guides()
    {
        var snapshot = await LoadSampleAsync();

        var withDecision = snapshot.Guides.Values.Where(g => g.Steps.Any(s => s.IsDecision)).Select(g => g.Id).ToList();

        Assert.True(withDecision.Count >= 12, $"only {withDecision.Count} guides have a decision: {string.Join(", ", withDecision)}");
    }

    [Fact]
    public async Task Sample_alerts_all_render_with_their_dutch_title()
    {
        var snapshot = await LoadSampleAsync();
        var html = string.Join('\n', snapshot.Guides.Values.SelectMany(g => g.Steps.Select(s => s.Html).Prepend(g.IntroHtml)));
        var source = string.Join('\n', snapshot.Guides.Values.Select(g => File.ReadAllText(Path.Combine(RepositoryRoot.ContentPath, g.SourcePath))));

        foreach (var (kind, title) in new[] { ("WARNING", "Waarschuwing"), ("TIP", "Tip"), ("NOTE", "Opmerking"), ("IMPORTANT", "Belangrijk"), ("CAUTION", "Pas op") })
        {
            var written = Regex.Count(source, $@"(?im)^\s*>\s*\[!{kind}\]\s*$");
            var rendered = Regex.Count(html, $"<div class=\"markdown-alert markdown-alert-{kind.ToLowerInvariant()}\">\\s*<p class=\"markdown-alert-title\">{title}</p>");
            Assert.True(written == rendered, $"{kind}: {written} written, {rendered} rendered");
        }
        Assert.True(Regex.Count(source, @"(?im)^\s*>\s*\[!(WARNING|TIP)\]") >= 17, "the sample content should warn and advise");
    }

    [Fact]
    public async Task Sample_html_is_safe()
    {
        var snapshot = await LoadSampleAsync();

        Assert.All(snapshot.Guides.Values, guide =>
        {
            SafeHtml.AssertSafeWithoutSchemes(guide.IntroHtml);
            Assert.All(guide.Steps, step => SafeHtml.AssertSafeWithoutSchemes(step.Html));
        });
    }

    [Fact]
    public async Task Sample_synonym_list_loads_without_problems()
    {
        var snapshot = await LoadSampleAsync();

        Assert.True(snapshot.Synonyms.Groups.Length >= 10, $"{snapshot.Synonyms.Groups.Length} synonym groups");
        Assert.Contains(snapshot.Synonyms.Groups, g => g.Contains("paspoort") && g.Contains("reispas"));
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.File == "synoniemen.txt");
    }

    [Fact]
    public async Task Worked_example_in_content_readme_passes_the_linter()
    {
        var examples = Markdig.Markdown.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.ContentPath, "README.md"), TestContext.Current.CancellationToken))
            .Descendants<FencedCodeBlock>()
            .Where(b => b.Info == "markdown")
            .Select(b => b.Lines.ToString() + "\n")
            .ToList();
        Assert.NotEmpty(examples);
        using var folder = new TempContentFolder().WithSampleContent();
        var files = examples.Select(text => folder.Write(IdOf(text) + ".md", text)).Select(Path.GetFileName).ToList();
        using var library = TestGuides.Library(folder.Path, _log, today: TestGuides.SampleContentDay);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        Assert.Empty(snapshot.Diagnostics.Where(d => files.Contains(d.File)));
        Assert.All(examples, text => Assert.NotNull(snapshot.Find(IdOf(text))));
        Assert.Empty(snapshot.Diagnostics.Where(d => d.IsError));
    }

    private async Task<GuideLibrarySnapshot> LoadSampleAsync()
    {
        using var library = TestGuides.Library(RepositoryRoot.ContentPath, _log, today: TestGuides.SampleContentDay);
        return (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;
    }

    private static string IdOf(string guide) => Regex.Match(guide, @"(?m)^id:\s*(\S+)\s*$").Groups[1].Value;

    public void Dispose() => _log.Dispose();
}
