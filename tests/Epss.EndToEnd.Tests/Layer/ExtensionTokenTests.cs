using Epss.Accounts;
using Epss.EndToEnd.Tests.Layer.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Layer;

/// <summary>
/// The extension against a server that does not allow anonymous reading: the panel in the side panel page is a
/// cross-site frame and gets no sign-in cookie, so it connects with the API token set in the extension's options.
/// </summary>
public sealed class ExtensionTokenTests
{
    private const string Advice = "Stel in de extensie een toegangssleutel in.";

    private static readonly Dictionary<string, string> SignInRequired = new() { ["Epss:AllowAnonymousReading"] = "false" };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Without anonymous reading, a request without a token is refused: what the panel must get past.</summary>
    private static async Task AssertAnonymousReadingIsOffAsync(LayerSession session)
    {
        using var http = new HttpClient { BaseAddress = session.Server.Address };
        using var response = await http.GetAsync(new Uri("/api/guides", UriKind.Relative), Cancellation);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static ILocator TokenField(IPage options) => options.GetByLabel("Toegangssleutel (token)", new() { Exact = true });

    private static ILocator TokenStatus(IPage options) => options.Locator("#sleutel-status");

    private static async Task SaveTokenAsync(IPage options, string token)
    {
        await TokenField(options).FillAsync(token);
        await options.GetByRole(AriaRole.Button, new() { Name = "Sleutel opslaan", Exact = true }).ClickAsync();
        await Assertions.Expect(options.GetByText($"Ingesteld: epss_…{token[^4..]}", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(TokenField(options)).ToHaveValueAsync("");
    }

    [Fact]
    public async Task Side_panel_with_the_token_from_the_options_suggests_and_opens_guides_on_a_server_without_anonymous_reading()
    {
        var ct = Cancellation;
        await using var session = await LayerSession.StartAsync(extension: true, overlay: false, ct, SignInRequired);
        await AssertAnonymousReadingIsOffAsync(session);
        var token = await session.Server.AddUserWithTokenAsync("baliemedewerker", ct, EpssRoles.Official);

        // The options page: a wrong token is refused by the test, the right one accepted, then saved and shown masked.
        var options = session.OptionsPage;
        await options.ReloadAsync();
        var test = options.GetByRole(AriaRole.Button, new() { Name = "Verbinding testen", Exact = true });
        await TokenField(options).FillAsync("epss_ditisgeensleutelvandezeserver");
        await test.ClickAsync();
        await Assertions.Expect(TokenStatus(options)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("weigert deze toegangssleutel"));
        await TokenField(options).FillAsync(token);
        await test.ClickAsync();
        await Assertions.Expect(TokenStatus(options)).ToHaveTextAsync("Gelukt: de server accepteert de toegangssleutel.");
        await SaveTokenAsync(options, token);
        Assert.DoesNotContain(token, await options.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(token, await options.EvaluateAsync<string>("async () => (await chrome.storage.local.get('accessToken')).accessToken"));
        Assert.Equal("{}", await options.EvaluateAsync<string>("async () => JSON.stringify(await chrome.storage.sync.get(null))"));

        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        var side = await session.OpenSidePanelAsync(host);
        var panel = LayerSession.Panel(side);
        await ExtensionTests.ExpectSuggestionAsync(panel, "Paspoort aanvragen");
        await ExtensionTests.OpenGuideAsync(panel);
        await Assertions.Expect(panel.GetByText(Advice)).ToHaveCountAsync(0);
        // The panel waited for the token before it connected: no refused negotiation. The one 401 is the wrong token's test.
        session.AssertNoErrors("options.html: Failed to load resource: the server responded with a status of 401");
        // And it is connected over a WebSocket, the token in its query (a browser sets no header there): not fallen back.
        var socket = Assert.Single(session.SidePanelWebSockets, s => s.Url.Contains("/hubs/guidance", StringComparison.Ordinal));
        Assert.Contains("access_token=", socket.Url, StringComparison.Ordinal);
        Assert.False(socket.IsClosed, "the hub's WebSocket was closed");
    }

    [Fact]
    public async Task Side_panel_without_a_token_says_to_set_one_and_connects_once_it_is_set()
    {
        var ct = Cancellation;
        await using var session = await LayerSession.StartAsync(extension: true, overlay: false, ct, SignInRequired);
        await AssertAnonymousReadingIsOffAsync(session);
        var token = await session.Server.AddUserWithTokenAsync("baliemedewerker", ct, EpssRoles.Official);

        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        var side = await session.OpenSidePanelAsync(host);
        var panel = LayerSession.Panel(side);
        await Assertions.Expect(panel.GetByText(Advice, new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(panel.GetByText("Geen toegang", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(ExtensionTests.Suggestion(panel, "Paspoort aanvragen")).ToHaveCountAsync(0);

        // Set while the side panel is open: the panel gets it at once and connects.
        var options = session.OptionsPage;
        await options.ReloadAsync();
        await SaveTokenAsync(options, token);
        await host.BringToFrontAsync();
        await ExtensionTests.ExpectSuggestionAsync(panel, "Paspoort aanvragen");
        await Assertions.Expect(panel.GetByText(Advice)).ToHaveCountAsync(0);
        // The refused attempts before the token was set are the browser's "401 (Unauthorized)" console lines.
        session.AssertNoErrors("401 (Unauthorized)");
    }
}
