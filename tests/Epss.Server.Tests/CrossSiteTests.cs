using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Epss.Accounts;
using Epss.Server.Apis;
using Epss.Server.Hubs;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Epss.Server.Tests;

/// <summary>
/// Issue 16, point 10: requests forged by another site's page in an official's or expert's browser. The attacks send
/// what a browser sends (its <c>Origin</c> and <c>Sec-Fetch-Site</c>) with a real sign-in cookie or token, over HTTP
/// and with the real SignalR client's negotiate and WebSocket handshake.
/// </summary>
public sealed partial class CrossSiteTests
{
    private const string HostApplication = "http://bz.gemeente.test:5090";
    private const string Extension = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
    private const string RefusedTitle = "Verzoek van een andere site geweigerd.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<RunningServer> StartAsync() =>
        RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: new Dictionary<string, string?>
        {
            ["Epss:HostApplications:0"] = HostApplication,
            ["Epss:ExtensionOrigins:0"] = Extension,
        });

    public static TheoryData<string?, string?> ForeignPages() => new()
    {
        { "http://aanvaller.test", null },
        { "http://aanvaller.test", "cross-site" },
        // The municipal application that runs overlay.js is same-site with a server on the same domain: not the editor's.
        { HostApplication, "same-site" },
        // A sandboxed frame or a redirect across sites.
        { "null", "cross-site" },
        // No Origin, but the browser says where the request came from.
        { null, "cross-site" },
        { null, "same-site" },
    };

    [Theory]
    [MemberData(nameof(ForeignPages))]
    public async Task Bodiless_post_from_another_page_with_the_experts_cookie_is_refused_and_the_flag_stays_open(string? origin, string? fetchSite)
    {
        await using var server = await StartAsync();
        var flagId = await RaiseFlagAsync(server);
        using var expert = await SignedInExpertAsync(server);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/flags/{flagId}/close");
        AddBrowserHeaders(request, origin, fetchSite);
        using var response = await expert.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.ReadJsonAsync(Ct);
        Assert.Equal(RefusedTitle, problem.GetProperty("title").GetString());
        var flag = await expert.GetJsonAsync($"/api/flags/{flagId}", Ct);
        Assert.Equal("open", flag.GetProperty("status").GetString());
        Assert.Contains(server.Log.Entries, e => e.EventId.Name == "CrossSiteRequestRefused");
    }

    public static TheoryData<string?, string?> OwnPages() => new()
    {
        { "self", "same-origin" },
        { "self", null },
        { Extension, "cross-site" },
        { null, "same-origin" },
        // A form posted from one of the server's pages with Referrer-Policy: no-referrer (the sign-in page).
        { "null", "same-origin" },
        // A script or the CLI: no browser, no cookie of an official to abuse.
        { null, null },
    };

    [Theory]
    [MemberData(nameof(OwnPages))]
    public async Task Post_from_the_server_its_extension_or_no_browser_closes_the_flag(string? origin, string? fetchSite)
    {
        await using var server = await StartAsync();
        var flagId = await RaiseFlagAsync(server);
        using var expert = await SignedInExpertAsync(server);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/flags/{flagId}/close");
        AddBrowserHeaders(request, origin == "self" ? Origin(server) : origin, fetchSite);
        using var response = await expert.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("closed", (await expert.GetJsonAsync($"/api/flags/{flagId}", Ct)).GetProperty("status").GetString());
    }

    public static TheoryData<string, string, bool, bool> HubHandshakes() => new()
    {
        { "/hubs/guidance", "http://aanvaller.test", false, false },
        { "/hubs/guidance", "http://aanvaller.test", true, false },
        { "/hubs/guidance", "null", false, false },
        { "/hubs/guidance", HostApplication, false, true },
        { "/hubs/guidance", HostApplication, true, true },
        { "/hubs/guidance", Extension, true, true },
        { "/hubs/guidance", "self", true, true },
        { "/hubs/editor", "http://aanvaller.test", true, false },
        // The host applications may use the panel's hub, not the experts' one.
        { "/hubs/editor", HostApplication, false, false },
        { "/hubs/editor", HostApplication, true, false },
        { "/hubs/editor", "self", true, true },
    };

    [Theory]
    [MemberData(nameof(HubHandshakes))]
    public async Task Hub_handshake_is_accepted_only_from_the_configured_origins(string hub, string origin, bool skipNegotiation, bool accepted)
    {
        await using var server = await StartAsync();
        var expert = await TestUsers.AddAsync(server, "deskundige", Ct, EpssRoles.Expert);
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server.Client.BaseAddress!, hub), HttpTransportType.WebSockets, options =>
        {
            // The sign-in a page at that origin would carry along (here a token; a cookie is refused the same way).
            options.AccessTokenProvider = () => Task.FromResult<string?>(expert.Token);
            options.Headers["Origin"] = origin == "self" ? Origin(server) : origin;
            options.SkipNegotiation = skipNegotiation;
        }).Build();
        await using var _ = connection;

        var start = connection.StartAsync(Ct);

        if (accepted)
        {
            await start;
            Assert.Equal(HubConnectionState.Connected, connection.State);
            if (hub == GuidanceHub.Path)
            {
                var context = await connection.InvokeAsync<ContextResponse>(nameof(GuidanceHub.SetContext),
                    new PageContextRequest("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen", "burgerzaken", null), Ct);
                Assert.NotEmpty(context.Suggestions);
            }
        }
        else
        {
            // Negotiate answers 403; the WebSocket handshake is refused with 403 before it is upgraded.
            var error = await Assert.ThrowsAnyAsync<Exception>(() => start);
            Assert.True(error is HttpRequestException { StatusCode: HttpStatusCode.Forbidden } or WebSocketException, error.ToString());
            Assert.Contains(server.Log.Entries, e => e.EventId.Name == "CrossSiteRequestRefused" && e.Message.Contains(hub, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task WebSocket_opened_by_a_foreign_page_without_negotiate_is_not_upgraded()
    {
        // What a page on another site does with new WebSocket(...): the browser adds Origin and the official's cookie.
        await using var server = await StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "http://aanvaller.test");
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(new Uri(server.Client.BaseAddress!, GuidanceHub.Path)) { Scheme = "ws" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    private static void AddBrowserHeaders(HttpRequestMessage request, string? origin, string? fetchSite)
    {
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
            request.Headers.Add("Sec-Fetch-Mode", "cors");
        }
    }

    private static string Origin(RunningServer server) => server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);

    /// <summary>An official's anonymous panel raises a flag; its id.</summary>
    private static async Task<string> RaiseFlagAsync(RunningServer server)
    {
        await using var panel = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, clientId: "balie-pc-" + Guid.NewGuid().ToString("N")[..8]);
        var flag = await panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest("pasfoto-beoordelen", "fotomatrix", "Klopt dit nog?"), Ct);
        return flag.Id;
    }

    /// <summary>An expert signed in through the sign-in form: a client with their cookie, as their browser has it.</summary>
    private static async Task<HttpClient> SignedInExpertAsync(RunningServer server)
    {
        var expert = await TestUsers.AddAsync(server, "deskundige-" + Guid.NewGuid().ToString("N")[..6], Ct, EpssRoles.Expert);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.Client.BaseAddress };
        var page = await client.GetStringAsync(new Uri("/signin", UriKind.Relative), Ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = expert.Name,
            ["password"] = expert.Password,
            ["returnUrl"] = "/editor",
            ["__epss_antiforgery"] = AntiforgeryField().Match(page).Groups[1].Value,
        });
        using var signIn = await client.PostAsync(new Uri("/signin", UriKind.Relative), form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__epss_antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
