using Epss.Accounts;
using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Editor;

/// <summary>
/// The experts' editor in a real browser against the real server: two experts edit the same guide at once (a
/// conflict, merged without losing either text), one sends it for review, a third publishes (four eyes), and an
/// official's open panel shows the new version live; then the history, a diff and a restore; a flag raised in the
/// panel answered in the editor; an unsaved text that survives a closed tab.
/// </summary>
public sealed class EditorCycleTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string GuideId = "vermissing-melden";
    private const string GuideTitle = "Vermissing van een document melden";
    private const string AnnasOld = "Vraag kort wat er is gebeurd.";
    private const string AnnasNew = "Vraag kort en rustig wat er is gebeurd.";
    private const string BramsOld = "Vraag naar een ander geldig identiteitsbewijs.";
    private const string BramsNew = "Vraag naar een ander geldig identiteitsbewijs, zoals een rijbewijs.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Edit_conflict_review_publish_reaches_the_open_panel_and_history_shows_diff_and_restore()
    {
        await using var server = await PanelServer.StartAsync(Ct);
        await server.AddUserWithTokenAsync("anna", Ct, EpssRoles.Expert);
        await server.AddUserWithTokenAsync("bram", Ct, EpssRoles.Expert);
        await server.AddUserWithTokenAsync("carla", Ct, EpssRoles.Expert);
        await using var panel = await OfficialPanelAsync(server);
        await using var anna = await EditorSession.SignInAsync(chromium, server, "anna");
        await using var bram = await EditorSession.SignInAsync(chromium, server, "bram");

        // Both open the guide; each sees the other.
        await anna.OpenGuideAsync(GuideId);
        await bram.OpenGuideAsync(GuideId);
        await Assertions.Expect(anna.Page.GetByText("Ook geopend door: bram")).ToBeVisibleAsync();
        await Assertions.Expect(bram.Page.GetByText("Ook geopend door: anna")).ToBeVisibleAsync();
        var original = await anna.TextAsync();

        // Anna types a step without an id: the linter marks its line while she types, the preview keeps the last good text.
        var lines = original.Split('\n');
        await anna.ReplaceTextAsync(original + "\n## Stap zonder id\n\nTekst.\n");
        await anna.ExpectErrorMarksAtAsync(lines.Length + 1, 1);
        await Assertions.Expect(anna.Diagnostics).ToContainTextAsync([$"regel {lines.Length + 1}: De stap 'Stap zonder id' heeft geen id."]);
        await Assertions.Expect(anna.Page.GetByText("De tekst bevat fouten. Dit is het laatste voorbeeld dat wel lukte.")).ToBeVisibleAsync();
        // The message is at the line too: hovering the mark shows it.
        await anna.Page.Locator(".cm-lintRange-error").Last.HoverAsync();
        await Assertions.Expect(anna.Page.Locator(".cm-tooltip-lint")).ToContainTextAsync("De stap 'Stap zonder id' heeft geen id.");

        // She fixes it by editing a sentence instead; the preview shows the guide as the panel will, with her sentence.
        await anna.ReplaceTextAsync(original.Replace(AnnasOld, AnnasNew, StringComparison.Ordinal));
        await anna.ExpectErrorMarksAtAsync(lines.Length + 1, 0);
        // The preview follows the cursor's step (at the end now); all steps show the changed first one.
        await anna.Field("Alle stappen tonen").CheckAsync();
        await Assertions.Expect(anna.Preview.GetByText(AnnasNew, new() { Exact = false })).ToBeVisibleAsync();

        // Bram edits the same guide at the same time, from the text he opened; anna saves first.
        await bram.ReplaceTextAsync(original.Replace(BramsOld, BramsNew, StringComparison.Ordinal));
        await anna.SaveDraftAsync("rustiger gevraagd");
        await Assertions.Expect(anna.StatusBadge("draft")).ToHaveTextAsync("Concept");
        // Bram is told, and keeps what he typed.
        await Assertions.Expect(bram.Page.GetByText("anna", new() { Exact = false }).First).ToBeVisibleAsync();
        await bram.ExpectTextAsync(original.Replace(BramsOld, BramsNew, StringComparison.Ordinal));

        // His save is refused with both texts, to merge.
        await bram.SaveDraftAsync("rijbewijs genoemd");
        // The merge view: their text beside the merged text, unchanged lines collapsed.
        await Assertions.Expect(bram.Page.Locator(".merge .compare")).ToBeVisibleAsync();
        await Assertions.Expect(bram.Page.Locator(".merge .cm-collapsedLines").First).ToBeVisibleAsync();
        var theirs = await bram.TextOfAsync(".merge .compare-left");
        Assert.Contains(AnnasNew, theirs, StringComparison.Ordinal);
        var merged = theirs.Replace(BramsOld, BramsNew, StringComparison.Ordinal);
        await bram.ReplaceTextOfAsync(".merge .compare-right", merged);
        await bram.Button("Samengevoegde tekst opslaan").ClickAsync();
        await Assertions.Expect(bram.Page.Locator(".merge")).ToHaveCountAsync(0);
        await bram.ExpectTextAsync(merged);

        // Bram sends it for review; he cannot publish it himself.
        await bram.Tab("Beoordeling").ClickAsync();
        await bram.Field("Toelichting voor de beoordelaar (optioneel)").FillAsync("Samengevoegd met de wijziging van anna.");
        await bram.Button("Ter beoordeling aanbieden").ClickAsync();
        await Assertions.Expect(bram.StatusBadge("in-review")).ToHaveTextAsync("Ter beoordeling");
        await Assertions.Expect(bram.Button("Publiceren")).ToBeDisabledAsync();

        // The official still sees the published text.
        await PanelSession.Expect(panel.Main.GetByText(AnnasOld, new() { Exact = false })).ToBeVisibleAsync();

        // Anna wrote a version of the change, so she cannot publish it either (four eyes).
        await anna.Page.ReloadAsync();
        await anna.Tab("Beoordeling").ClickAsync();
        await Assertions.Expect(anna.Button("Publiceren")).ToBeDisabledAsync();

        // Carla reviews and publishes; the official's open panel shows the new version at once.
        await using var carla = await EditorSession.SignInAsync(chromium, server, "carla");
        await carla.OpenGuideAsync(GuideId);
        await carla.Tab("Beoordeling").ClickAsync();
        await Assertions.Expect(carla.Page.Locator(".diff-added").Filter(new() { HasText = BramsNew })).ToHaveCountAsync(1);
        // The side-by-side comparison collapses unchanged lines, opens at the first change and steps to the next.
        await Assertions.Expect(carla.Page.Locator(".review-diff .cm-collapsedLines").First).ToBeVisibleAsync();
        var first = await carla.CursorLineOfAsync(".review-diff .compare-right");
        Assert.Contains(AnnasNew, first, StringComparison.Ordinal);
        await carla.Button("Volgende wijziging").ClickAsync();
        Assert.Contains(BramsNew, await carla.CursorLineOfAsync(".review-diff .compare-right"), StringComparison.Ordinal);
        await PanelChecks.SaveScreenshotAsync(carla.Page, "editor-review-merge");
        await carla.Button("Publiceren").ClickAsync();
        await Assertions.Expect(carla.StatusBadge("published")).ToHaveTextAsync("Gepubliceerd");
        await PanelSession.Expect(panel.Main.GetByText(AnnasNew, new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await PanelSession.Expect(panel.Notice("Deze werkinstructie is zojuist bijgewerkt.")).ToBeVisibleAsync();
        Assert.Equal(merged, await File.ReadAllTextAsync(server.Content.FullPath(GuideId + ".md"), Ct));

        // History: the original, anna's draft and the merged version (published now); a diff; a restore.
        await anna.Page.ReloadAsync();
        await anna.Tab("Geschiedenis").ClickAsync();
        var rows = anna.Page.Locator(".history-panel tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("bram");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Huidige versie");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("anna");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("buiten de editor");
        await anna.Button("Vergelijken").ClickAsync();
        await Assertions.Expect(anna.Page.Locator(".history-view .diff-added").Filter(new() { HasText = BramsNew })).ToHaveCountAsync(1);
        await Assertions.Expect(anna.Page.Locator(".history-view .diff-removed").Filter(new() { HasText = BramsOld })).ToHaveCountAsync(1);
        await rows.Nth(2).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("terugzetten$") }).ClickAsync();
        await anna.Button("Ja, terugzetten").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("anna");
        // A restore is a new draft to review: the official still sees the published version.
        await anna.ExpectTextAsync(original);
        Assert.Equal(merged, await File.ReadAllTextAsync(server.Content.FullPath(GuideId + ".md"), Ct));

        anna.AssertNoErrors();
        bram.AssertNoErrors();
        carla.AssertNoErrors();
        panel.AssertNoErrors();
    }

    [Fact]
    public async Task Flag_raised_in_the_panel_is_answered_in_the_editor_and_the_answer_shows_in_the_panel()
    {
        const string flagText = "Moet ik ook naar de aangifte bij de politie vragen?";
        const string answer = "Ja: vraag of er aangifte is gedaan en noteer het proces-verbaalnummer.";
        await using var server = await PanelServer.StartAsync(Ct);
        await server.AddUserWithTokenAsync("anna", Ct, EpssRoles.Expert);
        await using var panel = await OfficialPanelAsync(server);
        await panel.Button("Meld een probleem").ClickAsync();
        await panel.Main.GetByRole(AriaRole.Textbox, new() { Name = "Wat klopt er niet of is onduidelijk aan deze stap?" }).FillAsync(flagText);
        await panel.Button("Versturen").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Status).Filter(new() { HasText = "Dank je" })).ToHaveTextAsync("Dank je, je melding is opgeslagen.");

        await using var anna = await EditorSession.SignInAsync(chromium, server, "anna");
        var row = anna.Page.Locator("tr").Filter(new() { HasText = GuideTitle });
        await Assertions.Expect(row).ToContainTextAsync("1");
        await anna.OpenGuideAsync(GuideId);
        await anna.Tab("Meldingen").ClickAsync();
        var flag = anna.Page.Locator(".tab-panel[data-panel=meldingen]").Locator("li, article").Filter(new() { HasText = flagText }).First;
        await Assertions.Expect(flag).ToBeVisibleAsync();
        // The step it is about and the version the official saw.
        await Assertions.Expect(anna.Page.Locator(".tab-panel[data-panel=meldingen]")).ToContainTextAsync("Wat is er met het document gebeurd?");
        await flag.GetByLabel("Antwoord aan de baliemedewerker").FillAsync(answer);
        await flag.GetByRole(AriaRole.Button, new() { Name = "Antwoord versturen", Exact = true }).ClickAsync();
        await Assertions.Expect(anna.Page.Locator(".tab-panel[data-panel=meldingen]")).ToContainTextAsync(answer);

        // The official opens the panel again (it takes up the guide where they were): the answer is there until "Gelezen".
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        await PanelSession.Expect(panel.GuideTitle).ToHaveTextAsync(GuideTitle);
        await PanelSession.Expect(panel.Main.GetByText(answer, new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await panel.Button("Gelezen").ClickAsync();
        await PanelSession.Expect(panel.Main.GetByText(answer, new() { Exact = false })).ToHaveCountAsync(0);

        anna.AssertNoErrors();
        panel.AssertNoErrors();
    }

    [Fact]
    public async Task Unsaved_text_survives_a_closed_tab_and_is_offered_again()
    {
        await using var server = await PanelServer.StartAsync(Ct);
        await server.AddUserWithTokenAsync("anna", Ct, EpssRoles.Expert);
        string typed;
        await using (var anna = await EditorSession.SignInAsync(chromium, server, "anna"))
        {
            await anna.OpenGuideAsync(GuideId);
            typed = (await anna.TextAsync()).Replace(AnnasOld, AnnasNew, StringComparison.Ordinal);
            await anna.ReplaceTextAsync(typed);
            // Closing the tab right away: the page sends what it has as it goes (pagehide, keepalive).
            await anna.Page.CloseAsync(new() { RunBeforeUnload = false });
            anna.AssertNoErrors();
        }

        await using var again = await EditorSession.SignInAsync(chromium, server, "anna");
        await Assertions.Expect(again.Page.Locator("tr").Filter(new() { HasText = GuideTitle })).ToContainTextAsync("concept", new() { IgnoreCase = true });
        await again.Page.GotoAsync(new Uri(server.Address, "/editor#/gids/" + GuideId).ToString());
        await again.Button("Verder met concept").ClickAsync();
        await again.ExpectTextAsync(typed);
        again.AssertNoErrors();
    }

    /// <summary>An official's panel (anonymous reading, as the sample set-up) with the guide open at its first step.</summary>
    private async Task<PanelSession> OfficialPanelAsync(PanelServer server)
    {
        var panel = await PanelSession.AttachAsync(chromium, server);
        await panel.OpenAsync("https://bz.example/vermissing/melden", "Vermissing melden");
        await panel.Suggestions.GetByRole(AriaRole.Button, new() { Name = GuideTitle, Exact = true }).ClickAsync();
        await PanelSession.Expect(panel.StepTitle).ToHaveTextAsync("Wat is er met het document gebeurd?");
        return panel;
    }
}
