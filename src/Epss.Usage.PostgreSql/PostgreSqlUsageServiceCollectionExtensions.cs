using Epss.Usage.Analytics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Epss.Usage.PostgreSql;

public static class PostgreSqlUsageServiceCollectionExtensions
{
    /// <summary>
    /// Keeps usage events and flags in the PostgreSQL database of <paramref name="connectionString"/> (an Npgsql connection
    /// string; the database must exist, the schema is created and migrated at start) instead of the SQLite file: replaces
    /// <see cref="IUsageStoreFactory"/> and <see cref="IUsageAnalyticsQueries"/>, before or after
    /// <see cref="UsageServiceCollectionExtensions.AddEpssUsage"/> and <see cref="UsageServiceCollectionExtensions.AddEpssUsageAnalytics"/>.
    /// </summary>
    public static IServiceCollection AddEpssUsagePostgreSql(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        var factory = new PostgreSqlUsageStoreFactory(connectionString);
        services.RemoveAll<IUsageStoreFactory>();
        services.AddSingleton<IUsageStoreFactory>(factory);
        services.RemoveAll<IUsageAnalyticsQueries>();
        services.AddSingleton<IUsageAnalyticsQueries>(sp =>
        {
            var recorder = sp.GetRequiredService<UsageRecorder>();
            return new PostgreSqlAnalyticsQueries(() => recorder.Store as PostgreSqlUsageStore ?? throw new InvalidOperationException(
                $"The usage store is {recorder.Store.GetType().Name}, not PostgreSQL: was the store factory replaced after {nameof(AddEpssUsagePostgreSql)}?"));
        });
        return services;
    }
}
