using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Usage;

/// <summary>
/// The daily retention job (AVG: keep usage no longer than needed): once at start and then every day, deletes what is
/// older than <see cref="UsageOptions.RetentionMonths"/> (see <see cref="IUsageStore.DeleteExpiredAsync"/>) and logs
/// the counts. A failed pass is logged and tried again the next day; it never stops the server.
/// </summary>
public sealed class RetentionService(UsageRecorder recorder, IOptions<UsageOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>The moment before which everything expires, at <paramref name="now"/>.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, int retentionMonths) => now.ToUniversalTime().AddMonths(-retentionMonths);

    /// <summary>One pass, now.</summary>
    public async Task<RetentionResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var months = options.Value.RetentionMonths;
        var result = await recorder.Store.DeleteExpiredAsync(Cutoff(time.GetUtcNow(), months), cancellationToken);
        RetentionLog.Deleted(logger, result.EventsDeleted, result.FlagsDeleted, months, result.Cutoff);
        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                RetentionLog.Failed(logger, error);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>Log messages of retention (event ids 3100–3109 of Epss.Usage's range).</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 3100, EventName = "UsageRetentionDeleted", Level = LogLevel.Information,
        Message = "Retention: deleted {Events} usage events and {Flags} answered or closed flags older than {Months} months (before {Cutoff:o})")]
    public static partial void Deleted(ILogger logger, long events, long flags, int months, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 3101, EventName = "UsageRetentionFailed", Level = LogLevel.Error,
        Message = "Retention pass failed; it is tried again in a day")]
    public static partial void Failed(ILogger logger, Exception exception);
}
