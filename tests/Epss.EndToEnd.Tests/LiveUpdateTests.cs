using System.Text;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>A guide edited on disk reaches the open panel at once.</summary>
public sealed class LiveUpdateTests(Chromium chromium) : PanelTest(chromium)
{
    private const string Guide = "Vermissing van een document melden";
    private const string OldSentence = "Vraag naar een ander geldig identiteitsbewijs.";
    private const string NewSentence = "Vraag eerst naar een ander geldig identiteitsbewijs, zoals een rijbewijs.";

    [Fact]
    public async Task Guide_edited_on_disk_shows_the_new_text_on_the_same_step_with_the_tick_and_says_so()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = Guide, Exact = true }).ClickAsync();
        await panel.Option("Het document is kwijt of gestolen").ClickAsync();
        await panel.ExpectStepAsync(Guide, "Identiteit van de klant vaststellen", 2, 11);
        await PanelSession.Expect(panel.Main.GetByText(OldSentence)).ToBeVisibleAsync();
        var ticked = panel.Check("De identiteit van de klant is vastgesteld");
        await ticked.CheckAsync();
        await PanelSession.Expect(ticked).ToBeCheckedAsync();
        await PanelSession.Expect(ticked).ToBeFocusedAsync();

        var file = panel.Server.Content.FullPath("vermissing-melden.md");
        var text = await File.ReadAllTextAsync(file, ct);
        Assert.Contains(OldSentence, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, text.Replace(OldSentence, NewSentence, StringComparison.Ordinal), new UTF8Encoding(false), ct);

        // The server watches its folder; the new version is pushed to the panels that have the guide open.
        await PanelSession.Expect(panel.Main.GetByText(NewSentence)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await PanelSession.Expect(panel.Main.GetByText(OldSentence)).ToHaveCountAsync(0);
        await panel.ExpectStepAsync(Guide, "Identiteit van de klant vaststellen", 2, 11);
        await PanelSession.Expect(ticked).ToBeCheckedAsync();
        await PanelSession.Expect(panel.Check("Het vermiste document staat op naam van de klant")).Not.ToBeCheckedAsync();
        // Where the official was working stays where it was: the focus is still on the tick.
        await PanelSession.Expect(ticked).ToBeFocusedAsync();
        await PanelSession.Expect(panel.Notice("Deze werkinstructie is zojuist bijgewerkt.")).ToBeVisibleAsync();
        // ... and screen readers hear it.
        await PanelSession.Expect(panel.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Deze werkinstructie is zojuist bijgewerkt." }))
            .ToHaveCountAsync(1);

        // The walk goes on in the new version.
        await panel.Check("Het vermiste document staat op naam van de klant").CheckAsync();
        await panel.Button("Volgende stap").ClickAsync();
        await panel.ExpectStepAsync(Guide, "Soort document kiezen", 3, 11);
        await PanelSession.Expect(panel.Notice("Deze werkinstructie is zojuist bijgewerkt.")).ToHaveCountAsync(0);
    }
}
