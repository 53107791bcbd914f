using System.Diagnostics;
using Epss.Accounts;
using Epss.Authoring;
using Epss.Content.Library;
using Epss.Search;

namespace Epss.Server.Hosting;

/// <summary>
/// Brings the server to ready in the background, so that it listens (and answers /healthz and the API with 503) at
/// once: loads the guides and brings the index in line with them while the history and the users' databases are
/// opened and migrated (asynchronously; with PostgreSQL perhaps after another server's migration), then follows the
/// content folder. A failure to start (an unreadable index folder, one in use by another server, a database newer than
/// this Epss) stops the host with the reason in the log.
/// </summary>
internal sealed class ServerStartup(
    GuideLibrary library,
    GuideSearch search,
    GuideHistory history,
    AccountStore accounts,
    Epss.Audit.AuditLog audit,
    ServerReadiness readiness,
    Microsoft.Extensions.Options.IOptions<Epss.Content.ContentOptions> contentOptions,
    IHostApplicationLifetime lifetime,
    ILogger<ServerStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var stores = Task.WhenAll(history.EnsureOpenAsync(stoppingToken), accounts.EnsureOpenAsync(stoppingToken), audit.EnsureOpenAsync(stoppingToken));
            var loaded = await library.LoadAsync(stoppingToken);
            await search.InitializeAsync(stoppingToken);
            await stores;
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
