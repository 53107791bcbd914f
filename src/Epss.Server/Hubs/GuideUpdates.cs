using System.Threading.Channels;
using Epss.Content.Library;
using Epss.Server.Apis;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>
/// Tells every panel that has a guide open when that guide changes (its group receives the new version) or is no
/// longer served. Library changes are queued and pushed from here, so that the library's update is never held up
/// by slow connections.
/// </summary>
internal sealed class GuideUpdates(GuideLibrary library, IHubContext<GuidanceHub, IGuidanceClient> hub, TimeProvider time, ILogger<GuideUpdates> logger)
    : BackgroundService
{
    private readonly Channel<GuideLibraryChange> _changes = Channel.CreateUnbounded<GuideLibraryChange>(new UnboundedChannelOptions { SingleReader = true });

    public static string GroupFor(string guideId) => "guide:" + guideId;

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
                await Push(guide.Id, () => hub.Clients.Group(GroupFor(guide.Id)).GuideUpdated(GuideResponse.From(guide, today)));
            }
            foreach (var id in change.Removed)
            {
                await Push(id, () => hub.Clients.Group(GroupFor(id)).GuideRemoved(id));
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

    private async Task Push(string guideId, Func<Task> send)
    {
        try
        {
            await send();
            Log.GuideUpdatePushed(logger, guideId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.GuideUpdatePushFailed(logger, guideId, e);
        }
    }
}
