using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Epss.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GuideSearch"/> with <see cref="SearchOptions"/> bound from the <c>Epss</c> section and
    /// validated at start. Needs the guide library (<c>AddEpssContent</c>); the host calls
    /// <see cref="GuideSearch.InitializeAsync"/> once the library has loaded.
    /// </summary>
    public static IServiceCollection AddEpssSearch(this IServiceCollection services, Action<SearchOptions>? configure = null)
    {
        var options = services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<GuideSearch>();
        return services;
    }
}
