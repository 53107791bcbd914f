using System.Diagnostics;
using System.Collections.Immutable;
using Epss.Content.Library;
using Epss.Content.Model;
using Epss.Content.Synonyms;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Directory = Lucene.Net.Store.Directory;

namespace Epss.Search.Indexing;

/// <summary>What <see cref="GuideIndex.Synchronize(GuideLibrarySnapshot, bool)"/> did.</summary>
public sealed record IndexSyncResult(int GuideCount, int Updated, int Removed, TimeSpan Elapsed);

/// <summary>
/// The Lucene index of the guides: one writer, one searcher manager (near-real-time: a change is searchable as
/// soon as it is applied, before it is committed to disk). Writes are serialised; searches run in parallel.
/// </summary>
public sealed class GuideIndex : IDisposable
{
    /// <summary>Bump when documents or analysis change: an index made by another schema is rebuilt.</summary>
    public const string Schema = "epss-guides-5";

    private const string SchemaKey = "epss.schema";
    private static readonly TimeSpan CommitDelay = TimeSpan.FromSeconds(2);
    private const int MergeAfterBulkChanges = 50;

    private readonly Directory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly ILogger _logger;
    private readonly System.Threading.Lock _writeGate = new();
    private readonly Timer _commitTimer;
    private bool _disposed;
    private GuideLibrarySnapshot _pendingGuides = GuideLibrarySnapshot.Empty;

