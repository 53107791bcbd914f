using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Epss.Authoring;

public static class AuthoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers a guide's life: the history (in <c>history.db</c> in <see cref="AuthoringOptions.DataPath"/>, or in the
    /// PostgreSQL database of <paramref name="postgreSql"/> when given, shared by several servers), saving, review and
    /// publishing (<see cref="GuideEditing"/>), the recorder of edits made outside the editor, and this process's editor
    /// presence. Needs the content library (<c>AddEpssContent</c>). The history is opened and migrated asynchronously:
    /// the host calls <see cref="GuideHistory.EnsureOpenAsync"/> as it starts, and an operation that comes first waits for it.
    /// </summary>
    public static IServiceCollection AddEpssAuthoring(this IServiceCollection services, string? postgreSql = null)
    {
        services.AddOptions<AuthoringOptions>().BindConfiguration(AuthoringOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            return string.IsNullOrWhiteSpace(postgreSql)
                ? GuideHistory.Create(sp.GetRequiredService<IOptions<AuthoringOptions>>().Value.DataPath, time)
                : GuideHistory.CreatePostgreSql(postgreSql, time);
        });
        services.AddSingleton<GuideEditing>();
        services.AddSingleton<GuideFolderRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<GuideFolderRecorder>());
        services.AddSingleton<EditorPresence>();
        return services;
    }
}
