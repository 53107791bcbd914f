using Epss.Content.Library;
using Epss.Content.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Epss.Content;

public static class ContentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the guide parser and the guide library, with <see cref="ContentOptions"/> bound from the
    /// <c>Epss</c> section and validated at start. The host loads the library and starts watching.
    /// </summary>
    public static IServiceCollection AddEpssContent(this IServiceCollection services, Action<ContentOptions>? configure = null)
    {
        var options = services.AddOptions<ContentOptions>()
            .BindConfiguration(ContentOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContentOptions>, ContentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var content = sp.GetRequiredService<IOptions<ContentOptions>>().Value;
            var parserOptions = new GuideParserOptions { MaximumFileBytes = content.MaximumGuideBytes };
            if (content.KnownRoles.Length > 0)
            {
                parserOptions = parserOptions with { KnownRoles = content.KnownRoles.ToHashSet(StringComparer.Ordinal) };
            }
            return new GuideParser(parserOptions, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<GuideLibrary>();
        return services;
    }
}
