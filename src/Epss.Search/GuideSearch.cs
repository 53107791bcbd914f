using Epss.Content.Library;
using Epss.Search.Context;
using Epss.Search.Indexing;
using Epss.Search.Querying;
using Lucene.Net.Analysis;
using Lucene.Net.Search;
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

    public GuideSearch(IOptions<SearchOptions> options, GuideLibrary library, ILogger<GuideSearch> logger)
    {
        _options = options.Value;
        _library = library;
        _logger = logger;
        _queries = new GuideQueryBuilder(_folding, _stemming);
        _synonyms = SynonymExpander.Empty(_folding, _stemming);
    }

    public bool IsReady => Volatile.Read(ref _index) is not null;

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
            _library.Changed += OnLibraryChanged;
            var snapshot = _library.Current;
            _synonyms = new SynonymExpander(snapshot.Synonyms, _folding, _stemming);
            var result = index.Synchronize([.. snapshot.Guides.Values]);
            Volatile.Write(ref _index, index);
            // A change that arrived while synchronising is applied again now; applying it twice is harmless.
            var latest = _library.Current;
            if (latest.Generation != snapshot.Generation)
            {
                index.Synchronize([.. latest.Guides.Values]);
                _synonyms = new SynonymExpander(latest.Synonyms, _folding, _stemming);
            }
            Log.IndexOpened(_logger, index.Location, result.GuideCount, result.Updated, result.Removed, (long)result.Elapsed.TotalMilliseconds);
            return result;
        }
        catch
        {
            _library.Changed -= OnLibraryChanged;
            index.Dispose();
            throw;
        }
    }, cancellationToken);

    /// <summary>Ranked guides for what was typed, each with a snippet and, where one matched, its best step.</summary>
    public SearchResult Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query.Trim();
        var limit = Math.Clamp(request.Limit, 1, SearchRequest.MaximumLimit);
        if (text.Length == 0 || text.Length > SearchRequest.MaximumQueryLength)
        {
            throw new ArgumentException($"Een zoekvraag heeft 1 tot {SearchRequest.MaximumQueryLength} tekens.", nameof(request));
        }

        var snapshot = _library.Current;
        var synonyms = _synonyms;
        return Index.Search(searcher =>
        {
            // Keep the trailing space: it tells whether the last word is complete or still being typed.
            if (_queries.Build(request.Query.TrimStart(), searcher.IndexReader, synonyms) is not { } planned)
            {
                return new SearchResult(text, 0, []);
            }
            var collector = new GuideCollapsingCollector();
            searcher.Search(planned.Query, collector);

            var ranked = collector.Matches
                .Select(m => (Match: m, Score: m.Score * ContextLift(snapshot.Find(m.GuideId), request.Context)))
                .Where(r => snapshot.Find(r.Match.GuideId) is not null)
                .OrderByDescending(r => r.Score)
                .ThenBy(r => r.Match.GuideId, StringComparer.Ordinal)
                .ToList();

            var snippets = new SnippetBuilder(_stemming, planned.MatchedTerms);
            var hits = ranked.Take(limit).Select(r => ToHit(searcher, snapshot.Find(r.Match.GuideId)!, r.Match, r.Score, snippets)).ToList();
            return new SearchResult(text, ranked.Count, hits);
        });
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
        if (Volatile.Read(ref _index) is not { } index)
        {
            return; // InitializeAsync synchronises with the latest snapshot when it finishes.
        }
        try
        {
            if (change.SynonymsChanged)
            {
                _synonyms = new SynonymExpander(change.Snapshot.Synonyms, _folding, _stemming);
            }
            index.Apply(change.Upserted, change.Removed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Searches keep answering from the index as it was; the next change of this guide tries again.
            Log.IndexUpdateFailed(_logger, e);
        }
    }

    /// <summary>A guide that fits the page the official is on ranks higher, by up to half again.</summary>
    private static float ContextLift(Content.Model.Guide? guide, PageContext? context) =>
        guide is null || context is null ? 1f : 1f + (float)Math.Min(0.5, ContextMatcher.Strength(guide, context) * 0.33);

    private static SearchHit ToHit(IndexSearcher searcher, Content.Model.Guide guide, GuideMatch match, float score, SnippetBuilder snippets)
    {
        if (match.StepMatchedBest)
        {
            var step = searcher.Doc(match.StepDoc, StepFields);
            return new SearchHit(guide.Id, guide.Title, snippets.For(step.Get(IndexFields.Body)), MathF.Round(score, 4),
                step.Get(IndexFields.Step), step.Get(IndexFields.StepTitle));
        }
        // The guide as a whole matched: show the passage of its summary or intro where the words are.
        var summary = snippets.Highlight(guide.Summary);
        var snippet = summary ?? (match.GuideDoc >= 0 ? snippets.Highlight(searcher.Doc(match.GuideDoc, IntroFields).Get(IndexFields.Body)) : null);
        return new SearchHit(guide.Id, guide.Title, snippet ?? snippets.For(guide.Summary), MathF.Round(score, 4), null, null);
    }

    private static readonly HashSet<string> StepFields = [IndexFields.Step, IndexFields.StepTitle, IndexFields.Body];
    private static readonly HashSet<string> IntroFields = [IndexFields.Body];
}
