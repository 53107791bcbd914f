using System.Diagnostics;
using Epss.Content.Library;
using Epss.Search;

namespace Epss.Server.Hosting;

/// <summary>
/// Brings the server to ready in the background, so that it listens (and answers /healthz with 503) at once:
/// loads the guides, brings the index in line with them, then follows the content folder. A failure to start
/// (an unreadable index folder, one in use by another server) stops the host with the reason in the log.
/// </summary>
internal sealed class ContentStartup(
    GuideLibrary library,
    GuideSearch search,
    ServerReadiness readiness,
    Microsoft.Extensions.Options.IOptions<Epss.Content.ContentOptions> contentOptions,
    IHostApplicationLifetime lifetime,
    ILogger<ContentStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var loaded = await library.LoadAsync(stoppingToken);
            await search.InitializeAsync(stoppingToken);
            if (contentOptions.Value.WatchContent)
            {
                library.StartWatching();
            }
            readiness.MarkReady();
            Log.Ready(logger, loaded.Snapshot.Guides.Count, loaded.Snapshot.ErrorCount, stopwatch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before ready.
        }
        catch (Exception e)
        {
            Log.StartupFailed(logger, e.Message, e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
