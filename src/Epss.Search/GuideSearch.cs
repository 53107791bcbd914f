using System.Diagnostics;
using Epss.Content.Library;
using Epss.Search.Context;
using Epss.Search.Indexing;
using Epss.Search.Querying;
using Lucene.Net.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Search;

/// <summary>
/// Search over the guide library: keeps the Lucene index in step with the library (only changed guides are
/// re-indexed) and answers text searches and page-context suggestions. Thread-safe.
/// </summary>
public sealed class GuideSearch : IDisposable
{
    private readonly GuideLibrary _library;
    private readonly SearchOptions _options;
    private readonly ILogger<GuideSearch> _logger;
    private readonly Analyzer _folding = Analysis.GuideAnalyzer.CreateFolding();
    private readonly Analyzer _stemming = Analysis.GuideAnalyzer.Create();
    private readonly GuideQueryBuilder _queries;
    private SynonymExpander _synonyms;
    private GuideIndex? _index;
    private SearchResultCache? _cache;

    public GuideSearch(IOptions<SearchOptions> options, GuideLibrary library, ILogger<GuideSearch> logger)
    {
        _options = options.Value;
        _library = library;
        _logger = logger;
        _queries = new GuideQueryBuilder(_folding, _stemming);
        _synonyms = SynonymExpander.Empty(_folding, _stemming);
        // Subscribed when made, not when the index opens, so that ChangeIndexed passes on every change.
        _library.Changed += OnLibraryChanged;
    }

    /// <summary>How many guides "Niets gevonden" offers.</summary>
    public const int ClosestLimit = 3;

    public bool IsReady => Volatile.Read(ref _index) is not null;

    /// <summary>
    /// A change of the library, raised once the index has taken it (or, before the index is open, once it is certain
    /// to be taken when it opens): who tells officials of a new version listens here, so that an official who then
    /// searches finds the new words. Raised on the thread that changed the library; a handler must not block.
    /// </summary>
    public event Action<GuideLibraryChange>? ChangeIndexed;

    /// <summary>The index, once <see cref="InitializeAsync"/> has run.</summary>
    public GuideIndex Index => Volatile.Read(ref _index) ?? throw new InvalidOperationException("De zoekindex is nog niet klaar.");

