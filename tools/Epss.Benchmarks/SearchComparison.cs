using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Epss.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Epss.Benchmarks;

/// <summary>
/// Epss against SQLite FTS5 on the same guides and the same queries, in one process and interleaved (each query is
/// asked of both engines in turn, the order alternating), so that both see the same machine at the same moment.
/// Per query kind: latency percentiles, what one search allocates, and how many queries found anything.
/// Epss runs as the server runs it (index on disk), without the cache of recent results; each query is also asked
/// of Epss from a page (as the hub asks it: the guides made for the page are lifted).
/// </summary>
public static class SearchComparison
{
    public static string Run(int rounds)
    {
        var loadBefore = LoadAverage();
        using var library = BenchmarkCorpus.LoadLibrary();
        using var epss = new GuideSearch(Options.Create(SearchBenchmarks.IndexOptions(inMemory: false)), library, NullLogger<GuideSearch>.Instance);
        epss.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        var guides = library.Current.Guides.Values;
        using var fts5 = new Fts5GuideSearch(Path.Combine(BenchmarkCorpus.NewTempFolder("fts5"), "guides.db"), guides);
        var queries = QuerySet.Create(BenchmarkCorpus.Vocabulary);
        var page = PageOf(library.Current.Guides.Values.Last());

        for (var warmup = 0; warmup < 3; warmup++)
        {
            foreach (var (_, query) in queries)
            {
                epss.Search(new SearchRequest(query));
                epss.Search(new SearchRequest(query, Context: page));
                fts5.Search(query);
            }
        }

        var kinds = queries.Select(q => q.Kind).Distinct().ToList();
        var samples = kinds.ToDictionary(k => k, _ => new Samples());
        var fromPage = new EngineSamples();
        var stopwatch = new Stopwatch();
        var collections = (Gen0: GC.CollectionCount(0), Gen2: GC.CollectionCount(2));
        for (var round = 0; round < rounds; round++)
        {
            for (var q = 0; q < queries.Count; q++)
            {
                var (kind, query) = queries[q];
                // Each engine goes first, second and third in turn.
                for (var turn = 0; turn < 3; turn++)
                {
                    var allocated = GC.GetAllocatedBytesForCurrentThread();
                    switch ((turn + round + q) % 3)
                    {
                        case 0:
                        {
                            stopwatch.Restart();
                            var result = epss.Search(new SearchRequest(query));
                            stopwatch.Stop();
                            samples[kind].Epss.Add(stopwatch.Elapsed.TotalMicroseconds, GC.GetAllocatedBytesForCurrentThread() - allocated, result.Hits.Count > 0, round == 0);
                            break;
                        }
                        case 1:
                        {
                            stopwatch.Restart();
                            var result = fts5.Search(query);
                            stopwatch.Stop();
                            samples[kind].Fts5.Add(stopwatch.Elapsed.TotalMicroseconds, GC.GetAllocatedBytesForCurrentThread() - allocated, result.Hits.Count > 0, round == 0);
                            break;
                        }
                        default:
                        {
                            stopwatch.Restart();
                            var result = epss.Search(new SearchRequest(query, Context: page));
                            stopwatch.Stop();
                            fromPage.Add(stopwatch.Elapsed.TotalMicroseconds, GC.GetAllocatedBytesForCurrentThread() - allocated, result.Hits.Count > 0, round == 0);
                            break;
                        }
                    }
                }
            }
        }
        var gen0 = GC.CollectionCount(0) - collections.Gen0;
        var gen2 = GC.CollectionCount(2) - collections.Gen2;

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Epss against SQLite FTS5: {library.Current.Guides.Count} guides, {rounds} interleaved rounds of {queries.Count} queries after 3 warm-up rounds.");
        report.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Machine()}; load average {loadBefore} before, {LoadAverage()} after; {gen0} gen0 / {gen2} gen2 collections during the rounds.");
        report.AppendLine();
        report.AppendLine("| query kind | Epss p50 | Epss p99 | FTS5 p50 | FTS5 p99 | p50 ratio | Epss allocated p50 / mean | FTS5 allocated p50 | found something: Epss / FTS5 |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var kind in kinds)
        {
            report.AppendLine(Row(kind, samples[kind].Epss, samples[kind].Fts5));
        }
        report.AppendLine(Row("all (mixed)", Samples.Merge(samples.Values.Select(s => s.Epss)), Samples.Merge(samples.Values.Select(s => s.Fts5))));
        report.AppendLine();
        var pageMicros = fromPage.Sorted(fromPage.Micros);
        var pageBytes = fromPage.Sorted(fromPage.Bytes);
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Epss from a page ({page.Url}, \"{page.Title}\"), all queries: p50 {Micros(Percentile(pageMicros, 50))}, p99 {Micros(Percentile(pageMicros, 99))}, allocated p50 {Kilobytes(Percentile(pageBytes, 50))} / mean {Kilobytes(pageBytes.Average())}."));
        return report.ToString();
    }

    /// <summary>A page that <paramref name="guide"/> is made for (its first address pattern with its stars filled in, its first page-title keyword).</summary>
    private static PageContext PageOf(Content.Model.Guide guide) => new(
        "https://burgerzaken.example" + (guide.Context.Urls.FirstOrDefault() ?? "/*").TrimStart('*').Replace("*", "12345", StringComparison.Ordinal),
        guide.Context.Titles.FirstOrDefault(),
        guide.Context.Apps.FirstOrDefault());

    private static string Row(string kind, EngineSamples epss, EngineSamples fts5)
    {
        var epssMicros = epss.Sorted(epss.Micros);
        var fts5Micros = fts5.Sorted(fts5.Micros);
        var epssBytes = epss.Sorted(epss.Bytes);
        var fts5Bytes = fts5.Sorted(fts5.Bytes);
        var ratio = Percentile(epssMicros, 50) / Percentile(fts5Micros, 50);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {kind} | {Micros(Percentile(epssMicros, 50))} | {Micros(Percentile(epssMicros, 99))} | {Micros(Percentile(fts5Micros, 50))} | {Micros(Percentile(fts5Micros, 99))} | {ratio:0.00} | {Kilobytes(Percentile(epssBytes, 50))} / {Kilobytes(epssBytes.Average())} | {Kilobytes(Percentile(fts5Bytes, 50))} | {epss.Found} / {fts5.Found} of {epss.Queries} |");
    }

    private static string Micros(double value) => value >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{value / 1000:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{value:0} µs");

    private static string Kilobytes(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KB");

    internal static double Percentile(IReadOnlyList<double> sorted, double percentile)
    {
        var rank = percentile / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : " of " + cpu)}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed class Samples
    {
        public EngineSamples Epss { get; } = new();

        public EngineSamples Fts5 { get; } = new();

        public static EngineSamples Merge(IEnumerable<EngineSamples> parts)
        {
            var all = new EngineSamples();
            foreach (var part in parts)
            {
                all.Micros.AddRange(part.Micros);
                all.Bytes.AddRange(part.Bytes);
                all.Found += part.Found;
                all.Queries += part.Queries;
            }
            return all;
        }
    }

    private sealed class EngineSamples
    {
        public List<double> Micros { get; } = [];

        public List<double> Bytes { get; } = [];

        /// <summary>Queries (counted in the first round) that found at least one guide.</summary>
        public int Found { get; set; }

        public int Queries { get; set; }

        public void Add(double micros, long bytes, bool found, bool firstRound)
        {
            Micros.Add(micros);
            Bytes.Add(bytes);
            if (firstRound)
            {
                Queries++;
                Found += found ? 1 : 0;
            }
        }

        public List<double> Sorted(List<double> values) => [.. values.Order()];
    }
}
