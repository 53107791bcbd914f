using Epss.Content.Tests.Support;

namespace Epss.Content.Tests.Specs;

/// <summary>Runs every example of the spec files in Specs/*.md (see <see cref="SpecFile"/> for their format).</summary>
public sealed class SpecTests
{
    public static IEnumerable<TheoryDataRow<string, string>> Examples() =>
        SpecFile.FileNames().SelectMany(file => SpecFile.Read(file).Select(example =>
            new TheoryDataRow<string, string>(file, example.Name) { TestDisplayName = $"Spec {file}: {example.Name}" }));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Spec_example_gives_the_specified_html_and_diagnostics(string file, string name)
    {
        var example = SpecFile.Read(file).Single(e => e.Name == name);

        var outcome = SpecFile.Run(example, TestGuides.Parser());

        if (example.ExpectedHtml is { } html)
        {
            Assert.Equal(html, outcome.Html);
        }
        Assert.Equal(string.Join('\n', example.ExpectedDiagnostics), string.Join('\n', outcome.Diagnostics));
        SafeHtml.AssertSafe(outcome.Html);
        if (outcome.Result.Guide is { } guide)
        {
            SafeHtml.AssertSafe(guide.IntroHtml);
            foreach (var step in guide.Steps)
            {
                SafeHtml.AssertSafe(step.Html);
                // What the panel receives for a step is exactly the body of that step in the page.
                Assert.Contains(step.Html, outcome.Html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Spec_files_cover_every_part_of_the_format()
    {
        var files = SpecFile.FileNames();

        Assert.Equal(
            ["alerts.md", "checks.md", "decisions.md", "flow.md", "front-matter.md", "links.md", "safety.md", "sources.md", "steps.md", "tables.md"],
            files);
        Assert.All(files, file => Assert.True(SpecFile.Read(file).Length >= 5, $"{file} has fewer than five examples"));
    }

    [Fact]
    public void Spec_example_with_errors_yields_no_guide()
    {
        var example = SpecFile.Read("safety.md").Single(e => e.Name == "A script block is written as text");

        var outcome = SpecFile.Run(example, TestGuides.Parser());

        Assert.True(outcome.Result.HasErrors);
        Assert.Null(outcome.Result.Guide);
    }
}
