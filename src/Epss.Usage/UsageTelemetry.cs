using System.Diagnostics.Metrics;

namespace Epss.Usage;

/// <summary>
/// What the usage writer tells operators: how many calls wait for it, how long its batches take, what it stored and
/// what it turned away because its queue was full. Plain System.Diagnostics instruments; the server exports them.
/// </summary>
public static class UsageTelemetry
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Epss.Usage";

    private static readonly Meter Meter = new(Name);

    private static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>(
        "epss.usage.queue.depth", "{call}", "Calls waiting for the usage writer (the capacity is Epss:UsageQueueCapacity)");

    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram(
        "epss.usage.batch.duration", "s", "Time to write one batch of usage events and flags in one transaction",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "epss.usage.events", "{event}", "Usage events written, by outcome (stored, duplicate)");

    private static readonly Counter<long> Refused = Meter.CreateCounter<long>(
        "epss.usage.busy", "{call}", "Calls answered 'busy, send again later' because the writer's queue was full");

    internal static void Queued() => QueueDepth.Add(1);

    internal static void Dequeued() => QueueDepth.Add(-1);

    internal static void Busy() => Refused.Add(1);

    internal static void BatchWritten(TimeSpan elapsed, int stored, int duplicates)
    {
        BatchDuration.Record(elapsed.TotalSeconds);
        Events.Add(stored, new KeyValuePair<string, object?>("outcome", "stored"));
        Events.Add(duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
    }
}
