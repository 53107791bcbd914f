using Epss.Usage.Analytics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Epss.Usage;

public static class UsageServiceCollectionExtensions
{
    /// <summary>
    /// Registers usage recording with <see cref="UsageOptions"/> bound from the <c>Epss</c> section and validated at
    /// start: the <see cref="Pseudonymizer"/> and the <see cref="UsageRecorder"/>, each a singleton and a hosted
    /// service (the key is created, and the database opened and migrated, when the host starts; the recorder writes
    /// what it has taken before the host stops).
    /// </summary>
    public static IServiceCollection AddEpssUsage(this IServiceCollection services, Action<UsageOptions>? configure = null)
    {
        var options = services.AddOptions<UsageOptions>()
            .BindConfiguration(UsageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Pseudonymizer>();
        // SQLite unless another store replaced the factory (AddEpssUsagePostgreSql, before or after this call).
        services.TryAddSingleton<IUsageStoreFactory, SqliteUsageStoreFactory>();
        services.TryAddSingleton<UsageRecorder>();
        // The same instances as the singletons, so the hub's recorder is the one whose writer runs. Key first: a damaged
        // key stops the start before the database is touched.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, Pseudonymizer>(sp => sp.GetRequiredService<Pseudonymizer>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UsageRecorder>(sp => sp.GetRequiredService<UsageRecorder>()));
        return services;
    }

    /// <summary>
    /// Registers the daily retention job (<see cref="RetentionService"/>, <c>Epss:RetentionMonths</c>, default 24). Call
    /// after <see cref="AddEpssUsage"/>: hosted services start in order, so the recorder's store is open by the first pass.
    /// </summary>
    public static IServiceCollection AddEpssUsageRetention(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionService>());
        return services;
    }

    /// <summary>
    /// Registers <see cref="UsageAnalytics"/> over the SQLite store of <see cref="AddEpssUsage"/> (call that too; another
    /// store's registration replaces <see cref="IUsageAnalyticsQueries"/> with its own), with
    /// <see cref="AnalyticsOptions"/> bound from <c>Epss:Analytics</c> and validated at start. The server registers its
    /// own <see cref="IGuideCatalogSource"/> over the guide library; until then the catalogue is empty (ids as titles).
    /// </summary>
    public static IServiceCollection AddEpssUsageAnalytics(this IServiceCollection services, Action<AnalyticsOptions>? configure = null)
    {
        var options = services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => TryFindZone(o.TimeZone), "Epss:Analytics:TimeZone is geen bekende tijdzone (bijvoorbeeld Europe/Amsterdam).")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGuideCatalogSource>(new FixedGuideCatalogSource(GuideCatalog.Empty));
        services.TryAddSingleton<IUsageAnalyticsQueries>(sp =>
        {
            var recorder = sp.GetRequiredService<UsageRecorder>();
            return new SqliteAnalyticsQueries(() => recorder.Store as UsageStore ?? throw new InvalidOperationException(
                $"The usage store is {recorder.Store.GetType().Name}; register its own {nameof(IUsageAnalyticsQueries)} with it."));
        });
        services.TryAddSingleton<UsageAnalytics>();
        return services;
    }

    private static bool TryFindZone(string? id)
    {
        try
        {
            return id is not null && TimeZoneInfo.FindSystemTimeZoneById(id) is not null;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
