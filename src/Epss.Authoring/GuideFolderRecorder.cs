using System.Text;
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
public sealed class GuideFolderRecorder(GuideLibrary library, GuideHistory history, GuideEditing editing, ILogger<GuideFolderRecorder> logger) : IHostedService
{
    /// <summary>The note on a version picked up with errors: officials kept the last good version meanwhile.</summary>
    public const string UnservedNote = "Bevat fouten; niet gepubliceerd (de vorige goede versie bleef zichtbaar).";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        library.Changed += OnChanged;
        library.TextsRead += OnTextsRead;
        // The library may have loaded before this subscribed; recording is idempotent, so record what it serves now too.
        RecordServed(library.Current.Guides.Values);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        library.Changed -= OnChanged;
        library.TextsRead -= OnTextsRead;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Records what the library now serves from the folder as published "buiten de editor", unless it is recorded
    /// already (a restart, or another server that recorded it first: the guide's lock makes its record visible here).
    /// A guide can become served without being read again (a guide it links to appeared), so this follows what is
    /// served rather than what is read.
    /// </summary>
    public void RecordServed(IEnumerable<Guide> guides)
    {
        ArgumentNullException.ThrowIfNull(guides);
        foreach (var guide in guides)
        {
            // Changed again since the library read it: the next change brings that text.
            if (library.ReadFile(guide.SourcePath) is not { } file || file.Version != guide.Version)
            {
                continue;
            }
            if (Wait(history.InGuideAsync(guide.Id, transaction => transaction.RecordFromFolder(guide.Version, file.Text, guide.SourcePath), CancellationToken.None)))
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
    public void RecordUnserved(IEnumerable<GuideFileText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        foreach (var text in texts)
        {
            var guideId = text.GuideId is { } id && Slug.IsValid(id) ? id : Path.GetFileNameWithoutExtension(text.Path);
            var content = Utf8.GetString(text.Bytes);
            var clean = content.Length > 0 && content[0] == '\uFEFF' ? content[1..] : content;
            if (Wait(history.InGuideAsync(guideId,
                transaction => transaction.AddIfNew(text.Version, clean, VersionSource.OutsideEditor, UnservedNote, VersionSource.Watcher, text.Path),
                CancellationToken.None)))
            {
                Log.UnservedTextRecorded(logger, guideId, text.Version, text.Path);
            }
        }
    }

    private void OnChanged(GuideLibraryChange change)
    {
        if (change.Origin == GuideChangeOrigin.Publish)
        {
            return;
        }
        try
        {
            RecordServed(change.Upserted);
        }
        catch (ObjectDisposedException)
        {
            // A change picked up while the server shuts down, after the history closed: the next start records the
            // folder's current texts, this one among them.
        }
    }

    /// <summary>A text with errors is not served, so it never reaches <see cref="OnChanged"/>; it is an edit all the same.</summary>
    private void OnTextsRead(IReadOnlyList<GuideFileText> texts)
    {
        try
        {
            RecordUnserved(texts.Where(t => t.HasErrors && t.Origin != GuideChangeOrigin.Publish));
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: see OnChanged.
        }
    }

    /// <summary>The library raises its events on the thread that read the folder, which waits for the record.</summary>
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
