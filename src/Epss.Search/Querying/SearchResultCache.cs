using System.Collections.Concurrent;

namespace Epss.Search.Querying;

/// <summary>
/// The results of recent searches for one state of the index and one synonym list: officials at many counters type
/// the same few things ("paspoort kwijt", and every prefix of it while typing), and a search is answered from here
/// without planning, running or snippeting it again. A new searcher (any guide saved) or a new synonym list starts
/// a new cache, so a result is never older than the index. Bounded: when full it is emptied and fills again with
/// what is asked now.
/// </summary>
internal sealed class SearchResultCache(object searcher, object synonyms, int capacity)
{
    private readonly ConcurrentDictionary<SearchRequest, SearchResult> _results = new();

    public bool IsFor(object currentSearcher, object currentSynonyms) =>
        ReferenceEquals(searcher, currentSearcher) && ReferenceEquals(synonyms, currentSynonyms);

    /// <summary>The cached result of <paramref name="request"/> (equal text as typed, limit and page), or a new one.</summary>
    public SearchResult GetOrAdd(SearchRequest request, Func<SearchResult> search)
    {
        if (_results.TryGetValue(request, out var cached))
        {
            return cached;
        }
        var result = search();
        if (_results.Count >= capacity)
        {
            _results.Clear();
        }
        _results.TryAdd(request, result);
        return result;
    }
}
