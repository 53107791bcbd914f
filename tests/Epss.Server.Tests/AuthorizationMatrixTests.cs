using System.Net;
using System.Reflection;
using Epss.Accounts;
using Epss.Server.Hubs;
using Epss.Server.Security;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests;

/// <summary>Who may reach an endpoint or hub method: what this test expects, independently of how the server states it.</summary>
public enum Access
{
    /// <summary>Everyone, signed in or not, whatever the settings.</summary>
    Public,

    /// <summary>Every role; anonymous callers only when Epss:AllowAnonymousReading is on.</summary>
    ReadGuides,

    /// <summary>Officials and experts; anonymous callers only when Epss:AllowAnonymousReading is on.</summary>
    UseGuidance,

    /// <summary>Experts and administrators.</summary>
    ReadContentProblems,

    /// <summary>Experts (the editor: saving, history, restore).</summary>
    EditGuides,

    /// <summary>Analysts and administrators (the dashboard and its API).</summary>
    ReadAnalytics,

    /// <summary>Administrators (the audit log, the raw xAPI export).</summary>
    Administer,

    /// <summary>Experts and administrators (withdrawing a change).</summary>
    WithdrawChanges,
}

/// <summary>Two servers on the sample guides, anonymous reading on and off, each with one user (and token) per role.</summary>
public sealed class MatrixServers : IAsyncLifetime
{
    private readonly Dictionary<bool, (RunningServer Server, IReadOnlyDictionary<string, TestUser> Users)> _servers = [];

    public RunningServer Server(bool anonymousReading) => _servers[anonymousReading].Server;

    public IReadOnlyDictionary<string, TestUser> Users(bool anonymousReading) => _servers[anonymousReading].Users;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var anonymous in new[] { true, false })
        {
            var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), ct,
                settings: new Dictionary<string, string?>
                {
                    ["Epss:AllowAnonymousReading"] = anonymous ? "true" : "false",
                    // No network may read /metrics without signing in, so that the matrix sees the administrators' part
                    // (the networks' part: MetricsEndpointTests).
                    ["Epss:Metrics:AllowedNetworks"] = "",
                });
            _servers[anonymous] = (server, await TestUsers.AddOnePerRoleAsync(server, ct));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (server, _) in _servers.Values)
        {
            await server.DisposeAsync();
        }
    }
}

