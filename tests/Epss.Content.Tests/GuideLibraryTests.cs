using Epss.Content.Diagnostics;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Epss.Content.Tests.Support;
using Epss.Testing;

namespace Epss.Content.Tests;

/// <summary>
/// The library over a real temporary folder, without the watcher: what needs all guides at once (duplicate ids,
/// references between guides, unreachable steps) and what <see cref="GuideLibrary.Refresh"/> re-reads.
/// </summary>
public sealed class GuideLibraryTests : IDisposable
{
    private readonly TempContentFolder _folder = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Refresh_synonym_file_that_is_not_utf8_keeps_the_list_in_use_and_reports_it()
    {
        _folder.Write("paspoort.md", TestGuides.TwoSteps("paspoort"));
        _folder.Write("synoniemen.txt", "paspoort, reispas\n");
        using var library = TestGuides.Library(_folder, _log);
        await library.LoadAsync(TestContext.Current.CancellationToken);

        _folder.WriteBytes("synoniemen.txt", [.. "rijbewijs, roze pasje\nkwijt, verloren, "u8, 0xE9, (byte)'\n']);
        var broken = library.Refresh(["synoniemen.txt"]);

        Assert.Equal(["paspoort|reispas"], broken.Snapshot.Synonyms.Groups.Select(g => string.Join('|', g)));
        Assert.Equal(["synoniemen.txt:1:1: error: file-unreadable"], broken.Snapshot.Diagnostics.Select(Format));
        Assert.Contains("UTF-8", broken.Snapshot.Diagnostics[0].Message, StringComparison.Ordinal);

        _folder.Write("synoniemen.txt", "paspoort, reispas\n");
        var restored = library.Refresh(["synoniemen.txt"]);

        Assert.Empty(restored.Snapshot.Diagnostics);
        Assert.Equal(["paspoort|reispas"], restored.Snapshot.Synonyms.Groups.Select(g => string.Join('|', g)));
    }

