using Epss.Testing;
using Epss.Testing.Services;
using StackExchange.Redis;

namespace Epss.ScaleOut.Tests;

/// <summary>
/// Issue 16, point 12: a Redis that requires a password, as docker/'s does. Without it anything on the network could
/// push a forged change to every server's panels; Epss signs in with <c>Epss:RedisPassword</c>, and a server without
/// the right one stops at start with the reason instead of running without its backplane.
/// </summary>
public sealed class RedisPasswordTests
{
    private const string Password = "redis-wachtwoord-voor-de-test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Settings(TempContentFolder content, TempDataFolder data, RedisServer redis) => new()
    {
        ["Epss:ContentPath"] = content.Path,
        ["Epss:DataPath"] = data.Path,
        ["Epss:Redis"] = redis.Configuration,
        ["Epss:WatchContent"] = "false",
    };

    [Fact]
    public async Task Server_without_the_password_stops_at_start_with_the_setting_to_give()
    {
        await using var redis = await RedisServer.StartAsync(Password);
        using var content = new TempContentFolder().WithSampleContent();
        using var data = new TempDataFolder();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EpssServerProcess.StartAsync(Settings(content, data, redis), Ct));

        Assert.Contains("refused Epss's sign-in", error.Message, StringComparison.Ordinal);
        Assert.Contains("Epss:RedisPassword", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_with_the_password_runs_and_a_client_without_it_cannot_publish_a_change()
    {
        await using var redis = await RedisServer.StartAsync(Password);
        using var content = new TempContentFolder().WithSampleContent();
        using var data = new TempDataFolder();
        var settings = Settings(content, data, redis);
        settings["Epss:RedisPassword"] = Password;

        await using var server = await EpssServerProcess.StartAsync(settings, Ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        using var guides = await http.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, guides.StatusCode);

        // Someone else on the network: a forged message on the feed's channel is refused.
        await using var intruder = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",abortConnect=false,connectTimeout=2000");
        await Assert.ThrowsAnyAsync<RedisException>(() => intruder.GetSubscriber().PublishAsync(RedisChannel.Literal("epss-content"), "identiteit-vaststellen-aanvraag.md"));
    }
}
