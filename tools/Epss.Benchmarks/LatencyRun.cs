using System.Diagnostics;
using System.Globalization;
using System.Text;
using Epss.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Epss.Benchmarks;

/// <summary>
/// Distributions that BenchmarkDotNet's per-benchmark statistics do not give: the latency of every single search
/// over a mixed query set (p50/p99 across queries), and how long after a file is saved its new text is found.
/// </summary>
public static class LatencyRun
{
    public static string Run(int rounds, int saves)
    {
        var report = new StringBuilder();
        var machine = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}";
        report.AppendLine(CultureInfo.InvariantCulture, $"Search latency, {BenchmarkCorpus.GeneratedGuides} generated + sample guides, {rounds} rounds of 200 queries ({machine}); µs:");
        report.AppendLine();
        report.AppendLine("| index | queries | p50 | p90 | p99 | max |");
        report.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var inMemory in new[] { false, true })
        {
            foreach (var line in SearchLatency(inMemory, rounds))
            {
                report.AppendLine(line);
            }
        }
        report.AppendLine();
        report.AppendLine(Freshness(saves));
        return report.ToString();
    }

    private static IEnumerable<string> SearchLatency(bool inMemory, int rounds)
    {
        using var library = BenchmarkCorpus.LoadLibrary();
        using var search = new GuideSearch(Options.Create(SearchBenchmarks.IndexOptions(inMemory)), library, NullLogger<GuideSearch>.Instance);
        search.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        var queries = QuerySet.Create(BenchmarkCorpus.Vocabulary);
        for (var warmup = 0; warmup < 3; warmup++)
        {
            foreach (var (_, query) in queries)
            {
                search.Search(new SearchRequest(query));
            }
        }

        var samples = queries.Select(q => q.Kind).Distinct().ToDictionary(k => k, _ => new List<double>());
        var stopwatch = new Stopwatch();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (kind, query) in queries)
            {
                stopwatch.Restart();
                search.Search(new SearchRequest(query));
                stopwatch.Stop();
                samples[kind].Add(stopwatch.Elapsed.TotalMicroseconds);
            }
        }
        var label = inMemory ? "in memory" : "on disk (default)";

        yield return Row(label, "all", [.. samples.Values.SelectMany(s => s)]);
        foreach (var (kind, values) in samples)
        {
            yield return Row(label, kind, values);
        }
    }

    /// <summary>Saves a changed guide with a new word and polls search until the word is found: the whole path, watcher included.</summary>
    private static string Freshness(int saves)
    {
        var folder = BenchmarkCorpus.NewTempFolder("fresh");
        foreach (var file in Directory.EnumerateFiles(BenchmarkCorpus.ContentPath))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        using var library = BenchmarkCorpus.LoadLibrary(folder, watch: true);
        using var search = new GuideSearch(Options.Create(SearchBenchmarks.IndexOptions(inMemory: false)), library, NullLogger<GuideSearch>.Instance);
        search.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        library.StartWatching();

        var samples = new List<double>();
        var stopwatch = new Stopwatch();
        var random = new Random(11);
        for (var i = 0; i < saves; i++)
        {
            var id = $"gen-{i + 1:0000}";
            var path = Path.Combine(folder, id + ".md");
            // A random word, far more than two edits from any other, so typo tolerance cannot find it early.
            var word = new string([.. Enumerable.Range(0, 14).Select(_ => (char)('a' + random.Next(26)))]);
            var text = File.ReadAllText(path).Replace("## ", $"## {word} ", StringComparison.Ordinal);
            stopwatch.Restart();
            File.WriteAllText(path, text);
            while (search.Search(new SearchRequest(word + " ")).Hits is not [{ Id: var found }] || found != id)
            {
                if (stopwatch.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new TimeoutException($"{path} was not searchable 10 s after saving.");
                }
                Thread.Sleep(1);
            }
            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
            Thread.Sleep(50);
        }
        samples.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"Saved file searchable in its new form ({saves} saves, file watcher + re-parse + re-index + refresh): p50 {Percentile(samples, 50):0} ms, p99 {Percentile(samples, 99):0} ms, max {samples[^1]:0} ms.");
    }

    private static string Row(string index, string kind, List<double> values)
    {
        values.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {index} | {kind} | {Percentile(values, 50):0} | {Percentile(values, 90):0} | {Percentile(values, 99):0} | {values[^1]:0} |");
    }

    private static double Percentile(List<double> sorted, double percentile)
    {
        var rank = percentile / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
