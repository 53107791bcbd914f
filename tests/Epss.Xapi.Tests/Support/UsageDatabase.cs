using Epss.Testing;
using Epss.Usage;

namespace Epss.Xapi.Tests.Support;

/// <summary>A started <see cref="UsageRecorder"/> on a usage database in a temporary data folder of the test's own.</summary>
internal sealed class UsageDatabase : IAsyncDisposable
{
    private UsageDatabase(TempDataFolder folder, UsageRecorder recorder, TestLog log)
    {
        Folder = folder;
        Recorder = recorder;
        Log = log;
    }

    public TempDataFolder Folder { get; }

    public UsageRecorder Recorder { get; }

    public TestLog Log { get; }

    public UsageOptions Options => new() { DataPath = Folder.Path };

    public IUsageStore Store => Recorder.Store;

    public static async Task<UsageDatabase> StartAsync(TestLog log)
    {
        var folder = new TempDataFolder("epss-xapi-");
        var recorder = new UsageRecorder(
            Microsoft.Extensions.Options.Options.Create(new UsageOptions { DataPath = folder.Path }), TimeProvider.System, log.For<UsageRecorder>());
        await recorder.StartAsync(TestContext.Current.CancellationToken);
        return new UsageDatabase(folder, recorder, log);
    }

    /// <summary>
    /// Stores the events (flag events through a flag), received now as the hub stamps them, all events of one call at
    /// the same moment; with <paramref name="keepReceivedAt"/> as they are given.
    /// </summary>
    public async Task RecordAsync(IEnumerable<UsageEvent> events, bool keepReceivedAt = false)
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var chunk in events.Chunk(100))
        {
            var now = UsageEventSets.Truncate(DateTimeOffset.UtcNow);
            var plain = chunk.Where(e => e.Type != UsageEventTypes.Flag).Select(e => keepReceivedAt ? e : e with { ReceivedAt = now }).ToList();
            if (plain.Count > 0)
            {
                await Recorder.RecordAsync(plain, ct);
            }
            foreach (var flag in chunk.Where(e => e.Type == UsageEventTypes.Flag))
            {
                await Recorder.AddFlagAsync(new StepFlag(flag.Id["flag-".Length..], flag.GuideId, flag.StepId, flag.GuideVersion, flag.Details.Query,
                    "De stap klopt niet meer.", flag.UserPseudonym, flag.Role, flag.App, flag.OccurredAt, StepFlag.StatusOpen), ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Recorder.DisposeAsync();
        Folder.Dispose();
    }
}
