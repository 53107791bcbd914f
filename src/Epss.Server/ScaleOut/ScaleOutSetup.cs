using Epss.Authoring;
using StackExchange.Redis;

namespace Epss.Server.ScaleOut;

/// <summary>
/// Several servers behind one address: SignalR's Redis backplane and the content change feed when <c>Epss:Redis</c>
/// is set. Without it nothing is registered and the one-machine default is unchanged.
/// </summary>
public static class ScaleOutSetup
{
    /// <summary>
    /// Registers what <paramref name="scaleOut"/> asks for. The editor's presence is chosen here, once: in this process,
    /// or across servers in Redis.
    /// </summary>
    public static WebApplicationBuilder AddEpssScaleOut(this WebApplicationBuilder builder, ScaleOutOptions scaleOut)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scaleOut);
        if (!scaleOut.HasRedis)
        {
            builder.Services.AddSingleton<IEditorPresence>(sp => sp.GetRequiredService<EditorPresence>());
            return builder;
        }
        var configuration = RedisConfiguration(scaleOut.Redis!);
        // Editor notices and presence go to experts on every server. A guide update goes to a group of this server's
        // own panels (see GuideUpdates): one message on its channel, heard by this server only.
        builder.Services.AddSignalR().AddStackExchangeRedis(options =>
        {
            options.Configuration = configuration.Clone();
            options.Configuration.ChannelPrefix = RedisChannel.Literal("epss");
        });
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connection = ConnectionMultiplexer.Connect(configuration.Clone());
            return connection;
        });
        builder.Services.AddOptions<ContentFeedOptions>().BindConfiguration(ContentFeedOptions.SectionName)
            .Validate(options => options.RescanInterval >= ContentFeedOptions.MinimumRescanInterval && options.RescanInterval <= ContentFeedOptions.MaximumRescanInterval,
                $"Epss:ContentFeed:RescanInterval lies between {ContentFeedOptions.MinimumRescanInterval} and {ContentFeedOptions.MaximumRescanInterval} " +
                "(hh:mm:ss): how often each server reads the content folder again in case a change message was missed.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ContentChangeFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ContentChangeFeed>());
        builder.Services.AddSingleton<RedisEditorPresence>();
        builder.Services.AddSingleton<IEditorPresence>(sp => sp.GetRequiredService<RedisEditorPresence>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisEditorPresence>());
        return builder;
    }

    /// <summary>
    /// The configuration string, made tolerant: a server starts while Redis is still starting (or down) and connects
    /// when it can, instead of refusing to start.
    /// </summary>
    public static ConfigurationOptions RedisConfiguration(string redis)
    {
        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "epss-" + Environment.MachineName;
        return options;
    }
}

/// <summary>Settings of the content change feed (only used with <c>Epss:Redis</c>).</summary>
public sealed class ContentFeedOptions
{
    public const string SectionName = "Epss:ContentFeed";

    /// <summary>
    /// How often the folder is read again whatever the feed says: the safety net for a message missed while Redis was
    /// away, and for shared file systems whose changes no watcher sees.
    /// </summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Less would have every server re-read the whole folder all the time.</summary>
    public static readonly TimeSpan MinimumRescanInterval = TimeSpan.FromSeconds(1);

    /// <summary>More would leave a server on a missed change for longer than anyone waits for it.</summary>
    public static readonly TimeSpan MaximumRescanInterval = TimeSpan.FromDays(1);
}
