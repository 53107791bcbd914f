using Epss.Content.Diagnostics;
using Epss.Content.Library;
using Epss.Content.Tests.Support;
using Epss.Testing;

namespace Epss.Content.Tests;

/// <summary>
/// The library following a real temporary folder through the real <see cref="FileSystemWatcher"/>: each test
/// changes files on disk and waits (at most <see cref="Timeout"/>) for the library to catch up.
/// </summary>
public sealed class GuideLibraryWatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TempContentFolder _folder = new();
    private readonly TestLog _log = new();
    private GuideLibrary _library = null!;

    public async ValueTask InitializeAsync()
    {
        _folder.Write("vast.md", TestGuides.TwoSteps("vast"));
        _library = TestGuides.Library(_folder, _log);
        await _library.LoadAsync(TestContext.Current.CancellationToken);
        _library.StartWatching();
    }

    [Fact]
    public async Task Watch_added_file_is_served()
    {
        var change = await After(() => _folder.Write("nieuw.md", TestGuides.TwoSteps("nieuw")), c => c.Snapshot.Find("nieuw") is not null);

        Assert.Equal(["nieuw"], change.Upserted.Select(g => g.Id));
        Assert.Equal(["nieuw", "vast"], _library.Current.Guides.Keys);
    }

    [Fact]
    public async Task Watch_changed_file_serves_the_new_version()
    {
        var before = _library.Current.Find("vast")!;

        var change = await After(
            () => _folder.Write("vast.md", TestGuides.TwoSteps("vast", title: "Nieuwe titel")),
            c => c.Upserted.Any(g => g.Title == "Nieuwe titel"));

        var after = Assert.Single(change.Upserted);
        Assert.NotEqual(before.Version, after.Version);
        Assert.Same(after, _library.Current.Find("vast"));
    }

    [Fact]
    public async Task Watch_broken_file_keeps_last_good_version_until_it_is_fixed()
    {
        var good = _library.Current.Find("vast")!;

        _folder.Write("vast.md", TestGuides.TwoSteps("vast", "<script>alert(1)</script>"));
        var broken = await Eventually(s => s.Diagnostics.Any(d => d.Code == DiagnosticCodes.RawHtml));

        Assert.Same(good, broken.Find("vast"));
        Assert.Equal(["vast.md:12:13: error: raw-html", "vast.md:12:29: error: raw-html"], broken.Diagnostics.Select(d => $"{d.File}:{d.Line}:{d.Column}: error: {d.Code}"));
        await Eventually(_ => _log.Entries.Any(e => e.EventId.Id == 1004 && e.Message.Contains(good.Version, StringComparison.Ordinal)));

        var change = await After(() => _folder.Write("vast.md", TestGuides.TwoSteps("vast", title: "Hersteld")), c => c.Upserted.Any(g => g.Title == "Hersteld"));

        Assert.NotEqual(good.Version, change.Snapshot.Find("vast")!.Version);
        Assert.Empty(change.Snapshot.Diagnostics);
    }

    [Fact]
    public async Task Watch_deleted_file_is_no_longer_served()
    {
        var change = await After(() => _folder.Delete("vast.md"), c => c.Removed.Contains("vast"));

        Assert.Equal(["vast"], change.Removed);
        Assert.Empty(_library.Current.Guides);
    }

    [Fact]
    public async Task Watch_renamed_file_is_served_from_its_new_path()
    {
        var change = await After(
            () => File.Move(_folder.FullPath("vast.md"), _folder.FullPath("hernoemd.md")),
            c => c.Snapshot.Find("vast")?.SourcePath == "hernoemd.md");

        Assert.Equal(["vast"], _library.Current.Guides.Keys);
        Assert.Contains(change.Snapshot.Diagnostics, d => d is { File: "hernoemd.md", Code: DiagnosticCodes.IdFileNameMismatch });
    }

    [Fact]
    public async Task Watch_file_in_a_new_subfolder_is_served()
    {
        var change = await After(
            () => _folder.Write("rijbewijs/rijbewijs-aanvragen.md", TestGuides.TwoSteps("rijbewijs-aanvragen")),
            c => c.Snapshot.Find("rijbewijs-aanvragen") is not null);

        Assert.Equal("rijbewijs/rijbewijs-aanvragen.md", change.Snapshot.Find("rijbewijs-aanvragen")!.SourcePath);
    }

    [Fact]
    public async Task Watch_readme_drafts_and_hidden_files_are_not_guides()
    {
        _folder.Write("README.md", TestGuides.TwoSteps("readme"));
        _folder.Write("_concept.md", TestGuides.TwoSteps("concept"));
        _folder.Write(".verborgen.md", TestGuides.TwoSteps("verborgen"));
        _folder.Write("_archief/oud.md", TestGuides.TwoSteps("oud"));

        // Written last: once it is served, the files before it have been seen.
        await After(() => _folder.Write("teken.md", TestGuides.TwoSteps("teken")), c => c.Snapshot.Find("teken") is not null);

        Assert.Equal(["teken", "vast"], _library.Current.Guides.Keys);
        Assert.Empty(_library.Current.Diagnostics);
    }

    [Fact]
    public async Task Watch_edited_synonym_file_raises_a_change_with_the_new_list()
    {
        var change = await After(() => _folder.Write("synoniemen.txt", "paspoort, reispas\nrijbewijs, roze pasje\n"), c => c.SynonymsChanged);

        Assert.Empty(change.Upserted);
        Assert.Equal(["paspoort|reispas", "rijbewijs|roze pasje"], change.Snapshot.Synonyms.Groups.Select(g => string.Join('|', g)));
    }

    [Fact]
    public async Task Watch_guide_linking_to_a_missing_guide_is_served_once_that_guide_appears()
    {
        var linking = TestGuides.TwoSteps("verwijzer", "Zie [de pasfoto](guide:pasfoto#begin).");
        _folder.Write("verwijzer.md", linking);
        await Eventually(s => s.Diagnostics.Any(d => d is { File: "verwijzer.md", Code: DiagnosticCodes.LinkGuideUnknown }));
        Assert.Null(_library.Current.Find("verwijzer"));

        var added = await After(() => _folder.Write("pasfoto.md", TestGuides.TwoSteps("pasfoto")), c => c.Snapshot.Find("verwijzer") is not null);

        Assert.Equal(["pasfoto", "verwijzer"], added.Upserted.Select(g => g.Id).Order(StringComparer.Ordinal));
        Assert.Empty(added.Snapshot.Diagnostics);

        _folder.Delete("pasfoto.md");
        var deleted = await Eventually(s => s.Find("pasfoto") is null);

        // The linking guide stays at its last good version; the broken link is reported.
        Assert.NotNull(deleted.Find("verwijzer"));
        var unknown = Assert.Single(deleted.Diagnostics);
        Assert.Equal("verwijzer.md:12:17: error: link-guide-unknown", $"{unknown.File}:{unknown.Line}:{unknown.Column}: error: {unknown.Code}");
    }

    [Fact]
    public async Task Watch_deleted_folder_removes_its_guides()
    {
        await After(() => _folder.Write("map/in-map.md", TestGuides.TwoSteps("in-map")), c => c.Snapshot.Find("in-map") is not null);

        var change = await After(() => Directory.Delete(_folder.FullPath("map"), recursive: true), c => c.Removed.Contains("in-map"));

        Assert.Equal(["vast"], change.Snapshot.Guides.Keys);
    }

    [Fact]
    public async Task Publish_writes_the_file_serves_it_at_once_and_the_watcher_that_sees_the_write_changes_nothing()
    {
        var text = TestGuides.TwoSteps("vast", title: "Gepubliceerde titel");
        var changes = new List<GuideLibraryChange>();
        var texts = new List<GuideFileText>();
        _library.Changed += change => { lock (changes) { changes.Add(change); } };
        _library.TextsRead += read => { lock (texts) { texts.AddRange(read); } };

        var published = _library.Publish("vast.md", System.Text.Encoding.UTF8.GetBytes(text));

        Assert.Equal(GuideChangeOrigin.Publish, published.Origin);
        Assert.Equal("Gepubliceerde titel", Assert.Single(published.Upserted).Title);
        // Served at once: the snapshot the publish made has it. (Current may already be a later, equal snapshot: the
        // watcher that sees the publish's write re-reads the file and finds the version known.)
        Assert.Equal(published.Snapshot.Find("vast")!.Version, _library.Current.Find("vast")!.Version);
        Assert.Equal("Gepubliceerde titel", _library.Current.Find("vast")!.Title);
        Assert.Equal(text, File.ReadAllText(_folder.FullPath("vast.md")));
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, ".*.tmp"));
        Assert.Equal(GuideChangeOrigin.Publish, Assert.Single(texts).Origin);

        // Once a file written after it is read, the watcher has dealt with the publish's write too.
        await After(() => _folder.Write("later.md", TestGuides.TwoSteps("later")), c => c.Snapshot.Find("later") is not null);
        lock (changes)
        {
            Assert.Equal([GuideChangeOrigin.Publish, GuideChangeOrigin.Folder], changes.Select(c => c.Origin));
            Assert.Equal(["later"], changes[1].Upserted.Select(g => g.Id));
        }
    }

    [Fact]
    public void Publish_outside_the_folder_or_not_a_guide_file_is_refused_and_writes_nothing()
    {
        Assert.Throws<ArgumentException>(() => _library.Publish("../buiten.md", [1]));
        Assert.Throws<ArgumentException>(() => _library.Publish("synoniemen.txt", [1]));

        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_folder.Path)!, "buiten.md")));
        Assert.False(File.Exists(_folder.FullPath("synoniemen.txt")));
    }

    [Fact]
    public async Task Load_deletes_temporary_files_a_killed_publish_left_behind()
    {
        _folder.Write(".vast.md.0123456789abcdef.tmp", "half");
        using var library = TestGuides.Library(_folder, _log);

        await library.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Empty(Directory.EnumerateFiles(_folder.Path, ".*.tmp"));
        Assert.Equal(["vast"], library.Current.Guides.Keys);
    }

    /// <summary>Does <paramref name="act"/> and waits for the first change that <paramref name="until"/> accepts.</summary>
    private async Task<GuideLibraryChange> After(Action act, Func<GuideLibraryChange, bool> until)
    {
        var seen = new TaskCompletionSource<GuideLibraryChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(GuideLibraryChange change)
        {
            if (until(change))
            {
                seen.TrySetResult(change);
            }
        }
        _library.Changed += OnChanged;
        try
        {
            act();
            return await seen.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The library did not report the change within {Timeout.TotalSeconds} s. Now: {Describe(_library.Current)}");
            throw;
        }
        finally
        {
            _library.Changed -= OnChanged;
        }
    }

    /// <summary>Waits until the library's snapshot satisfies <paramref name="condition"/> (for updates that serve nothing new).</summary>
    private async Task<GuideLibrarySnapshot> Eventually(Func<GuideLibrarySnapshot, bool> condition)
    {
        await Testing.Eventually.TrueAsync(() => condition(_library.Current), "the library gets there", Timeout);
        return _library.Current;
    }

    private static string Describe(GuideLibrarySnapshot snapshot) =>
        $"guides [{string.Join(", ", snapshot.Guides.Keys)}], diagnostics [{string.Join("; ", snapshot.Diagnostics)}]";

    public ValueTask DisposeAsync()
    {
        _library.Dispose();
        _log.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
