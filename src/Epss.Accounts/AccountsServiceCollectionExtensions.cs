using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="AccountStore"/> (a singleton) with <see cref="AccountsOptions"/> bound from the
    /// <c>Epss</c> section and validated at start. The database is opened and migrated asynchronously: the host calls
    /// <see cref="AccountStore.EnsureOpenAsync"/> as it starts (so that a damaged or too new file stops the start with a
    /// clear message), and an operation that comes first waits for it.
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
        services.TryAddSingleton(sp => AccountStore.Create(
            sp.GetRequiredService<IOptions<AccountsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Epss.Accounts.AccountStore")));
        return services;
    }
}
