using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
/// Issue 16, points 11, 13, 17 and 19 against the real server: what a proxy's headers may change, which Host names
/// it answers, the headers on every answer, the pages' CSP, the sign-in keys at rest, tokens kept out of the log, and a
/// guide file built to hang the parser.
/// </summary>
public sealed class TransportSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<RunningServer> StartAsync(Dictionary<string, string?> settings) =>
        RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: settings);

    /// <summary>The sign-in page as a browser asks for it through HAProxy, which terminated TLS for <c>epss.gemeente.test</c>.</summary>
    private static async Task<HttpResponseMessage> SignInPageThroughProxyAsync(RunningServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Host = "epss.gemeente.test";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return await server.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Behind_the_configured_proxy_https_gives_hsts_and_secure_cookies()
    {
        await using var server = await StartAsync(new()
        {
            ["AllowedHosts"] = "epss.gemeente.test;127.0.0.1;localhost",
            ["Epss:ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8",
        });

        using var response = await SignInPageThroughProxyAsync(server);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("epss.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_anyone_but_the_configured_proxy_change_nothing()
    {
        await using var server = await StartAsync(new()
        {
            ["AllowedHosts"] = "epss.gemeente.test;127.0.0.1;localhost",
            // The proxy is elsewhere: this test's client, on loopback, is not it.
            ["Epss:ForwardedHeaders:KnownProxies:0"] = "192.0.2.10",
        });

        using var response = await SignInPageThroughProxyAsync(server);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("epss.antiforgery=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Shipped_configuration_answers_a_foreign_host_name_with_400()
    {
        // DNS rebinding: a page of aanvaller.test whose name now points at the server.
        await using var server = await StartAsync([]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/guides");
        request.Headers.Host = "aanvaller.test";

        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var own = await server.Client.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Xapi_home_page_is_the_configured_address_whatever_the_host_header_says()
    {
        await using var server = await StartAsync(new()
        {
            ["AllowedHosts"] = "*",
            ["Epss:PublicOrigin"] = "https://epss.gemeente.test",
        });
        await using (var panel = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, clientId: "balie-pc-xapi"))
        {
            await panel.InvokeAsync<UsageAckResponse>(nameof(GuidanceHub.RecordEvent),
                new UsageEventRequest(Guid.NewGuid().ToString(), "search", DateTimeOffset.UtcNow, null, null, null, null, null, null, null, null, null, "paspoort", 3, null, null), Ct);
        }
        // The raw export is an administrator's (issue 16, point 1).
        var admin = await TestUsers.AddAsync(server, "beheerder", Ct, EpssRoles.Admin);
        using var client = TestUsers.Client(server, admin.Token);
        var today = DateTime.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/analytics/xapi?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
        request.Headers.Host = "aanvaller.test";

        using var response = await client.SendAsync(request, Ct);
        var statements = await response.ReadJsonAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statement = Assert.Single(statements.EnumerateArray());
        Assert.Equal("https://epss.gemeente.test", statement.GetProperty("actor").GetProperty("account").GetProperty("homePage").GetString());
        Assert.DoesNotContain("aanvaller", statements.GetRawText(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, HttpStatusCode> Answers() => new()
    {
        { "GET", "/api/guides", HttpStatusCode.OK },
        { "GET", "/api/guides/bestaat-niet", HttpStatusCode.NotFound },
        { "GET", "/api/search?q=", HttpStatusCode.BadRequest },
        { "GET", "/bestaat/niet", HttpStatusCode.NotFound },
        { "POST", "/api/flags/x/answer", HttpStatusCode.Unauthorized },
        { "GET", "/healthz", HttpStatusCode.OK },
        { "GET", "/openapi/v1.json", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_problems_included_says_nosniff(string method, string path, HttpStatusCode status)
    {
        await using var server = await StartAsync([]);

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("/panel/index.html")]
    [InlineData("/panel/panel.js")]
    public async Task Panel_csp_allows_images_and_connections_only_from_what_is_configured(string path)
    {
        await using var server = await StartAsync(new() { ["Epss:ImageSources:0"] = "https://intranet.gemeente.test" });

        using var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var directives = Assert.Single(response.Headers.GetValues("Content-Security-Policy")).Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ')[1..]);
        Assert.Equal(["'self'", "data:", "https://intranet.gemeente.test"], directives["img-src"]);
        Assert.Equal(["'self'"], directives["connect-src"]);
    }

    [Fact]
    public async Task Hub_access_token_never_reaches_the_log_even_with_request_logging_switched_on()
    {
        await using var server = await StartAsync(new()
        {
            ["Epss:AllowAnonymousReading"] = "false",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            // What an operator would set to see requests: the request lines carry the URL, query included.
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Debug",
        });
        var official = await TestUsers.AddAsync(server, "baliemedewerker", Ct, EpssRoles.Official);
        // As the panel in a browser connects: a browser cannot set a header on a WebSocket, so SignalR's JavaScript
        // client puts the token in the query (the .NET client would send a header).
        var url = new Uri(server.Client.BaseAddress!, $"{GuidanceHub.Path}?client=balie-pc-log&access_token={Uri.EscapeDataString(official.Token)}");
        var panel = new HubConnectionBuilder().WithUrl(url, HttpTransportType.WebSockets, options => options.SkipNegotiation = true).Build();
        await using (panel)
        {
            await panel.StartAsync(Ct);
            // Reading is not anonymous here: this answer proves the token in the query signed the panel in.
            var context = await panel.InvokeAsync<ContextResponse>(nameof(GuidanceHub.SetContext),
                new PageContextRequest("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen", "burgerzaken", null), Ct);
            Assert.NotEmpty(context.Suggestions);
        }

        // The log was on: debug lines of the hub's own connections are there.
        Assert.Contains(server.Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Debug && e.Category.StartsWith("Microsoft.AspNetCore.Http.Connections", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Log.Entries, e => e.ToString().Contains(official.Token, StringComparison.Ordinal)
            || e.ToString().Contains(Uri.EscapeDataString(official.Token), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_keys_are_encrypted_at_rest_with_the_configured_certificate()
    {
        using var data = new TempDataFolder();
        var pfx = Path.Combine(data.Path, "dataprotection.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Epss data protection (test)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "test-wachtwoord"), Ct);
        }
        var settings = new Dictionary<string, string?>
        {
            ["Epss:DataProtection:CertificatePath"] = pfx,
            ["Epss:DataProtection:CertificatePassword"] = "test-wachtwoord",
        };
        string cookie;
        await using (var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, data.Path, settings))
        {
            // The sign-in page's antiforgery token is the first thing protected: the key ring is made for it.
            using var page = await server.Client.GetAsync(new Uri("/signin", UriKind.Relative), Ct);
            cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("epss.antiforgery=", StringComparison.Ordinal)).Split(';')[0];
        }

        var keys = Directory.GetFiles(Path.Combine(data.Path, "keys"), "key-*.xml");
        Assert.NotEmpty(keys);
        Assert.All(keys, file =>
        {
            var xml = File.ReadAllText(file);
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
        // A restart with the same certificate reads the encrypted keys: the token made before still validates.
        await using (var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, data.Path, settings))
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, "/signin");
            page.Headers.Add("Cookie", cookie);
            using var response = await server.Client.SendAsync(page, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(server.Log.Entries, e => e.Message.Contains("An exception was thrown while deserializing the token", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Outside_development_open_settings_are_warned_about_at_start()
    {
        await using var server = await StartAsync(new() { ["environment"] = "Production", ["AllowedHosts"] = "*" });

        Assert.Contains(server.Log.Entries, e => e.EventId.Name == "KeysUnprotected" && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains(server.Log.Entries, e => e.EventId.Name == "AnyHostAllowed");
    }

    [Fact]
    public async Task Alias_bomb_in_the_content_folder_keeps_the_server_healthy_and_the_other_guides_served()
    {
        var content = new TempContentFolder().WithSampleContent();
        content.Write("aliasbom.md", GuideTexts.AliasBomb("aliasbom"));
        await using var server = await RunningServer.StartAsync(content, Ct);

        var guides = await server.Client.GetJsonAsync("/api/guides", Ct);
        Assert.Equal(SampleServerFixture.SampleGuideCount, guides.GetArrayLength());
        var problems = await TestUsers.ContentProblemsAsync(server, Ct);
        Assert.Contains(Problems(problems), p => p == "aliasbom.md:3: front-matter-alias");

        // A second bomb arriving while the server runs (a git pull) does not hold up a good guide saved with it.
        content.Write("aliasbom-2.md", GuideTexts.AliasBomb("aliasbom-2"));
        content.Write("nieuw.md", GuideTexts.Valid("nieuw", "Nieuwe gids", "woordzoeker"));
        await Eventually.TrueAsync(async () =>
        {
            using var response = await server.Client.GetAsync(new Uri("/api/guides/nieuw", UriKind.Relative), Ct);
            return response.StatusCode == HttpStatusCode.OK;
        }, "the good guide saved beside a second alias bomb is served");
        using var health = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>Every problem of GET /api/content/problems as "file:line: code".</summary>
    private static IEnumerable<string> Problems(System.Text.Json.JsonElement answer) =>
        (answer.ValueKind == System.Text.Json.JsonValueKind.Array ? answer : answer.EnumerateObject().First(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Array).Value)
            .EnumerateArray()
            .Select(p => $"{p.GetProperty("file").GetString()}:{p.GetProperty("line").GetInt32()}: {p.GetProperty("code").GetString()}");
}
