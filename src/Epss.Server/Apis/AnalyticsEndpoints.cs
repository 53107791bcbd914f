using Epss.Content.Library;
using Epss.Content.Text;
using Epss.Server.Hosting;
using Epss.Server.Security;
using Epss.Usage;
using Epss.Usage.Analytics;
using Epss.Xapi;
using Microsoft.AspNetCore.Mvc;

namespace Epss.Server.Apis;

/// <summary>
/// The usage analyses for L&amp;D (the dashboard at /dashboard and a municipality's own BI tool): JSON, or with
/// <c>format=csv</c> the same table as CSV for a spreadsheet. Analysts and administrators only. Thin: the figures,
/// the suppression of small groups and the CSV are <see cref="UsageAnalytics"/>' and <see cref="AnalyticsCsv"/>'.
/// </summary>
public static class AnalyticsEndpoints
{
    public static WebApplicationBuilder AddEpssAnalytics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Before AddEpssUsageAnalytics, whose default catalogue knows no guides.
        builder.Services.AddSingleton<IGuideCatalogSource, LibraryGuideCatalog>();
        builder.Services.AddEpssUsageAnalytics();
        // The xAPI push to a Learning Record Store (idle unless Epss:Xapi:Endpoint is set), naming guides and steps.
        builder.Services.AddEpssXapi();
        builder.Services.AddSingleton<XapiTitleLookup>(sp => XapiEndpoints.GuideTitles(sp.GetRequiredService<GuideLibrary>()));
        return builder;
    }

    public static WebApplication MapAnalytics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization(EpssPolicies.ReadAnalytics);
        const string Filters = " Filters: from, to (yyyy-MM-dd, inclusive, days in Epss:Analytics:TimeZone; default the last 30 days; widened to whole weeks, Monday to Sunday, which the answer's period names), role, app, guideId, users (signed-in, the default, or anonymous: never counted together); format=csv for CSV (UTF-8 with BOM, ';', decimal comma). Cells resting on fewer than Epss:Analytics:MinimumGroupSize users are suppressed, and every figure leaves out the weeks of a role and application in which fewer than that many users made it.";
        api.MapGet("/guides", GuideUse).WithName("AnalyticsGuideUse").Produces<GuideUseReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Use per guide: opened, completed, abandoned, completion rate, median time to complete, users." + Filters);
        api.MapGet("/use-over-time", UseOverTime).WithName("AnalyticsUseOverTime").Produces<UseOverTimeReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Guides opened and completed per week (one guide with guideId, else all)." + Filters);
        api.MapGet("/guides/{id}/funnel", Funnel).WithName("AnalyticsFunnel").Produces<FunnelReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("How many runs of a guide reached each step, and where they left." + Filters);
        api.MapGet("/guides/{id}/decisions", Decisions).WithName("AnalyticsDecisions").Produces<DecisionReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The options taken at each decision of a guide." + Filters);
        api.MapGet("/searches", Searches).WithName("AnalyticsSearches").Produces<SearchReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Searches without hits and searches whose hits were not opened, by normalised query; CSV: table=no-hits or not-opened." + Filters);
        api.MapGet("/flags", Flags).WithName("AnalyticsFlags").Produces<FlagReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Flags per guide and step: open, answered, closed." + Filters);
        api.MapGet("/targets-missing", TargetsMissing).WithName("AnalyticsTargetsMissing").Produces<TargetMissingReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Steps whose field was not found on the host page, per guide, step and selector." + Filters);
        api.MapGet("/health", Health).WithName("AnalyticsHealth").Produces<HealthReport>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Guides that need attention: outdated, not opened in notOpenedDays (default 30), completion below 1 - dropOffThreshold (default 0.5), open flags; CSV: table=outdated, not-opened, high-drop-off or open-flags." + Filters);
        app.MapXapiApi();
        PanelFiles.MapBuiltPage(app, "/dashboard", "dashboard", EditorFiles.AssetSecurityPolicy(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiteOptions>>().Value), EpssPolicies.ReadAnalytics, "Het dashboard is niet gebouwd.", Log.DashboardMissing);
        return app;
    }

    public static Task<IResult> GuideUse([AsParameters] AnalyticsRequest request, UsageAnalytics analytics, CancellationToken cancellationToken) =>
        AnswerAsync(request, analytics, null, async filter =>
        {
            var report = await analytics.GuideUseAsync(filter, cancellationToken);
            return (report, () => AnalyticsCsv.GuideUse(report), "gidsgebruik");
        });

    public static Task<IResult> UseOverTime([AsParameters] AnalyticsRequest request, UsageAnalytics analytics, CancellationToken cancellationToken) =>
        AnswerAsync(request, analytics, null, async filter =>
        {
            var report = await analytics.UseOverTimeAsync(filter, cancellationToken);
            return (report, () => AnalyticsCsv.UseOverTime(report), "gebruik-per-week");
        });

    public static Task<IResult> Funnel(string id, [AsParameters] AnalyticsRequest request, UsageAnalytics analytics, CancellationToken cancellationToken) =>
        AnswerAsync(request, analytics, id, async filter =>
        {
            var report = await analytics.FunnelAsync(id, filter, cancellationToken);
            return (report, () => AnalyticsCsv.Funnel(report), "uitval-" + id);
        });

    public static Task<IResult> Decisions(string id, [AsParameters] AnalyticsRequest request, UsageAnalytics analytics, CancellationToken cancellationToken) =>
        AnswerAsync(request, analytics, id, async filter =>
        {
            var report = await analytics.DecisionsAsync(id, filter, cancellationToken);
            return (report, () => AnalyticsCsv.Decisions(report), "keuzes-" + id);
        });

    public static Task<IResult> Searches([AsParameters] AnalyticsRequest request, UsageAnalytics analytics, CancellationToken cancellationToken) =>
        AnswerAsync(request, analytics, null, async filter =>
        {
            var report = await analytics.SearchesAsync(filter, cancellationToken);
            var table = TableOf(request, AnalyticsCsv.Tables.Search);
            return (report, () => AnalyticsCsv.Searches(report, table), "zoekvragen-" + table);
        }, AnalyticsCsv.Tables.Search);

    public static Task<IResult> Flags([AsParameters] AnalyticsRequest request, UsageAnalytics analytics, CancellationToken cancellationToken) =>
        AnswerAsync(request, analytics, null, async filter =>
        {
            var report = await analytics.FlagsAsync(filter, cancellationToken);
            return (report, () => AnalyticsCsv.Flags(report), "meldingen");
        });

    public static Task<IResult> TargetsMissing([AsParameters] AnalyticsRequest request, UsageAnalytics analytics, CancellationToken cancellationToken) =>
        AnswerAsync(request, analytics, null, async filter =>
        {
            var report = await analytics.TargetsMissingAsync(filter, cancellationToken);
            return (report, () => AnalyticsCsv.TargetsMissing(report), "velden-niet-gevonden");
        });

    public static Task<IResult> Health(
        [AsParameters] AnalyticsRequest request, int? notOpenedDays, double? dropOffThreshold, UsageAnalytics analytics, CancellationToken cancellationToken)
    {
        if (notOpenedDays is < 1 or > 3660 || dropOffThreshold is < 0 or > 1 || (dropOffThreshold is { } threshold && double.IsNaN(threshold)))
        {
            return Task.FromResult(BadRequest("notOpenedDays ligt tussen 1 en 3660, dropOffThreshold tussen 0 en 1."));
        }
        var settings = new HealthSettings(notOpenedDays ?? 30, dropOffThreshold ?? 0.5);
        return AnswerAsync(request, analytics, null, async filter =>
        {
            var report = await analytics.HealthAsync(filter, settings, cancellationToken);
            var table = TableOf(request, AnalyticsCsv.Tables.Health);
            return (report, () => AnalyticsCsv.Health(report, table), "gezondheid-" + table);
        }, AnalyticsCsv.Tables.Health);
    }

    /// <summary>Parses and checks the filters, runs the report, and answers JSON or (format=csv) a CSV download.</summary>
    private static async Task<IResult> AnswerAsync(
        AnalyticsRequest request, UsageAnalytics analytics, string? pathGuideId,
        Func<AnalyticsFilter, Task<(object Report, Func<byte[]> Csv, string Name)>> run, IReadOnlyList<string>? tables = null)
    {
        if (pathGuideId is not null && !Slug.IsValid(pathGuideId))
        {
            return BadRequest("Het id van de gids is ongeldig.");
        }
        if (AnalyticsCsv.FormatProblem(request.Format, request.Table, tables) is { } formatProblem)
        {
            return BadRequest(formatProblem);
        }
        if (analytics.Filter(request.From, request.To, request.Role, request.App, request.GuideId, request.Users, out var problem) is not { } filter)
        {
            return BadRequest(problem!);
        }
        var (report, csv, name) = await run(filter);
        if (request.Format != "csv")
        {
            // Declared as object, System.Text.Json writes the report's own type.
            return TypedResults.Json<object>(report);
        }
        return TypedResults.File(csv(), AnalyticsCsv.ContentType, AnalyticsCsv.FileName(name, filter));
    }

    private static string TableOf(AnalyticsRequest request, IReadOnlyList<string> tables) => request.Table ?? tables[0];

    private static IResult BadRequest(string detail) =>
        TypedResults.Problem(title: "Ongeldig filter.", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>The filters every analysis takes, all optional.</summary>
public sealed record AnalyticsRequest(
    [FromQuery(Name = "from")] string? From = null,
    [FromQuery(Name = "to")] string? To = null,
    [FromQuery(Name = "role")] string? Role = null,
    [FromQuery(Name = "app")] string? App = null,
    [FromQuery(Name = "guideId")] string? GuideId = null,
    [FromQuery(Name = "format")] string? Format = null,
    [FromQuery(Name = "table")] string? Table = null,
    [FromQuery(Name = "users")] string? Users = null);

/// <summary>The analyses' view of the guide library: titles, step order and decision options, made once per library state.</summary>
internal sealed class LibraryGuideCatalog(GuideLibrary library) : IGuideCatalogSource
{
    private sealed record Cached(long Generation, GuideCatalog Catalog);

    // Replaced whole (a reference), so readers on other threads never see half of it.
    private volatile Cached? _cached;

    public GuideCatalog GetCatalog()
    {
        var snapshot = library.Current;
        if (_cached is { } cached && cached.Generation == snapshot.Generation)
        {
            return cached.Catalog;
        }
        var catalog = new GuideCatalog([.. snapshot.Guides.Values.Select(g => new GuideInfo(
            g.Id, g.Title, g.Owner, g.ReviewBy,
            [.. g.Steps.Select(s => new StepInfo(s.Id, s.Title, s.IsDecision ? [.. s.Next.Select(n => new OptionInfo(n.Label, n.StepId, n.GuideId))] : []))]))]);
        _cached = new Cached(snapshot.Generation, catalog);
        return catalog;
    }
}
