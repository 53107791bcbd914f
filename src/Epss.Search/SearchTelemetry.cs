using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Epss.Search;

/// <summary>
/// What search tells operators: its latency, how often the cache of recent results answered, and how long the index
/// takes to take a change. Plain System.Diagnostics instruments (no OpenTelemetry here): the server decides who listens.
/// </summary>
public static class SearchTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Epss.Search";

    /// <summary>Buckets in seconds, from a cached answer (tens of microseconds) to a search that stalls.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private static readonly Meter Meter = new(Name);

    /// <summary>A span per search that was planned and run (a cached answer makes none), for traces.</summary>
    public static readonly ActivitySource Activities = new(Name);

    private static readonly Histogram<double> SearchDuration = Meter.CreateHistogram(
        "epss.search.duration", "s", "Time to answer a search, cached or not",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>(
        "epss.search.cache.lookups", "{lookup}", "Searches looked up in the cache of recent results, by outcome (hit, miss)");

    private static readonly Histogram<double> RefreshDuration = Meter.CreateHistogram(
        "epss.index.refresh.duration", "s", "Time from a library change to the index serving it (kind: change, full)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    internal static void Searched(TimeSpan elapsed) => SearchDuration.Record(elapsed.TotalSeconds);

    internal static void CacheLookup(bool hit) => CacheLookups.Add(1, new KeyValuePair<string, object?>("outcome", hit ? "hit" : "miss"));

    internal static void Refreshed(TimeSpan elapsed, bool full) =>
        RefreshDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", full ? "full" : "change"));
}
