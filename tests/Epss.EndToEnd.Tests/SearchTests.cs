using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>Searching as you type, typos included, and opening a hit with the keyboard.</summary>
public sealed class SearchTests(Chromium chromium) : PanelTest(chromium)
{
    [Fact]
    public async Task Search_paints_the_hits_without_waiting_for_a_pause_after_the_last_keystroke()
    {
        // The page's clock stands still: a pause after typing (150 ms before, most of the time to the hits) can never
        // end, so the hits can only appear when the search goes out with the keystroke. No time is measured here; the
        // latency itself is measured by the load tool.
        var panel = await StartPanelAsync();
        await panel.OpenAsync();
        await PanelSession.Expect(panel.Connected).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await panel.Page.Clock.InstallAsync();
        await panel.Page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(1));

        await panel.SearchBox.PressSequentiallyAsync("pasfoto");

        await PanelSession.Expect(panel.Hit("Pasfoto beoordelen")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByText("resultaten voor “pasfoto”")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Search_with_a_typo_finds_the_guide_marks_the_word_and_opens_it_with_the_keyboard()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync();

        await panel.SearchBox.PressSequentiallyAsync("vingerafdruken");

        var hit = panel.Hit("Vingerafdrukken afnemen");
        await PanelSession.Expect(hit).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByText("resultaten voor “vingerafdruken”")).ToBeVisibleAsync();
        // The snippet marks the word as it is spelled in the guide.
        await PanelSession.Expect(panel.HitItem("Vingerafdrukken afnemen").Locator("mark").First).ToHaveTextAsync("vingerafdrukken");
        await PanelSession.Expect(panel.SearchBox).ToBeFocusedAsync();

        await panel.Page.Keyboard.PressAsync("ArrowDown");
        await PanelSession.Expect(hit).ToBeFocusedAsync();
        await panel.Page.Keyboard.PressAsync("Enter");

        await panel.ExpectStepAsync("Vingerafdrukken afnemen", "Leeftijd controleren", 1, 7);
        await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();
        await PanelSession.Expect(panel.SearchBox).ToHaveValueAsync("");
        var events = await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath,
            rows => rows.Any(r => r.Type == "search"),
            "the search, with the hit that was opened",
            ct);
        var search = Assert.Single(events, r => r.Type == "search");
        Assert.Equal(("vingerafdruken", "vingerafdrukken-afnemen", 1), (search.Query, search.OpenedGuideId, search.OpenedRank));
    }

    [Fact]
    public async Task Search_hit_that_names_a_step_opens_the_guide_at_that_step()
    {
        var ct = Cancellation;
        var panel = await StartPanelAsync();
        await panel.OpenAsync();

        await panel.SearchBox.PressSequentiallyAsync("ID-desk");

        // The server answers this hit with stepId "id-desk": the button says which step. Wait for the answer to all
        // that was typed (an earlier answer, to "ID-de", may list another hit first), then the arrow goes to it.
        var hit = panel.Hit("Echtheid van een document controleren Stap: ID-desk bellen");
        await PanelSession.Expect(panel.Main.GetByText("voor “ID-desk”", new() { Exact = false })).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Hits.GetByRole(AriaRole.Button).First).ToHaveAccessibleNameAsync("Echtheid van een document controleren Stap: ID-desk bellen");
        await panel.Page.Keyboard.PressAsync("ArrowDown");
        await PanelSession.Expect(hit).ToBeFocusedAsync();
        await panel.Page.Keyboard.PressAsync("Enter");

        await panel.ExpectStepAsync("Echtheid van een document controleren", "ID-desk bellen", 4, 8);
        await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();
        await UsageDatabase.WaitForEventsAsync(
            panel.Server.DataPath,
            rows => rows.Any(r => r.Type == "step-viewed" && r.GuideId == "echtheid-document-controleren" && r.StepId == "id-desk"),
            "the step the hit named, viewed",
            ct);
    }

    [Fact]
    public async Task Search_with_enter_in_the_box_opens_the_first_hit()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync();

        await panel.SearchBox.FocusAsync();
        await panel.Page.Keyboard.TypeAsync("C5");
        await panel.Page.Keyboard.PressAsync("Enter");

        await panel.ExpectStepAsync("Echtheid van een document controleren", "Onregelmatig document afhandelen", 5, 8);
        await PanelSession.Expect(panel.StepTitle).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Search_that_finds_nothing_offers_the_guides_for_the_page_and_a_report()
    {
        var panel = await StartPanelAsync();
        await panel.OpenAsync("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen");

        await panel.SearchBox.FillAsync("xyzzy kwakkel");

        await PanelSession.Expect(panel.Notice("Niets gevonden voor “xyzzy kwakkel”")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Main.GetByRole(AriaRole.Heading, new() { Name = "Misschien bedoel je" })).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Button("Identiteit vaststellen bij een aanvraag")).ToBeVisibleAsync();
        await PanelSession.Expect(panel.Button("Meld wat je zocht")).ToBeVisibleAsync();
    }
}
