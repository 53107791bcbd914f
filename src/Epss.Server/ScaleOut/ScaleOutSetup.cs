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
        var configuration = RedisConfiguration(scaleOut);
        // Editor notices and presence go to experts on every server. A guide update goes to a group of this server's
        // own panels (see GuideUpdates): one message on its channel, heard by this server only.
        builder.Services.AddSignalR().AddStackExchangeRedis(options =>
        {
            options.Configuration = configuration.Clone();
            options.Configuration.ChannelPrefix = RedisChannel.Literal("epss");
        });
        // First of the scale-out services: a Redis that refuses Epss's password stops the start with the reason.
        builder.Services.AddHostedService(_ => new RedisSignInCheck(configuration.Clone()));
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
    public static ConfigurationOptions RedisConfiguration(ScaleOutOptions scaleOut)
    {
        ArgumentNullException.ThrowIfNull(scaleOut);
        var options = ConfigurationOptions.Parse(scaleOut.Redis!);
        if (!string.IsNullOrEmpty(scaleOut.RedisPassword))
        {
            options.Password = scaleOut.RedisPassword;
        }
        if (!string.IsNullOrEmpty(scaleOut.RedisUser))
        {
            options.User = scaleOut.RedisUser;
        }
        if (!string.IsNullOrWhiteSpace(scaleOut.RedisCaCertificate))
        {
            options.Ssl = true;
            options.TrustIssuer(scaleOut.RedisCaCertificate);
        }
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

/// <summary>
/// Connects to Redis once at start. A Redis that refuses the sign-in (no or a wrong <c>Epss:RedisPassword</c>) will
/// never work, so the start stops with the reason; a Redis that is not there yet is waited for, as before.
/// </summary>
internal sealed class RedisSignInCheck(ConfigurationOptions configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        configuration.AbortOnConnectFail = true;
        configuration.ConnectRetry = 1;
        configuration.ConnectTimeout = 5000;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken);
        }
        catch (RedisConnectionException e) when (e.FailureType == ConnectionFailureType.AuthenticationFailure || IsRefusedSignIn(e))
        {
            throw new InvalidOperationException(
                $"Redis ({string.Join(", ", configuration.EndPoints)}) refused Epss's sign-in: set Epss:RedisPassword (and Epss:RedisUser for an ACL user) " +
                "to what Redis requires (requirepass or its ACL).", e);
        }
        catch (RedisConnectionException)
        {
            // Not reachable now: the server starts and connects when Redis is back.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsRefusedSignIn(Exception e) =>
        e.ToString() is var text && (text.Contains("NOAUTH", StringComparison.Ordinal) || text.Contains("WRONGPASS", StringComparison.Ordinal));
}
