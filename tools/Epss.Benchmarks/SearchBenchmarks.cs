using BenchmarkDotNet.Attributes;
using Epss.Content.Library;
using Epss.Content.Model;
using Epss.Search;
using Epss.Search.Indexing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Epss.Benchmarks;

/// <summary>
/// Searches (query to ranked hits with snippets) by kind of query, and over the mixed set; the memory diagnoser
/// gives what one search allocates.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SearchBenchmarks
{
    /// <summary>Queries per operation: each operation asks every query of the kind once.</summary>
    public const int QueriesPerKind = 50;

    private GuideLibrary _library = null!;
    private GuideSearch _search = null!;
    private string[] _queries = [];

    [ParamsAllValues]
    public bool InMemory { get; set; }

    [Params(QuerySet.SingleWord, QuerySet.TwoWords, QuerySet.Prefix, QuerySet.Typo, QuerySet.Mixed)]
    public string Kind { get; set; } = QuerySet.SingleWord;

    [GlobalSetup]
    public void Setup()
    {
        _library = BenchmarkCorpus.LoadLibrary();
        _search = new GuideSearch(Options.Create(IndexOptions(InMemory)), _library, NullLogger<GuideSearch>.Instance);
        _search.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        _queries = [.. QuerySet.OfKind(QuerySet.Create(BenchmarkCorpus.Vocabulary), Kind, QueriesPerKind)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _search.Dispose();
        _library.Dispose();
    }

    /// <summary>One search per operation, cycling through the 50 queries of the kind.</summary>
    [Benchmark(Description = "search with snippets", OperationsPerInvoke = QueriesPerKind)]
    public int Search()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            total += _search.Search(new SearchRequest(query)).Hits.Count;
        }
        return total;
    }

    /// <summary>Without the cache of recent results: these benchmarks repeat their queries, and measure the search itself.</summary>
    internal static SearchOptions IndexOptions(bool inMemory) =>
        new() { InMemoryIndex = inMemory, DataPath = BenchmarkCorpus.NewTempFolder("data"), SearchCacheSize = 0 };
}

/// <summary>The same searches answered by SQLite FTS5 over the same guides (<see cref="Fts5GuideSearch"/>), the baseline.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class Fts5SearchBenchmarks
{
    private Fts5GuideSearch _search = null!;
    private string[] _queries = [];

    [Params(QuerySet.SingleWord, QuerySet.TwoWords, QuerySet.Prefix, QuerySet.Typo, QuerySet.Mixed)]
    public string Kind { get; set; } = QuerySet.SingleWord;

    [GlobalSetup]
    public void Setup()
    {
        using var library = BenchmarkCorpus.LoadLibrary();
        _search = new Fts5GuideSearch(Path.Combine(BenchmarkCorpus.NewTempFolder("fts5"), "guides.db"), library.Current.Guides.Values);
        _queries = [.. QuerySet.OfKind(QuerySet.Create(BenchmarkCorpus.Vocabulary), Kind, SearchBenchmarks.QueriesPerKind)];
    }

    [GlobalCleanup]
    public void Cleanup() => _search.Dispose();

    [Benchmark(Description = "FTS5 search with snippets", OperationsPerInvoke = SearchBenchmarks.QueriesPerKind)]
    public int Search()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            total += _search.Search(query).Hits.Count;
        }
        return total;
    }
}

/// <summary>Building the whole index from parsed guides, as at a first start.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class IndexBenchmarks
{
    private Guide[] _guides = [];

    [ParamsAllValues]
    public bool InMemory { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var library = BenchmarkCorpus.LoadLibrary();
        _guides = [.. library.Current.Guides.Values];
    }

    private SearchOptions _options = new();

    /// <summary>A fresh data folder per build, removed after it (outside the measurement): a build is ~1 s and 11 MB.</summary>
    [IterationSetup(Target = nameof(BuildIndex))]
    public void NewDataFolder() => _options = SearchBenchmarks.IndexOptions(InMemory);

    [IterationCleanup(Target = nameof(BuildIndex))]
    public void RemoveDataFolder() => BenchmarkCorpus.DeleteFolder(_options.DataPath);

    [Benchmark(Description = "build whole index: 1,017 guides")]
    public int BuildIndex()
    {
        using var index = GuideIndex.Open(_options, NullLogger.Instance);
        return index.Synchronize(_guides, rebuild: true).Updated;
    }
}
