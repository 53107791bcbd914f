using Epss.Content;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Epss.Search.Indexing;
using Epss.Testing;
using Microsoft.Extensions.Options;

namespace Epss.Search.Tests.Support;

/// <summary>
/// A real guide library over a content folder and a real <see cref="GuideSearch"/> over it, with its index in a
/// data folder on disk (or in memory): loaded, indexed and, when asked, watching the folder.
/// </summary>
internal sealed class SearchSession : IDisposable
{
    /// <summary>
    /// The clock the parser sees: the day after the sample guides were last checked against their sources, before every
    /// review-by date, so no guide is outdated and no source is old or checked in the future.
    /// </summary>
    public static readonly DateOnly Today = new(2026, 12, 8);

    private bool _disposed;

    private SearchSession(GuideLibrary library, GuideSearch search, IndexSyncResult initial)
    {
        Library = library;
        Search = search;
        Initial = initial;
    }

    public GuideLibrary Library { get; }

    public GuideSearch Search { get; }

    /// <summary>What building (or reopening) the index did at start.</summary>
    public IndexSyncResult Initial { get; }

    public static async Task<SearchSession> StartAsync(string contentPath, string dataPath, TestLog log, bool watch = false, bool inMemory = false,
        int searchCacheSize = 2048)
    {
        var library = new GuideLibrary(
            Options.Create(new ContentOptions { ContentPath = contentPath }),
            new GuideParser(new GuideParserOptions(), new FixedTimeProvider(Today)),
            log.For<GuideLibrary>());
        GuideSearch? search = null;
        try
        {
            await library.LoadAsync(TestContext.Current.CancellationToken);
            search = new GuideSearch(Options.Create(new SearchOptions { DataPath = dataPath, InMemoryIndex = inMemory, SearchCacheSize = searchCacheSize }), library, log.For<GuideSearch>());
            var initial = await search.InitializeAsync(TestContext.Current.CancellationToken);
            if (watch)
            {
                library.StartWatching();
            }
            return new SearchSession(library, search, initial);
        }
        catch
        {
            search?.Dispose();
            library.Dispose();
            throw;
        }
    }

    public static Task<SearchSession> StartAsync(TempContentFolder content, TempDataFolder data, TestLog log, bool watch = false) =>
        StartAsync(content.Path, data.Path, log, watch);

    public SearchResult Find(string query, int limit = SearchRequest.DefaultLimit, PageContext? context = null) =>
        Search.Search(new SearchRequest(query, limit, context));

    /// <summary>The ids of the hits, best first.</summary>
    public IReadOnlyList<string> Ids(string query, int limit = SearchRequest.DefaultLimit, PageContext? context = null) =>
        [.. Find(query, limit, context).Hits.Select(h => h.Id)];

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // The library first: after it stops watching, no change can reach a disposed index.
        Library.Dispose();
        Search.Dispose();
    }
}
