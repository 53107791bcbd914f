using System.Net;
using Epss.Accounts;
using Epss.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Epss.EndToEnd.Tests.Support;

/// <summary>
/// The real server on a fixed loopback port, serving a copy of the sample content, with a data folder of its own.
/// It can be stopped and started again on the same port and data, as when a server restarts under open panels.
/// </summary>
public sealed class PanelServer : IAsyncDisposable
{
    private readonly TempDataFolder _data = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Factory? _factory;

    private PanelServer(TempContentFolder content, int port, IReadOnlyDictionary<string, string> settings)
    {
        Content = content;
        Port = port;
        _settings = settings;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public TempContentFolder Content { get; }

    public int Port { get; }

    public Uri Address { get; }

    public string DataPath => _data.Path;

    public TestLog Log { get; private set; } = new();

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("The server is stopped.")).Services;

    /// <param name="settings">Configuration on top of the server's own, such as <c>Epss:AllowAnonymousReading=false</c>.</param>
    /// <param name="settingsFor">
    /// More configuration that depends on the server's address (called again when a port was taken), such as the origin
    /// of a demo host started for it that may frame the panel (<c>Epss:HostApplications</c>).
    /// </param>
    public static async Task<PanelServer> StartAsync(
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null, Func<Uri, Task<IReadOnlyDictionary<string, string>>>? settingsFor = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.OnLoopback();
            var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
            if (settingsFor is not null)
            {
                foreach (var (key, value) in await settingsFor(new Uri($"http://127.0.0.1:{port}")))
                {
                    all[key] = value;
                }
            }
            var server = new PanelServer(new TempContentFolder().WithSampleContent(), port, all);
            try
            {
                await server.StartAgainAsync(cancellationToken);
                return server;
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // The free port was taken between looking and binding (another test's outgoing connection can get it as
                // its local port): try another one.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts (again) on the same port, content and data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (_factory is not null)
        {
            throw new InvalidOperationException("The server is running.");
        }
        _factory = new Factory(Content.Path, _data.Path, Port, Log, _settings);
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

    /// <summary>
    /// Adds a user with <paramref name="roles"/> to this server's accounts, through its own <see cref="AccountStore"/>
    /// (as <c>epss users add</c> does), and returns an API token for it (as <c>epss users token</c> prints).
    /// </summary>
    public async Task<string> AddUserWithTokenAsync(string name, CancellationToken cancellationToken, params string[] roles)
    {
        var store = Services.GetRequiredService<AccountStore>();
        await store.AddAsync(new NewAccount(name, null, roles, "correct-paard-batterij-niet"), cancellationToken);
        return (await store.CreateTokenAsync(name, "e2e", cancellationToken)).Token;
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

    private sealed class Factory : WebApplicationFactory<Program>
    {
        private readonly string _content;
        private readonly string _data;
        private readonly TestLog _log;
        private readonly IReadOnlyDictionary<string, string> _settings;

        public Factory(string content, string data, int port, TestLog log, IReadOnlyDictionary<string, string> settings)
        {
            _content = content;
            _data = data;
            _log = log;
            _settings = settings;
            this.UseKestrel(port);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Epss:ContentPath", _content);
            builder.UseSetting("Epss:DataPath", _data);
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_log));
        }
    }
}
