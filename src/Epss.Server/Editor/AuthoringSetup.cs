using Epss.Authoring;
using Epss.Server.Hosting;
using Epss.Server.ScaleOut;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Editor;

/// <summary>The server side of the editor: Epss.Authoring's services, its HTTP API, its hub and its page.</summary>
public static class AuthoringSetup
{
    public static WebApplicationBuilder AddEpssEditor(this WebApplicationBuilder builder, ScaleOutOptions scaleOut)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scaleOut);
        // The history in the PostgreSQL database of Epss:PostgreSql when set (several servers), else history.db in Epss:DataPath.
        builder.Services.AddEpssAuthoring(scaleOut.PostgreSql);
        builder.Services.AddHostedService<EditorNotifier>();
        return builder;
    }

    /// <summary>The editor's APIs, its hub and its page.</summary>
    public static WebApplication MapEditor(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAuthoringApi();
        app.MapEditorApi();
        app.MapReviewApi();
        app.MapHub<EditorHub>(EditorHub.Path, options => options.CloseOnAuthenticationExpiration = true);
        app.MapEditorPage();
        return app;
    }
}

/// <summary>Tells the experts who have a guide open what happened to it.</summary>
internal sealed class EditorNotifier(GuideEditing editing, IHubContext<EditorHub, IEditorClient> hub, ILogger<EditorNotifier> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        editing.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        editing.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(GuideChangeEvent change) => _ = SendAsync(change);

    private async Task SendAsync(GuideChangeEvent change)
    {
        try
        {
            await hub.Clients.Group(EditorHub.GroupOf(change.GuideId)).GuideChanged(change);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A lost notice costs an expert a conflict on their next save, never an edit.
            Log.EditorNoticeFailed(logger, change.GuideId, e);
        }
    }
}
