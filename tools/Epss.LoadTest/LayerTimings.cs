using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Epss.Testing;
using Microsoft.Playwright;

namespace Epss.LoadTest;

/// <summary>
/// What the layer over the host application costs, measured in Debian's Chromium: the time from a navigation in the
/// demo host (a click on its menu, history API) to the panel showing the suggestions for the new page — through the
/// overlay and through the browser extension —, and what the extension's content script adds to a page load.
/// Times come from the browser's own clock (<c>performance.timeOrigin + performance.now()</c>, shared by all frames
/// of one browser), not from this process.
/// </summary>
public static class LayerTimings
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] Pages =
        ["/klanten", "/reisdocument/aanvragen", "/vermissing", "/reisdocument/uitreiken", "/rijbewijs/aanvragen", "/rijbewijs/uitreiken"];

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--headless=new"];

    public sealed record NavigationFigures(string Layer, int Navigations, double P50, double P90, double Max);

    public sealed record LoadFigures(int Loads, double WithoutP50, double WithP50, double ControlP50, double DomWithoutP50, double DomWithP50);

    /// <summary>Navigations through the overlay: the demo host with the one script tag, the overlay opened.</summary>
    /// <remarks><paramref name="hostPort"/>: the port the server names in Epss:HostApplications, so its CSP lets the host frame the panel.</remarks>
    public static async Task<NavigationFigures> OverlayAsync(ServerProcess server, int hostPort, int navigations, CancellationToken cancellationToken)
    {
        await using var host = await DemoHostProcess.StartAsync(server.Address, overlay: true, cancellationToken, hostPort);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs[..^1] });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(host.Address, Pages[0]).AbsoluteUri);
        await page.Locator("epss-overlay button.launcher").ClickAsync();
        var panel = await PanelFrameAsync(page, cancellationToken);
        return await NavigateAsync("overlay", page, panel, navigations, cancellationToken);
    }

    /// <summary>Navigations through the extension: its side panel page beside the host tab, in a window of its own.</summary>
    public static async Task<NavigationFigures> ExtensionAsync(ServerProcess server, int navigations, CancellationToken cancellationToken)
    {
        await using var host = await DemoHostProcess.StartAsync(server.Address, overlay: false, cancellationToken);
        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("epss-timing-profile-");
        try
        {
            await using var context = await LaunchWithExtensionAsync(playwright, profile.FullName);
            var control = await ControlPageAsync(context);
            await ConfigureAsync(control, server.Address, host.Address);
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(host.Address, Pages[0]).AbsoluteUri);
            var tabId = await TabIdAsync(control, page);
            // A window of its own, as Chrome's side panel is beside the tab: both stay visible, so neither is throttled.
            var sidePanelPromise = context.WaitForPageAsync(new BrowserContextWaitForPageOptions { Predicate = p => p.Url.Contains("sidepanel.html", StringComparison.Ordinal) });
            await control.EvaluateAsync("url => chrome.windows.create({ url, type: 'popup', width: 360, height: 900 })", $"{ExtensionOrigin}/sidepanel.html?tab={tabId}");
            var sidePanel = await sidePanelPromise;
            var panel = await PanelFrameAsync(sidePanel, cancellationToken);
            return await NavigateAsync("extension", page, panel, navigations, cancellationToken);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Page loads with and without the content script in one browser with the extension: three demo hosts that serve
    /// the same pages, the extension configured for the first only, so that the content script is the one difference
    /// between the first and the second; the third, also without it, shows how far two identical hosts differ by
    /// chance. Loaded in a random order per round, so that no host always comes first.
    /// </summary>
    public static async Task<LoadFigures> ContentScriptAsync(ServerProcess server, int loads, CancellationToken cancellationToken)
    {
        await using var configured = await DemoHostProcess.StartAsync(server.Address, overlay: false, cancellationToken);
        await using var other = await DemoHostProcess.StartAsync(server.Address, overlay: false, cancellationToken);
        await using var control = await DemoHostProcess.StartAsync(server.Address, overlay: false, cancellationToken);
        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("epss-timing-load-");
        try
        {
            await using var context = await LaunchWithExtensionAsync(playwright, profile.FullName);
            var extensionPage = await ControlPageAsync(context);
            await ConfigureAsync(extensionPage, server.Address, configured.Address);
            var page = await context.NewPageAsync();
            string[] urls = [.. new[] { configured, other, control }.Select(host => new Uri(host.Address, "/reisdocument/aanvragen").AbsoluteUri)];
            var times = urls.Select(_ => new List<(double Load, double Dom)>()).ToArray();
            var random = new Random(7);
            for (var round = -3; round < loads; round++)
            {
                foreach (var which in Enumerable.Range(0, urls.Length).OrderBy(_ => random.Next()))
                {
                    var time = await LoadAsync(page, urls[which]);
                    if (round >= 0)
                    {
                        times[which].Add(time);
                    }
                }
            }

            // The content script answers on the configured host's page and is absent from the others.
            const string ask = "async tab => { try { return JSON.stringify(await chrome.tabs.sendMessage(tab, { kind: 'epss:page?' }) ?? null); } catch { return 'null'; } }";
            await LoadAsync(page, urls[0]);
            await Task.Delay(500, cancellationToken);
            var answerWith = await extensionPage.EvaluateAsync<string>(ask, await TabIdAsync(extensionPage, page));
            await LoadAsync(page, urls[1]);
            await Task.Delay(500, cancellationToken);
            var answerWithout = await extensionPage.EvaluateAsync<string>(ask, await TabIdAsync(extensionPage, page));
            if (answerWith == "null" || answerWithout != "null")
            {
                throw new InvalidOperationException($"The content script ran where it should not, or not where it should ({answerWith} / {answerWithout}).");
            }
            return new LoadFigures(loads,
                Median(times[1].Select(t => t.Load)), Median(times[0].Select(t => t.Load)), Median(times[2].Select(t => t.Load)),
                Median(times[1].Select(t => t.Dom)), Median(times[0].Select(t => t.Dom)));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    public static string Describe(NavigationFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"| {f.Layer} | {f.Navigations} | {f.P50:0.0} | {f.P90:0.0} | {f.Max:0.0} |");

    public static string Describe(LoadFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"Page load of /reisdocument/aanvragen, median of {f.Loads} (ms, navigation start to load event end / to DOMContentLoaded end): " +
        $"without the content script {f.WithoutP50:0.0} / {f.DomWithoutP50:0.0}, with it {f.WithP50:0.0} / {f.DomWithP50:0.0}; " +
        $"the content script adds {f.WithP50 - f.WithoutP50:0.0} ms to the load event, where a third identical host without it differs by {f.ControlP50 - f.WithoutP50:0.0} ms");

    private static async Task<(double Load, double Dom)> LoadAsync(IPage page, string url)
    {
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        // loadEventEnd is set just after the load handlers have run: wait a tick for it.
        var json = await page.EvaluateAsync<JsonElement>("""
            () => new Promise(resolve => setTimeout(() => {
              const n = performance.getEntriesByType('navigation')[0];
              resolve({ load: n.loadEventEnd, dom: n.domContentLoadedEventEnd });
            }, 0))
            """);
        return (json.GetProperty("load").GetDouble(), json.GetProperty("dom").GetDouble());
    }

    /// <summary>
    /// Learns each page's suggestions once (warm-up), then clicks through the menu <paramref name="navigations"/>
    /// times and times each click until the panel lists exactly that page's suggestions.
    /// </summary>
    private static async Task<NavigationFigures> NavigateAsync(string layer, IPage host, IFrame panel, int navigations, CancellationToken cancellationToken)
    {
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var path in Pages.Skip(1).Append(Pages[0]))
        {
            await ClickMenuAsync(host, path);
            await Task.Delay(1500, cancellationToken);
            expected[path] = await panel.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.cards .card-button')].map(b => b.textContent.trim())");
        }
        var order = Pages.Where((path, i) => !expected[path].SequenceEqual(expected[Pages[(i + Pages.Length - 1) % Pages.Length]])).ToArray();
        if (order.Length < 2)
        {
            throw new InvalidOperationException("The demo host's pages do not have different suggestions to tell apart.");
        }

        var times = new List<double>();
        var current = Pages[0];
        for (var i = 0; times.Count < navigations; i++)
        {
            var next = order[i % order.Length];
            if (next == current || expected[next].SequenceEqual(expected[current]))
            {
                continue;
            }
            await panel.EvaluateAsync("""
                titles => {
                  window.__epssShown = new Promise(resolve => {
                    const shown = () => [...document.querySelectorAll('.cards .card-button')].map(b => b.textContent.trim());
                    const check = () => {
                      const now = shown();
                      if (now.length === titles.length && now.every((t, i) => t === titles[i])) {
                        observer.disconnect();
                        resolve(performance.timeOrigin + performance.now());
                      }
                    };
                    const observer = new MutationObserver(check);
                    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
                  });
                }
                """, expected[next]);
            var clicked = await host.EvaluateAsync<double>("""
                path => {
                  const link = document.querySelector(`nav a[href="${path}"]`);
                  const at = performance.timeOrigin + performance.now();
                  link.click();
                  return at;
                }
                """, next);
            var shown = await panel.EvaluateAsync<double>("() => window.__epssShown");
            times.Add(shown - clicked);
            current = next;
            await Task.Delay(200, cancellationToken);
        }
        times.Sort();
        return new NavigationFigures(layer, times.Count, Percentile(times, 50), Percentile(times, 90), times[^1]);
    }

    private static async Task ClickMenuAsync(IPage host, string path) =>
        await host.Locator($"nav a[href=\"{path}\"]").ClickAsync();

    private static async Task<IFrame> PanelFrameAsync(IPage page, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var frame = page.Frames.FirstOrDefault(f => f.Url.Contains("/panel", StringComparison.Ordinal));
            if (frame is not null && await frame.Locator(".cards .card-button").CountAsync() > 0)
            {
                return frame;
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException("The panel did not show suggestions within 30 s.");
    }

    private static string ExtensionFolder => Path.Combine(RepositoryRoot.Path, "src", "extension", "dist", "extension");

    /// <summary>
    /// The origin of the unpacked extension: Chromium names it by the SHA-256 of the development key the build puts in its
    /// manifest, the first 32 hex digits written with the letters a–p.
    /// </summary>
    private static string ExtensionOrigin
    {
        get
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(ExtensionFolder, "manifest.json")));
            var hash = System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(manifest.RootElement.GetProperty("key").GetString()!));
            return "chrome-extension://" + string.Concat(Convert.ToHexStringLower(hash)[..32].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));
        }
    }

    private static async Task<IBrowserContext> LaunchWithExtensionAsync(IPlaywright playwright, string profile)
    {
        var extension = ExtensionFolder;
        if (!File.Exists(Path.Combine(extension, "manifest.json")))
        {
            throw new InvalidOperationException($"Build the extension first (dotnet build src/Epss.Server builds it): {extension} is missing.");
        }
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = false,
            Args = [.. ChromiumArgs, $"--disable-extensions-except={extension}", $"--load-extension={extension}"],
            IgnoreDefaultArgs = ["--disable-extensions"],
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        // What the official allows once at Chromium's Local Network Access prompt: the framed panel reaching its server.
        await context.GrantPermissionsAsync(["local-network-access"]);
        return context;
    }

    /// <summary>An extension page: it has the extension's chrome.* APIs (Playwright for .NET hands out no service workers).</summary>
    private static async Task<IPage> ControlPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{ExtensionOrigin}/options.html");
        return page;
    }

    /// <summary>The tab of <paramref name="page"/>, found by a mark in its page (chrome.scripting: no tabs permission needed).</summary>
    private static async Task<int> TabIdAsync(IPage control, IPage page)
    {
        var marker = Guid.NewGuid().ToString("N");
        await page.EvaluateAsync("marker => document.documentElement.dataset.epssTiming = marker", marker);
        var tabId = await control.EvaluateAsync<int>("""
            async marker => {
              for (const tab of await chrome.tabs.query({})) {
                try {
                  const [found] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: () => document.documentElement.dataset.epssTiming ?? null });
                  if (found?.result === marker) return tab.id;
                } catch { }
              }
              return -1;
            }
            """, marker);
        return tabId >= 0 ? tabId : throw new InvalidOperationException("The host page's tab was not found.");
    }

    /// <summary>The server's address and the demo host as the application, as an official would set them in the options.</summary>
    private static async Task ConfigureAsync(IPage control, Uri server, Uri host)
    {
        await control.EvaluateAsync(
            "async ([server, pattern]) => { await chrome.storage.local.set({ settings: { server, rules: [{ pattern, app: 'burgerzaken' }] } }); }",
            new[] { server.GetLeftPart(UriPartial.Authority), $"{host.GetLeftPart(UriPartial.Authority)}/*" });
        var deadline = Stopwatch.StartNew();
        while (await control.EvaluateAsync<int>("async () => (await chrome.scripting.getRegisteredContentScripts()).length") == 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("The extension did not register its content script.");
            }
            await Task.Delay(100);
        }
    }

    private static double Median(IEnumerable<double> values) => Percentile([.. values.Order()], 50);

    private static double Percentile(List<double> sorted, double percentile)
    {
        var rank = percentile / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
