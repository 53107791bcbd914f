using Epss.EndToEnd.Tests.Support;
using Epss.Testing;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>
/// The issue's "done when": a newcomer can find and follow every sample guide with the keyboard alone. Only
/// <c>page.Keyboard</c> moves through the panel here; the test looks at where the focus is, and never clicks.
/// </summary>
public sealed class KeyboardTests(Chromium chromium) : PanelTest(chromium)
{
    public static TheoryData<string> SampleGuides()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.ContentPath, "*.md").Order(StringComparer.Ordinal))
        {
            if (!string.Equals(Path.GetFileName(file), "README.md", StringComparison.OrdinalIgnoreCase))
            {
                data.Add(Path.GetFileNameWithoutExtension(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleGuides))]
    public async Task Sample_guide_found_and_followed_to_its_end_with_the_keyboard_alone(string guideId)
    {
        var panel = await StartPanelAsync();
        var guide = await GuideMap.ReadAsync(panel.Server, guideId, Cancellation);
        var route = guide.RouteToEnd(guide.Steps[0].Id)
            ?? throw new InvalidOperationException($"{guideId}: no end step can be reached within the guide.");
        await panel.OpenAsync();
        var keyboard = panel.Page.Keyboard;

        // Find it: "/" goes to the search box, the title is typed, the arrow keys go to its hit.
        await keyboard.PressAsync("/");
        await PanelSession.Expect(panel.SearchBox).ToBeFocusedAsync();
        await keyboard.TypeAsync(guide.Title);
        await PanelSession.Expect(panel.Main.GetByText($"voor “{guide.Title}”")).ToBeVisibleAsync();
        var hit = panel.Hit(guide.Title);
        await PanelSession.Expect(hit).ToBeVisibleAsync();
        for (var presses = 0; presses < 10 && !await IsFocusedAsync(hit); presses++)
        {
            await keyboard.PressAsync("ArrowDown");
        }
        await PanelSession.Expect(hit).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");

        // Follow it, step by step.
        var withChecks = 0;
        foreach (var (step, option) in route)
        {
            await panel.ExpectStepAsync(guide.Title, step.Title, guide.Number(step), guide.Steps.Length);
            await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();
            var action = option is null ? panel.Button("Klaar")
                : step.IsDecision ? panel.Option(option.Label)
                : panel.Button(option.Label);
            var checks = step.Checks.Select(check => panel.Check(check.Text)).ToList();
            // Steps with checks take turns: tick them all; go on and confirm "Toch verder"; go on, stay, and tick them.
            // A decision's later options are the unusual path: the panel does not ask about unticked checks there.
            var unusual = step.IsDecision && option is not null && Array.IndexOf(step.Next, option) > 0;
            var way = checks.Count == 0 || unusual ? Way.NoChecks : (Way)(withChecks++ % 3);
            TestContext.Current.TestOutputHelper?.WriteLine($"{guide.Number(step)}. {step.Title} ({way}) → {option?.Label ?? "Klaar"}");
            switch (way)
            {
                case Way.NoChecks:
                    await TabToAsync(panel.Page, action);
                    await keyboard.PressAsync("Enter");
                    break;
                case Way.TickEach:
                    await TickWithSpaceAsync(panel.Page, checks);
                    await TabToAsync(panel.Page, action);
                    await keyboard.PressAsync("Enter");
                    break;
                case Way.ConfirmAndGoOn:
                    await TabToAsync(panel.Page, action);
                    await keyboard.PressAsync("Enter");
                    await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
                    await PanelSession.Expect(panel.Button("Blijf bij deze stap")).ToBeFocusedAsync();
                    await keyboard.PressAsync("Shift+Tab");
                    await PanelSession.Expect(panel.Button("Toch verder")).ToBeFocusedAsync();
                    await keyboard.PressAsync("Enter");
                    break;
                case Way.StayAndTick:
                    await TabToAsync(panel.Page, action);
                    await keyboard.PressAsync("Enter");
                    await PanelSession.Expect(panel.Confirm).ToBeVisibleAsync();
                    await PanelSession.Expect(panel.Button("Blijf bij deze stap")).ToBeFocusedAsync();
                    await keyboard.PressAsync("Enter");
                    await PanelSession.Expect(panel.Confirm).ToHaveCountAsync(0);
                    // The focus goes to the first check still open.
                    await PanelSession.Expect(checks[0]).ToBeFocusedAsync();
                    await TickWithSpaceAsync(panel.Page, checks);
                    await TabToAsync(panel.Page, action);
                    await keyboard.PressAsync("Enter");
                    await PanelSession.Expect(panel.Confirm).ToHaveCountAsync(0);
                    break;
            }
        }

        await PanelSession.Expect(panel.Notice($"Afgerond: {guide.Title}.")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Heading, new() { Name = "Voor deze pagina", Level = 1 })).ToBeFocusedAsync();
        await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath,
            rows => rows.Any(r => r.Type == "guide-completed" && r.GuideId == guideId && r.StepId == route[^1].Step.Id),
            $"{guideId} completed at its end step",
            Cancellation);
    }

    private enum Way
    {
        TickEach = 0,
        ConfirmAndGoOn = 1,
        StayAndTick = 2,
        NoChecks = 3,
    }

    /// <summary>Ticks every check with Space, reaching each with Tab (the ones already ticked are left alone).</summary>
    private static async Task TickWithSpaceAsync(IPage page, IReadOnlyList<ILocator> checks)
    {
        foreach (var check in checks)
        {
            if (await check.IsCheckedAsync())
            {
                continue;
            }
            await TabToAsync(page, check);
            await page.Keyboard.PressAsync("Space");
            await PanelSession.Expect(check).ToBeCheckedAsync();
        }
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails when it is not reached.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        await PanelSession.Expect(target).ToBeVisibleAsync();
        for (var presses = 0; presses < 60; presses++)
        {
            if (await IsFocusedAsync(target))
            {
                return;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        await PanelSession.Expect(target).ToBeFocusedAsync(new() { Timeout = 100 });
    }

    private static Task<bool> IsFocusedAsync(ILocator locator) => locator.EvaluateAsync<bool>("element => element === document.activeElement");
}
