using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Support;

/// <summary>
/// One test's panel: a server of its own, a fresh 360 px browser context and one page. The page is watched: a script
/// error, a console error or a browser dialog (alert, confirm) is kept for <see cref="AssertNoErrors"/>, which
/// <see cref="PanelTest"/> calls after every test; only while the server is stopped on purpose are the browser's
/// failed reconnects expected. The locators find what an official sees, by role and name.
/// </summary>
public sealed partial class PanelSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ITestOutputHelper? _output;
    private volatile Func<IConsoleMessage, bool> _expectedConsoleError = _ => false;
    private readonly bool _ownsServer;

    private PanelSession(PanelServer server, IBrowserContext context, IPage page, bool ownsServer = true)
    {
        _ownsServer = ownsServer;
        Server = server;
        Context = context;
        Page = page;
        _output = TestContext.Current.TestOutputHelper;
        page.SetDefaultTimeout(10_000);
        page.PageError += (_, error) => Fail("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type != "error")
            {
                return;
            }
            if (_expectedConsoleError(message))
            {
                Write($"PANEL expected console error: {message.Text} ({message.Location})");
            }
            else
            {
                Fail($"console error: {message.Text} ({message.Location})");
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            Fail($"browser dialog ({dialog.Type}): {dialog.Message}");
            try
            {
                await dialog.DismissAsync();
            }
            catch (PlaywrightException)
            {
                // The page is already closing.
            }
        };
    }

    public PanelServer Server { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<PanelSession> StartAsync(Chromium chromium, CancellationToken cancellationToken)
    {
        var server = await PanelServer.StartAsync(cancellationToken);
        try
        {
            var context = await chromium.NewPanelContextAsync();
            var page = await context.NewPageAsync();
            return new PanelSession(server, context, page);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh panel page on a server the caller started (and disposes).</summary>
    public static async Task<PanelSession> AttachAsync(Chromium chromium, PanelServer server)
    {
        var context = await chromium.NewPanelContextAsync();
        return new PanelSession(server, context, await context.NewPageAsync(), ownsServer: false);
    }

    /// <summary>Opens the panel for a page of the Burgerzaken application and waits until it is connected.</summary>
    public async Task OpenAsync(string? pageUrl = null, string? pageTitle = null)
    {
        var response = await Page.GotoAsync(Server.PanelUrl(pageUrl, pageTitle).ToString());
        Assert.Equal(200, response!.Status);
        await Expect(Connected).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    /// <summary>
    /// Stops the server under the open panel. From now on, and until <see cref="StartServerAgainAsync"/> sees the
    /// panel connected again, Chromium's own log lines about its failed attempts to reach the hub are expected.
    /// </summary>
    public async Task StopServerAsync()
    {
        _expectedConsoleError = IsFailedReconnect;
        await Server.StopAsync();
    }

    /// <summary>Starts the server again on the same port and data, and waits until the panel has reconnected by itself.</summary>
    public async Task StartServerAgainAsync(TimeSpan reconnectWithin, CancellationToken cancellationToken)
    {
        await Server.StartAgainAsync(cancellationToken);
        await Expect(Connected).ToBeVisibleAsync(new() { Timeout = (float)reconnectWithin.TotalMilliseconds });
        _expectedConsoleError = _ => false;
    }

    // ---- what the official sees -------------------------------------------------------------------------------

    /// <summary>"Verbonden" in the banner.</summary>
    public ILocator Connected => Page.GetByRole(AriaRole.Banner).GetByText("Verbonden", new() { Exact = true });

    /// <summary>"Geen verbinding" in the banner.</summary>
    public ILocator Disconnected => Page.GetByRole(AriaRole.Banner).GetByText("Geen verbinding", new() { Exact = true });

    /// <summary>The notice shown while the server cannot be reached.</summary>
    public ILocator OfflineNotice => Page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = OfflineTitle() });

    public ILocator SearchBox => Page.GetByRole(AriaRole.Searchbox, new() { Name = "Zoek een werkinstructie", Exact = true });

    public ILocator Main => Page.GetByRole(AriaRole.Main);

    /// <summary>The list of search hits.</summary>
    public ILocator Hits => Main.GetByRole(AriaRole.List, new() { Name = "Zoekresultaten", Exact = true });

    /// <summary>A search hit's button: its accessible name is the guide's title, followed by "Stap: …" when the hit names a step.</summary>
    public ILocator Hit(string name) => Hits.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The list item of a hit (its button and its snippet).</summary>
    public ILocator HitItem(string name) =>
        Hits.GetByRole(AriaRole.Listitem).Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }) });

    public ILocator Suggestions => Main.GetByRole(AriaRole.List, new() { Name = "Voorgestelde werkinstructies", Exact = true });

    /// <summary>The open guide's title (h1).</summary>
    public ILocator GuideTitle => Main.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The current step's title (h2, focused when a step opens).</summary>
    public ILocator StepTitle => Main.GetByRole(AriaRole.Heading, new() { Level = 2 });

    /// <summary>"Stap n van m".</summary>
    public ILocator Progress => Main.GetByText(ProgressText());

    public ILocator Check(string text) => Main.GetByRole(AriaRole.Checkbox, new() { Name = text, Exact = true });

    public ILocator Button(string name) => Main.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The decision's options, as a group of buttons named "Keuze".</summary>
    public ILocator Decision => Main.GetByRole(AriaRole.Group, new() { Name = "Keuze", Exact = true });

    /// <summary>An option of the decision that stays in this guide (one to another guide adds "Opent een andere werkinstructie" to its name).</summary>
    public ILocator Option(string label) => Decision.GetByRole(AriaRole.Button, new() { Name = label, Exact = true });

    /// <summary>The in-page question "Niet alles is afgevinkt".</summary>
    public ILocator Confirm => Main.GetByRole(AriaRole.Alertdialog, new() { Name = "Niet alles is afgevinkt", Exact = true });

    public ILocator Notice(string text) => Main.GetByText(text, new() { Exact = true });

    public static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    // ---- checks -----------------------------------------------------------------------------------------------

    /// <summary>Waits until the page shows <paramref name="step"/> of <paramref name="guide"/>, "Stap n van m" included.</summary>
    public async Task ExpectStepAsync(string guide, string step, int number, int total)
    {
        await Expect(GuideTitle).ToHaveTextAsync(guide);
        await Expect(StepTitle).ToHaveTextAsync(step);
        await Expect(Progress).ToHaveTextAsync($"Stap {number} van {total}");
    }

    /// <summary>The items waiting in the panel's outbox (localStorage).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> OutboxAsync()
    {
        var json = await Page.EvaluateAsync<string>("""
            () => JSON.stringify((JSON.parse(localStorage.getItem("epss.panel.outbox.v1") ?? "[]"))
                .map(item => ({ kind: item.kind, id: item.id ?? item.event?.id ?? "", type: item.event?.type ?? null })))
            """);
        return JsonSerializer.Deserialize<OutboxEntry[]>(json, JsonSerializerOptions.Web) ?? [];
    }

    /// <summary>Waits until the server has acknowledged everything the panel queued.</summary>
    public async Task WaitForEmptyOutboxAsync(TimeSpan? timeout = null) =>
        await Page.WaitForFunctionAsync(
            """() => (JSON.parse(localStorage.getItem("epss.panel.outbox.v1") ?? "[]")).length === 0""",
            null,
            new() { Timeout = (float)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds });

    /// <summary>Fails the test when the page had a script error, a console error or a dialog.</summary>
    public void AssertNoErrors()
    {
        if (!_errors.IsEmpty)
        {
            Assert.Fail("The panel reported errors:\n" + string.Join('\n', _errors));
        }
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
            if (_ownsServer)
            {
                await Server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Chromium's log line for a failed attempt to reach this server's hub: refused while the server is down, or
    /// answered 503 while it is stopping. Any other console error still fails the test.
    /// </summary>
    private bool IsFailedReconnect(IConsoleMessage message)
    {
        var negotiate = $"http://{Server.Address.Authority}/hubs/guidance/negotiate?";
        var webSocket = $"WebSocket connection to 'ws://{Server.Address.Authority}/hubs/guidance?";
        return (message.Location.StartsWith(negotiate, StringComparison.Ordinal)
                && (message.Text == "Failed to load resource: net::ERR_CONNECTION_REFUSED"
                    || message.Text == "Failed to load resource: the server responded with a status of 503 (Service Unavailable)"))
            || (message.Text.StartsWith(webSocket, StringComparison.Ordinal) && message.Text.Contains("' failed", StringComparison.Ordinal));
    }

    private void Fail(string error)
    {
        _errors.Enqueue(error);
        Write("PANEL " + error);
    }

    private void Write(string line)
    {
        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // Reported after the test ended.
        }
    }

    [GeneratedRegex("^Stap \\d+ van \\d+$")]
    private static partial Regex ProgressText();

    [GeneratedRegex("De verbinding is verbroken|Geen verbinding met de server|Je bent offline")]
    private static partial Regex OfflineTitle();
}

/// <summary>An item in the panel's outbox: a usage event (with its type), a flag or a missing-topic report.</summary>
public sealed record OutboxEntry(string Kind, string Id, string? Type);
