using System.Threading.Channels;
using Epss.Content.Library;
using Epss.Server.Apis;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>
/// Tells this server's panels that have a guide open when that guide changes (they receive the new version) or is no
/// longer served (see <see cref="GuideWatchers"/> for why only this server's). Library changes are queued and pushed
/// from here, so that the library's update is never held up by slow connections.
/// </summary>
internal sealed class GuideUpdates(
    GuideLibrary library, GuideWatchers watchers, IHubContext<GuidanceHub, IGuidanceClient> hub, TimeProvider time, ILogger<GuideUpdates> logger)
    : BackgroundService
{
    private readonly Channel<GuideLibraryChange> _changes = Channel.CreateUnbounded<GuideLibraryChange>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        library.Changed += Enqueue;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        library.Changed -= Enqueue;
        _changes.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            var today = GuideEndpoints.Today(time);
            foreach (var guide in change.Upserted)
            {
                await Push(guide.Id, panels => panels.GuideUpdated(GuideResponse.From(guide, today)));
            }
            foreach (var id in change.Removed)
            {
                await Push(id, panels => panels.GuideRemoved(id));
            }
        }
    }

    private void Enqueue(GuideLibraryChange change)
    {
        if (!change.Upserted.IsEmpty || !change.Removed.IsEmpty)
        {
            _changes.Writer.TryWrite(change);
        }
    }

    private async Task Push(string guideId, Func<IGuidanceClient, Task> send)
    {
        var connections = watchers.Of(guideId);
        if (connections.Count == 0)
        {
            return;
        }
        try
        {
            await send(hub.Clients.Clients(connections));
            Log.GuideUpdatePushed(logger, guideId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.GuideUpdatePushFailed(logger, guideId, e);
        }
    }
}
