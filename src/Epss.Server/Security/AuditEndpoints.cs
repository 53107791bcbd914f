using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Epss.Audit;
using Epss.Server.ScaleOut;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Security;

/// <summary>
/// The audit log in the server: Epss.Audit's log in the data folder (beside accounts.db) or in PostgreSQL, who and from
/// where for an entry (<see cref="EntryFor"/>), and the administrators' way to read it: <c>GET /api/audit</c> and the
/// page <c>/audit</c>, where every value is HTML-encoded (names typed at a failed sign-in are anyone's input).
/// </summary>
public static class AuditEndpoints
{
    public const string PagePath = "/audit";

    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static WebApplicationBuilder AddEpssAuditLog(this WebApplicationBuilder builder, ScaleOutOptions scaleOut)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scaleOut);
        builder.Services.AddEpssAudit(scaleOut.PostgreSql);
        builder.Services.PostConfigure<AuditOptions>(audit => audit.SharedDataPath = scaleOut.SharedDataPath);
        return builder;
    }

    /// <summary>An entry for what the signed-in user (or, at a failed sign-in, <paramref name="typedName"/>) did in this request.</summary>
    public static AuditEntry EntryFor(HttpContext context, string action, string? subject = null, string? detail = null, string? typedName = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var signedIn = EpssClaims.IsSignedIn(user);
        return new AuditEntry(action,
            signedIn ? EpssClaims.StableId(user) : null,
            signedIn ? EpssClaims.NameOf(user) : typedName ?? "anoniem",
            context.Connection.RemoteIpAddress?.ToString(), subject, detail);
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Read).WithTags("Audit").RequireAuthorization(EpssPolicies.Administer)
            .WithName("ReadAuditLog")
            .WithSummary("Administrators: the audit log, newest first; from/to (yyyy-MM-dd, UTC, inclusive), action, actor (id or name), before (an entry's id, for the next page), limit 1–1000.");
        app.MapGet(PagePath, Page).ExcludeFromDescription().RequireAuthorization(EpssPolicies.Administer);
        return app;
    }

    public static async Task<Results<Ok<AuditRecord[]>, ProblemHttpResult>> Read(
        IAuditLog audit, string? from, string? to, string? action, string? actor, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (Query(from, to, action, actor, before, limit) is not { } query)
        {
            return TypedResults.Problem(title: "Ongeldige vraag.",
                detail: $"Geef from en to als jjjj-mm-dd, action als een van {string.Join(", ", AuditActions.All)}, en limit van 1 tot 1000.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        return TypedResults.Ok((await audit.ReadAsync(query, cancellationToken)).ToArray());
    }

    public static async Task<IResult> Page(HttpContext context, IAuditLog audit, string? from, string? to, string? action, string? actor, long? before, CancellationToken cancellationToken)
    {
        var query = Query(from, to, action, actor, before, 200);
        var entries = query is null ? [] : await audit.ReadAsync(query, cancellationToken);
        var html = HtmlEncoder.Default;
        var rows = new StringBuilder();
        foreach (var e in entries)
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td>{html.Encode(e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} UTC</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{html.Encode(e.Action)}</td><td>{html.Encode(e.ActorName)}</td><td>{html.Encode(e.Address ?? "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{html.Encode(e.Subject ?? "")}</td><td>{html.Encode(e.Detail ?? "")}</td></tr>\n");
        }
        var options = string.Concat(AuditActions.All.Prepend("").Select(a =>
            $"<option value=\"{html.Encode(a)}\"{(a == (action ?? "") ? " selected" : "")}>{(a.Length == 0 ? "alle" : html.Encode(a))}</option>"));
        var next = entries.Count == 200
            ? $"<p><a href=\"{PagePath}?before={entries[^1].Id}&amp;action={html.Encode(Uri.EscapeDataString(action ?? ""))}&amp;actor={html.Encode(Uri.EscapeDataString(actor ?? ""))}\">Oudere</a></p>"
            : "";
        var body = $$"""
            <!doctype html>
            <html lang="nl">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Auditlog – Epss</title>
            <link rel="icon" href="data:,">
            <style>
              body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
              table { border-collapse: collapse; width: 100%; }
              th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ccc; vertical-align: top; overflow-wrap: anywhere; }
              form { margin: 1rem 0; display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; }
              label { display: flex; flex-direction: column; font-weight: 600; }
              input, select, button { font: inherit; padding: .3rem; }
              .fout { color: #a00; font-weight: 600; }
            </style>
            </head>
            <body>
            <main>
            <h1>Auditlog</h1>
            <p>Wie wat deed en wanneer: publiceren, terugsturen, terugzetten, intrekken, exporteren, gebruikersbeheer en inloggen. Nieuwste eerst.</p>
            <form method="get" action="{{PagePath}}">
              <label>Van <input type="date" name="from" value="{{html.Encode(from ?? "")}}"></label>
              <label>Tot en met <input type="date" name="to" value="{{html.Encode(to ?? "")}}"></label>
              <label>Handeling <select name="action">{{options}}</select></label>
              <label>Wie <input type="text" name="actor" value="{{html.Encode(actor ?? "")}}"></label>
              <button type="submit">Toon</button>
            </form>
            {{(query is null ? "<p class=\"fout\" role=\"alert\">Deze filter klopt niet (datum als jjjj-mm-dd).</p>" : "")}}
            <table>
            <thead><tr><th>Wanneer</th><th>Handeling</th><th>Wie</th><th>Adres</th><th>Waarop</th><th>Toelichting</th></tr></thead>
            <tbody>
            {{rows}}
            </tbody>
            </table>
            {{next}}
            </main>
            </body>
            </html>
            """;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Content(body, "text/html; charset=utf-8");
    }

    private static AuditQuery? Query(string? from, string? to, string? action, string? actor, long? before, int? limit)
    {
        DateTimeOffset? first = null, last = null;
        if (!string.IsNullOrEmpty(from))
        {
            if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return null;
            }
            first = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        if (!string.IsNullOrEmpty(to))
        {
            if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return null;
            }
            last = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        if ((!string.IsNullOrEmpty(action) && !AuditActions.All.Contains(action)) || limit is < 1 or > 1000 || (actor?.Length ?? 0) > 200)
        {
            return null;
        }
        return new AuditQuery(first, last, string.IsNullOrEmpty(action) ? null : action, string.IsNullOrEmpty(actor) ? null : actor, before, limit ?? 200);
    }
}
