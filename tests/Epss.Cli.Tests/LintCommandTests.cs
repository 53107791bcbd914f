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
