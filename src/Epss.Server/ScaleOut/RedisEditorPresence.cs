using System.Globalization;
using Epss.Authoring;
using StackExchange.Redis;

namespace Epss.Server.ScaleOut;

/// <summary>
/// Presence across servers: who has a guide open in the editor, whichever server their tab is connected to. Each
/// server keeps its own connections (<see cref="EditorPresence"/>) and mirrors them into a Redis hash per guide
/// (field: connection, value: name and when last confirmed). A server that dies cannot remove its entries, so each
/// server confirms its own every <see cref="RefreshInterval"/> and readers ignore (and clear) what is older than
/// <see cref="StaleAfter"/>. Presence is a courtesy: when Redis is away, this server's own experts are shown.
/// </summary>
public sealed class RedisEditorPresence(EditorPresence local, IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisEditorPresence> logger)
    : BackgroundService, IEditorPresence
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(90);

    public async Task<(string? Left, string[] Present)> EnterAsync(string connectionId, string guideId, string name)
    {
        var (left, _) = local.Enter(connectionId, guideId, name);
        await TryAsync(async db =>
        {
            if (left is not null)
            {
                await db.HashDeleteAsync(Key(left), connectionId);
            }
            await db.HashSetAsync(Key(guideId), connectionId, Entry(name));
        });
        return (left, await PresentAsync(guideId));
    }

    public async Task<string?> LeaveAsync(string connectionId)
    {
        var left = local.Leave(connectionId);
        if (left is not null)
        {
            await TryAsync(db => db.HashDeleteAsync(Key(left), connectionId));
        }
        return left;
    }

    public async Task<string[]> PresentAsync(string guideId)
    {
        try
        {
            var db = redis.GetDatabase();
            var entries = await db.HashGetAllAsync(Key(guideId));
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            var stale = new List<RedisValue>();
            foreach (var entry in entries)
            {
                if (Parse(entry.Value) is { } parsed && now - parsed.Seen <= StaleAfter.TotalSeconds)
                {
                    names.Add(parsed.Name);
                }
                else
                {
                    stale.Add(entry.Name);
                }
            }
            if (stale.Count > 0)
            {
                await db.HashDeleteAsync(Key(guideId), [.. stale]);
            }
            // This server's own are present whatever Redis said (an entry may still be on its way).
            names.UnionWith(local.Present(guideId));
            return [.. names];
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.PresenceUnavailable(logger, e);
            return local.Present(guideId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var mine = local.All();
            await TryAsync(async db =>
            {
                foreach (var (connectionId, guideId, name) in mine)
                {
                    await db.HashSetAsync(Key(guideId), connectionId, Entry(name));
                }
            });
        }
    }

    private static RedisKey Key(string guideId) => "epss:presence:" + guideId;

    private RedisValue Entry(string name) => time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n" + name;

    private static (long Seen, string Name)? Parse(RedisValue value)
    {
        var text = (string?)value;
        var split = text?.IndexOf('\n', StringComparison.Ordinal) ?? -1;
        return split > 0 && long.TryParse(text.AsSpan(0, split), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seen)
            ? (seen, text![(split + 1)..])
            : null;
    }

    private async Task TryAsync(Func<IDatabase, Task> write)
    {
        try
        {
            await write(redis.GetDatabase());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.PresenceUnavailable(logger, e);
        }
    }
}
