using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="AccountStore"/> (a singleton) with <see cref="AccountsOptions"/> bound from the
    /// <c>Epss</c> section and validated at start; the database is opened and migrated when the host starts, so a
    /// damaged or too new file stops the start with a clear message.
    /// </summary>
    public static IServiceCollection AddEpssAccounts(this IServiceCollection services, Action<AccountsOptions>? configure = null)
    {
        var options = services.AddOptions<AccountsOptions>()
            .BindConfiguration(AccountsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => AccountStore.Open(
            sp.GetRequiredService<IOptions<AccountsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Epss.Accounts.AccountStore")));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AccountStoreStartup>());
        return services;
    }

    /// <summary>Opens the store when the host starts rather than at the first sign-in.</summary>
    private sealed class AccountStoreStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<AccountStore>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
