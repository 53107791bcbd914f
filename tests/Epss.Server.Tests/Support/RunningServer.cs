using System.Net;
using Epss.Testing;

namespace Epss.Server.Tests.Support;

/// <summary>
/// One started server with everything it owns: its content folder, its data folder, its log and a client that talks
/// to it over real HTTP. Disposing it stops the server, fails the test on unexpected logged errors and removes the folders.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    /// <summary>How long start-up (loading the guides, building the index) may take before the test fails.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDataFolder? _data;
    private readonly EpssServerFactory _factory;

    private RunningServer(TempContentFolder content, TempDataFolder? data, TestLog log, EpssServerFactory factory, HttpClient client)
    {
        Content = content;
        _data = data;
        Log = log;
        _factory = factory;
        Client = client;
    }

    /// <summary>The content folder the server serves; tests write guides into it.</summary>
    public TempContentFolder Content { get; }

    public TestLog Log { get; }

    /// <summary>A client for the server's real address.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The server's data folder (its accounts.db, index and usage database).</summary>
    public string DataPath => _factory.DataPath;

    /// <summary>
    /// Starts a server on <paramref name="content"/> (which it then owns) and waits until /healthz answers 200. The
    /// index goes into <paramref name="dataPath"/> when given (the caller owns that folder), else into a data folder of its own.
    /// </summary>
    public static async Task<RunningServer> StartAsync(
        TempContentFolder content, CancellationToken cancellationToken, string? dataPath = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var data = dataPath is null ? new TempDataFolder() : null;
        var log = new TestLog().ExpectErrors(IsHealthProbeWhileLoading);
        var factory = new EpssServerFactory(content.Path, dataPath ?? data!.Path, log, settings);
        try
        {
            factory.StartServer();
            var client = factory.CreateClient();
            var server = new RunningServer(content, data, log, factory, client);
            await WaitUntilReadyAsync(client, cancellationToken);
            return server;
        }
        catch
        {
            await factory.DisposeAsync();
            data?.Dispose();
            content.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ASP.NET Core's health-check service logs an unhealthy result at Error level; while the server loads its guides,
    /// /healthz is meant to answer 503, so those entries are expected.
    /// </summary>
    public static bool IsHealthProbeWhileLoading(LogEntry entry) =>
        entry.Category == "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"
        && entry.Message.Contains("De gidsen worden nog geladen.", StringComparison.Ordinal);

    public static Task WaitUntilReadyAsync(HttpClient client, CancellationToken cancellationToken) =>
        Eventually.TrueAsync(
            async () =>
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                return response.StatusCode == HttpStatusCode.OK;
            },
            "the server answers GET /healthz with 200", ReadyTimeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            Client.Dispose();
            await _factory.DisposeAsync();
            Log.Dispose();
        }
        finally
        {
            _data?.Dispose();
            Content.Dispose();
        }
    }
}
