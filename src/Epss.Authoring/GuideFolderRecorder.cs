using System.Text;
using System.Threading.Channels;
using Epss.Content.Library;
using Epss.Content.Model;
using Epss.Content.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Epss.Authoring;

/// <summary>
/// The one path by which an edit made outside the editor (a text editor, a <c>git pull</c>, another server's folder)
/// becomes a version: at start every guide's current text (once), and from then on every text the library reads from
/// the folder. A text the library wrote itself (<see cref="GuideChangeOrigin.Publish"/>) was recorded by the publish
/// that wrote it, in the same transaction, so there is nothing here to record.
/// </summary>
/// <remarks>
/// The library raises its events under its own lock, and a publish holds the guide's lock in the database while it
/// asks the library to write: recording in the event itself would wait for the database while holding the library,
/// the reverse order, and the two would wait for each other. So the events only queue what was read; this service
/// records it in order, on its own loop.
/// </remarks>
public sealed class GuideFolderRecorder(GuideLibrary library, GuideHistory history, GuideEditing editing, ILogger<GuideFolderRecorder> logger) : BackgroundService
{
    /// <summary>The note on a version picked up with errors: officials kept the last good version meanwhile.</summary>
    public const string UnservedNote = "Bevat fouten; niet gepubliceerd (de vorige goede versie bleef zichtbaar).";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Served guides to record (a list of <see cref="Guide"/>), or texts with errors (a list of <see cref="GuideFileText"/>).</summary>
    private readonly Channel<object> _pending = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        library.Changed += OnChanged;
        library.TextsRead += OnTextsRead;
        // The library may have loaded before this subscribed; recording is idempotent, so record what it serves now too.
        _pending.Writer.TryWrite(library.Current.Guides.Values.ToList());
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        library.Changed -= OnChanged;
        library.TextsRead -= OnTextsRead;
        _pending.Writer.TryComplete();
        // What was not recorded yet is recorded at the next start: it is still in the folder.
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await (work is List<Guide> served ? RecordServedAsync(served, stoppingToken) : RecordUnservedAsync((List<GuideFileText>)work, stoppingToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RecordingFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Records what the library serves from the folder as published "buiten de editor", unless it is recorded already
    /// (a restart, or another server that recorded it first: the guide's lock makes its record visible here). A guide
    /// can become served without being read again (a guide it links to appeared), so this follows what is served.
    /// </summary>
    private async Task RecordServedAsync(IEnumerable<Guide> guides, CancellationToken cancellationToken)
    {
        foreach (var guide in guides)
        {
            // Changed again since the library read it: the next change brings that text.
            if (library.ReadFile(guide.SourcePath) is not { } file || file.Version != guide.Version)
            {
                continue;
            }
            if (await history.InGuideAsync(guide.Id, transaction => transaction.RecordFromFolderAsync(guide.Version, file.Text, guide.SourcePath), cancellationToken))
            {
                Log.OutsideEditRecorded(logger, guide.Id, guide.Version, guide.SourcePath);
                editing.Raise(guide.Id, "published", guide.Version, VersionSource.OutsideEditor);
            }
            else
            {
                Log.OutsideEditKnown(logger, guide.Id, guide.Version);
            }
        }
    }

    /// <summary>
    /// Records texts with errors read from the folder: under the id their front matter names, else under the file's
    /// name, noted as not served. The editor never writes such a text (it answers 422).
    /// </summary>
    private async Task RecordUnservedAsync(IEnumerable<GuideFileText> texts, CancellationToken cancellationToken)
    {
        foreach (var text in texts)
        {
            var guideId = text.GuideId is { } id && Slug.IsValid(id) ? id : Path.GetFileNameWithoutExtension(text.Path);
            var content = Utf8.GetString(text.Bytes);
            var clean = content.Length > 0 && content[0] == '\uFEFF' ? content[1..] : content;
            if (await history.InGuideAsync(guideId,
                transaction => transaction.AddIfNewAsync(text.Version, clean, VersionSource.OutsideEditor, UnservedNote, VersionSource.Watcher, text.Path),
                cancellationToken))
            {
                Log.UnservedTextRecorded(logger, guideId, text.Version, text.Path);
            }
        }
    }

    private void OnChanged(GuideLibraryChange change)
    {
        if (change.Origin != GuideChangeOrigin.Publish && !change.Upserted.IsEmpty)
        {
            _pending.Writer.TryWrite(change.Upserted.ToList());
        }
    }

    /// <summary>A text with errors is not served, so it never reaches <see cref="OnChanged"/>; it is an edit all the same.</summary>
    private void OnTextsRead(IReadOnlyList<GuideFileText> texts)
    {
        var unserved = texts.Where(t => t.HasErrors && t.Origin != GuideChangeOrigin.Publish).ToList();
        if (unserved.Count > 0)
        {
            _pending.Writer.TryWrite(unserved);
        }
    }
}
