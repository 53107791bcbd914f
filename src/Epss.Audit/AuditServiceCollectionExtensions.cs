using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers the audit log (<see cref="AuditLog"/> as <see cref="IAuditLog"/>): <c>audit.db</c> beside
    /// <c>accounts.db</c>, or the PostgreSQL database of <paramref name="postgreSql"/> when given; and its daily
    /// retention (<see cref="AuditRetentionService"/>). Opened and migrated at the first use, or when the host calls
    /// <see cref="AuditLog.EnsureOpenAsync"/>.
    /// </summary>
    public static IServiceCollection AddEpssAudit(this IServiceCollection services, string? postgreSql = null)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Epss.Audit.AuditLog");
            return string.IsNullOrWhiteSpace(postgreSql)
                ? AuditLog.CreateSqlite(sp.GetRequiredService<IOptions<AuditOptions>>().Value.Folder, time, logger)
                : AuditLog.CreatePostgreSql(postgreSql, time, logger);
        });
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditRetentionService>());
        return services;
    }
}

/// <summary>Once at start and then daily, deletes audit entries older than <see cref="AuditOptions.RetentionMonths"/>; a failure is logged and tried again the next day.</summary>
public sealed class AuditRetentionService(AuditLog log, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetentionService> logger) : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var months = options.Value.RetentionMonths;
        var deleted = await log.DeleteOlderThanAsync(time.GetUtcNow().AddMonths(-months), cancellationToken);
        Log.RetentionDeleted(logger, deleted, months);
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    Log.RetentionFailed(logger, error);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
