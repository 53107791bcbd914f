using System.Collections.Concurrent;
using System.Text.Json;
using Epss.EndToEnd.Tests.Support;
using Epss.Testing;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Layer.Support;

/// <summary>
/// One test of the layer over the host application: the real Epss server on a copy of the sample content, the demo
/// Burgerzaken application (with or without the overlay's script tag) and Debian's Chromium with a fresh profile —
/// with the unpacked extension loaded (src/extension/dist/extension) when <c>extension</c> is true. Script errors on
/// any page are kept and fail the test at <see cref="AssertNoErrors"/>.
/// </summary>
public sealed class LayerSession : IAsyncDisposable
{
    public static readonly string ExtensionFolder = Path.Combine(RepositoryRoot.Path, "src", "extension", "dist", "extension");

    public static string ScreenshotFolder => Path.Combine(RepositoryRoot.Path, "src", "extension", "screenshots");

    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<IWebSocket> _sidePanelWebSockets = new();
    private readonly TempDataFolder _profile;
    private readonly IPlaywright _playwright;
    private IPage? _control;

    private LayerSession(PanelServer server, DemoHost host, TempDataFolder profile, IPlaywright playwright, IBrowserContext context)
    {
        Server = server;
        Host = host;
        _profile = profile;
        _playwright = playwright;
        Context = context;
        context.Page += (_, page) => Watch(page);
        foreach (var page in context.Pages)
        {
            Watch(page);
        }
    }

    public PanelServer Server { get; }

    public DemoHost Host { get; }

    public IBrowserContext Context { get; }

    /// <summary>The extension's id (from its service worker's URL); null without the extension.</summary>
    public string? ExtensionId { get; private set; }

    /// <summary>The WebSockets the side panel pages opened (their frames' included), in the order they were opened.</summary>
    public IReadOnlyList<IWebSocket> SidePanelWebSockets => [.. _sidePanelWebSockets];

