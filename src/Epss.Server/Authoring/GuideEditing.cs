using System.Collections.Concurrent;
using System.Text;
using Epss.Content.Diagnostics;
using Epss.Content.Library;
using Epss.Content.Parsing;

namespace Epss.Server.Authoring;

/// <summary>What became of a save.</summary>
public abstract record SaveOutcome
{
    private SaveOutcome()
    {
    }

    /// <summary>Written and recorded at <paramref name="Version"/>.</summary>
    public sealed record Saved(string Version) : SaveOutcome;

    /// <summary>The file is at another version than the save was based on (null: there is no file); nothing written.</summary>
    public sealed record Conflict(string? CurrentVersion, string? CurrentText) : SaveOutcome;

    /// <summary>The text has errors; nothing written.</summary>
    public sealed record Invalid(IReadOnlyList<ContentDiagnostic> Diagnostics) : SaveOutcome;
}

/// <summary>
/// Saving guides from the editor: checks the version the save was based on, validates the text, writes the file
/// atomically (a temporary file in the same folder, flushed to disk, renamed over the guide) and records the version in
/// the <see cref="GuideHistory"/>. Saves of one guide are serialised in this process, so of two saves based on the same
/// version exactly one is written and the other is a <see cref="SaveOutcome.Conflict"/>.
/// </summary>
public sealed class GuideEditing(GuideLibrary library, GuideParser parser, GuideHistory history)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _saveGates = new(StringComparer.Ordinal);

    /// <summary>Versions being written by the editor right now: the watcher leaves them to the save that writes them.</summary>
    private readonly ConcurrentDictionary<(string GuideId, string Version), byte> _beingSaved = new();

    public async Task<SaveOutcome> SaveAsync(
        string guideId, string text, string? baseVersion, string author, string note, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gate = _saveGates.GetOrAdd(guideId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var file = FileOf(guideId);
            var fullPath = Path.Combine(library.RootPath, file);
            var (currentVersion, currentText) = ReadCurrent(fullPath);
            if (currentVersion != baseVersion)
            {
                return new SaveOutcome.Conflict(currentVersion, currentText);
            }

            var bytes = Utf8.GetBytes(text);
            var parsed = parser.Parse(file, bytes);
            var problems = Problems(guideId, file, parsed);
            if (problems.Count > 0)
            {
                return new SaveOutcome.Invalid(problems);
            }

            var key = (guideId, parsed.Version);
            _beingSaved.TryAdd(key, 0);
            try
            {
                // Past this point a save is finished, not cancelled: a file written but not recorded would be credited to nobody.
                await WriteAtomicallyAsync(fullPath, bytes, CancellationToken.None);
                history.Add(guideId, parsed.Version, text, author, note, source, file);
                // Serve it now rather than when the watcher gets to it; the watcher's own pick-up then changes nothing.
                library.Refresh([file]);
            }
            finally
            {
                _beingSaved.TryRemove(key, out _);
            }
            return new SaveOutcome.Saved(parsed.Version);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Records what the library now serves, unless the editor is saving that very version or it is already the newest.</summary>
    public void RecordFromLibrary(IEnumerable<Epss.Content.Model.Guide> guides)
    {
        ArgumentNullException.ThrowIfNull(guides);
        foreach (var guide in guides)
        {
            if (_beingSaved.ContainsKey((guide.Id, guide.Version)))
            {
                continue;
            }
            var (version, text) = ReadCurrent(Path.Combine(library.RootPath, guide.SourcePath));
            // Changed again since the library read it: the next change brings that text.
            if (version != guide.Version || text is null)
            {
                continue;
            }
            history.Add(guide.Id, guide.Version, text, VersionSource.OutsideEditor, "", VersionSource.Watcher, guide.SourcePath, onlyIfNew: true);
        }
    }

    /// <summary>
    /// Records texts with errors picked up from the folder (a text editor, a git pull): under the id their front matter
    /// names, else under the file's name, noted as not served. The editor never writes such a text (it answers 422).
    /// </summary>
    public void RecordUnserved(IEnumerable<Epss.Content.Library.GuideFileText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        foreach (var text in texts)
        {
            var guideId = text.GuideId is { } id && Epss.Content.Text.Slug.IsValid(id) ? id : Path.GetFileNameWithoutExtension(text.Path);
            var content = Utf8.GetString(text.Bytes);
            history.Add(guideId, text.Version, content.Length > 0 && content[0] == '\uFEFF' ? content[1..] : content,
                VersionSource.OutsideEditor, UnservedNote, VersionSource.Watcher, text.Path, onlyIfNew: true);
        }
    }

    /// <summary>The note on a version picked up with errors: officials kept the last good version meanwhile.</summary>
    public const string UnservedNote = "Bevat fouten; niet gepubliceerd (de vorige goede versie bleef zichtbaar).";

    /// <summary>The file of a guide: the one the library serves it from, else <c>{id}.md</c> in the content folder.</summary>
    private string FileOf(string guideId) => library.Current.Find(guideId)?.SourcePath ?? guideId + ".md";

    private static (string? Version, string? Text) ReadCurrent(string fullPath)
    {
        try
        {
            var bytes = File.ReadAllBytes(fullPath);
            var text = Utf8.GetString(bytes);
            return (GuideParser.VersionOf(bytes), text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, null);
        }
    }

    /// <summary>The text's errors, and those only the whole library can see: another guide's id, links to guides that do not exist.</summary>
    private List<ContentDiagnostic> Problems(string guideId, string file, GuideParseResult parsed)
    {
        var problems = parsed.Diagnostics.Where(d => d.IsError).ToList();
        if (parsed.Id is { } id && id.Value != guideId)
        {
            problems.Add(new ContentDiagnostic(file, id.Line, id.Column, DiagnosticLevel.Error, DiagnosticCodes.IdInvalid,
                $"Deze gids heeft id '{guideId}'; het id kan in de editor niet worden veranderd."));
        }
        var snapshot = library.Current;
        foreach (var reference in parsed.References.Where(r => r.GuideId != guideId && snapshot.Find(r.GuideId) is null))
        {
            problems.Add(new ContentDiagnostic(file, reference.Line, reference.Column, DiagnosticLevel.Error,
                reference.Kind == ReferenceKind.Related ? DiagnosticCodes.RelatedUnknown : DiagnosticCodes.LinkGuideUnknown,
                $"Er is geen gids met id '{reference.GuideId}'."));
        }
        return [.. problems.OrderBy(d => d.Line).ThenBy(d => d.Column)];
    }

    /// <summary>Writes a temporary file beside the guide, flushes it to disk, and renames it over the guide: the old file or the new, never half.</summary>
    private static async Task WriteAtomicallyAsync(string fullPath, byte[] bytes, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        // A name starting with '.' and not ending in .md: the library never reads it as a guide.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