    /// <summary>
    /// Opens the index, brings it in line with the library as it is now, and from then on applies every library
    /// change. Call after the library has loaded.
    /// </summary>
    public Task<IndexSyncResult> InitializeAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        var index = GuideIndex.Open(_options, _logger);
        try
        {
            var snapshot = _library.Current;
            _synonyms = new SynonymExpander(snapshot.Synonyms, _folding, _stemming);
            var result = index.Synchronize(snapshot);
            Volatile.Write(ref _index, index);
            // A change that arrived while synchronising was not applied (the index was not visible yet): catch up.
            // The index ignores a snapshot older than one it already holds.
            var latest = _library.Current;
            if (latest.Generation != snapshot.Generation)
            {
                index.Synchronize(latest);
                _synonyms = new SynonymExpander(latest.Synonyms, _folding, _stemming);
            }
            Log.IndexOpened(_logger, index.Location, result.GuideCount, result.Updated, result.Removed, (long)result.Elapsed.TotalMilliseconds);
            return result;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }, cancellationToken);

    /// <summary>
    /// Ranked guides for what was typed, each with a snippet and, where one matched, its best step. When nothing matched,
    /// <see cref="SearchResult.Closest"/> names the guides closest to what was typed, or, when none is close and the
    /// request names a page, the guides that fit that page: the same answer whichever door the search came through.
    /// </summary>
    public SearchResult Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query.Trim();
        var limit = Math.Clamp(request.Limit, 1, SearchRequest.MaximumLimit);
        if (text.Length == 0 || text.Length > SearchRequest.MaximumQueryLength)
        {
            throw new ArgumentException($"Een zoekvraag heeft 1 tot {SearchRequest.MaximumQueryLength} tekens.", nameof(request));
        }

        var started = Stopwatch.GetTimestamp();
        var synonyms = _synonyms;
        // The snapshot comes with the searcher: hits are shown from the guide versions that matched.
        var result = Index.Search((GuideSearcher searcher) =>
        {
            var snapshot = searcher.Guides;
            if (_options.SearchCacheSize == 0)
            {
                return Run(request, text, limit, searcher, snapshot, synonyms);
            }
            var cache = Volatile.Read(ref _cache);
            if (cache is null || !cache.IsFor(searcher, synonyms))
            {
                cache = new SearchResultCache(searcher, synonyms, _options.SearchCacheSize);
                Volatile.Write(ref _cache, cache);
            }
            var missed = false;
            var answer = cache.GetOrAdd(request with { Limit = limit }, () =>
            {
                missed = true;
                return Run(request, text, limit, searcher, snapshot, synonyms);
            });
            SearchTelemetry.CacheLookup(hit: !missed);
            return answer;
        });
        result = result is { Total: 0, Closest.Count: 0 } && request.Context is { } page
            ? result with { Closest = [.. Suggest(page, ClosestLimit).Select(s => new GuideBrief(s.Id, s.Title, s.Summary))] }
            : result;
        SearchTelemetry.Searched(Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary>Plans, runs and snippets one search on <paramref name="searcher"/>.</summary>
    private SearchResult Run(SearchRequest request, string text, int limit, GuideSearcher searcher, GuideLibrarySnapshot snapshot, SynonymExpander synonyms)
    {
        using var activity = SearchTelemetry.Activities.StartActivity("search");
        var page = request.Context is { IsEmpty: false } context ? ContextMatcher.Page.Of(context) : null;
        var pageLifts = page is null ? null : PageLifts.For(request.Context!, page, searcher.GuidesByOrdinal);
        var collector = new TopGuidesCollector(searcher, limit, page, pageLifts);
        PlannedQuery? planned;
        using (var postings = PostingsPool.Rent(searcher.IndexReader))
        {
            // Keep the trailing space: it tells whether the last word is complete or still being typed.
            planned = _queries.Build(request.Query.TrimStart(), searcher, synonyms, postings);
            if (planned is not null)
            {
                searcher.Search(planned.Query, collector);
            }
        }
        if (planned is null)
        {
            return new SearchResult(text, 0, [], ClosestGuides.For(text, snapshot, ClosestLimit));
        }

        var best = collector.Best();
        if (best.Count == 0)
        {
            return new SearchResult(text, 0, [], ClosestGuides.For(text, snapshot, ClosestLimit));
        }
        var snippets = new SnippetBuilder(planned.Matched);
        var hits = new SearchHit[best.Count];
        for (var i = 0; i < hits.Length; i++)
        {
            hits[i] = ToHit(best[i], snippets);
        }
        return new SearchResult(text, collector.Total, hits);
    }

    /// <summary>The guides whose context rules fit the page, best first, with the reason.</summary>
    public IReadOnlyList<ContextSuggestion> Suggest(PageContext context, int limit = 5) =>
        ContextMatcher.Suggest(_library.Current.Guides.Values, context, Math.Clamp(limit, 1, SearchRequest.MaximumLimit));

    public void Dispose()
    {
        _library.Changed -= OnLibraryChanged;
        Volatile.Read(ref _index)?.Dispose();
        _folding.Dispose();
        _stemming.Dispose();
    }

    private void OnLibraryChanged(GuideLibraryChange change)
    {
        // Before the index is open, InitializeAsync synchronises with the latest snapshot when it finishes.
        if (Volatile.Read(ref _index) is { } index)
        {
            try
            {
                if (change.SynonymsChanged)
                {
                    _synonyms = new SynonymExpander(change.Snapshot.Synonyms, _folding, _stemming);
                }
                index.Apply(change);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Searches keep answering from the index as it was; the next change of this guide tries again.
                Log.IndexUpdateFailed(_logger, e);
            }
        }
        ChangeIndexed?.Invoke(change);
    }

    /// <summary>A hit as shown: texts come from the library's guide, the index only says which guide and step matched.</summary>
    private static SearchHit ToHit(GuideHit hit, SnippetBuilder snippets)
    {
        var guide = hit.Guide;
        if (hit.StepId is { } stepId && guide.FindStep(stepId) is { } step)
        {
            return new SearchHit(guide.Id, guide.Title, snippets.Highlight(step.Text) ?? SnippetBuilder.Beginning(step.Text),
                MathF.Round(hit.Score, 4), step.Id, step.Title);
        }
        // The guide as a whole matched: show the passage of its summary or intro where the words are.
        var snippet = snippets.Highlight(guide.Summary) ?? snippets.Highlight(IntroText(guide)) ?? SnippetBuilder.Beginning(guide.Summary);
        return new SearchHit(guide.Id, guide.Title, snippet, MathF.Round(hit.Score, 4), null, null);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, string> IntroTexts = [];

    private static string IntroText(Content.Model.Guide guide) => IntroTexts.GetValue(guide.IntroHtml, GuideDocuments.TextOf);
}

