using System.Net;
using System.Text;
using System.Text.Json;
using Epss.Accounts;
using Epss.Content.Library;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Testing.Xapi;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests;

/// <summary>
/// The analytics API over real panels' events: six officials' panels walk a guide through the real hub, an analyst
/// reads the figures as JSON and CSV, titles and step order come from the guide library, small groups stay hidden.
/// </summary>
public sealed class AnalyticsApiTests : IAsyncLifetime
{
    private const string GuideId = "pasfoto-beoordelen";

    private RunningServer _server = null!;
    private HttpClient _analyst = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);
        var analyst = await TestUsers.AddAsync(_server, "lena", Ct, EpssRoles.Analyst);
        _analyst = TestUsers.Client(_server, analyst.Token);
        var admin = await TestUsers.AddAsync(_server, "beheer", Ct, EpssRoles.Admin);
        _admin = TestUsers.Client(_server, admin.Token);
        var guide = _server.Services.GetRequiredService<GuideLibrary>().Current.Find(GuideId)!;
        var first = guide.Steps[0].Id;
        var second = guide.Steps[1].Id;
        // Six signed-in officials' panels (six pseudonyms) open the guide; four complete it, two leave at the second step.
        for (var official = 0; official < 6; official++)
        {
            var user = await TestUsers.AddAsync(_server, $"balie{official}", Ct, EpssRoles.Official);
            await using var panel = await Panels.ConnectAsync(_server, HubProtocol.Json, Ct, clientId: $"balie-{official}", accessToken: user.Token);
            var run = Guid.NewGuid().ToString();
            var now = DateTimeOffset.UtcNow.AddMinutes(-30);
            var events = new List<UsageEventRequest>
            {
                Event("guide-opened", run, guide.Version, null, now) with { Via = "suggestion" },
                Event("step-viewed", run, guide.Version, first, now.AddSeconds(5)),
                Event("step-viewed", run, guide.Version, second, now.AddSeconds(30)),
            };
            if (official < 4)
            {
                events.Add(Event("guide-completed", run, guide.Version, second, now.AddSeconds(90)));
            }
            else
            {
                events.Add(Event("guide-abandoned", run, guide.Version, second, now.AddSeconds(60)));
            }
            // Everyone searched for something that does not exist; one official typed a name (a group of one).
            events.Add(new UsageEventRequest(Guid.NewGuid().ToString(), "search", now.AddSeconds(100), null, null, null, null, null, null, null, null, null,
                "  Foto  ONDERWATER ", 0, null, null));
            if (official == 0)
            {
                events.Add(new UsageEventRequest(Guid.NewGuid().ToString(), "search", now.AddSeconds(110), null, null, null, null, null, null, null, null, null,
                    "jansen", 0, null, null));
            }
            var acks = await panel.InvokeAsync<UsageAckResponse[]>("RecordEvents", events.ToArray(), Ct);
            Assert.All(acks, a => Assert.Equal("stored", a.Status));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _analyst.Dispose();
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GuideUse_counts_the_panels_runs_with_the_library_title()
    {
        var report = await _analyst.GetJsonAsync("/api/analytics/guides", Ct);

        var row = report.GetProperty("guides").EnumerateArray().Single(g => g.GetProperty("guideId").GetString() == GuideId);
        Assert.Equal("Pasfoto beoordelen", row.GetProperty("title").GetString());
        Assert.Equal((6, 4, 2, 6, false),
            (row.GetProperty("opened").GetInt32(), row.GetProperty("completed").GetInt32(), row.GetProperty("abandoned").GetInt32(),
             row.GetProperty("users").GetInt32(), row.GetProperty("suppressed").GetBoolean()));
        Assert.Equal(4.0 / 6, row.GetProperty("completionRate").GetDouble(), 6);
        Assert.Equal(90, row.GetProperty("medianSecondsToComplete").GetDouble(), 1);
        Assert.Equal(5, report.GetProperty("minimumGroupSize").GetInt32());
    }

    [Fact]
    public async Task Funnel_lists_the_steps_in_the_guides_order_with_where_runs_left()
    {
        var guide = _server.Services.GetRequiredService<GuideLibrary>().Current.Find(GuideId)!;

        var funnel = await _analyst.GetJsonAsync($"/api/analytics/guides/{GuideId}/funnel", Ct);

        var steps = funnel.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(guide.Steps.Select(s => s.Id), steps.Select(s => s.GetProperty("stepId").GetString()));
        Assert.Equal(guide.Steps[1].Title, steps[1].GetProperty("title").GetString());
        Assert.Equal((6, 2), (steps[1].GetProperty("reached").GetInt32(), steps[1].GetProperty("leftHere").GetInt32()));
        Assert.Equal(6, funnel.GetProperty("runs").GetInt32());
    }

    [Fact]
    public async Task Searches_group_by_normalised_query_and_hide_a_query_fewer_than_five_typed()
    {
        var report = await _analyst.GetJsonAsync("/api/analytics/searches", Ct);

        var rows = report.GetProperty("noHits").EnumerateArray().ToList();
        var shown = rows.Single(r => !r.GetProperty("suppressed").GetBoolean());
        Assert.Equal(("foto onderwater", 6, 6), (shown.GetProperty("query").GetString(), shown.GetProperty("count").GetInt32(), shown.GetProperty("users").GetInt32()));
        // The name one official typed never leaves the server.
        Assert.DoesNotContain("jansen", report.GetRawText(), StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.GetProperty("suppressed").GetBoolean()), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("query").ValueKind));
    }

    [Fact]
    public async Task Csv_is_utf8_with_bom_semicolons_and_a_decimal_comma_as_a_download()
    {
        using var response = await _analyst.GetAsync(new Uri("/api/analytics/guides?format=csv", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^epss-gidsgebruik-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(";", lines[0], StringComparison.Ordinal);
        var row = lines.Single(l => l.Contains(GuideId, StringComparison.Ordinal)).Split(';');
        // 4 of 6 completed: 0,67 (or 66,7 %) — a decimal comma, never a point.
        Assert.Contains(row, cell => cell.StartsWith("0,6", StringComparison.Ordinal) || cell.StartsWith("66,", StringComparison.Ordinal));
        Assert.DoesNotContain(row, cell => cell.Contains('.', StringComparison.Ordinal) && double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task Xapi_export_gives_an_administrator_every_panel_event_as_a_valid_statement_with_only_the_pseudonym()
    {
        var today = DateTime.UtcNow;
        var statements = await _admin.GetJsonAsync(
            $"/api/analytics/xapi?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}", Ct);

        Assert.Empty(XapiValidator.ValidateArray(statements));
        // Six walks of four events and a search each, and the name one official searched for: 31 events.
        Assert.Equal(31, statements.GetArrayLength());
        Assert.All(statements.EnumerateArray(), s =>
        {
            var actor = s.GetProperty("actor");
            Assert.False(actor.TryGetProperty("name", out _));
            Assert.False(actor.TryGetProperty("mbox", out _));
            Assert.DoesNotContain("balie-", actor.GetProperty("account").GetProperty("name").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(6, statements.EnumerateArray().Count(s => s.GetProperty("verb").GetProperty("id").GetString() == "http://adlnet.gov/expapi/verbs/launched"));
    }

    [Fact]
    public async Task Xapi_export_is_not_an_analysts_and_carries_no_query_fewer_than_five_typed()
    {
        var today = DateTime.UtcNow;
        var period = $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";

        using var refused = await _analyst.GetAsync(new Uri("/api/analytics/xapi?" + period, UriKind.Relative), Ct);
        var statements = await _admin.GetJsonAsync("/api/analytics/xapi?" + period, Ct);

        // Issue 16, point 1: the dashboard hides the name one official typed; so does every other way out.
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var responses = statements.EnumerateArray()
            .Where(s => s.TryGetProperty("result", out var r) && r.TryGetProperty("response", out _) && s.GetProperty("object").GetProperty("id").GetString()!.EndsWith("/xapi/search", StringComparison.Ordinal))
            .Select(s => s.GetProperty("result").GetProperty("response").GetString())
            .ToList();
        Assert.Equal(7, responses.Count);
        Assert.All(responses.Where(r => r != Epss.Xapi.XapiFreeText.Marker), r => Assert.Equal("foto onderwater", r!.Trim().ToLowerInvariant().Replace("  ", " ", StringComparison.Ordinal)));
        Assert.Single(responses, Epss.Xapi.XapiFreeText.Marker);
        Assert.DoesNotContain("jansen", statements.GetRawText(), StringComparison.Ordinal);
        // The export is in the audit log: who, and which period.
        var audit = await _admin.GetJsonAsync("/api/audit?action=exported", Ct);
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("beheer", entry.GetProperty("actorName").GetString());
        Assert.Equal($"xAPI {today.AddDays(-1):yyyy-MM-dd} t/m {today.AddDays(1):yyyy-MM-dd}", entry.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Anonymous_panels_cannot_lift_an_officials_query_over_the_threshold()
    {
        // Issue 16, point 3: with anonymous reading on, anyone can open panels under made-up browser ids. Five of them
        // type the name one signed-in official typed; counted together that would be six "officials".
        for (var fake = 0; fake < 5; fake++)
        {
            await using var panel = await Panels.ConnectAsync(_server, HubProtocol.Json, Ct, clientId: Guid.NewGuid().ToString());
            await panel.InvokeAsync<UsageAckResponse>("RecordEvent", new UsageEventRequest(Guid.NewGuid().ToString(), "search", DateTimeOffset.UtcNow.AddMinutes(-1),
                null, null, null, null, null, null, null, null, null, "jansen", 0, null, null), Ct);
        }

        var officials = await _analyst.GetJsonAsync("/api/analytics/searches", Ct);
        var anonymous = await _analyst.GetJsonAsync("/api/analytics/searches?users=anonymous", Ct);

        Assert.DoesNotContain("jansen", officials.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(6, officials.GetProperty("noHits").EnumerateArray().Single(r => !r.GetProperty("suppressed").GetBoolean()).GetProperty("users").GetInt32());
        // Apart, the anonymous clients' own figures: what they sent, and nothing of the officials'.
        Assert.True(anonymous.GetProperty("anonymous").GetBoolean());
        var row = anonymous.GetProperty("noHits").EnumerateArray().Single();
        Assert.Equal(("jansen", 5), (row.GetProperty("query").GetString(), row.GetProperty("users").GetInt32()));
    }

    [Theory]
    [InlineData("/api/analytics/guides?users=iedereen")]
    [InlineData("/api/analytics/guides?from=2026-13-01")]
    [InlineData("/api/analytics/guides?from=2026-11-30&to=2026-11-01")]
    [InlineData("/api/analytics/guides?from=2020-01-01&to=2026-01-01")]
    [InlineData("/api/analytics/guides?format=xml")]
    [InlineData("/api/analytics/searches?format=csv&table=alles")]
    [InlineData("/api/analytics/guides/Geen%20Slug/funnel")]
    [InlineData("/api/analytics/health?dropOffThreshold=2")]
    public async Task Bad_filters_are_a_problem_in_dutch(string url)
    {
        var problem = await _analyst.GetProblemAsync(url, HttpStatusCode.BadRequest, Ct);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task OpenApi_documents_the_analytics_with_their_report_schemas()
    {
        var document = await _analyst.GetJsonAsync("/openapi/v1.json", Ct);

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/analytics/guides", "/api/analytics/use-over-time", "/api/analytics/guides/{id}/funnel", "/api/analytics/searches", "/api/analytics/health", "/api/analytics/xapi" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path + " is documented");
        }
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("GuideUseReport", out _));
    }

    private static UsageEventRequest Event(string type, string run, string version, string? stepId, DateTimeOffset at) =>
        new(Guid.NewGuid().ToString(), type, at, run, GuideId, version, stepId, null, null, null, null, null, null, null, null, null);
}
