using System.Net;
using System.Net.Sockets;
using Epss.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Epss.EndToEnd.Tests.Support;

/// <summary>
/// The real server on a fixed loopback port, serving a copy of the sample content, with a data folder of its own.
/// It can be stopped and started again on the same port and data, as when a server restarts under open panels.
/// </summary>
public sealed class PanelServer : IAsyncDisposable
{
    private readonly TempDataFolder _data = new();
    private Factory? _factory;

    private PanelServer(TempContentFolder content, int port)
    {
        Content = content;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public TempContentFolder Content { get; }

    public int Port { get; }

    public Uri Address { get; }

    public string DataPath => _data.Path;

    public TestLog Log { get; private set; } = new();

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("The server is stopped.")).Services;

    public static async Task<PanelServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new PanelServer(new TempContentFolder().WithSampleContent(), FreePort());
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts (again) on the same port, content and data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (_factory is not null)
        {
            throw new InvalidOperationException("The server is running.");
        }
        _factory = new Factory(Content.Path, _data.Path, Port, Log);
        _factory.StartServer();
        using var client = new HttpClient { BaseAddress = Address };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 300)
            {
            }
            if (attempt >= 300)
            {
                throw new TimeoutException("The server did not become ready within 30 s.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops the server; panels see their connection drop.</summary>
    public async Task StopAsync()
    {
        if (_factory is { } factory)
        {
            _factory = null;
            await factory.DisposeAsync();
        }
    }

    public Uri PanelUrl(string? pageUrl = null, string? pageTitle = null, string app = "burgerzaken")
    {
        var query = new List<string>();
        if (pageUrl is not null)
        {
            query.Add("url=" + Uri.EscapeDataString(pageUrl));
        }
        if (pageTitle is not null)
        {
            query.Add("title=" + Uri.EscapeDataString(pageTitle));
        }
        query.Add("app=" + Uri.EscapeDataString(app));
        return new Uri(Address, "/panel?" + string.Join('&', query));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
            Log.Dispose();
        }
        finally
        {
            _data.Dispose();
            Content.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Factory : WebApplicationFactory<Program>
    {
        private readonly string _content;
        private readonly string _data;
        private readonly TestLog _log;

        public Factory(string content, string data, int port, TestLog log)
        {
            _content = content;
            _data = data;
            _log = log;
            this.UseKestrel(port);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Epss:ContentPath", _content);
            builder.UseSetting("Epss:DataPath", _data);
            builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_log));
        }
    }
}
