using System.Text.RegularExpressions;
using Epss.Cli.Tests.Support;
using Epss.Testing;

namespace Epss.Cli.Tests;

/// <summary><c>epss lint [folder]</c>: every problem as <c>file:line:col: level: message</c>, and an exit code CI can act on.</summary>
public sealed partial class LintCommandTests
{
    [Fact]
    public void Lint_sample_content_exits_0_and_prints_only_compiler_style_lines()
    {
        using var content = new TempContentFolder().WithSampleContent();

        var result = EpssCli.Run("lint", content.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(result.OutputLines, line => Assert.Matches(DiagnosticLine(), line));
        Assert.Equal((EpssCli.SampleGuideCount, 0), (result.LintSummary.Guides, result.LintSummary.Errors));
    }

    [Fact]
    public void Lint_broken_guide_exits_1_and_names_its_file_line_and_column()
    {
        using var content = new TempContentFolder().WithSampleContent();
        content.Write("gids-met-fout.md", GuideTexts.WithStepWithoutId("gids-met-fout"));

        var result = EpssCli.Run("lint", content.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        var expected = $"{Path.Combine(content.Path, "gids-met-fout.md")}:{GuideTexts.StepWithoutIdLine}:1: error: ";
        var line = Assert.Single(result.OutputLines, l => l.StartsWith(expected, StringComparison.Ordinal));
        Assert.Matches(DiagnosticLine(), line);
        Assert.Equal((EpssCli.SampleGuideCount, 1), (result.LintSummary.Guides, result.LintSummary.Errors));
    }

    [Fact]
    public void Lint_errors_in_two_files_are_listed_by_file_and_line()
    {
        using var content = new TempContentFolder();
        content.Write("b-gids.md", GuideTexts.WithStepWithoutId("b-gids"));
        content.Write("a-gids.md", "---\nid: a-gids\ntitle: A\nsummary: Let op: fout\n---\n\n## Begin {#begin}\n\nBegin.\n");

        var result = EpssCli.Run("lint", content.Path);

        Assert.Equal(1, result.ExitCode);
        var errors = result.OutputLines.Where(l => l.Contains(": error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith(Path.Combine(content.Path, "a-gids.md") + ":4:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(content.Path, "b-gids.md") + $":{GuideTexts.StepWithoutIdLine}:1:", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_warnings_only_exits_0_and_prints_the_warning()
    {
        using var content = new TempContentFolder();
        content.Write("oude-gids.md", GuideTexts.WithWarningOnly("oude-gids"));

        var result = EpssCli.Run("lint", content.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.OutputLines);
        Assert.StartsWith(Path.Combine(content.Path, "oude-gids.md") + ":6:", line, StringComparison.Ordinal);
        Assert.Contains(": warning: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_strict_with_warnings_exits_1()
    {
        using var content = new TempContentFolder();
        content.Write("oude-gids.md", GuideTexts.WithWarningOnly("oude-gids"));

        var result = EpssCli.Run("lint", content.Path, "--strict");

        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public void Lint_strict_without_problems_exits_0_and_prints_no_problems()
    {
        using var content = new TempContentFolder();
        content.Write("goede-gids.md", GuideTexts.Valid("goede-gids", "Goede gids", "kievit"));

        var result = EpssCli.Run("lint", "--strict", content.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.OutputLines);
        Assert.Equal((1, 0, 0), result.LintSummary);
    }

    [Fact]
    public void Lint_strict_sample_content_on_the_day_after_it_was_checked_finds_no_problem()
    {
        using var content = new TempContentFolder().WithSampleContent();

        var result = EpssCli.Run("lint", content.Path, "--strict", "--date", "2026-12-08");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.OutputLines);
        Assert.Equal((EpssCli.SampleGuideCount, 0, 0), result.LintSummary);
    }

    [Fact]
    public void Lint_flow_and_source_rules_are_dutch_warnings_at_their_lines_and_fail_strict()
    {
        using var content = new TempContentFolder();
        var file = content.Write("verloop.md", $$"""
            ---
            id: verloop
            title: Verloop
            summary: Een gids met fouten in het verloop.
            owner: team-test
            review-by: 2099-12-31
            {{GuideTexts.SourcesLine}}
            ---

            ## Foto {#foto}

            - [ ] De foto is niet ouder dan 6 maanden

            ## Keuze {#keuze}

            - [Goed](#einde)
            - [Fout](#einde)

            ## Einde {#einde}

            Leg vast wat je zag. Ga daarna verder met de aanvraag.

            """);

        var normal = EpssCli.Run("lint", content.Path);
        var strict = EpssCli.Run("lint", content.Path, "--strict");

        Assert.True(normal.ExitCode == 0, normal.ToString());
        Assert.True(strict.ExitCode == 1, strict.ToString());
        string[] expected =
        [
            $"{file}:12:33: warning: De stap 'Foto' noemt een termijn of leeftijd ('6 maanden') zonder bron.",
            $"{file}:16:1: warning: Bij deze keuze staat geen vraag:",
            $"{file}:19:1: warning: De laatste stap 'Einde' is geen .end en leidt nergens heen:",
            $"{file}:21:1: warning: De stap 'Einde' zegt dat de baliemedewerker verder moet, maar niet waar:",
        ];
        Assert.Equal(expected.Length, normal.OutputLines.Length);
        Assert.All(expected.Zip(normal.OutputLines), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.Equal((1, 0, 4), normal.LintSummary);
    }

    [Fact]
    public void Lint_date_option_reports_a_source_as_stale_a_year_after_it_was_checked()
    {
        using var content = new TempContentFolder();
        var file = content.Write("bron.md", """
            ---
            id: bron
            title: Bron
            summary: Een gids met een bron.
            owner: team-test
            review-by: 2099-12-31
            sources:
              - id: ppw-44
                title: Paspoortwet
                article: art. 44
                checked: 2026-01-15
            ---

            ## Hit {#hit .end source="ppw-44"}

            Het voornemen komt binnen 4 weken.

            """);

        var fresh = EpssCli.Run("lint", content.Path, "--strict", "--date", "2027-01-15");
        var stale = EpssCli.Run("lint", content.Path, "--strict", "--date", "2027-01-16");

        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.True(stale.ExitCode == 1, stale.ToString());
        var line = Assert.Single(stale.OutputLines);
        Assert.StartsWith($"{file}:11:14: warning: De bron 'Paspoortwet art. 44' is voor het laatst nagekeken op 2026-01-15, meer dan een jaar geleden.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_link_past_another_guide_s_checks_warns_unless_marked_bewust()
    {
        using var content = new TempContentFolder();
        content.Write("doel.md", GuideTexts.Valid("doel", "Doel", "kievit"));
        var linking = content.Write("bron.md", GuideTexts.Valid("bron", "Bron", "[verder](guide:doel#einde)"));

        var warned = EpssCli.Run("lint", content.Path);
        content.Write("bron.md", GuideTexts.Valid("bron", "Bron", "[verder](guide:doel#einde \"bewust: de klant is al aanwezig\")"));
        var marked = EpssCli.Run("lint", content.Path, "--strict");

        var line = Assert.Single(warned.OutputLines);
        Assert.StartsWith($"{linking}:12:", line, StringComparison.Ordinal);
        Assert.Contains(": warning: De link naar 'doel#einde' slaat in 'Doel' de stap 'Begin' met controlepunten over.", line, StringComparison.Ordinal);
        Assert.Contains("\"bewust: …\"", line, StringComparison.Ordinal);
        Assert.True(marked.ExitCode == 0, marked.ToString());
        Assert.Empty(marked.OutputLines);
    }

    [Fact]
    public void Lint_date_that_is_no_date_exits_2_with_a_dutch_message()
    {
        using var content = new TempContentFolder();

        var result = EpssCli.Run("lint", content.Path, "--date", "morgen");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'morgen' is geen datum; schrijf die als JJJJ-MM-DD", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_nonexistent_folder_exits_2_with_a_dutch_message()
    {
        using var parent = new TempDataFolder();
        var missing = Path.Combine(parent.Path, "bestaat-niet");

        var result = EpssCli.Run("lint", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"De map '{missing}' bestaat niet.", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.OutputLines);
    }

    [GeneratedRegex(@"^[^:]+:\d+:\d+: (error|warning): .+$")]
    private static partial Regex DiagnosticLine();
}
