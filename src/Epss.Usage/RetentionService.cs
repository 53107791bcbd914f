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
        var settings = options.Value;
        var months = settings.RetentionMonths;
        var now = time.GetUtcNow().ToUniversalTime();
        var result = await recorder.Store.DeleteExpiredAsync(
            new RetentionCutoffs(Cutoff(now, months), now.AddMonths(-settings.OpenFlagMonths), now.AddDays(-settings.AnonymousOpenFlagDays)),
            cancellationToken);
        Log.RetentionDeleted(logger, result.EventsDeleted, result.FlagsDeleted, months, result.Cutoff);
        if (result.OpenFlagsDeleted > 0)
        {
            Log.OpenFlagsExpired(logger, result.OpenFlagsDeleted, settings.OpenFlagMonths, settings.AnonymousOpenFlagDays);
        }
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
                Log.RetentionFailed(logger, error);
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
