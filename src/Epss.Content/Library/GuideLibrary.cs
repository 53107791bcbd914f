using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Epss.Content.Diagnostics;
using Epss.Content.Flow;
using Epss.Content.Model;
using Epss.Content.Parsing;
using Epss.Content.Synonyms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Content.Library;

/// <summary>
/// The guides of one content folder, kept current. Loads every file at start, then (when watching) re-reads
/// only the file that changed. A file with errors is reported and not served; if it had a good version before,
/// that version stays served. One broken file never stops the others.
/// </summary>
public sealed class GuideLibrary : IDisposable
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(30);
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly TimeSpan MaximumBatchDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Stands for "rescan the whole folder" in the queue of changed paths.</summary>
    private const string RescanMarker = "\0rescan";

    private readonly GuideParser _parser;
    private readonly ILogger<GuideLibrary> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);
    private readonly Channel<string> _pendingPaths = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private SynonymFileState _synonyms = SynonymFileState.None;
    private GuideLibrarySnapshot _current = GuideLibrarySnapshot.Empty;
    private FileSystemWatcher? _watcher;
    private Task? _watchLoop;
    private long _nextSequence;
    private bool _disposed;

    public GuideLibrary(IOptions<ContentOptions> options, GuideParser parser, ILogger<GuideLibrary> logger)
    {
        RootPath = Path.GetFullPath(options.Value.ContentPath);
        _parser = parser;
        _logger = logger;
    }

    public string RootPath { get; }

    /// <summary>The library as it is now. Safe to read from any thread.</summary>
    public GuideLibrarySnapshot Current => Volatile.Read(ref _current);

    public bool IsLoaded { get; private set; }

    /// <summary>
    /// Raised after every update that changed what is served, in order, on the thread that made the update.
    /// Handlers should be quick; an exception in one is logged and does not stop the others.
    /// </summary>
    public event Action<GuideLibraryChange>? Changed;

    /// <summary>
    /// Guide files read with a text the library had not seen, whether they are served or not (a text with errors
    /// keeps the last good version served): the history keeps every text a file has had. Raised after each read,
    /// outside the library's lock; handlers should be quick.
    /// </summary>
    public event Action<IReadOnlyList<GuideFileText>>? TextsRead;

    /// <summary>Texts read since the last <see cref="RaiseTextsRead"/>; under <see cref="_gate"/>.</summary>
    private readonly List<(FileState State, byte[] Bytes, GuideChangeOrigin Origin)> _textsRead = [];

    /// <summary>Reads the whole folder. Call once at start; later changes come from <see cref="StartWatching"/> or <see cref="Refresh"/>.</summary>
    public Task<GuideLibraryChange> LoadAsync(CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var stopwatch = Stopwatch.StartNew();
            DeleteLeftoverTemporaryFiles();
            var change = Rescan(cancellationToken);
            IsLoaded = true;
            var snapshot = change.Snapshot;
            Log.LibraryLoaded(_logger, snapshot.Guides.Count, RootPath, stopwatch.ElapsedMilliseconds, snapshot.ErrorCount, snapshot.WarningCount);
            foreach (var diagnostic in snapshot.Diagnostics)
            {
                Log.ContentProblem(_logger, diagnostic.ToString());
            }
            return change;
        }, cancellationToken);

    /// <summary>Re-reads the given files (paths relative to the content folder, or absolute) and nothing else.</summary>
    /// <param name="origin">Why: <see cref="GuideChangeOrigin.Remote"/> when another server named the files.</param>
    public GuideLibraryChange Refresh(IEnumerable<string> paths, GuideChangeOrigin origin = GuideChangeOrigin.Folder)
    {
        try
        {
            return RefreshLocked(paths, origin);
        }
        finally
        {
            RaiseTextsRead();
        }
    }

    /// <summary>
    /// Writes a guide file and serves it: atomically (a temporary file beside it, flushed to disk, renamed over it: the
    /// old text or the new, never half), then parsed and applied as if read, in one step under the library's lock. The
    /// watcher that later sees the write finds the version known and does nothing; the change is raised with
    /// <see cref="GuideChangeOrigin.Publish"/> and returned, so the caller knows what it did without waiting for an echo.
    /// </summary>
    /// <param name="path">The file, relative to the content folder (or absolute inside it); a <c>.md</c> file.</param>
    /// <exception cref="ArgumentException">The path is outside the folder or not a guide file.</exception>
    public GuideLibraryChange Publish(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(bytes);
        var relative = ToRelative(path);
        if (relative is null || !ContentFiles.IsGuideFile(relative))
        {
            throw new ArgumentException($"'{path}' is not a guide file in {RootPath}.", nameof(path));
        }
        try
        {
            lock (_gate)
            {
                WriteAtomically(Path.Combine(RootPath, relative), bytes);
                var state = Apply(relative, _parser.Parse(relative, bytes));
                _textsRead.Add((state, bytes, GuideChangeOrigin.Publish));
                var change = Update(GuideChangeOrigin.Publish);
                LogProblems([state]);
                return change;
            }
        }
        finally
        {
            RaiseTextsRead();
        }
    }

    /// <summary>The file as it is in the folder now (read from disk, not from the snapshot: a text with errors is not served); null when there is none.</summary>
    public GuideFileContent? ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (ToRelative(path) is not { } relative)
        {
            return null;
        }
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(RootPath, relative));
            var text = Utf8.GetString(bytes);
            return new GuideFileContent(GuideParser.VersionOf(bytes), text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes a temporary file beside the guide, flushes it to disk, and renames it over the guide.</summary>
    private static void WriteAtomically(string fullPath, byte[] bytes)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        // A name starting with '.' and not ending in .md: the library never reads it as a guide.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
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

    /// <summary>Deletes temporary files a publish left behind when its process was killed between writing and renaming.</summary>
    private void DeleteLeftoverTemporaryFiles()
    {
        if (!Directory.Exists(RootPath))
        {
            return;
        }
        foreach (var leftover in Directory.EnumerateFiles(RootPath, ".*.tmp", SearchOption.AllDirectories))
        {
            try
            {
                File.Delete(leftover);
            }
            catch (IOException)
            {
                // In use or gone: the next start tries again; the library never reads it.
            }
        }
    }

    private GuideLibraryChange RefreshLocked(IEnumerable<string> paths, GuideChangeOrigin origin)
    {
        lock (_gate)
        {
            var reread = new List<FileState>();
            foreach (var path in paths.Select(ToRelative).Where(p => p is not null).Distinct(StringComparer.Ordinal))
            {
                if (ContentFiles.IsSynonymFile(path!))
                {
                    ReadSynonyms();
                }
                else if (ContentFiles.IsGuideFile(path!) && ReadGuideFile(path!, origin) is { } state)
                {
                    reread.Add(state);
                }
            }
            var change = Update(origin);
            LogProblems(reread);
            return change;
        }
    }

    /// <summary>Reads the whole folder again, re-parsing only what changed since the last read.</summary>
    /// <param name="origin">Why: <see cref="GuideChangeOrigin.Remote"/> when another server asked for it.</param>
    public GuideLibraryChange Rescan(CancellationToken cancellationToken = default, GuideChangeOrigin origin = GuideChangeOrigin.Folder)
    {
        try
        {
            return RescanLocked(cancellationToken, origin);
        }
        finally
        {
            RaiseTextsRead();
        }
    }

    private GuideLibraryChange RescanLocked(CancellationToken cancellationToken, GuideChangeOrigin origin)
    {
        lock (_gate)
        {
            var onDisk = ContentFiles.Enumerate(RootPath).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _files.Keys.Where(p => !onDisk.Contains(p)).ToList())
            {
                _files.Remove(gone);
            }

            var ordered = onDisk.Order(StringComparer.Ordinal).ToList();
            var read = new (string Path, byte[]? Bytes, Exception? Error)[ordered.Count];
            // Reading and parsing are independent per file: spread them over the cores.
            Parallel.For(0, ordered.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var (bytes, error) = ReadBytes(ordered[i]);
                read[i] = (ordered[i], bytes, error);
            });
            var parsed = new GuideParseResult?[ordered.Count];
            Parallel.For(0, ordered.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var (path, bytes, _) = read[i];
                if (bytes is not null && (!_files.TryGetValue(path, out var known) || known.Version != GuideParser.VersionOf(bytes)))
                {
                    parsed[i] = _parser.Parse(path, bytes);
                }
            });
            for (var i = 0; i < ordered.Count; i++)
            {
                var (path, bytes, error) = read[i];
                if (error is not null)
                {
                    ApplyUnreadable(path, error);
                }
                else if (parsed[i] is { } result)
                {
                    _textsRead.Add((Apply(path, result), bytes!, origin));
                }
            }
            ReadSynonyms();
            return Update(origin);
        }
    }

    /// <summary>Starts following the folder: changed files are re-read shortly after they are saved.</summary>
    public void StartWatching()
    {
        if (_watcher is not null)
        {
            return;
        }
        Directory.CreateDirectory(RootPath);
        var watcher = new FileSystemWatcher(RootPath)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Created += (_, e) => Enqueue(e.FullPath);
        watcher.Changed += (_, e) => Enqueue(e.FullPath);
        watcher.Deleted += (_, e) => Enqueue(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            Enqueue(e.OldFullPath);
            Enqueue(e.FullPath);
        };
        watcher.Error += (_, e) =>
        {
            Log.WatcherOverflow(_logger, e.GetException());
            _pendingPaths.Writer.TryWrite(RescanMarker);
        };
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;
        _watchLoop = Task.Run(() => WatchLoopAsync(_stopping.Token));
        Log.WatchingContent(_logger, RootPath);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stopping.Cancel();
        _watcher?.Dispose();
        _pendingPaths.Writer.TryComplete();
        try
        {
            _watchLoop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing to report at shutdown.
        }
        _stopping.Dispose();
    }

    private void Enqueue(string fullPath)
    {
        var relative = ToRelative(fullPath);
        if (relative is null)
        {
            return;
        }
        // A folder appearing, disappearing or being renamed can carry many guides: rescan.
        var isFolder = Directory.Exists(fullPath) || (!ContentFiles.IsGuideFile(relative) && !ContentFiles.IsSynonymFile(relative) && !Path.HasExtension(relative));
        _pendingPaths.Writer.TryWrite(isFolder ? RescanMarker : relative);
    }

    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _pendingPaths.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Editors save in several writes; wait until the folder is quiet for a moment, then read once.
            var batch = new HashSet<string>(StringComparer.Ordinal);
            var started = Stopwatch.StartNew();
            while (true)
            {
                while (reader.TryRead(out var path))
                {
                    batch.Add(path);
                }
                if (started.Elapsed >= MaximumBatchDelay)
                {
                    break;
                }
                await Task.Delay(QuietPeriod, cancellationToken).ConfigureAwait(false);
                if (!reader.TryPeek(out _))
                {
                    break;
                }
            }

            try
            {
                if (batch.Contains(RescanMarker))
                {
                    Rescan(cancellationToken);
                }
                else
                {
                    Refresh(batch);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SyncFailed(_logger, RootPath, e);
            }
        }
    }

    private FileState? ReadGuideFile(string path, GuideChangeOrigin origin)
    {
        var (bytes, error) = ReadBytes(path);
        if (error is not null)
        {
            return ApplyUnreadable(path, error);
        }
        if (bytes is null)
        {
            _files.Remove(path);
            return null;
        }
        if (_files.TryGetValue(path, out var known) && known.Version == GuideParser.VersionOf(bytes))
        {
            return null;
        }
        var state = Apply(path, _parser.Parse(path, bytes));
        _textsRead.Add((state, bytes, origin));
        return state;
    }

    private FileState Apply(string path, GuideParseResult result)
    {
        if (!_files.TryGetValue(path, out var state))
        {
            state = new FileState(path, _nextSequence++);
            _files.Add(path, state);
        }
        state.Current = result;
        state.Version = result.Version;
        return state;
    }

    private FileState ApplyUnreadable(string path, Exception error)
    {
        Log.FileUnreadable(_logger, path, error);
        var diagnostics = new DiagnosticBag(path);
        diagnostics.Error(DiagnosticCodes.FileUnreadable, 1, 1, $"Het bestand kan niet worden gelezen: {error.Message}");
        return Apply(path, new GuideParseResult(path, null, null, diagnostics.ToImmutable(), [], [], string.Empty));
    }

    /// <summary>The file's bytes; null bytes and no error when it no longer exists.</summary>
    private (byte[]? Bytes, Exception? Error) ReadBytes(string relativePath)
    {
        var fullPath = Path.Combine(RootPath, relativePath);
        // A file being written can be locked or half there for a moment; try a few times before giving up.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var info = new FileInfo(fullPath);
                if (!info.Exists)
                {
                    return (null, null);
                }
                if (info.Length > _parser.Options.MaximumFileBytes)
                {
                    // Do not read a huge file just to refuse it: its first bytes are enough to report it.
                    var head = new byte[_parser.Options.MaximumFileBytes + 1];
                    using var stream = info.OpenRead();
                    stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                    return (head, null);
                }
                return (File.ReadAllBytes(fullPath), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt >= 4)
                {
                    return (null, e);
                }
                Thread.Sleep(20 * (attempt + 1));
            }
        }
    }

    private void ReadSynonyms()
    {
        var path = Path.Combine(RootPath, SynonymList.FileName);
        if (!File.Exists(path))
        {
            _synonyms = SynonymFileState.None;
            return;
        }
        var (bytes, error) = ReadBytes(SynonymList.FileName);
        var problem = bytes is null ? $"Het bestand kan niet worden gelezen: {error?.Message}"
            : bytes.Length > _parser.Options.MaximumFileBytes ? $"Het bestand is groter dan {_parser.Options.MaximumFileBytes / 1024} kB."
            : null;
        string? text = null;
        if (problem is null)
        {
            try
            {
                text = StrictUtf8.GetString(bytes!);
            }
            catch (System.Text.DecoderFallbackException)
            {
                problem = "Het bestand is geen geldige UTF-8; sla het op als UTF-8.";
            }
        }
        if (problem is not null)
        {
            // The list as it was stays in use; the problem is reported.
            var diagnostics = new DiagnosticBag(SynonymList.FileName);
            diagnostics.Error(DiagnosticCodes.FileUnreadable, 1, 1, problem);
            _synonyms = _synonyms with { Diagnostics = diagnostics.ToImmutable() };
            return;
        }
        var version = GuideParser.VersionOf(bytes!);
        if (version == _synonyms.Version)
        {
            // Same list as before (perhaps after a broken save was undone): its own problems only.
            _synonyms = _synonyms with { Diagnostics = _synonyms.ParseDiagnostics };
            return;
        }
        var (list, problems) = SynonymList.Parse(SynonymList.FileName, text!.TrimStart('\uFEFF'));
        _synonyms = new SynonymFileState(version, list, problems, problems);
        Log.SynonymsUpdated(_logger, list.Groups.Length);
    }

    /// <summary>
    /// Checks every file against the others (duplicate ids, references), decides what is served, and
    /// publishes a new snapshot. Runs under <see cref="_gate"/>.
    /// </summary>
    private GuideLibraryChange Update(GuideChangeOrigin origin)
    {
        var files = _files.Values.OrderBy(f => f.Sequence).ToList();
        var firstClaim = new Dictionary<string, FileState>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.Current?.Id is { } id)
            {
                firstClaim.TryAdd(id.Value, file);
            }
        }
        // A guide may be reached at a step from another guide; such a step is not unreachable.
        var enteredFromElsewhere = files
            .SelectMany(f => (f.Current?.References ?? []).Where(r => r.StepId is not null && r.GuideId != f.Current?.Id?.Value))
            .Select(r => (r.GuideId, r.StepId!))
            .ToHashSet();

        var diagnostics = ImmutableArray.CreateBuilder<ContentDiagnostic>();
        foreach (var file in files)
        {
            var bag = new List<ContentDiagnostic>(file.Current?.Diagnostics ?? []);
            var result = file.Current!;
            var duplicate = result.Id is { } claimed && firstClaim[claimed.Value] != file;
            if (duplicate && result.Id is { } located)
            {
                var id = located.Value;
                bag.Add(new ContentDiagnostic(file.Path, located.Line, located.Column, DiagnosticLevel.Error, DiagnosticCodes.IdDuplicate,
                    $"Het id '{id}' wordt al gebruikt door {firstClaim[id].Path}; elke gids heeft een eigen id nodig."));
            }
            foreach (var reference in result.References)
            {
                if (CheckReference(file, reference, firstClaim) is { } problem)
                {
                    bag.Add(problem);
                }
            }
            foreach (var step in result.UnreachableSteps.Where(s => result.Id is null || !enteredFromElsewhere.Contains((result.Id.Value.Value, s.Value))))
            {
                bag.Add(new ContentDiagnostic(file.Path, step.Line, step.Column, DiagnosticLevel.Warning, DiagnosticCodes.StepUnreachable,
                    CrossGuideChecks.UnreachableMessage(step.Value)));
            }

            // Only a version without any error becomes the one served. A guide whose link breaks because another
            // guide was removed keeps its last good version: nobody changed it, and officials may be in the middle of it.
            if (result.Guide is { } guide && !bag.Any(d => d.IsError))
            {
                file.LastGood = guide;
            }
            file.Diagnostics = bag;
            diagnostics.AddRange(bag);
        }
        diagnostics.AddRange(_synonyms.Diagnostics);

        var served = ImmutableSortedDictionary.CreateBuilder<string, Guide>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.LastGood is { } guide && !served.ContainsKey(guide.Id))
            {
                served.Add(guide.Id, guide);
            }
        }

        var previous = Current;
        var snapshot = new GuideLibrarySnapshot(
            served.ToImmutable(),
            [.. diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)],
            _synonyms.List,
            previous.Generation + 1);
        var change = new GuideLibraryChange(
            [.. snapshot.Guides.Values.Where(g => previous.Find(g.Id)?.Version != g.Version || previous.Find(g.Id)?.SourcePath != g.SourcePath)],
            [.. previous.Guides.Keys.Where(id => !snapshot.Guides.ContainsKey(id))],
            !ReferenceEquals(previous.Synonyms, snapshot.Synonyms),
            snapshot,
            origin);
        Volatile.Write(ref _current, snapshot);

        if (IsLoaded)
        {
            foreach (var guide in change.Upserted)
            {
                Log.GuideUpdated(_logger, guide.Id, guide.Version);
            }
            foreach (var id in change.Removed)
            {
                Log.GuideRemoved(_logger, id);
            }
        }
        if (!change.IsEmpty)
        {
            RaiseChanged(change);
        }
        return change;
    }

    private ContentDiagnostic? CheckReference(FileState file, GuideReference reference, Dictionary<string, FileState> firstClaim)
    {
        var unknownCode = reference.Kind == ReferenceKind.Related ? DiagnosticCodes.RelatedUnknown : DiagnosticCodes.LinkGuideUnknown;
        var target = firstClaim.GetValueOrDefault(reference.GuideId)
            ?? _files.Values.FirstOrDefault(f => f.LastGood?.Id == reference.GuideId);
        if (target is null)
        {
            return new ContentDiagnostic(file.Path, reference.Line, reference.Column, DiagnosticLevel.Error, unknownCode,
                CrossGuideChecks.UnknownGuideMessage(reference.GuideId));
        }
        // Check against the newest readable version of the target: the one that is, or is about to be, served.
        var targetGuide = target.Current?.Guide ?? target.LastGood;
        if (targetGuide is null)
        {
            return new ContentDiagnostic(file.Path, reference.Line, reference.Column, DiagnosticLevel.Warning, DiagnosticCodes.LinkGuideNotServed,
                $"De gids '{reference.GuideId}' ({target.Path}) bevat fouten en wordt niet getoond; deze verwijzing werkt pas als die gids in orde is.");
        }
        if (reference.StepId is { } stepId && targetGuide.FindStep(stepId) is null)
        {
            return new ContentDiagnostic(file.Path, reference.Line, reference.Column, DiagnosticLevel.Error, DiagnosticCodes.LinkGuideStepUnknown,
                CrossGuideChecks.UnknownStepMessage(reference.GuideId, stepId));
        }
        return GuideFlow.JumpPastChecks(file.Path, reference, targetGuide);
    }

    private void RaiseTextsRead()
    {
        List<GuideFileText> texts;
        lock (_gate)
        {
            // Diagnostics are known once the read has been published (another guide's id, broken links).
            texts = [.. _textsRead.Select(t => new GuideFileText(
                t.State.Path, t.State.Current?.Version ?? GuideParser.VersionOf(t.Bytes), t.State.Current?.Id?.Value, t.Bytes,
                t.State.Diagnostics.Any(d => d.IsError), t.Origin))];
            _textsRead.Clear();
        }
        if (texts.Count == 0 || TextsRead is not { } handlers)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<IReadOnlyList<GuideFileText>>>())
        {
            try
            {
                handler(texts);
            }
            catch (Exception e)
            {
                Log.ChangeHandlerFailed(_logger, e);
            }
        }
    }

    private void RaiseChanged(GuideLibraryChange change)
    {
        if (Changed is not { } handlers)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<GuideLibraryChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception e)
            {
                Log.ChangeHandlerFailed(_logger, e);
            }
        }
    }

    private void LogProblems(IEnumerable<FileState> reread)
    {
        foreach (var file in reread)
        {
            foreach (var diagnostic in file.Diagnostics)
            {
                Log.ContentProblem(_logger, diagnostic.ToString());
            }
            if (file.Diagnostics.Any(d => d.IsError) && file.LastGood is { } kept)
            {
                Log.GuideKeptAtLastGoodVersion(_logger, file.Path, kept.Id, kept.Version);
            }
        }
    }

    private string? ToRelative(string path)
    {
        var full = Path.GetFullPath(Path.Combine(RootPath, path));
        var relative = Path.GetRelativePath(RootPath, full);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private sealed class FileState(string path, long sequence)
    {
        public string Path { get; } = path;

        /// <summary>Order in which the library first saw the file; the first file to claim an id keeps it.</summary>
        public long Sequence { get; } = sequence;

        public string? Version { get; set; }

        public GuideParseResult? Current { get; set; }

        public Guide? LastGood { get; set; }

        public IReadOnlyList<ContentDiagnostic> Diagnostics { get; set; } = [];
    }

    /// <param name="ParseDiagnostics">The problems of the list in use.</param>
    /// <param name="Diagnostics">What is reported now: those, or why the file on disk could not replace it.</param>
    private sealed record SynonymFileState(string? Version, SynonymList List, ImmutableArray<ContentDiagnostic> ParseDiagnostics, ImmutableArray<ContentDiagnostic> Diagnostics)
    {
        public static SynonymFileState None { get; } = new(null, SynonymList.Empty, [], []);
    }
}
