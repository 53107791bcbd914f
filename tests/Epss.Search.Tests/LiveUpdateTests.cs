using System.Text;
using Epss.Content.Diagnostics;
using Epss.Search.Tests.Support;
using Epss.Testing;
using Microsoft.Extensions.Logging;

namespace Epss.Search.Tests;

/// <summary>
/// The index follows the content folder in near real time through the library's real file watcher: only the file
/// that changed is re-parsed and only its guide re-indexed; a broken edit keeps the last good version served.
/// </summary>
public sealed class LiveUpdateTests : IDisposable
{
    private const int GuidesReindexed = 2002;
    private const int GuideKeptAtLastGoodVersion = 1004;

    private readonly TempContentFolder _content = new();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Watch_added_guide_becomes_searchable_without_rebuilding()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        Assert.Empty(session.Find("kompasnaald").Hits);

        var bytes = Write("kompas-ijken.md", Guides.Simple("kompas-ijken", "Kompas ijken", "Leg de kompasnaald op het noorden."));
        var change = await changes.WaitForVersionAsync("kompas-ijken", bytes);

        Assert.Equal(["kompas-ijken"], change.Upserted.Select(g => g.Id));
        Assert.Empty(change.Removed);
        var hit = Assert.Single(session.Find("kompasnaald").Hits);
        Assert.Equal(("kompas-ijken", "begin"), (hit.Id, hit.StepId));
        Assert.Equal("Leg de <mark>kompasnaald</mark> op het noorden.", hit.Snippet);
        AssertReindexedOnly(upserted: 1, removed: 0);
    }

    [Fact]
    public async Task Watch_changed_guide_is_found_by_its_new_text_and_no_longer_by_its_old_text()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        var before = session.Find("vingerafdrukken").Hits.Select(h => (h.Id, h.StepId)).ToList();
        Assert.Equal("spoedaanvraag", session.Find("sluitingstijd").Hits[0].Id);

        var text = File.ReadAllText(_content.FullPath("spoedaanvraag.md")).Replace("sluitingstijd", "veerboottijd", StringComparison.OrdinalIgnoreCase);
        var bytes = Write("spoedaanvraag.md", text);
        var change = await changes.WaitForVersionAsync("spoedaanvraag", bytes);

        Assert.Equal(["spoedaanvraag"], change.Upserted.Select(g => g.Id));
        Assert.Empty(change.Removed);
        var hit = session.Find("veerboottijd").Hits[0];
        Assert.Equal(("spoedaanvraag", "tijd"), (hit.Id, hit.StepId));
        SnippetAssert.Marks(hit.Snippet, "veerboottijd");
        Assert.DoesNotContain("spoedaanvraag", session.Ids("sluitingstijd "));
        // The other guides were not touched: the same hits in the same order (scores move a little with the index statistics).
        Assert.Equal(before, session.Find("vingerafdrukken").Hits.Select(h => (h.Id, h.StepId)));
        AssertReindexedOnly(upserted: 1, removed: 0);
    }

    [Fact]
    public async Task Watch_changed_guide_new_word_is_completed_and_corrected_and_the_old_word_no_longer()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        Assert.Equal("spoedaanvraag", session.Find("sluitingstyd ").Hits[0].Id);
        Assert.Equal("spoedaanvraag", session.Find("sluitings").Hits[0].Id);

        var text = File.ReadAllText(_content.FullPath("spoedaanvraag.md")).Replace("sluitingstijd", "veerboottijd", StringComparison.OrdinalIgnoreCase);
        await changes.WaitForVersionAsync("spoedaanvraag", Write("spoedaanvraag.md", text));

        // The words completed and corrected against are the new reader's: the saved word is there, the old one gone.
        Assert.Equal("spoedaanvraag", session.Find("veerboo").Hits[0].Id);
        Assert.Equal("spoedaanvraag", session.Find("verboottijd ").Hits[0].Id);
        SnippetAssert.Marks(session.Find("verboottijd ").Hits[0].Snippet, "veerboottijd");
        Assert.DoesNotContain("spoedaanvraag", session.Ids("sluitingstyd "));
        Assert.DoesNotContain("spoedaanvraag", session.Ids("sluitings"));
    }

    [Fact]
    public async Task ChangeIndexed_comes_after_the_index_has_taken_the_change_so_a_panel_told_of_it_finds_the_new_words()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        // What GuideUpdates does with the event (tell the panels, who may search at once), done here inside it.
        var foundWhenTold = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Search.ChangeIndexed += change =>
        {
            if (change.Upserted.Any(g => g.Id == "spoedaanvraag"))
            {
                foundWhenTold.TrySetResult(session.Ids("veerboottijd"));
            }
        };

        Write("spoedaanvraag.md", File.ReadAllText(_content.FullPath("spoedaanvraag.md")).Replace("sluitingstijd", "veerboottijd", StringComparison.OrdinalIgnoreCase));

        Assert.Contains("spoedaanvraag", await foundWhenTold.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Watch_broken_edit_keeps_the_last_good_version_searchable_and_reports_the_error()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        var served = session.Library.Current.Find("spoedaanvraag")!;

        var good = File.ReadAllText(_content.FullPath("spoedaanvraag.md"));
        Write("spoedaanvraag.md", good.Replace("title: Spoedaanvraag reisdocument", "title: [Spoedaanvraag met veerboot", StringComparison.Ordinal));
        // The library publishes the new state before it logs that the guide stays at its last good version: wait for both.
        await Eventually.TrueAsync(
            () => session.Library.Current.Diagnostics.Any(d => d.File == "spoedaanvraag.md" && d.Level == DiagnosticLevel.Error)
                && _log.Entries.Any(e => e.EventId.Id == GuideKeptAtLastGoodVersion),
            "the broken guide reported");

        Assert.Same(served, session.Library.Current.Find("spoedaanvraag"));
        Assert.DoesNotContain(changes.All, c => c.Upserted.Any(g => g.Id == "spoedaanvraag") || c.Removed.Contains("spoedaanvraag"));
        Assert.Equal("spoedaanvraag", session.Find("sluitingstijd").Hits[0].Id);
        Assert.Equal("spoedaanvraag", session.Find("noodpaspoort").Hits[0].Id);
        Assert.DoesNotContain(session.Find("veerboot ").Hits, h => h.Id == "spoedaanvraag");
        Assert.Contains(_log.Entries, e => e.EventId.Id == GuideKeptAtLastGoodVersion && e.Message.Contains("spoedaanvraag.md", StringComparison.Ordinal));

        // Mending the file serves the new version.
        var mended = Write("spoedaanvraag.md", good.Replace("sluitingstijd", "veerboottijd", StringComparison.OrdinalIgnoreCase));
        await changes.WaitForVersionAsync("spoedaanvraag", mended);
        Assert.Equal("spoedaanvraag", session.Find("veerboottijd").Hits[0].Id);
        Assert.DoesNotContain(session.Library.Current.Diagnostics, d => d.File == "spoedaanvraag.md" && d.IsError);
    }

    [Fact]
    public async Task Watch_deleted_guide_is_no_longer_found_and_the_others_still_are()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        Assert.Equal("spoedaanvraag", session.Ids("noodpaspoort")[0]);

        _content.Delete("spoedaanvraag.md");
        var change = await changes.WaitForAsync(c => c.Removed.Contains("spoedaanvraag"), "spoedaanvraag removed");

        Assert.Equal(["spoedaanvraag"], change.Removed);
        Assert.Empty(change.Upserted);
        Assert.DoesNotContain("spoedaanvraag", session.Ids("noodpaspoort"));
        Assert.DoesNotContain("spoedaanvraag", session.Ids("spoed", limit: 50));
        Assert.Equal("vingerafdrukken-afnemen", session.Ids("vingerafdrukken")[0]);
        Assert.Equal("vermissing-melden", session.Ids("paspoort kwijt")[0]);
        AssertReindexedOnly(upserted: 0, removed: 1);
    }

    [Fact]
    public async Task Watch_guide_moved_to_a_subfolder_stays_searchable_and_to_a_draft_folder_is_removed()
    {
        _content.AddGuide(Guides.Simple("kompas-ijken", "Kompas ijken", "Leg de kompasnaald op het noorden."));
        _content.AddGuide(Guides.Simple("anker-uitgooien", "Anker uitgooien", "Gooi het anker uit."));
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);

        System.IO.Directory.CreateDirectory(_content.FullPath("navigatie"));
        File.Move(_content.FullPath("kompas-ijken.md"), _content.FullPath("navigatie/kompas-ijken.md"));
        await changes.WaitForAsync(c => c.Upserted.Any(g => g.Id == "kompas-ijken" && g.SourcePath == "navigatie/kompas-ijken.md"), "kompas-ijken served from its new place");
        Assert.Equal(["kompas-ijken"], session.Ids("kompasnaald"));

        System.IO.Directory.CreateDirectory(_content.FullPath("_archief"));
        File.Move(_content.FullPath("navigatie/kompas-ijken.md"), _content.FullPath("_archief/kompas-ijken.md"));
        await changes.WaitForAsync(c => c.Removed.Contains("kompas-ijken"), "kompas-ijken removed");
        Assert.Empty(session.Ids("kompasnaald"));
        Assert.Equal(["anker-uitgooien"], session.Ids("anker"));
    }

    [Fact]
    public async Task Watch_edit_of_the_synonym_list_changes_results_without_reindexing()
    {
        _content.AddGuide(Guides.Simple("oversteken", "Veilig oversteken", "Loop naar de oversteekplaats."));
        _content.AddGuide(Guides.Simple("fietsen", "Fietsen", "Neem het fietspad."));
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        Assert.Empty(session.Find("zebrapad").Hits);

        _content.Write("synoniemen.txt", "# verkeer\nzebrapad, oversteekplaats\n");
        var added = await changes.WaitForAsync(c => c.SynonymsChanged && c.Snapshot.Synonyms.Groups.Length == 1, "the synonym list read");

        Assert.Empty(added.Upserted);
        Assert.Empty(added.Removed);
        var hit = Assert.Single(session.Find("zebrapad").Hits);
        Assert.Equal("oversteken", hit.Id);
        Assert.Equal("Loop naar de <mark>oversteekplaats</mark>.", hit.Snippet);

        _content.Write("synoniemen.txt", "# verkeer\nzebrapad, fietspad\n");
        await changes.WaitForAsync(c => c.SynonymsChanged && c.Snapshot.Synonyms.Groups.Single().Contains("fietspad"), "the edited synonym list read");
        Assert.Equal(["fietsen"], session.Ids("zebrapad"));

        _content.Delete("synoniemen.txt");
        await changes.WaitForAsync(c => c.SynonymsChanged && c.Snapshot.Synonyms.Groups.IsEmpty, "the synonym list removed");
        Assert.Empty(session.Find("zebrapad").Hits);

        Assert.DoesNotContain(_log.Entries, e => e.EventId.Id == GuidesReindexed);
    }

    [Fact]
    public async Task Watch_many_files_saved_at_once_are_all_searchable()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);

        var written = Enumerable.Range(0, 12)
            .Select(i => (Id: $"burst-{i:00}", Bytes: Write($"burst-{i:00}.md", Guides.Simple($"burst-{i:00}", $"Burst {i}", $"Zoekwoord uniekwoord{i:00}."))))
            .ToList();
        foreach (var (id, bytes) in written)
        {
            await changes.WaitForVersionAsync(id, bytes);
        }

        for (var i = 0; i < written.Count; i++)
        {
            Assert.Equal([$"burst-{i:00}"], session.Ids($"uniekwoord{i:00} "));
        }
        Assert.Equal(12, session.Find("zoekwoord", limit: 50).Total);
        Assert.Equal(12 + 29, session.Library.Current.Guides.Count);
    }

    [Fact]
    public async Task Watch_changed_context_changes_the_suggestions()
    {
        _content.AddGuide(Guides.Simple("balie-openen", "Balie openen", context: "context:\n  urls: [\"*/balie*\"]"));
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        Assert.Single(session.Search.Suggest(new PageContext("https://bz/balie", null, null)));

        var bytes = Write("balie-openen.md", Guides.Simple("balie-openen", "Balie openen", context: "context:\n  urls: [\"*/kassa*\"]"));
        await changes.WaitForVersionAsync("balie-openen", bytes);

        Assert.Empty(session.Search.Suggest(new PageContext("https://bz/balie", null, null)));
        Assert.Equal(["balie-openen"], session.Search.Suggest(new PageContext("https://bz/kassa", null, null)).Select(s => s.Id));
    }

    [Fact]
    public async Task Watch_changed_context_changes_what_a_search_from_the_same_page_lifts()
    {
        _content.AddGuide(Guides.Simple("aa-kassa", "Sleutelbos beheren", "Leg de sleutelbos in de kluis.", context: "context:\n  urls: [\"*/kassa*\"]"));
        _content.AddGuide(Guides.Simple("bb-balie", "Sleutelbos beheren", "Leg de sleutelbos in de kluis.", context: "context:\n  urls: [\"*/balie*\"]"));
        // Without the cache of recent results, so that every search below is worked out.
        using var session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, watch: true, searchCacheSize: 0);
        using var changes = new ChangeRecorder(session.Library);
        // One page object throughout, as a panel keeps it: its lifts are kept with it while the guides stay the same.
        var page = new PageContext("https://bz/balie", null, null);
        Assert.Equal("bb-balie", session.Find("sleutelbos", context: page).Hits[0].Id);
        Assert.Equal("bb-balie", session.Find("sleutelbos", context: page).Hits[0].Id);

        var bytes = Write("bb-balie.md", Guides.Simple("bb-balie", "Sleutelbos beheren", "Leg de sleutelbos in de kluis.", context: "context:\n  urls: [\"*/loket*\"]"));
        await changes.WaitForVersionAsync("bb-balie", bytes);

        var after = session.Find("sleutelbos", context: page);
        Assert.Equal(after.Hits[0].Score, after.Hits[1].Score);
        Assert.Equal("aa-kassa", after.Hits[0].Id);
        Assert.Equal(after.Hits.Select(h => (h.Id, h.Score)), session.Find("sleutelbos", context: page).Hits.Select(h => (h.Id, h.Score)));
    }

    [Fact]
    public async Task Watch_renamed_guide_is_offered_by_its_new_name_when_nothing_is_found()
    {
        _content.AddGuide(Guides.Simple("kluis-openen", "Kluis openen"));
        _content.AddGuide(Guides.Simple("balie-openen", "Balie sluiten"));
        using var session = await StartAsync();
        using var changes = new ChangeRecorder(session.Library);
        Assert.Equal(["kluis-openen"], session.Find("kluisopener ").Closest!.Select(g => g.Id));

        var bytes = Write("kluis-openen.md", Guides.Simple("kluis-openen", "Brandkast openen"));
        await changes.WaitForVersionAsync("kluis-openen", bytes);

        // The names are indexed per library snapshot: the new title is there, the old one gone.
        Assert.Empty(session.Find("kluisopener ").Closest!);
        Assert.Equal(["kluis-openen"], session.Find("brandkastopener ").Closest!.Select(g => g.Id));
    }

    public void Dispose()
    {
        _data.Dispose();
        _content.Dispose();
        _log.Dispose();
    }

    private Task<SearchSession> StartAsync() => SearchSession.StartAsync(_content, _data, _log, watch: true);

    private byte[] Write(string file, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        _content.WriteBytes(file, bytes);
        return bytes;
    }

    /// <summary>Every re-index since start touched exactly this many guides: the index never rebuilt everything for one file.</summary>
    private void AssertReindexedOnly(int upserted, int removed)
    {
        var reindexed = _log.Entries.Where(e => e.EventId.Id == GuidesReindexed && e.Level == LogLevel.Debug).ToList();
        Assert.NotEmpty(reindexed);
        Assert.All(reindexed, e => Assert.StartsWith($"Re-indexed {upserted} guides and removed {removed} ", e.Message, StringComparison.Ordinal));
    }
}
