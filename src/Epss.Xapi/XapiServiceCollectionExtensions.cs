using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Epss.Xapi;

public static class XapiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the xAPI export with <see cref="XapiOptions"/> bound from <c>Epss:Xapi</c> and validated at start, the
    /// LRS client, and <see cref="XapiPushService"/> as a hosted service (idle unless Epss:Xapi:Endpoint is set). Call
    /// after <c>AddEpssUsage</c>, whose recorder it reads from. Register an <see cref="XapiTitleLookup"/> singleton to
    /// name guides and steps in the statements.
    /// </summary>
    public static IServiceCollection AddEpssXapi(this IServiceCollection services, Action<XapiOptions>? configure = null)
    {
        var options = services.AddOptions<XapiOptions>()
            .BindConfiguration(XapiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XapiOptions>, XapiOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<XapiLrsClient>();
        services.TryAddSingleton<XapiPushService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, XapiPushService>(sp => sp.GetRequiredService<XapiPushService>()));
        return services;
    }
}