/// <summary>
/// The role matrix: every HTTP endpoint the server maps (read from its <see cref="EndpointDataSource"/>, so a new
/// endpoint without an entry here fails) and every method of <see cref="GuidanceHub"/> (by reflection), called over
/// real HTTP and the real SignalR client with a bearer token by each role and by nobody, with anonymous reading on
/// and off: reachable exactly by those who should reach it.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixServers servers) : IClassFixture<MatrixServers>
{
    /// <summary>Every endpoint, as "METHOD pattern", and who may reach it.</summary>
    private static readonly Dictionary<string, Access> Endpoints = new(StringComparer.Ordinal)
    {
        ["* /healthz"] = Access.Public,
        ["* /metrics"] = Access.Administer,
        ["GET /signin"] = Access.Public,
        ["POST /signin"] = Access.Public,
        ["POST /signout"] = Access.Public,
        ["GET /signin/geen-toegang"] = Access.Public,
        ["GET /signin/code"] = Access.Public,
        ["POST /signin/code"] = Access.Public,
        ["GET /signin/tweestaps"] = Access.Public,
        ["POST /signin/tweestaps"] = Access.Public,
        ["POST /signin/tweestaps/uitzetten"] = Access.Public,
        ["GET /"] = Access.Public,
        ["GET /favicon.ico"] = Access.Public,
        ["GET /overlay.js"] = Access.Public,
        ["GET /panel"] = Access.ReadGuides,
        ["GET /api/guides/"] = Access.ReadGuides,
        ["GET /api/guides/{id}"] = Access.ReadGuides,
        ["GET /api/search"] = Access.ReadGuides,
        ["GET /api/context"] = Access.ReadGuides,
        ["GET /openapi/{documentName}.json"] = Access.ReadGuides,
        ["GET /api/content/problems"] = Access.ReadContentProblems,
        ["PUT /api/guides/{id}/source"] = Access.EditGuides,
        ["GET /api/guides/{id}/history"] = Access.EditGuides,
        ["GET /api/guides/{id}/history/{version}"] = Access.EditGuides,
        ["GET /api/guides/{id}/diff"] = Access.EditGuides,
        ["POST /api/guides/{id}/restore"] = Access.EditGuides,
        ["GET /api/editor/guides"] = Access.EditGuides,
        ["GET /api/guides/{id}/editor"] = Access.EditGuides,
        ["POST /api/guides/{id}/preview"] = Access.EditGuides,
        ["GET /api/guides/{id}/draft"] = Access.EditGuides,
        ["PUT /api/guides/{id}/draft"] = Access.EditGuides,
        ["DELETE /api/guides/{id}/draft"] = Access.EditGuides,
        ["GET /api/guides/{id}/review/"] = Access.EditGuides,
        ["POST /api/guides/{id}/review/submit"] = Access.EditGuides,
        ["POST /api/guides/{id}/review/comments"] = Access.EditGuides,
        ["POST /api/guides/{id}/review/send-back"] = Access.EditGuides,
        ["POST /api/guides/{id}/review/publish"] = Access.EditGuides,
        ["POST /api/guides/{id}/review/withdraw"] = Access.WithdrawChanges,
        ["GET /editor"] = Access.EditGuides,
        ["GET /api/me"] = Access.ReadGuides,
        ["GET /api/analytics/guides"] = Access.ReadAnalytics,
        ["GET /api/analytics/use-over-time"] = Access.ReadAnalytics,
        ["GET /api/analytics/guides/{id}/funnel"] = Access.ReadAnalytics,
        ["GET /api/analytics/guides/{id}/decisions"] = Access.ReadAnalytics,
        ["GET /api/analytics/searches"] = Access.ReadAnalytics,
        ["GET /api/analytics/flags"] = Access.ReadAnalytics,
        ["GET /api/analytics/targets-missing"] = Access.ReadAnalytics,
        ["GET /api/analytics/health"] = Access.ReadAnalytics,
        ["GET /api/analytics/xapi"] = Access.Administer,
        ["GET /dashboard"] = Access.ReadAnalytics,
        ["GET /api/audit"] = Access.Administer,
        ["GET /audit"] = Access.Administer,
        ["GET /api/flags/"] = Access.EditGuides,
        ["GET /api/flags/{id}"] = Access.EditGuides,
        ["POST /api/flags/{id}/answer"] = Access.EditGuides,
        ["POST /api/flags/{id}/close"] = Access.EditGuides,
        ["* /hubs/guidance/negotiate"] = Access.ReadGuides,
        ["* /hubs/guidance"] = Access.ReadGuides,
        ["* /hubs/editor/negotiate"] = Access.EditGuides,
        ["* /hubs/editor"] = Access.EditGuides,
    };

    /// <summary>Every method of the editor hub and who may call it.</summary>
    private static readonly Dictionary<string, Access> EditorHubMethods = new(StringComparer.Ordinal)
    {
        [nameof(Editor.EditorHub.Watch)] = Access.EditGuides,
        [nameof(Editor.EditorHub.Leave)] = Access.EditGuides,
    };

    /// <summary>Every hub method and who may call it.</summary>
    private static readonly Dictionary<string, Access> HubMethods = new(StringComparer.Ordinal)
    {
        [nameof(GuidanceHub.Search)] = Access.ReadGuides,
        [nameof(GuidanceHub.SetContext)] = Access.ReadGuides,
        [nameof(GuidanceHub.OpenGuide)] = Access.ReadGuides,
        [nameof(GuidanceHub.CloseGuide)] = Access.ReadGuides,
        [nameof(GuidanceHub.RecordEvent)] = Access.UseGuidance,
        [nameof(GuidanceHub.RecordEvents)] = Access.UseGuidance,
        [nameof(GuidanceHub.FlagStep)] = Access.UseGuidance,
        [nameof(GuidanceHub.ReportMissing)] = Access.UseGuidance,
        [nameof(GuidanceHub.FlagAnswers)] = Access.UseGuidance,
        [nameof(GuidanceHub.AnswerSeen)] = Access.UseGuidance,
    };

    public static TheoryData<bool, string> Callers()
    {
        var data = new TheoryData<bool, string>();
        foreach (var anonymous in new[] { true, false })
        {
            foreach (var caller in EpssRoles.All.Prepend("anonymous"))
            {
                data.Add(anonymous, caller);
            }
        }
        return data;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Endpoints_every_mapped_endpoint_has_a_decision_here_and_states_one(bool anonymousReading)
    {
        var mapped = MappedEndpoints(servers.Server(anonymousReading));

        var undecided = mapped.Keys.Except(Endpoints.Keys).ToList();
        var gone = Endpoints.Keys.Except(mapped.Keys).ToList();
        Assert.True(undecided.Count == 0, "Mapped, but with no expected decision in this test: " + string.Join(", ", undecided));
        Assert.True(gone.Count == 0, "Expected here, but no longer mapped: " + string.Join(", ", gone));
        foreach (var (key, endpoint) in mapped)
        {
            var states = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                || endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            Assert.True(states, $"{key} states no authorization decision (RequireAuthorization(EpssPolicies.…) or AllowAnonymous()).");
        }
    }

    [Fact]
    public void Hub_every_method_has_a_decision_here_and_states_a_policy()
    {
        foreach (var (hub, expected, classPolicy) in new[]
        {
            (typeof(GuidanceHub), HubMethods, EpssPolicies.ReadGuides),
            (typeof(Editor.EditorHub), EditorHubMethods, EpssPolicies.EditGuides),
        })
        {
            var methods = HubMethodsOf(hub);

            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), methods.Select(m => m.Name).Order(StringComparer.Ordinal));
            foreach (var method in methods)
            {
                Assert.True(method.GetCustomAttributes<AuthorizeAttribute>().Any(a => a.Policy is not null),
                    $"{hub.Name}.{method.Name} states no [Authorize(Policy = EpssPolicies.…)].");
            }
            Assert.Equal(classPolicy, hub.GetCustomAttribute<AuthorizeAttribute>()?.Policy);
        }
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EditorHub_methods_are_reachable_exactly_by_the_callers_their_decision_admits(bool anonymousReading, string caller)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = servers.Server(anonymousReading);
        var token = caller == "anonymous" ? null : servers.Users(anonymousReading)[caller].Token;
        if (!Admits(Access.EditGuides, caller, anonymousReading))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => Panels.ConnectEditorAsync(server, token!, ct));
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{caller}: {refused.StatusCode}");
            Assert.All(EditorHubMethods, m => Assert.False(Admits(m.Value, caller, anonymousReading), m.Key));
            return;
        }
        await using var connection = await Panels.ConnectEditorAsync(server, token!, ct);

        foreach (var method in HubMethodsOf(typeof(Editor.EditorHub)))
        {
            // A valid guide id: reachable means the call succeeds.
            await connection.InvokeCoreAsync(method.Name, typeof(object), ["paspoort-aanvragen"], ct);
        }
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Endpoints_are_reachable_exactly_by_the_callers_their_decision_admits(bool anonymousReading, string caller)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = servers.Server(anonymousReading);
        using var client = TestUsers.Client(server, caller == "anonymous" ? null : servers.Users(anonymousReading)[caller].Token);
        var failures = new List<string>();

        foreach (var (key, access) in Endpoints)
        {
            var (method, pattern) = Split(key);
            using var request = new HttpRequestMessage(new HttpMethod(method == "*" ? "GET" : method), Fill(pattern));
            using var response = await client.SendAsync(request, ct);
            var denied = IsDenied(response);
            var expected = !Admits(access, caller, anonymousReading);
            if (denied != expected)
            {
                failures.Add($"{key}: {(int)response.StatusCode} {response.Headers.Location} — expected {(expected ? "refused" : "reachable")}");
            }
        }

        Assert.True(failures.Count == 0, $"As {caller} (anonymous reading {(anonymousReading ? "on" : "off")}):\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Hub_methods_are_reachable_exactly_by_the_callers_their_decision_admits(bool anonymousReading, string caller)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = servers.Server(anonymousReading);
        var token = caller == "anonymous" ? null : servers.Users(anonymousReading)[caller].Token;
        if (!Admits(Access.ReadGuides, caller, anonymousReading))
        {
            // Not even a connection: then no method is reachable, so every method must be one this caller may not call.
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => Panels.ConnectAsync(server, HubProtocol.Json, ct, accessToken: token));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.All(HubMethods, m => Assert.False(Admits(m.Value, caller, anonymousReading), m.Key));
            return;
        }
        await using var connection = await Panels.ConnectAsync(server, HubProtocol.Json, ct, clientId: "matrix-" + caller, accessToken: token);
        var failures = new List<string>();

        foreach (var method in HubMethodsOf(typeof(GuidanceHub)))
        {
            var denied = false;
            try
            {
                await connection.InvokeCoreAsync(method.Name, typeof(object), new object?[method.GetParameters().Length], ct);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e)
            {
                // SignalR's own words for a method whose policy the caller does not meet; the panel relies on them
                // (src/web hub-client.ts, ServerError.notAllowed) to stop resending what will never be taken.
                denied = e.Message.Contains("because user is unauthorized", StringComparison.Ordinal);
            }
            var expected = !Admits(HubMethods[method.Name], caller, anonymousReading);
            if (denied != expected)
            {
                failures.Add($"{method.Name}: expected {(expected ? "refused" : "reachable")}");
            }
        }

        Assert.True(failures.Count == 0, $"As {caller} (anonymous reading {(anonymousReading ? "on" : "off")}):\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Token_unknown_is_refused_even_when_anonymous_reading_is_on(bool anonymousReading)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = TestUsers.Client(servers.Server(anonymousReading), AccountStore.TokenPrefix + "bestaat-niet-" + new string('x', 30));

        using var response = await client.GetAsync(new Uri("/api/guides", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_in_the_query_counts_only_on_the_hub_stream_requests()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = servers.Server(anonymousReading: false);
        var expert = servers.Users(false)[EpssRoles.Expert];
        using var client = TestUsers.Client(server);

        using var api = await client.GetAsync(new Uri("/api/content/problems?access_token=" + expert.Token, UriKind.Relative), ct);
        using var negotiate = await client.PostAsync(new Uri("/hubs/guidance/negotiate?negotiateVersion=1&access_token=" + expert.Token, UriKind.Relative), null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    private static bool Admits(Access access, string caller, bool anonymousReading) => access switch
    {
        Access.Public => true,
        Access.ReadGuides => caller != "anonymous" || anonymousReading,
        Access.UseGuidance => caller is EpssRoles.Official or EpssRoles.Expert || (caller == "anonymous" && anonymousReading),
        Access.ReadContentProblems => caller is EpssRoles.Expert or EpssRoles.Admin,
        Access.EditGuides => caller is EpssRoles.Expert,
        Access.ReadAnalytics => caller is EpssRoles.Analyst or EpssRoles.Admin,
        Access.Administer => caller is EpssRoles.Admin,
        Access.WithdrawChanges => caller is EpssRoles.Expert or EpssRoles.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    /// <summary>Refused: 401, 403, or a page sent to the sign-in page.</summary>
    private static bool IsDenied(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/signin?ReturnUrl=", StringComparison.Ordinal) == true);

    private static Dictionary<string, RouteEndpoint> MappedEndpoints(RunningServer server) =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Key: $"{m} {e.RoutePattern.RawText}", Endpoint: e)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Endpoint, StringComparer.Ordinal);

    private static List<MethodInfo> HubMethodsOf(Type hub) =>
        [.. hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(GuidanceHub.OnConnectedAsync) or nameof(GuidanceHub.OnDisconnectedAsync)))];

    private static (string Method, string Pattern) Split(string key) => (key[..key.IndexOf(' ', StringComparison.Ordinal)], key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    private static Uri Fill(string pattern)
    {
        var path = pattern.Replace("{id}", "paspoort-aanvragen", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{version}", "0000000000000000", StringComparison.Ordinal);
        path += path switch
        {
            "/api/search" => "?q=paspoort",
            "/api/context" => "?url=https://bz.example/reisdocument/aanvragen",
            "/hubs/guidance/negotiate" or "/hubs/editor/negotiate" => "?negotiateVersion=1",
            _ => "",
        };
        return new Uri(path, UriKind.Relative);
    }
}
