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
/// A message names the files read (paths relative to the content folder), and the others re-read just those; a removed
/// guide or a changed synonym list asks for the whole folder, which re-parses only files whose bytes changed. A server
/// that missed messages (Redis away) catches up when the connection comes back and by the periodic rescan
/// (<see cref="ContentFeedOptions.RescanInterval"/>).
/// </remarks>
public sealed class ContentChangeFeed(
    GuideLibrary library,
    IConnectionMultiplexer redis,
    IOptions<ContentFeedOptions> options,
    ILogger<ContentChangeFeed> logger) : BackgroundService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("epss:content-changed");

    /// <summary>This process, so that it ignores its own messages.</summary>
    private readonly string _server = Guid.NewGuid().ToString("N");

    /// <summary>Says that <see cref="_pending"/> has work; many messages in a burst make one read.</summary>
    private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _gate = new();

    /// <summary>Files to read again; null: the whole folder.</summary>
    private HashSet<string>? _pending = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        library.Changed += OnChanged;
        library.TextsRead += OnTextsRead;
        redis.ConnectionRestored += OnConnectionRestored;
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel, (_, message) =>
        {
            if (Parse(message) is { } change && change.Server != _server)
            {
                Request(change.Paths);
            }
        });
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        library.Changed -= OnChanged;
        library.TextsRead -= OnTextsRead;
        redis.ConnectionRestored -= OnConnectionRestored;
        _wake.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var safetyNet = new PeriodicTimer(options.Value.RescanInterval);
        var ticks = Task.Run(async () =>
        {
            while (await safetyNet.WaitForNextTickAsync(stoppingToken))
            {
                Request(null);
            }
        }, stoppingToken);

        try
        {
            await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
            {
                HashSet<string>? paths;
                lock (_gate)
                {
                    paths = _pending;
                    _pending = [];
                }
                if (!library.IsLoaded)
                {
                    continue; // the first load reads everything anyway
                }
                try
                {
                    // Read as Remote: what another server named is not announced again.
                    var change = paths is null ? library.Rescan(stoppingToken, GuideChangeOrigin.Remote) : library.Refresh(paths, GuideChangeOrigin.Remote);
                    if (!change.Upserted.IsEmpty || !change.Removed.IsEmpty)
                    {
                        Log.FeedApplied(logger, change.Upserted.Length, change.Removed.Length);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.FeedRescanFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await ticks.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    // A changed guide file is always read or written first (TextsRead names it); a removal or a synonym list has no text to name.
    private void OnChanged(GuideLibraryChange change)
    {
        if (change.Origin != GuideChangeOrigin.Remote && (!change.Removed.IsEmpty || change.SynonymsChanged))
        {
            Announce(null);
        }
    }

    /// <summary>This server's own reads and publishes; what another server named (<see cref="GuideChangeOrigin.Remote"/>) it announced itself.</summary>
    private void OnTextsRead(IReadOnlyList<GuideFileText> texts)
    {
        var own = texts.Where(t => t.Origin != GuideChangeOrigin.Remote).Select(t => t.Path).ToList();
        if (own.Count > 0)
        {
            Announce(own);
        }
    }

    /// <param name="paths">The files read, relative to the content folder; null: read the whole folder.</param>
    private void Announce(IEnumerable<string>? paths)
    {
        var message = paths is null ? _server : _server + "\n" + string.Join('\n', paths);
        // Fire and forget: the library's update must not wait for Redis; a lost message is caught up by the safety net.
        _ = redis.GetSubscriber().PublishAsync(Channel, message, CommandFlags.FireAndForget);
    }

    private void Request(IReadOnlyList<string>? paths)
    {
        lock (_gate)
        {
            if (paths is null || _pending is null)
            {
                _pending = null;
            }
            else
            {
                _pending.UnionWith(paths);
            }
        }
        _wake.Writer.TryWrite(true);
    }

    /// <summary>"server" alone (read the whole folder) or "server\npath\npath…"; paths must stay inside the folder.</summary>
    private static (string Server, IReadOnlyList<string>? Paths)? Parse(RedisValue message)
    {
        var text = (string?)message;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var lines = text.Split('\n');
        if (lines.Length == 1)
        {
            return (lines[0], null);
        }
        var paths = lines[1..];
        // Another server only ever names files in the folder; anything else is read as "read the whole folder".
        return paths.All(IsSafeRelativePath) ? (lines[0], paths) : (lines[0], null);
    }

    private static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && !Path.IsPathRooted(path) && !path.Split('/', '\\').Any(part => part is ".." or "");

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => Request(null);
}