    [Fact]
    public async Task Load_serves_guides_in_subfolders_and_reports_with_relative_paths()
    {
        _folder.Write("paspoort.md", TestGuides.TwoSteps("paspoort"));
        _folder.Write("rijbewijs/rijbewijs-aanvragen.md", TestGuides.TwoSteps("rijbewijs-aanvragen", "<b>vet</b>"));
        using var library = TestGuides.Library(_folder, _log);

        var change = await library.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["paspoort"], change.Snapshot.Guides.Keys);
        Assert.Equal(["paspoort"], change.Upserted.Select(g => g.Id));
        Assert.Equal(
            ["rijbewijs/rijbewijs-aanvragen.md:12:13: error: raw-html", "rijbewijs/rijbewijs-aanvragen.md:12:19: error: raw-html"],
            change.Snapshot.Diagnostics.Select(Format));
        Assert.True(library.IsLoaded);
    }

    [Fact]
    public async Task Load_ignores_readme_drafts_hidden_files_and_underscore_folders()
    {
        _folder.Write("echt.md", TestGuides.TwoSteps("echt"));
        _folder.Write("README.md", "# Uitleg\n");
        _folder.Write("_concept.md", TestGuides.TwoSteps("concept"));
        _folder.Write(".verborgen.md", TestGuides.TwoSteps("verborgen"));
        _folder.Write("_archief/oud.md", TestGuides.TwoSteps("oud"));
        _folder.Write(".git/info.md", TestGuides.TwoSteps("info"));
        _folder.Write("notities.txt", "geen gids");
        using var library = TestGuides.Library(_folder, _log);

        var change = await library.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["echt"], change.Snapshot.Guides.Keys);
        Assert.Empty(change.Snapshot.Diagnostics);
    }

    [Theory]
    [InlineData("gids.md", true)]
    [InlineData("map/gids.md", true)]
    [InlineData("GIDS.MD", true)]
    [InlineData("README.md", false)]
    [InlineData("map/readme.md", false)]
    [InlineData("_concept.md", false)]
    [InlineData(".gids.md", false)]
    [InlineData("_map/gids.md", false)]
    [InlineData("map/.verborgen/gids.md", false)]
    [InlineData("gids.txt", false)]
    [InlineData("gids.md~", false)]
    public void IsGuideFile_accepts_only_markdown_outside_hidden_and_draft_places(string path, bool isGuide)
    {
        Assert.Equal(isGuide, ContentFiles.IsGuideFile(path));
    }

    [Fact]
    public async Task Load_with_duplicate_id_serves_the_first_file_and_reports_the_second()
    {
        _folder.Write("a-eerste.md", TestGuides.TwoSteps("dubbel", title: "Eerste"));
        _folder.Write("b-tweede.md", TestGuides.TwoSteps("dubbel", title: "Tweede"));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        Assert.Equal("Eerste", snapshot.Find("dubbel")?.Title);
        var duplicate = Assert.Single(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.IdDuplicate);
        Assert.Equal("b-tweede.md:2:5: error: id-duplicate", Format(duplicate));
        Assert.Contains("wordt al gebruikt door a-eerste.md", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_new_file_claiming_a_served_id_gets_id_duplicate_and_the_served_guide_stays()
    {
        _folder.Write("z-origineel.md", TestGuides.TwoSteps("dubbel", title: "Origineel"));
        using var library = TestGuides.Library(_folder, _log);
        await library.LoadAsync(TestContext.Current.CancellationToken);

        // Sorts before the original, but came later: the first to claim an id keeps it.
        _folder.Write("a-kopie.md", TestGuides.TwoSteps("dubbel", title: "Kopie"));
        var change = library.Refresh(["a-kopie.md"]);

        Assert.True(change.IsEmpty);
        Assert.Equal("Origineel", library.Current.Find("dubbel")?.Title);
        Assert.Equal("a-kopie.md:2:5: error: id-duplicate", Format(Assert.Single(library.Current.Diagnostics, d => d.Code == DiagnosticCodes.IdDuplicate)));
    }

    [Fact]
    public async Task Load_related_to_unknown_guide_reports_error_at_the_entry()
    {
        _folder.Write("gids.md", TestGuides.TwoSteps("gids").Replace("owner:", "related: [bestaat-niet]\nowner:", StringComparison.Ordinal));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal("gids.md:5:11: error: related-unknown", Format(diagnostic));
        Assert.Equal("Er is geen gids met id 'bestaat-niet'.", diagnostic.Message);
        Assert.Empty(snapshot.Guides);
    }

    [Fact]
    public async Task Load_link_to_unknown_guide_reports_error_and_does_not_serve_the_guide()
    {
        _folder.Write("gids.md", TestGuides.TwoSteps("gids", "Zie [de andere](guide:andere-gids)."));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        Assert.Equal("gids.md:12:17: error: link-guide-unknown", Format(Assert.Single(snapshot.Diagnostics)));
        Assert.Null(snapshot.Find("gids"));
    }

    [Fact]
    public async Task Load_decision_to_unknown_step_of_other_guide_reports_error_at_the_option()
    {
        _folder.Write("andere.md", TestGuides.TwoSteps("andere"));
        _folder.Write("gids.md", TestGuides.Guide("gids", "## Ga je naar de andere gids? {#keuze}\n\n- [Ja](guide:andere#einde \"bewust: de test\")\n- [Nee](guide:andere#bestaat-niet)\n"));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal("gids.md:13:3: error: link-guide-step-unknown", Format(diagnostic));
        Assert.Equal("De gids 'andere' heeft geen stap 'bestaat-niet'.", diagnostic.Message);
        Assert.Equal(["andere"], snapshot.Guides.Keys);
    }

    [Fact]
    public async Task Load_decision_to_existing_steps_of_other_guides_serves_both()
    {
        _folder.Write("andere.md", TestGuides.TwoSteps("andere"));
        _folder.Write("gids.md", TestGuides.Guide("gids", "## Ga je naar de andere gids? {#keuze}\n\n- [Ja](guide:andere#einde \"bewust: de test\")\n- [Nee](guide:andere)\n"));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        Assert.Empty(snapshot.Diagnostics);
        Assert.Equal(["andere", "gids"], snapshot.Guides.Keys);
        Assert.Equal(
            [("andere", "einde"), ("andere", (string?)null)],
            snapshot.Find("gids")!.Steps[0].Next.Select(n => (n.GuideId, n.StepId)));
    }

    [Fact]
    public async Task Load_link_to_guide_with_errors_reports_warning_and_serves_the_linking_guide()
    {
        _folder.Write("kapot.md", TestGuides.TwoSteps("kapot", "[x](#nergens)"));
        _folder.Write("gids.md", TestGuides.TwoSteps("gids", "Zie [kapot](guide:kapot)."));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        var notServed = Assert.Single(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.LinkGuideNotServed);
        Assert.Equal("gids.md:12:17: warning: link-guide-not-served", Format(notServed));
        Assert.Contains("(kapot.md) bevat fouten en wordt niet getoond", notServed.Message, StringComparison.Ordinal);
        Assert.Equal(["gids"], snapshot.Guides.Keys);
    }

    [Fact]
    public async Task Load_unreachable_step_reports_warning_at_its_heading()
    {
        _folder.Write("gids.md", TestGuides.Guide("gids", "## Start {#start .end}\n\nKlaar.\n\n## Zijpad {#zijpad .end}\n\nNiemand.\n"));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal("gids.md:14:1: warning: step-unreachable", Format(diagnostic));
        Assert.Contains("Stap 'zijpad' is niet te bereiken", diagnostic.Message, StringComparison.Ordinal);
        Assert.NotNull(snapshot.Find("gids"));
    }

    [Fact]
    public async Task Load_step_entered_from_another_guide_is_not_unreachable()
    {
        _folder.Write("gids.md", TestGuides.Guide("gids", "## Start {#start .end}\n\nKlaar.\n\n## Zijpad {#zijpad .end}\n\nVan elders.\n"));
        _folder.Write("verwijzer.md", TestGuides.TwoSteps("verwijzer", "Zie [zijpad](guide:gids#zijpad)."));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        Assert.Empty(snapshot.Diagnostics);
        Assert.Equal(["gids", "verwijzer"], snapshot.Guides.Keys);
    }

    [Fact]
    public async Task Refresh_rereads_only_the_named_file()
    {
        _folder.Write("a.md", TestGuides.TwoSteps("a", "Versie 1."));
        _folder.Write("b.md", TestGuides.TwoSteps("b", "Versie 1."));
        using var library = TestGuides.Library(_folder, _log);
        var before = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        _folder.Write("a.md", TestGuides.TwoSteps("a", "Versie 2."));
        _folder.Write("b.md", TestGuides.TwoSteps("b", "Versie 2."));
        var change = library.Refresh(["a.md"]);

        Assert.Equal(["a"], change.Upserted.Select(g => g.Id));
        Assert.Empty(change.Removed);
        Assert.False(change.SynonymsChanged);
        Assert.NotEqual(before.Find("a")!.Version, change.Snapshot.Find("a")!.Version);
        Assert.Same(before.Find("b"), change.Snapshot.Find("b"));
        Assert.Equal(before.Generation + 1, change.Snapshot.Generation);
    }

    [Fact]
    public async Task Refresh_accepts_absolute_paths_and_ignores_paths_outside_the_folder()
    {
        _folder.Write("a.md", TestGuides.TwoSteps("a", "Versie 1."));
        using var outside = new TempContentFolder();
        outside.Write("x.md", TestGuides.TwoSteps("x"));
        using var library = TestGuides.Library(_folder, _log);
        await library.LoadAsync(TestContext.Current.CancellationToken);

        _folder.Write("a.md", TestGuides.TwoSteps("a", "Versie 2."));
        var change = library.Refresh([_folder.FullPath("a.md"), outside.FullPath("x.md"), "../x.md", "notities.txt"]);

        Assert.Equal(["a"], change.Upserted.Select(g => g.Id));
        Assert.Equal(["a"], library.Current.Guides.Keys);
    }

    [Fact]
    public async Task Refresh_of_a_text_with_errors_tells_TextsRead_but_not_Changed_and_the_last_good_version_stays()
    {
        _folder.Write("a.md", TestGuides.TwoSteps("a"));
        using var library = TestGuides.Library(_folder, _log);
        await library.LoadAsync(TestContext.Current.CancellationToken);
        var served = library.Current.Find("a");
        var changes = 0;
        var read = new List<GuideFileText>();
        library.Changed += _ => changes++;
        library.TextsRead += read.AddRange;

        _folder.Write("a.md", TestGuides.Guide("a", "## Zonder id\n\nTekst."));
        library.Refresh(["a.md"]);
        library.Refresh(["a.md"]);

        Assert.Equal(0, changes);
        Assert.Same(served, library.Current.Find("a"));
        var text = Assert.Single(read);
        Assert.Equal(("a.md", "a", true), (text.Path, text.GuideId, text.HasErrors));
        Assert.Equal(File.ReadAllBytes(_folder.FullPath("a.md")), text.Bytes);
        Assert.Equal(GuideParser.VersionOf(text.Bytes), text.Version);

        _folder.Write("a.md", TestGuides.TwoSteps("a", title: "Hersteld"));
        library.Refresh(["a.md"]);

        Assert.Equal(1, changes);
        Assert.Equal(2, read.Count);
        Assert.False(read[1].HasErrors);
    }

    [Fact]
    public async Task Refresh_of_unchanged_file_changes_nothing()
    {
        _folder.Write("a.md", TestGuides.TwoSteps("a"));
        using var library = TestGuides.Library(_folder, _log);
        var before = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;
        var raised = 0;
        library.Changed += _ => raised++;

        var change = library.Refresh(["a.md"]);

        Assert.True(change.IsEmpty);
        Assert.Equal(0, raised);
        Assert.Same(before.Find("a"), library.Current.Find("a"));
    }

    [Fact]
    public async Task Rescan_reparses_only_changed_files_and_drops_deleted_ones()
    {
        _folder.Write("a.md", TestGuides.TwoSteps("a"));
        _folder.Write("b.md", TestGuides.TwoSteps("b"));
        _folder.Write("c.md", TestGuides.TwoSteps("c", "Versie 1."));
        using var library = TestGuides.Library(_folder, _log);
        var before = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        _folder.Delete("b.md");
        _folder.Write("c.md", TestGuides.TwoSteps("c", "Versie 2."));
        var change = library.Rescan(TestContext.Current.CancellationToken);

        Assert.Equal(["c"], change.Upserted.Select(g => g.Id));
        Assert.Equal(["b"], change.Removed);
        Assert.Same(before.Find("a"), change.Snapshot.Find("a"));
    }

    [Fact]
    public async Task Load_reads_the_synonym_list_and_reports_its_problems()
    {
        _folder.Write("a.md", TestGuides.TwoSteps("a"));
        _folder.Write("synoniemen.txt", "paspoort, reispas\nalleen\n");
        using var library = TestGuides.Library(_folder, _log);

        var change = await library.LoadAsync(TestContext.Current.CancellationToken);

        Assert.True(change.SynonymsChanged);
        Assert.Equal(["paspoort|reispas"], change.Snapshot.Synonyms.Groups.Select(g => string.Join('|', g)));
        Assert.Equal("synoniemen.txt:2:1: warning: synonym-line-invalid", Format(Assert.Single(change.Snapshot.Diagnostics)));
    }

    [Fact]
    public async Task Load_of_a_folder_that_does_not_exist_is_empty()
    {
        using var library = TestGuides.Library(_folder.FullPath("bestaat-niet"), _log);

        var change = await library.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Empty(change.Snapshot.Guides);
        Assert.Empty(change.Snapshot.Diagnostics);
    }

    [Fact]
    public async Task Changed_handler_that_throws_is_logged_and_does_not_stop_the_others()
    {
        _folder.Write("a.md", TestGuides.TwoSteps("a"));
        using var library = TestGuides.Library(_folder, _log);
        _log.ExpectErrors(e => e.EventId.Id == 1007);
        var seen = new List<string>();
        library.Changed += _ => throw new InvalidOperationException("kapotte handler");
        library.Changed += change => seen.AddRange(change.Upserted.Select(g => g.Id));

        await library.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["a"], seen);
        var logged = Assert.Single(_log.Entries, e => e.EventId.Id == 1007);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    private static string Format(ContentDiagnostic d) => $"{d.File}:{d.Line}:{d.Column}: {(d.IsError ? "error" : "warning")}: {d.Code}";

    public void Dispose()
    {
        _log.Dispose();
        _folder.Dispose();
    }
}
