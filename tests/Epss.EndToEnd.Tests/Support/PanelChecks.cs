using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Epss.Testing;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Support;

/// <summary>What every state of the panel is held to: axe-core finds nothing serious, and the README gets a picture of it.</summary>
public static class PanelChecks
{
    /// <summary>Where the README's screenshots go (PNGs only, overwritten on every run).</summary>
    public static string ScreenshotFolder => Path.Combine(RepositoryRoot.Path, "src", "web", "screenshots");

    /// <summary>
    /// Runs axe-core on the page as it is: fails on a violation with impact serious or critical, and writes the
    /// others (minor, moderate) to the test output with the elements they concern.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"axe [{state}] {result.Passes.Length} rules passed, {result.Violations.Length} violated, {result.Incomplete.Length} to review");
        foreach (var violation in result.Violations)
        {
            output?.WriteLine($"axe [{state}] violation {violation.Impact} {violation.Id}: {violation.Help} ({Targets(violation)})");
        }
        foreach (var review in result.Incomplete)
        {
            output?.WriteLine($"axe [{state}] to review {review.Impact} {review.Id}: {review.Help} ({Targets(review)})");
        }
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(
            serious.Count == 0,
            $"axe-core found serious or critical violations in the state '{state}':\n" + string.Join('\n', serious.Select(Describe)));
    }

    /// <summary>Saves a full-height picture of the 360 px panel as <c>src/web/screenshots/{name}.png</c>.</summary>
    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotFolder, name + ".png"),
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
        });
    }

    private static string Targets(AxeResultItem item) => string.Join(", ", item.Nodes.Select(node => node.Target?.ToString()));

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} {violation.HelpUrl}\n" +
        string.Join('\n', violation.Nodes.Select(node => $"    {node.Target}: {node.Html}"));
}
