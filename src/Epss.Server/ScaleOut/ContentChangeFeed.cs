using System.Threading.Channels;
using Epss.Content.Library;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Epss.Server.ScaleOut;

/// <summary>
/// The content change feed between servers that share a content folder: when this server's library reads a changed
/// guide file (a publish through the editor here, or the watcher), it says so on a Redis channel; every other server
/// then reads the folder again at once, so its library, its own Lucene index and its own panels follow within
/// moments — without relying on a file watcher, which on a network file system may never fire.
/// </summary>
/// <remarks>
/// Reading the folder again re-parses only files whose bytes changed, so a message costs a directory listing and a
/// read of each file. A server that missed messages (Redis away) catches up when the connection comes back and by the
/// periodic rescan (<see cref="ContentFeedOptions.RescanInterval"/>).
/// </remarks>
public sealed partial class ContentChangeFeed(
    GuideLibrary library,
    IConnectionMultiplexer redis,
    IOptions<ContentFeedOptions> options,
    ILogger<ContentChangeFeed> logger) : BackgroundService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("epss:content-changed");

    /// <summary>This process, so that it ignores its own messages.</summary>
    private readonly string _server = Guid.NewGuid().ToString("N");

    /// <summary>Reasons to read the folder again; many messages in a burst make one rescan.</summary>
    private readonly Channel<string> _rescans = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Set on the thread that applies the feed, whose library events must not be announced again.</summary>
    [ThreadStatic]
    private static bool t_applyingFeed;

    private long _received;
    private long _rescansDone;

    /// <summary>Messages from other servers received since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Folder reads caused by the feed (or its safety net) since start.</summary>
    public long Rescans => Interlocked.Read(ref _rescansDone);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        library.Changed += OnChanged;
        library.TextsRead += OnTextsRead;
        redis.ConnectionRestored += OnConnectionRestored;
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel, (_, message) =>
        {
            if (message.HasValue && message != _server)
            {
                Interlocked.Increment(ref _received);
                _rescans.Writer.TryWrite("feed");
            }
        });
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        library.Changed -= OnChanged;
        library.TextsRead -= OnTextsRead;
        redis.ConnectionRestored -= OnConnectionRestored;
        _rescans.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var safetyNet = new PeriodicTimer(options.Value.RescanInterval);
        var ticks = Task.Run(async () =>
        {
            while (await safetyNet.WaitForNextTickAsync(stoppingToken))
            {
                _rescans.Writer.TryWrite("interval");
            }
        }, stoppingToken);

        try
        {
            await foreach (var _ in _rescans.Reader.ReadAllAsync(stoppingToken))
            {
                if (!library.IsLoaded)
                {
                    continue; // the first load reads everything anyway
                }
                try
                {
                    t_applyingFeed = true;
                    var change = library.Rescan(stoppingToken);
                    Interlocked.Increment(ref _rescansDone);
                    if (!change.Upserted.IsEmpty || !change.Removed.IsEmpty)
                    {
                        Log.FeedApplied(logger, change.Upserted.Length, change.Removed.Length);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.FeedRescanFailed(logger, e);
                }
                finally
                {
                    t_applyingFeed = false;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await ticks.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private void OnChanged(GuideLibraryChange change)
    {
        if (!change.Upserted.IsEmpty || !change.Removed.IsEmpty || change.SynonymsChanged)
        {
            Announce();
        }
    }

    private void OnTextsRead(IReadOnlyList<GuideFileText> texts)
    {
        if (texts.Count > 0)
        {
            Announce();
        }
    }

    private void Announce()
    {
        if (t_applyingFeed)
        {
            return;
        }
        // Fire and forget: the library's update must not wait for Redis; a lost message is caught up by the safety net.
        _ = redis.GetSubscriber().PublishAsync(Channel, _server, CommandFlags.FireAndForget);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _rescans.Writer.TryWrite("reconnected");

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, EventName = "ContentFeedApplied", Level = LogLevel.Information,
            Message = "Another server changed the content: {Upserted} guides updated and {Removed} removed here")]
        public static partial void FeedApplied(ILogger logger, int upserted, int removed);

        [LoggerMessage(EventId = 4101, EventName = "ContentFeedRescanFailed", Level = LogLevel.Warning,
            Message = "Reading the content folder after a change on another server failed; the next message or rescan tries again")]
        public static partial void FeedRescanFailed(ILogger logger, Exception exception);
    }
}