    private GuideIndex(Directory directory, IndexWriter writer, string location, ILogger logger)
    {
        _directory = directory;
        _writer = writer;
        _logger = logger;
        Location = location;
        _searchers = new SearcherManager(writer, applyAllDeletes: true, new GuideSearcherFactory(() => _pendingGuides));
        _commitTimer = new Timer(_ => CommitQuietly(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The folder of the index, or "(in memory)".</summary>
    public string Location { get; }

    /// <summary>Opens (or creates) the index in <see cref="SearchOptions.IndexPath"/>, or in memory.</summary>
    public static GuideIndex Open(SearchOptions options, ILogger logger)
    {
        if (options.InMemoryIndex)
        {
            var memory = new RAMDirectory();
            return new GuideIndex(memory, CreateWriter(memory, OpenMode.CREATE), "(in memory)", logger);
        }

        var path = options.IndexPath;
        System.IO.Directory.CreateDirectory(path);
        var directory = FSDirectory.Open(path);
        try
        {
            var mode = OpenMode.CREATE;
            if (DirectoryReader.IndexExists(directory))
            {
                try
                {
                    var commit = DirectoryReader.ListCommits(directory).Last();
                    mode = commit.UserData.TryGetValue(SchemaKey, out var schema) && schema == Schema ? OpenMode.APPEND : OpenMode.CREATE;
                    if (mode == OpenMode.CREATE)
                    {
                        Log.IndexRecreated(logger, path, null);
                    }
                }
                catch (IOException e)
                {
                    Log.IndexRecreated(logger, path, e);
                    // Even in CREATE mode the writer reads the old commits and fails on a damaged one: remove them first.
                    ClearDamagedIndex(directory);
                }
            }
            return new GuideIndex(directory, CreateWriter(directory, mode), path, logger);
        }
        catch (LockObtainFailedException e)
        {
            directory.Dispose();
            throw new InvalidOperationException(
                $"De zoekindex in {path} is in gebruik door een ander Epss-proces. Geef elke server een eigen Epss:DataPath.", e);
        }
    }

    /// <summary>
    /// Makes the index hold exactly <paramref name="guides"/>: re-indexes a guide only when its version differs
    /// from the indexed one, removes guides that are gone, and commits. With <paramref name="rebuild"/>, starts empty.
    /// </summary>
    public IndexSyncResult Synchronize(IReadOnlyCollection<Guide> guides, bool rebuild = false) =>
        Synchronize(new GuideLibrarySnapshot(guides.ToImmutableSortedDictionary(g => g.Id, g => g, StringComparer.Ordinal), [], SynonymList.Empty, 0), rebuild);

    /// <summary>As <see cref="Synchronize(IReadOnlyCollection{Guide}, bool)"/> for the guides a library serves; searches then see that snapshot.</summary>
    public IndexSyncResult Synchronize(GuideLibrarySnapshot snapshot, bool rebuild = false)
    {
        var stopwatch = Stopwatch.StartNew();
        var guides = snapshot.Guides.Values;
        lock (_writeGate)
        {
            if (snapshot.Generation < _pendingGuides.Generation)
            {
                // A newer library change has been applied meanwhile; going back to this snapshot would undo it.
                return new IndexSyncResult(snapshot.Guides.Count, 0, 0, stopwatch.Elapsed);
            }
            if (rebuild)
            {
                _writer.DeleteAll();
            }
            var indexed = rebuild ? [] : IndexedVersions();
            var updated = 0;
            foreach (var guide in guides)
            {
                if (!indexed.Remove(guide.Id, out var version) || version != guide.Version)
                {
                    _writer.UpdateDocuments(GuideDocuments.TermFor(guide.Id), GuideDocuments.For(guide));
                    updated++;
                }
            }
            foreach (var gone in indexed.Keys)
            {
                _writer.DeleteDocuments(GuideDocuments.TermFor(gone));
            }
            if (updated + indexed.Count > MergeAfterBulkChanges)
            {
                // Every term a query names is looked up once per segment: after a (re)build, one segment is fastest.
                _writer.ForceMerge(1);
            }
            CommitLocked();
            Refresh(snapshot);
            SearchTelemetry.Refreshed(stopwatch.Elapsed, full: true);
            return new IndexSyncResult(snapshot.Guides.Count, updated, indexed.Count, stopwatch.Elapsed);
        }
    }

    /// <summary>
    /// Applies a library change (added, changed and removed guides): searchable, together with the change's
    /// snapshot, when this returns; committed to disk shortly after.
    /// </summary>
    public void Apply(GuideLibraryChange change)
    {
        var stopwatch = Stopwatch.StartNew();
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var guide in change.Upserted)
            {
                _writer.UpdateDocuments(GuideDocuments.TermFor(guide.Id), GuideDocuments.For(guide));
            }
            foreach (var id in change.Removed)
            {
                _writer.DeleteDocuments(GuideDocuments.TermFor(id));
            }
            Refresh(change.Snapshot);
            SearchTelemetry.Refreshed(stopwatch.Elapsed, full: false);
            if (!change.Upserted.IsEmpty || !change.Removed.IsEmpty)
            {
                _commitTimer.Change(CommitDelay, Timeout.InfiniteTimeSpan);
            }
        }
        if (!change.Upserted.IsEmpty || !change.Removed.IsEmpty)
        {
            Log.GuidesReindexed(_logger, change.Upserted.Length, change.Removed.Length, stopwatch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Runs <paramref name="search"/> on the current searcher; many may run at once.</summary>
    public T Search<T>(Func<IndexSearcher, T> search) => Search((searcher, _) => search(searcher));

    /// <summary>Runs <paramref name="search"/> on the current searcher, which carries its guides and term dictionaries.</summary>
    internal T Search<T>(Func<GuideSearcher, T> search)
    {
        var searcher = (GuideSearcher)_searchers.Acquire();
        try
        {
            return search(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Runs <paramref name="search"/> on the current searcher together with the library snapshot whose guides that
    /// searcher holds, so that a hit is always shown from the version of the guide that matched.
    /// </summary>
    public T Search<T>(Func<IndexSearcher, GuideLibrarySnapshot, T> search) => Search((GuideSearcher searcher) => search(searcher, searcher.Guides));

    /// <summary>How many segments the current reader has (many small segments slow searches down).</summary>
    public int SegmentCount => Search(s => s.IndexReader.Leaves.Count);

    public void Commit()
    {
        lock (_writeGate)
        {
            CommitLocked();
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }
            _commitTimer.Dispose();
            try
            {
                CommitLocked();
            }
            finally
            {
                _disposed = true;
                _searchers.Dispose();
                _writer.Dispose();
                _directory.Dispose();
            }
        }
    }

    /// <summary>Deletes the files of an unreadable index, holding its write lock so that no other process's index is touched.</summary>
    private static void ClearDamagedIndex(Directory directory)
    {
        using var writeLock = directory.MakeLock(IndexWriter.WRITE_LOCK_NAME);
        if (!writeLock.Obtain())
        {
            throw new LockObtainFailedException("Index locked for write: " + writeLock);
        }
        foreach (var file in directory.ListAll().Where(f => f != IndexWriter.WRITE_LOCK_NAME))
        {
            directory.DeleteFile(file);
        }
    }

    private static IndexWriter CreateWriter(Directory directory, OpenMode mode) =>
        new(directory, new IndexWriterConfig(Analysis.GuideAnalyzer.Version, Analysis.GuideAnalyzer.CreateForIndexing())
        {
            OpenMode = mode,
            Similarity = new GuideSimilarity(),
            // Edits arrive one guide at a time; merge small segments early so searches stay fast on a long-running server.
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 4, MaxMergeAtOnce = 4 },
        });

    private Dictionary<string, string> IndexedVersions()
    {
        _searchers.MaybeRefreshBlocking();
        return Search(searcher =>
        {
            var versions = new Dictionary<string, string>(StringComparer.Ordinal);
            var docs = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindGuide)), Math.Max(1, searcher.IndexReader.MaxDoc));
            foreach (var hit in docs.ScoreDocs)
            {
                var document = searcher.Doc(hit.Doc, new HashSet<string> { IndexFields.Guide, IndexFields.Version });
                versions[document.Get(IndexFields.Guide)] = document.Get(IndexFields.Version);
            }
            return versions;
        });
    }

    private void CommitLocked()
    {
        _writer.SetCommitData(new Dictionary<string, string> { [SchemaKey] = Schema });
        _writer.Commit();
    }

    private void CommitQuietly()
    {
        try
        {
            lock (_writeGate)
            {
                if (!_disposed)
                {
                    CommitLocked();
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.CommitFailed(_logger, e);
        }
    }

    /// <summary>Makes the new searcher visible with the snapshot it belongs to. Runs under <see cref="_writeGate"/>.</summary>
    private void Refresh(GuideLibrarySnapshot snapshot)
    {
        _pendingGuides = snapshot;
        var before = _searchers.Acquire();
        try
        {
            _searchers.MaybeRefreshBlocking();
            var after = (GuideSearcher)_searchers.Acquire();
            try
            {
                if (ReferenceEquals(before, after))
                {
                    // The index did not change (nothing to re-index, or a change of synonyms only): the snapshot describes
                    // the searcher's documents as well as the one it has, and the first one must replace the empty start.
                    after.Guides = snapshot;
                }
            }
            finally
            {
                _searchers.Release(after);
            }
        }
        finally
        {
            _searchers.Release(before);
        }
    }

    private sealed class GuideSearcherFactory(Func<GuideLibrarySnapshot> guides) : SearcherFactory
    {
        // Called while the writer's gate is held and the snapshot being applied is pending; the dictionaries are read
        // here, once per reader, so that no search waits for them.
        public override IndexSearcher NewSearcher(IndexReader reader) => new GuideSearcher(reader, guides());
    }
}
