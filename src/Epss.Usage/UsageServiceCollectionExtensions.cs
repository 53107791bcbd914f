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
        services.TryAddSingleton<UsageRecorder>();
        // The same instances as the singletons, so the hub's recorder is the one whose writer runs. Key first: a damaged
        // key stops the start before the database is touched.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, Pseudonymizer>(sp => sp.GetRequiredService<Pseudonymizer>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UsageRecorder>(sp => sp.GetRequiredService<UsageRecorder>()));
        return services;
    }
}
