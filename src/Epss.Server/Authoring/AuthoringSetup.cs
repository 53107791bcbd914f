using Epss.Server.Hosting;
using Epss.Usage;
using Microsoft.Extensions.Options;

namespace Epss.Server.Authoring;

/// <summary>The server side of the editor: the guides' history and saving.</summary>
public static class AuthoringSetup
{
    public static WebApplicationBuilder AddEpssAuthoring(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(OpenHistory);
        builder.Services.AddSingleton<GuideEditing>();
        builder.Services.AddHostedService<GuideHistoryRecorder>();
        builder.Services.AddHostedService<EditorNotifier>();
        return builder;
    }

    /// <summary>The setting that puts the history in PostgreSQL (an Npgsql connection string), shared by several servers.</summary>
    public const string PostgreSqlSetting = "Epss:PostgreSql";

    /// <summary>In PostgreSQL when <see cref="PostgreSqlSetting"/> is set; else history.db beside usage.db and accounts.db, in Epss:DataPath.</summary>
    private static GuideHistory OpenHistory(IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var connectionString = services.GetRequiredService<IConfiguration>()[PostgreSqlSetting];
        return string.IsNullOrWhiteSpace(connectionString)
            ? GuideHistory.Open(services.GetRequiredService<IOptions<UsageOptions>>().Value.DataPath, time)
            : GuideHistory.OpenPostgreSql(connectionString, time);
    }

    /// <summary>The editor's APIs, its hub and its page.</summary>
    public static WebApplication MapEditor(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAuthoringApi();
        app.MapEditorApi();
        app.MapReviewApi();
        app.MapHub<EditorHub>(EditorHub.Path);
        app.MapEditorPage();
        return app;
    }
}

/// <summary>
/// Keeps the history in line with the content folder: at start every guide's current text (once), and from then on
/// every text the library picks up, as a version by "buiten de editor" unless the editor saved it.
/// </summary>
internal sealed class GuideHistoryRecorder(Epss.Content.Library.GuideLibrary library, GuideEditing editing) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        library.Changed += OnChanged;
        library.TextsRead += OnTextsRead;
        editing.DeleteLeftoverTemporaryFiles();
        // The library may have loaded before this subscribed; recording is idempotent, so record what it serves now too.
        editing.RecordFromLibrary(library.Current.Guides.Values);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        library.Changed -= OnChanged;
        library.TextsRead -= OnTextsRead;
        return Task.CompletedTask;
    }

    /// <summary>A text with errors is not served, so it never reaches <see cref="OnChanged"/>; it is an edit all the same.</summary>
    private void OnTextsRead(IReadOnlyList<Epss.Content.Library.GuideFileText> texts)
    {
        try
        {
            editing.RecordUnserved(texts.Where(t => t.HasErrors));
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: see OnChanged.
        }
    }

    private void OnChanged(Epss.Content.Library.GuideLibraryChange change)
    {
        try
        {
            editing.RecordFromLibrary(change.Upserted);
        }
        catch (ObjectDisposedException)
        {
            // A change picked up while the server shuts down, after the history closed: the next start records the
            // folder's current texts, this one among them.
        }
    }
}
