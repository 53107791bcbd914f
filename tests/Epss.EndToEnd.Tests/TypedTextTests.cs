using System.Text;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>
/// What an official types never becomes HTML: not in search, not in a report or a flag. A dialog (the alert of
/// an injected handler) or a script error would fail the test through <see cref="PanelTest"/>; the page's CSP
/// would block an inline handler anyway, so the tests look for the element itself.
/// </summary>
public sealed class TypedTextTests(Chromium chromium) : PanelTest(chromium)
{
    private const string ImageMarkup = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task Search_text_with_markup_is_shown_as_text()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync();

        await panel.SearchBox.FillAsync(ImageMarkup);

        await PanelSession.Expect(panel.Main.GetByText($"resultaten voor “{ImageMarkup}”")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.SearchBox).ToHaveValueAsync(ImageMarkup);
        await PanelSession.Expect(panel.Page.Locator("img")).ToHaveCountAsync(0);
        // The announcement for screen readers says it as text as well.
        await PanelSession.Expect(panel.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"resultaten voor “{ImageMarkup}”" }))
            .ToHaveCountAsync(1);
        await PanelSession.Expect(panel.Page.Locator("img")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Missing_topic_report_with_markup_is_shown_and_stored_as_text()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync();
        const string query = "<b>xyzzy</b> <script>zzq</script>";
        const string text = "Ik zocht <i>iets</i> " + ImageMarkup;

        await panel.SearchBox.FillAsync(query);

        await PanelSession.Expect(panel.Notice($"Niets gevonden voor “{query}”")).ToBeVisibleAsync();
        await panel.Button("Meld wat je zocht").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByText($"Je zoekopdracht “{query}” wordt meegestuurd.")).ToBeVisibleAsync();
        await panel.Main.GetByRole(AriaRole.Textbox, new() { Name = "Wat wilde je doen of weten?" }).FillAsync(text);
        await panel.Button("Versturen").ClickAsync();

        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Status).Filter(new() { HasText = "Dank je" }))
            .ToHaveTextAsync("Dank je, je melding is opgeslagen.");
        await PanelSession.Expect(panel.Page.Locator("main b, main i, main script:not([src]), img")).ToHaveCountAsync(0);
        var report = Assert.Single(await UsageDatabase.WaitForFlagsAsync(panel.Server.DataPath, rows => rows.Count > 0, "the report", Cancellation));
        Assert.Equal((query, text), (report.Query, report.Text));
    }

    [Fact]
    public async Task Flag_with_markup_stays_text_in_its_field_through_a_guide_update_and_is_stored_as_typed()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        const string guide = "Vermissing van een document melden";
        const string text = "Stap klopt niet: " + ImageMarkup + " <b>vet</b>";
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = guide, Exact = true }).ClickAsync();
        await panel.Button("Meld een probleem").ClickAsync();
        var field = panel.Main.GetByRole(AriaRole.Textbox, new() { Name = "Wat klopt er niet of is onduidelijk aan deze stap?" });
        await field.FillAsync(text);

        // The guide changes while the official types: the step is drawn again and the draft put back, as text.
        var file = panel.Server.Content.FullPath("vermissing-melden.md");
        var markdown = await File.ReadAllTextAsync(file, Cancellation);
        await File.WriteAllTextAsync(
            file,
            markdown.Replace("Vraag kort wat er is gebeurd.", "Vraag eerst kort wat er is gebeurd.", StringComparison.Ordinal),
            new UTF8Encoding(false),
            Cancellation);
        await PanelSession.Expect(panel.Notice("Deze werkinstructie is zojuist bijgewerkt.")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await PanelSession.Expect(panel.Main.GetByText("Vraag eerst kort wat er is gebeurd.")).ToBeVisibleAsync();
        await PanelSession.Expect(field).ToHaveValueAsync(text);
        await PanelSession.Expect(panel.Page.Locator("img, main b")).ToHaveCountAsync(0);

        await panel.Button("Versturen").ClickAsync();

        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Status).Filter(new() { HasText = "Dank je" }))
            .ToHaveTextAsync("Dank je, je melding is opgeslagen.");
        await PanelSession.Expect(panel.Page.Locator("img, main b")).ToHaveCountAsync(0);
        var flag = Assert.Single(await UsageDatabase.WaitForFlagsAsync(panel.Server.DataPath, rows => rows.Count > 0, "the flag", Cancellation));
        Assert.Equal(("vermissing-melden", "soort", text), (flag.GuideId, flag.StepId, flag.Text));
    }
}