    /// <param name="serverSettings">Configuration for the Epss server on top of its own (see <see cref="PanelServer.StartAsync"/>).</param>
    public static async Task<LayerSession> StartAsync(bool extension, bool overlay, CancellationToken ct, IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        if (extension && !File.Exists(Path.Combine(ExtensionFolder, "manifest.json")))
        {
            throw new InvalidOperationException($"The extension is not built ({ExtensionFolder}): build src/Epss.Server, which builds src/extension.");
        }
        DemoHost? host = null;
        PanelServer server;
        try
        {
            // The demo host is a host application of this server and the extension its extension: their pages may
            // frame the panel (CSP frame-ancestors), no other.
            server = await PanelServer.StartAsync(ct, serverSettings, async address =>
            {
                if (host is not null)
                {
                    await host.DisposeAsync();
                }
                host = await DemoHost.StartAsync(address, overlay, ct);
                var settings = new Dictionary<string, string> { ["Epss:HostApplications:0"] = host.Address.GetLeftPart(UriPartial.Authority) };
                if (extension)
                {
                    settings["Epss:ExtensionOrigins:0"] = $"chrome-extension://{ExtensionIdOf(ExtensionFolder)}";
                }
                return settings;
            });
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            throw;
        }
        TempDataFolder? profile = null;
        IPlaywright? playwright = null;
        try
        {
            profile = new TempDataFolder();
            playwright = await Playwright.CreateAsync();
            List<string> args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                // Chromium's own headless mode, which (unlike Playwright's headless shell) runs extensions.
                "--headless=new",
            ];
            if (extension)
            {
                args.Add($"--disable-extensions-except={ExtensionFolder}");
                args.Add($"--load-extension={ExtensionFolder}");
            }
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Chromium.ExecutablePath,
                Headless = false,
                Args = args,
                IgnoreDefaultArgs = extension ? ["--disable-extensions"] : null,
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
                Locale = "nl-NL",
            });
            if (extension)
            {
                // The panel, framed by the chrome-extension:// page, connects to its server on loopback: Chromium's
                // Local Network Access asks the official once to allow that. A test cannot answer the prompt, so it
                // grants the permission as the official would.
                await context.GrantPermissionsAsync(["local-network-access"]);
            }
            var session = new LayerSession(server, host!, profile, playwright, context);
            if (extension)
            {
                await session.ConfigureExtensionAsync();
            }
            return session;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            profile?.Dispose();
            playwright?.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Points the extension at this test's server and the demo host (any port of 127.0.0.1, within the manifest's
    /// host permissions), as the options page would, and waits until the service worker has registered the content
    /// script for it.
    /// </summary>
    private async Task ConfigureExtensionAsync()
    {
        ExtensionId = ExtensionIdOf(ExtensionFolder);
        // Playwright for .NET does not hand out service workers; an extension page has the same chrome.* APIs.
        _control = await Context.NewPageAsync();
        await _control.GotoAsync($"chrome-extension://{ExtensionId}/options.html");
        var settings = new { server = Server.Address.GetLeftPart(UriPartial.Authority), rules = new[] { new { pattern = "http://127.0.0.1/*", app = "burgerzaken" } } };
        await _control.EvaluateAsync("settings => chrome.storage.local.set({ settings })", settings);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var matches = await _control.EvaluateAsync<string>(
                "async () => JSON.stringify((await chrome.scripting.getRegisteredContentScripts()).flatMap(s => s.matches ?? []))");
            if (matches.Contains("http://127.0.0.1/*", StringComparison.Ordinal))
            {
                return;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail("The service worker did not register the content script for http://127.0.0.1/* within 10 s; registered: " + matches);
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The id Chromium gives the extension: from the development key in its manifest (the build puts it there, so that
    /// the sample settings' Epss:ExtensionOrigins names it), the SHA-256 of the key, the first 32 hex digits written
    /// with the letters a–p.
    /// </summary>
    public static string ExtensionIdOf(string folder)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        var key = Convert.FromBase64String(manifest.RootElement.GetProperty("key").GetString()!);
        var hash = System.Security.Cryptography.SHA256.HashData(key);
        return string.Concat(Convert.ToHexStringLower(hash)[..32].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));
    }

    /// <summary>
    /// The application no longer has the field that step <c>document</c> of <c>identiteit-vaststellen-aanvraag</c>
    /// points at: its target is changed in the server's content folder, and this waits until the server serves it.
    /// </summary>
    public async Task BreakDocumentTargetAsync(CancellationToken ct)
    {
        var file = Server.Content.FullPath("identiteit-vaststellen-aanvraag.md");
        var text = await File.ReadAllTextAsync(file, ct);
        const string target = "target=\"#documentnummer, #rijbewijs-identiteitsbewijs\"";
        Assert.Contains(target, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, text.Replace(target, "target=\"#documentnummer-oud\"", StringComparison.Ordinal), ct);
        using var http = new HttpClient { BaseAddress = Server.Address };
        for (var attempt = 0; !(await http.GetStringAsync(new Uri("/api/guides/identiteit-vaststellen-aanvraag", UriKind.Relative), ct)).Contains("#documentnummer-oud", StringComparison.Ordinal); attempt++)
        {
            Assert.True(attempt < 100, "The server did not pick up the changed guide within 10 s.");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Opens a page of the demo host in a new tab and waits until it has rendered.</summary>
    public async Task<IPage> OpenHostAsync(string path)
    {
        var page = await Context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        var response = await page.GotoAsync(Host.Page(path).ToString());
        Assert.Equal(200, response!.Status);
        return page;
    }

    /// <summary>The extension's side panel page opened as a tab that follows <paramref name="host"/>'s tab.</summary>
    public async Task<IPage> OpenSidePanelAsync(IPage host)
    {
        var tabId = await TabIdAsync(host);
        var page = await Context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        page.WebSocket += (_, socket) => _sidePanelWebSockets.Enqueue(socket);
        await page.SetViewportSizeAsync(360, 800);
        await page.GotoAsync($"chrome-extension://{ExtensionId}/sidepanel.html?tab={tabId}");
        // Back to the host tab: it is the one the official looks at (and rAF runs only in a visible tab).
        await host.BringToFrontAsync();
        return page;
    }

    /// <summary>The tab id Chrome gave <paramref name="page"/>, found through the service worker by a unique marker in the URL.</summary>
    private async Task<int> TabIdAsync(IPage page)
    {
        var worker = _control ?? throw new InvalidOperationException("No extension loaded.");
        // A mark in the page, read back through chrome.scripting: no tabs permission is needed for that.
        var marker = Guid.NewGuid().ToString("N");
        await page.EvaluateAsync("marker => document.documentElement.dataset.epssTestMarker = marker", marker);
        var id = await worker.EvaluateAsync<int>(
            """
            async marker => {
              for (const tab of await chrome.tabs.query({})) {
                try {
                  const [result] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: () => document.documentElement.dataset.epssTestMarker ?? null });
                  if (result?.result === marker) return tab.id;
                } catch { }
              }
              return -1;
            }
            """,
            marker);
        Assert.True(id >= 0, "The host page's tab was not found.");
        return id;
    }

    /// <summary>The panel inside a page of the layer (the side panel page, or the host page with the overlay).</summary>
    public static IFrameLocator Panel(IPage page, string frameSelector = "iframe") => page.FrameLocator(frameSelector);

    /// <summary>The options page of the extension (the page the session configured the extension through).</summary>
    public IPage OptionsPage => _control ?? throw new InvalidOperationException("No extension loaded.");

    /// <summary>Fails the test when any page had a script error, other than those containing one of <paramref name="expected"/>.</summary>
    public void AssertNoErrors(params string[] expected)
    {
        var errors = _errors.Where(error => !expected.Any(e => error.Contains(e, StringComparison.Ordinal))).ToList();
        if (errors.Count > 0)
        {
            Assert.Fail("Pages reported errors:\n" + string.Join('\n', errors));
        }
    }

    private void Watch(IPage page)
    {
        page.PageError += (_, error) => _errors.Enqueue($"page error on {page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue($"console error on {page.Url}: {message.Text} ({message.Location})");
            }
        };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
            await Context.DisposeAsync();
        }
        finally
        {
            _playwright.Dispose();
            await Host.DisposeAsync();
            await Server.DisposeAsync();
            _profile.Dispose();
        }
    }
}

/// <summary>Where an element is drawn, in the viewport of its own document.</summary>
public sealed record Box(double X, double Y, double Width, double Height)
{
    public bool Overlaps(Box other) => X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;

    public static Box Parse(string json) => JsonSerializer.Deserialize<Box>(json, JsonSerializerOptions.Web)!;
}
