using System.Net;
using System.Text.RegularExpressions;
using Epss.Accounts;
using Epss.Server.Apis;
using Epss.Server.Telemetry;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;

namespace Epss.Server.Tests;

/// <summary>
/// <c>/metrics</c> over real HTTP: refused to a caller from elsewhere unless an administrator, served to the allowed
/// networks (loopback by default), with the hub's, search's and usage writer's figures after real SignalR calls.
/// </summary>
/// <remarks>
/// A request "from elsewhere" is made the way a request through the trusted proxy arrives: from loopback (a trusted
/// proxy by default, <c>Epss:ForwardedHeaders</c>) with <c>X-Forwarded-For</c> naming an outside address, which the
/// server takes as the client's, as it does behind HAProxy.
/// </remarks>
public sealed partial class MetricsEndpointTests : IAsyncLifetime
{
    private const string Outside = "203.0.113.7";

    private RunningServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task From_outside_the_allowed_networks_only_an_administrator_gets_the_metrics()
    {
        var official = await TestUsers.AddAsync(_server, "baliemedewerker", Ct, EpssRoles.Official);
        var admin = await TestUsers.AddAsync(_server, "beheerder", Ct, EpssRoles.Admin);

        using var anonymous = await GetMetricsAsync(token: null, Outside);
        using var asOfficial = await GetMetricsAsync(official.Token, Outside);
        using var asAdmin = await GetMetricsAsync(admin.Token, Outside);
        using var anonymousViaIpv6 = await GetMetricsAsync(token: null, "2001:db8::7");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("epss_", await anonymous.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asOfficial.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousViaIpv6.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task From_the_allowed_network_the_metrics_name_the_hub_calls_searches_and_the_usage_writer()
    {
        await using var panel = await Panels.ConnectAsync(_server, HubProtocol.Json, Ct, clientId: "metrics-panel");
        await panel.InvokeAsync<SearchResponse>("Search", "paspoort kwijt", Ct);
        await panel.InvokeAsync<SearchResponse>("Search", "paspoort kwijt", Ct);
        var acks = await panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", new[]
        {
            new UsageEventRequest("metrics-evt-1", UsageEventTypes.Search, null, null, null, null, null, null, null, null, null, null, "paspoort kwijt", 3, null, null),
        }, Ct);
        Assert.Equal("stored", Assert.Single(acks).Status);

        var text = "";
        // A scrape is cached briefly by the exporter: ask until the calls above are in it.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await GetMetricsAsync(token: null, forwardedFor: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync(Ct);
            return HubCall("Search").IsMatch(text) && HubCall("RecordEvents").IsMatch(text);
        }, "/metrics counts the Search and RecordEvents calls", TimeSpan.FromSeconds(30));

        Assert.Matches(@"epss_hub_call_duration_seconds_bucket\{[^}]*method=""Search""", text);
        Assert.Contains("epss_search_duration_seconds_count", text, StringComparison.Ordinal);
        Assert.Matches(@"epss_search_cache_lookups_total\{[^}]*outcome=""hit""", text);
        Assert.Contains("epss_index_refresh_duration_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("epss_panels_connected", text, StringComparison.Ordinal);
        Assert.Contains("epss_usage_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("epss_usage_batch_duration_seconds_count", text, StringComparison.Ordinal);
        Assert.Matches(@"epss_usage_events_total\{[^}]*outcome=""stored""", text);
    }

    [Fact]
    public void Allowed_networks_that_are_not_networks_stop_the_server_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Epss:Metrics:AllowedNetworks"] = "10.0.0.0/8;intranet" })
            .Build();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => TelemetryOptions.From(configuration));

        Assert.Contains("Epss:Metrics:AllowedNetworks: 'intranet'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_allowed_networks_admit_no_address_and_the_default_admits_loopback_only()
    {
        var none = TelemetryOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Epss:Metrics:AllowedNetworks"] = "" }).Build());
        var byDefault = TelemetryOptions.From(new ConfigurationBuilder().Build());

        Assert.False(none.Allows(IPAddress.Loopback));
        Assert.True(byDefault.Allows(IPAddress.Loopback));
        Assert.True(byDefault.Allows(IPAddress.IPv6Loopback));
        Assert.True(byDefault.Allows(IPAddress.Loopback.MapToIPv6()));
        Assert.False(byDefault.Allows(IPAddress.Parse("10.1.2.3")));
    }

    private static Regex HubCall(string method) => new($@"epss_hub_calls_total\{{[^}}]*method=""{method}""[^}}]*\}} [1-9]");

    private async Task<HttpResponseMessage> GetMetricsAsync(string? token, string? forwardedFor)
    {
        using var client = TestUsers.Client(_server, token);
        using var request = new HttpRequestMessage(HttpMethod.Get, TelemetrySetup.MetricsPath);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return await client.SendAsync(request, Ct);
    }
}
