using System.Net.Http.Headers;
using Epss.Accounts;
using Epss.Testing;
using Epss.Testing.Services;

namespace Epss.ScaleOut.Tests.Support;

/// <summary>
/// Two real Epss servers as a municipality runs them side by side: one Redis, one PostgreSQL database, one shared
/// content folder and one shared data folder (users, keys), and a data folder of each server's own (its index).
/// The servers' folder watchers are off, so everything one server learns of the other's changes comes through the
/// change feed — as on a network file system whose changes no watcher sees.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly TempDataFolder _dataA = new("epss-a-");
    private readonly TempDataFolder _dataB = new("epss-b-");

    private Cluster(RedisServer redis, string postgreSql)
    {
        Redis = redis;
        PostgreSql = postgreSql;
        Content = new TempContentFolder().WithSampleContent();
        Shared = new TempDataFolder("epss-shared-");
        Accounts = AccountStore.Create(new AccountsOptions { DataPath = Shared.Path });
    }

    public RedisServer Redis { get; }

    public string PostgreSql { get; }

    public TempContentFolder Content { get; }

    public TempDataFolder Shared { get; }

    /// <summary>The users and tokens of both servers (accounts.db in the shared folder).</summary>
    public AccountStore Accounts { get; }

    public EpssServerProcess A { get; private set; } = null!;

    public EpssServerProcess B { get; private set; } = null!;

    public static async Task<Cluster> StartAsync(CancellationToken cancellationToken)
    {
        var redis = await RedisServer.StartAsync();
        var postgres = await PostgresServer.SharedAsync();
        var cluster = new Cluster(redis, await postgres.CreateDatabaseAsync("scaleout"));
        try
        {
            // One after the other would hide a race at first start (both migrating the same empty database): start both.
            var a = cluster.StartServerAsync(cluster._dataA.Path, cancellationToken);
            var b = cluster.StartServerAsync(cluster._dataB.Path, cancellationToken);
            cluster.A = await a;
            cluster.B = await b;
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts server A again on its own data folder (after a test killed it).</summary>
    public async Task RestartAAsync(CancellationToken cancellationToken) => A = await StartServerAsync(_dataA.Path, cancellationToken);

    public async Task<EpssServerProcess> StartServerAsync(string dataPath, CancellationToken cancellationToken)
    {
        var server = await EpssServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Epss:ContentPath"] = Content.Path,
            ["Epss:DataPath"] = dataPath,
            ["Epss:SharedDataPath"] = Shared.Path,
            ["Epss:Redis"] = Redis.Configuration,
            ["Epss:PostgreSql"] = PostgreSql,
            ["Epss:WatchContent"] = "false",
            ["Epss:AllowAnonymousReading"] = "true",
        }, cancellationToken);
        _owned.Add(server);
        return server;
    }

    /// <summary>A user with <paramref name="role"/> and an API token, valid on both servers.</summary>
    public async Task<string> AddUserAsync(string name, string role, CancellationToken cancellationToken)
    {
        await Accounts.AddAsync(new NewAccount(name, null, [role], "Wachtwoord-voor-" + name), cancellationToken);
        return (await Accounts.CreateTokenAsync(name, "test", cancellationToken)).Token;
    }

    public static HttpClient Client(EpssServerProcess server, string? token = null)
    {
        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Both servers' output, for failure messages.</summary>
    public string Transcripts() => $"--- A:\n{A?.Transcript()}\n--- B:\n{B?.Transcript()}";

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
        await Redis.DisposeAsync();
        Content.Dispose();
        Shared.Dispose();
        _dataA.Dispose();
        _dataB.Dispose();
    }
}
