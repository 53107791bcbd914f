using Epss.Authoring;
using Epss.Content.Contract;
using Epss.Content.Text;
using Epss.Server.Apis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Editor;

/// <summary>
/// What the editor's endpoints check and answer in one place: the guide id in the route (<see cref="GuideIdFilter"/>),
/// texts and notes, who is asking, and what a refused step becomes (409 and 422 as their own types).
/// </summary>
internal static class EditorInput
{
    /// <summary>The longest guide text the editor accepts (1 MB of characters; the longest sample guide is a few kB).</summary>
    public const int MaximumTextLength = 1_000_000;

    /// <summary>The longest note, comment or review remark.</summary>
    public const int MaximumNoteLength = 2_000;

    /// <summary>
    /// Who is taking the step: the signed-in user's stable id (decides four eyes and whose draft is whose) and name (what
    /// other experts see). The editor's policies admit nobody without a stable id (<see cref="Security.EpssClaims.StableId"/>).
    /// </summary>
    public static Expert Author(HttpContext context) =>
        new(Security.EpssClaims.StableId(context.User) ?? throw new InvalidOperationException("The editor's policy admits only users with a stable id."),
            Security.EpssClaims.NameOf(context.User));

    /// <summary>
    /// Records a step that took effect in the audit log. Not cancelled with the request: the step is done, and its
    /// record must not be lost because the expert closed the tab.
    /// </summary>
    public static Task AuditAsync(HttpContext context, string action, string guideId, string? detail) =>
        context.RequestServices.GetRequiredService<Epss.Audit.IAuditLog>()
            .RecordAsync(Security.AuditEndpoints.EntryFor(context, action, guideId, detail), CancellationToken.None);

    public static string Note(string? note) => note?.Trim() is { } trimmed ? trimmed.Length <= MaximumNoteLength ? trimmed : trimmed[..MaximumNoteLength] : "";

    /// <summary>Why a guide's text cannot be taken (missing, or longer than any guide); null when it can.</summary>
    public static ProblemHttpResult? BadText(string? text) => text switch
    {
        null => TypedResults.Problem(title: "De tekst ontbreekt.", detail: "Stuur de tekst van de gids mee in 'text'.", statusCode: StatusCodes.Status400BadRequest),
        { Length: > MaximumTextLength } => TypedResults.Problem(
            title: "De tekst is te lang.", detail: $"Een gids telt hoogstens {MaximumTextLength:N0} tekens.", statusCode: StatusCodes.Status413PayloadTooLarge),
        _ => null,
    };

    public static ProblemHttpResult NotFound(string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult BadRequest(string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";

    /// <summary>A step that was refused, as the problem that says why; <paramref name="yours"/> is the text the expert sent, if any.</summary>
    public static Results<TOk, ConflictProblem, UnprocessableProblem, ProblemHttpResult> Refusal<TOk>(SaveOutcome outcome, string? yours)
        where TOk : IResult => outcome switch
    {
        SaveOutcome.Conflict conflict => ConflictProblem.Of(
            "De gids is intussen veranderd.",
            conflict.CurrentVersion is null
                ? "Deze gids bestaat (nog) niet; er is niets opgeslagen."
                : $"Iemand anders heeft de gids opgeslagen (versie {conflict.CurrentVersion}). Er is niets opgeslagen: voeg beide teksten samen en sla opnieuw op.",
            new Dictionary<string, object?>
            {
                ["theirs"] = new ConflictTextResponse(conflict.CurrentVersion, conflict.CurrentText),
                ["yours"] = new ConflictTextResponse(null, yours),
            }),
        SaveOutcome.PublishedChanged changed => ConflictProblem.Of(
            "De gepubliceerde gids is intussen veranderd.",
            "De tekst die baliemedewerkers zien is buiten de editor gewijzigd sinds deze wijziging begon. Er is niets gepubliceerd: voeg beide teksten samen en sla opnieuw op.",
            new Dictionary<string, object?>
            {
                ["theirs"] = new ConflictTextResponse(changed.PublishedVersion, changed.PublishedText),
                ["yours"] = new ConflictTextResponse(null, yours ?? changed.ChangeText),
                ["publishedVersion"] = changed.PublishedVersion,
            }),
        SaveOutcome.WrongState wrong => ConflictProblem.Of("Dat kan nu niet.", wrong.Reason),
        SaveOutcome.Invalid invalid => UnprocessableProblem.Of(
            "De gids bevat fouten.",
            $"Er is niets opgeslagen: {invalid.Diagnostics.Count} fout(en). Herstel ze en sla opnieuw op.",
            new Dictionary<string, object?> { ["diagnostics"] = invalid.Diagnostics.Select(ContentProblemResponse.From).ToArray() }),
        SaveOutcome.NoChange => NotFound("Geen openstaande wijziging.", "Deze gids heeft geen wijziging die wacht op beoordeling of publicatie."),
        SaveOutcome.NotAllowed notAllowed => TypedResults.Problem(title: "Niet toegestaan.", detail: notAllowed.Reason, statusCode: StatusCodes.Status403Forbidden),
        _ => throw new InvalidOperationException($"{outcome.GetType().Name} is not a refusal."),
    };

    /// <summary>A save or a restore: the version saved, or why not.</summary>
    public static Results<Ok<SavedResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult> Answer(SaveOutcome outcome, string? yours) =>
        outcome is SaveOutcome.Saved saved ? TypedResults.Ok(new SavedResponse(saved.Version, saved.Status)) : Refusal<Ok<SavedResponse>>(outcome, yours);
}

/// <summary>Checks the guide id of every <c>/api/guides/{id}/…</c> endpoint of the editor once, before its handler runs.</summary>
internal sealed class GuideIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var id = context.HttpContext.Request.RouteValues["id"] as string ?? "";
        return Slug.IsValid(id)
            ? next(context)
            : ValueTask.FromResult<object?>(EditorInput.BadRequest(
                "Ongeldig id.", $"'{EditorInput.Shorten(id)}' is geen geldig gids-id (kleine letters, cijfers en streepjes)."));
    }
}
