using Epss.Content;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Epss.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Epss.Authoring.Tests.Support.HistoryStores;

namespace Epss.Authoring.Tests;

/// <summary>
/// A guide's life in one component, on a real content folder with its watcher on, on both history stores: a publish
/// writes, serves and records in one step, and the watcher that then sees the write adds nothing (no echo to guard).
/// </summary>
public sealed class PublishTests : IAsyncDisposable
{
    private const string Id = "proef-gids";
    private static readonly TimeSpan WatcherTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Epss.Authoring's log: an edit read from the folder was recorded.</summary>
    private const int OutsideEditRecorded = 7000;

    private readonly TempContentFolder _content = new();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();
    private readonly List<GuideLibraryChange> _changes = [];
    private GuideLibrary? _library;
    private GuideHistory? _history;
    private GuideFolderRecorder? _recorder;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(Sqlite), InlineData(PostgreSql)]
    public async Task Publish_writes_serves_and_records_once_and_the_watcher_that_sees_the_write_adds_nothing(string store)
    {
        var first = GuideTexts.Valid(Id, "Proefgids", "eerste");
        var second = GuideTexts.Valid(Id, "Proefgids", "tweede");
        var editing = await StartAsync(store, (Id + ".md", first));

        Assert.IsType<SaveOutcome.Saved>(await editing.SaveAsync(Id, second, VersionOf(first), new Expert("local:anna", "anna"), "", VersionSource.Editor, null, Ct));
        Assert.IsType<SaveOutcome.Saved>(await editing.SubmitAsync(Id, VersionOf(second), new Expert("local:anna", "anna"), "", Ct));
        var published = Assert.IsType<SaveOutcome.Saved>(await editing.PublishAsync(Id, VersionOf(second), new Expert("local:bram", "bram"), Ct));

        Assert.Equal(ChangeStatus.Published, published.Status);
        // Served as the publish returns, not once a watcher finds the file.
        Assert.Equal(VersionOf(second), _library!.Current.Find(Id)!.Version);
        Assert.Equal(second, File.ReadAllText(_content.FullPath(Id + ".md")));
        var change = Assert.Single(Changes(), c => c.Upserted.Any(g => g.Id == Id));
        Assert.Equal(GuideChangeOrigin.Publish, change.Origin);

        await WatcherCaughtUpAsync();

        Assert.Single(Changes(), c => c.Upserted.Any(g => g.Id == Id));
        Assert.Equal([(VersionOf(second), "anna"), (VersionOf(first), VersionSource.OutsideEditor)],
            (await _history!.ListAsync(Id, Ct)).Select(v => (v.Version, v.Author)));
        Assert.Equal([(VersionOf(second), "bram"), (VersionOf(first), VersionSource.OutsideEditor)],
            (await _history.PublicationsAsync(Id, Ct)).Select(p => (p.Version, p.PublishedBy)));
        Assert.Null(await _history.OpenChangeAsync(Id, Ct));
    }

    [Theory, InlineData(Sqlite), InlineData(PostgreSql)]
    public async Task Edit_outside_the_editor_is_recorded_once_as_published_by_buiten_de_editor(string store)
    {
        var first = GuideTexts.Valid(Id, "Proefgids", "eerste");
        var outside = GuideTexts.Valid(Id, "Proefgids", "buiten");
        await StartAsync(store, (Id + ".md", first));

        _content.Write(Id + ".md", outside);
        await Eventually.TrueAsync(() => _library!.Current.Find(Id)?.Version == VersionOf(outside), "the watcher serves the outside edit", WatcherTimeout);
        await WatcherCaughtUpAsync();

        Assert.Equal(GuideChangeOrigin.Folder, Assert.Single(Changes(), c => c.Upserted.Any(g => g.Id == Id)).Origin);
        Assert.Equal([(VersionOf(outside), VersionSource.OutsideEditor), (VersionOf(first), VersionSource.OutsideEditor)],
            (await _history!.PublicationsAsync(Id, Ct)).Select(p => (p.Version, p.PublishedBy)));
        Assert.Equal(2, (await _history.ListAsync(Id, Ct)).Count);
    }

    public async ValueTask DisposeAsync()
    {
        if (_recorder is not null)
        {
            await _recorder.StopAsync(CancellationToken.None);
        }
        _library?.Dispose();
        _history?.Dispose();
        _log.Dispose();
        _content.Dispose();
        _data.Dispose();
    }

    private async Task<GuideEditing> StartAsync(string store, params (string File, string Text)[] guides)
    {
        foreach (var (file, text) in guides)
        {
            _content.Write(file, text);
        }
        var parser = new GuideParser(new GuideParserOptions(), TimeProvider.System);
        _library = new GuideLibrary(Options.Create(new ContentOptions { ContentPath = _content.Path }), parser, NullLogger<GuideLibrary>.Instance);
        await _library.LoadAsync(Ct);
        _library.StartWatching();
        _history = await OpenAsync(store, _data.Path);
        var editing = new GuideEditing(_library, parser, _history);
        _recorder = new GuideFolderRecorder(_library, _history, editing, _log.For<GuideFolderRecorder>());
        await _recorder.StartAsync(Ct);
        // At start the recorder records what the folder holds (as a server does before anyone can edit).
        await Eventually.TrueAsync(() => _log.Entries.Count(e => e.EventId.Id == OutsideEditRecorded) == guides.Length, "the folder's guides recorded at start", WatcherTimeout);
        _library.Changed += change =>
        {
            lock (_changes)
            {
                _changes.Add(change);
            }
        };
        return editing;
    }

    private List<GuideLibraryChange> Changes()
    {
        lock (_changes)
        {
            return [.. _changes];
        }
    }

    /// <summary>
    /// A file written now is read after every change event before it (the watcher reads its queue in order), and
    /// recorded after everything queued before it (the recorder too): once it is recorded, the watcher and the
    /// recorder have dealt with the earlier writes.
    /// </summary>
    private async Task WatcherCaughtUpAsync()
    {
        var marker = $"merkteken-{Guid.NewGuid():N}";
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnTextsRead(IReadOnlyList<GuideFileText> texts)
        {
            if (texts.Any(t => t.GuideId == marker))
            {
                read.TrySetResult();
            }
        }
        _library!.TextsRead += OnTextsRead;
        try
        {
            _content.Write(marker + ".md", GuideTexts.Valid(marker, "Merkteken", "merkteken"));
            await read.Task.WaitAsync(WatcherTimeout, Ct);
            await Eventually.TrueAsync(() => _log.Entries.Any(e => e.EventId.Id == OutsideEditRecorded && e.Message.Contains(marker, StringComparison.Ordinal)),
                "the recorder recorded the marker", WatcherTimeout);
        }
        finally
        {
            _library.TextsRead -= OnTextsRead;
        }
    }
}
