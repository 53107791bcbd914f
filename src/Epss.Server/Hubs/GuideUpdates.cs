using System.Threading.Channels;
using Epss.Content.Contract;
using Epss.Content.Library;
using Epss.Search;
using Epss.Server.Apis;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>
/// Tells this server's panels that have a guide open when that guide changes (they receive the new version) or is no
/// longer served. Library changes are queued and pushed from here, so that the library's update is never held up by
/// slow connections.
/// </summary>
/// <remarks>
/// Only this server's panels: with several servers each one learns of a changed guide itself (its folder watcher or the
/// change feed) and tells its own panels once its own library serves the new version, so a panel is never told of a
/// version its server does not serve yet, and never told twice. Hence a group per guide and server: with the Redis
/// backplane a push is one message on the group's channel, which only this server listens to (sending to a list of
/// connections would publish one message per panel).
/// <para>
/// Changes come from <see cref="GuideSearch.ChangeIndexed"/> rather than from the library itself: a panel told of a
/// new version that searches at once then finds the new words.
/// </para>
/// </remarks>
internal sealed class GuideUpdates(GuideSearch search, IHubContext<GuidanceHub, IGuidanceClient> hub, TimeProvider time, ILogger<GuideUpdates> logger)
    : BackgroundService
{
    /// <summary>This process, in its group names.</summary>
    private static readonly string Server = Guid.NewGuid().ToString("N");

    private readonly Channel<GuideLibraryChange> _changes = Channel.CreateUnbounded<GuideLibraryChange>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The group of this server's panels that have the guide open.</summary>
    public static string GroupFor(string guideId) => $"guide:{Server}:{guideId}";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        search.ChangeIndexed += Enqueue;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        search.ChangeIndexed -= Enqueue;
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
        using var activity = Telemetry.ServerTelemetry.Activities.StartActivity("publish fan-out");
        activity?.SetTag("epss.guide.id", guideId);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await send(hub.Clients.Group(GroupFor(guideId)));
            Telemetry.ServerTelemetry.FannedOut(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            Log.GuideUpdatePushed(logger, guideId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.GuideUpdatePushFailed(logger, guideId, e);
        }
    }
}
