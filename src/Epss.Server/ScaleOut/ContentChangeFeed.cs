using Epss.Content.Library;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Epss.Server.ScaleOut;

/// <summary>
/// The content change feed between servers that share a content folder, over a Redis channel: what this server's
/// library read or wrote itself is published, and what other servers published is read again here (the feed itself,
/// which files and when, is <see cref="GuideLibraryFeed"/>'s). A server that missed messages (Redis away) reads the
/// whole folder when the connection comes back and at every <see cref="ContentFeedOptions.RescanInterval"/>.
/// </summary>
public sealed class ContentChangeFeed(
    GuideLibrary library,
    IConnectionMultiplexer redis,
    IOptions<ContentFeedOptions> options,
    ILogger<GuideLibraryFeed> logger) : BackgroundService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("epss:content-changed");

    private readonly GuideLibraryFeed _feed = new(library, logger);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _feed.Announce += Publish;
        redis.ConnectionRestored += OnConnectionRestored;
        await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => _feed.Receive(message));
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _feed.Announce -= Publish;
        redis.ConnectionRestored -= OnConnectionRestored;
        _feed.Dispose();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _feed.RunAsync(options.Value.RescanInterval, stoppingToken);

    // Fire and forget: the library's update must not wait for Redis; a lost message is caught up by the rescan.
    private void Publish(string message) => _ = redis.GetSubscriber().PublishAsync(Channel, message, CommandFlags.FireAndForget);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _feed.RescanAll();
}
