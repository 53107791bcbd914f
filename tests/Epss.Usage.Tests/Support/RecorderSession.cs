using Epss.Testing;

namespace Epss.Usage.Tests.Support;

/// <summary>
/// A started <see cref="UsageRecorder"/> over a database in a data folder of the test's own, on the tests' fixed
/// clock. Disposing it stops the recorder, so the file is closed before the folder is removed.
/// </summary>
internal sealed class RecorderSession : IAsyncDisposable
{
    private RecorderSession(UsageRecorder recorder, UsageOptions options)
    {
        Recorder = recorder;
        Options = options;
    }

    public UsageRecorder Recorder { get; }

    public UsageOptions Options { get; }

    public static Task<RecorderSession> StartAsync(string dataPath, TestLog log, Action<UsageOptions>? configure = null)
    {
        var options = UsageTestData.Options(dataPath);
        return StartAsync(options, new SqliteUsageStoreFactory(UsageTestData.Wrap(options)), log, configure);
    }

    /// <summary>A recorder on <paramref name="database"/> (SQLite or PostgreSQL).</summary>
    public static Task<RecorderSession> StartAsync(TestDatabase database, TestLog log, Action<UsageOptions>? configure = null) =>
        StartAsync(database.Options, database.Factory, log, configure);

    private static async Task<RecorderSession> StartAsync(UsageOptions options, IUsageStoreFactory factory, TestLog log, Action<UsageOptions>? configure)
    {
        configure?.Invoke(options);
        var recorder = new UsageRecorder(UsageTestData.Wrap(options), factory, new FixedTimeProvider(UsageTestData.Now), log.For<UsageRecorder>());
        try
        {
            await recorder.StartAsync(TestContext.Current.CancellationToken);
            return new RecorderSession(recorder, options);
        }
        catch
        {
            await recorder.DisposeAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<UsageAck>> RecordAsync(params UsageEvent[] events) => Recorder.RecordAsync(events, TestContext.Current.CancellationToken);

    public Task<IReadOnlyList<UsageEvent>> ReadEventsAsync() => Recorder.Store.ReadEventsAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Recorder.DisposeAsync();
}
