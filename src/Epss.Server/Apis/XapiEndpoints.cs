using Epss.Audit;
using Epss.Content.Library;
using Epss.Server.Security;
using Epss.Usage;
using Epss.Usage.Analytics;
using Epss.Xapi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Epss.Server.Apis;

/// <summary>
/// The usage events of a period as xAPI 1.0.3 statements, for the municipality's own LRS (the same statements the push
/// to a configured LRS sends). Officials appear only as their pseudonym. Event by event this is more than the dashboard
/// shows (issue 16), so it is an administrator's action, not an analyst's, and what officials typed leaves only when
/// enough of them typed it (<see cref="XapiFreeText"/>).
/// </summary>
public static class XapiEndpoints
{
    /// <summary>At most this many statements per answer; a longer period is fetched in parts, or with the CLI.</summary>
    public const int MaximumStatements = 50_000;

    /// <summary>Set to "true" when the period holds more events than the answer.</summary>
    public const string MoreHeader = "X-Epss-More";

    public static IEndpointRouteBuilder MapXapiApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/analytics/xapi", ExportStatements)
            .WithTags("Analytics")
            .WithName("ExportXapiStatements")
            .Produces<XapiStatement[]>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary($"Administrators: the usage events that occurred from 'from' to 'to' (both yyyy-MM-dd, both days included, days in Epss:Analytics:TimeZone, as the other analyses) as a JSON array of xAPI 1.0.3 statements, at most {MaximumStatements}; the header {MoreHeader}: true says the period holds more (ask for a shorter one).")
            .RequireAuthorization(EpssPolicies.Administer);
        return app;
    }

    public static async Task<Results<JsonHttpResult<IEnumerable<XapiStatement>>, ProblemHttpResult>> ExportStatements(
        [AsParameters] XapiExportRequest request,
        HttpContext http,
        UsageRecorder recorder,
        GuideLibrary library,
        IOptions<XapiOptions> options,
        UsageAnalytics analytics,
        IAuditLog audit,
        IOptions<SiteOptions> site,
        CancellationToken cancellationToken)
    {
        if (!XapiExport.TryParseDay(request.From, out var from) || !XapiExport.TryParseDay(request.To, out var to))
        {
            return TypedResults.Problem(
                title: "Ongeldige periode.",
                detail: "Geef 'from' en 'to' als datum in de vorm jjjj-mm-dd, bijvoorbeeld ?from=2026-11-01&to=2026-11-30.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (to < from)
        {
            return TypedResults.Problem(
                title: "Ongeldige periode.",
                detail: "'to' ligt vóór 'from'. Beide dagen tellen mee; voor één dag geef je twee keer dezelfde datum.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        // The analyses' days, so that the statements of a period match the dashboard's figures for it.
        var (start, end) = XapiExport.DayRange(from, to, analytics.TimeZone);
        var page = await XapiExport.ReadAsync(recorder.Store, start, end, MaximumStatements, cancellationToken);
        if (page.More)
        {
            http.Response.Headers[MoreHeader] = "true";
        }
        // Without Epss:Xapi:HomePage the server's configured address, never the request's Host header (a client's choice).
        var homePage = options.Value.HomePage ?? site.Value.ServerAddress;
        var freeText = await XapiFreeText.ReadAsync(recorder.Store, analytics.MinimumGroupSize, cancellationToken);
        var factory = new XapiStatementFactory(homePage, GuideTitles(library), freeText);
        // Who took which period, before anything is sent: an export whose record cannot be written is not given.
        await audit.RecordAsync(AuditEndpoints.EntryFor(http, AuditActions.Exported,
            subject: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"xAPI {from:yyyy-MM-dd} t/m {to:yyyy-MM-dd}"),
            detail: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{page.Events.Count} statements{(page.More ? ", meer in de periode" : "")}")),
            cancellationToken);
        return TypedResults.Json(page.Statements(factory), XapiJson.Options);
    }

    /// <summary>Names guides and steps by their current titles (statements about a removed guide get no name).</summary>
    public static XapiTitleLookup GuideTitles(GuideLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        return (guideId, stepId) => library.Current.Find(guideId) is not { } guide
            ? null
            : stepId is null ? guide.Title : guide.Steps.FirstOrDefault(s => s.Id == stepId)?.Title;
    }
}

/// <summary>The period of <c>GET /api/analytics/xapi</c>: both days included.</summary>
public sealed record XapiExportRequest([FromQuery(Name = "from")] string? From = null, [FromQuery(Name = "to")] string? To = null);
