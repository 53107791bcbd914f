using System.Security.Claims;
using Epss.Content.Text;
using Epss.Server.Security;
using Epss.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Apis;

/// <summary>
/// The flags officials raise from the panel, for the experts (the editor): listed per guide, step and status, answered
/// (the official sees the answer in the panel the next time they open the guide) or closed without an answer. Who
/// raised a flag is never shown: the store keeps only a pseudonym, and these answers leave even that out.
/// </summary>
public static class FlagEndpoints
{
    public static IEndpointRouteBuilder MapFlagApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/flags").WithTags("Flags").RequireAuthorization(EpssPolicies.EditGuides);
        api.MapGet("/", ListFlags)
            .WithName("ListFlags")
            .WithSummary("Flags raised from the panel, newest first; optionally of one guide (and step) and one status (open, answered, closed); at most 'limit' (default 100, at most 1000).");
        api.MapGet("/{id}", GetFlag)
            .WithName("GetFlag")
            .WithSummary("One flag; 404 when no flag has this id.");
        api.MapPost("/{id}/answer", AnswerFlag)
            .WithName("AnswerFlag")
            .WithSummary("Answers an open flag as the signed-in expert, which closes it; optionally names the guide version that fixed it. The same answer sent again changes nothing; another answer to a flag answered or closed before is refused (409).");
        api.MapPost("/{id}/close", CloseFlag)
            .WithName("CloseFlag")
            .WithSummary("Closes an open flag without an answer (a duplicate, not about the guide) as the signed-in expert; a flag answered or closed before stays as it is.");
        return app;
    }

    public static async Task<Results<Ok<FlagDetailResponse[]>, ProblemHttpResult>> ListFlags(
        [AsParameters] FlagListRequest request, UsageRecorder recorder, CancellationToken cancellationToken)
    {
        if (request.GuideId is not null && !Slug.IsValid(request.GuideId))
        {
            return BadRequest("Ongeldige gids.", "guideId is het id van een gids: kleine letters, cijfers en enkele streepjes.");
        }
        if (request.StepId is not null && !Slug.IsValid(request.StepId))
        {
            return BadRequest("Ongeldige stap.", "stepId is het id van een stap: kleine letters, cijfers en enkele streepjes.");
        }
        if (request.Status is not null && !StepFlag.Statuses.Contains(request.Status))
        {
            return BadRequest("Onbekende status.", "status is open, answered of closed.");
        }
        if (request.Limit is < 1 or > FlagQuery.MaximumLimit)
        {
            return BadRequest("Ongeldig aantal.", $"limit ligt tussen 1 en {FlagQuery.MaximumLimit}.");
        }
        var flags = await recorder.Store.QueryFlagsAsync(
            new FlagQuery(request.GuideId, request.StepId, request.Status, request.Limit ?? FlagQuery.DefaultLimit), cancellationToken);
        return TypedResults.Ok(flags.Select(FlagDetailResponse.From).ToArray());
    }

    public static async Task<Results<Ok<FlagDetailResponse>, ProblemHttpResult>> GetFlag(string id, UsageRecorder recorder, CancellationToken cancellationToken) =>
        IsFlagId(id) && await recorder.Store.ReadFlagAsync(id, cancellationToken) is { } flag
            ? TypedResults.Ok(FlagDetailResponse.From(flag))
            : NotFound(id);

    public static async Task<Results<Ok<FlagDetailResponse>, ConflictProblem, ProblemHttpResult>> AnswerFlag(
        string id, FlagAnswerRequest? answer, ClaimsPrincipal user, UsageRecorder recorder, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!IsFlagId(id))
        {
            return NotFound(id);
        }
        if (answer?.Close == false)
        {
            return BadRequest("Een antwoord sluit de melding.", "Laat 'close' weg of zet het op true: een beantwoorde melding is gesloten.");
        }
        if (UsageStore.AnswerProblem(answer?.Text, answer?.FixedInVersion) is { } problem)
        {
            return BadRequest("Het antwoord kan zo niet worden opgeslagen.", problem);
        }
        var update = await recorder.Store.AnswerFlagAsync(id, answer!.Text!, Expert(user), answer.FixedInVersion, time.GetUtcNow(), cancellationToken);
        return Outcome(id, update);
    }

    public static async Task<Results<Ok<FlagDetailResponse>, ConflictProblem, ProblemHttpResult>> CloseFlag(
        string id, ClaimsPrincipal user, UsageRecorder recorder, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!IsFlagId(id))
        {
            return NotFound(id);
        }
        return Outcome(id, await recorder.Store.CloseFlagAsync(id, Expert(user), time.GetUtcNow(), cancellationToken));
    }

    private static Results<Ok<FlagDetailResponse>, ConflictProblem, ProblemHttpResult> Outcome(string id, FlagUpdate update) => update switch
    {
        { Outcome: FlagUpdateOutcome.Updated or FlagUpdateOutcome.Unchanged, Flag: { } flag } => TypedResults.Ok(FlagDetailResponse.From(flag)),
        { Outcome: FlagUpdateOutcome.Refused } => ConflictProblem.Of("Deze melding is al afgehandeld.", update.Reason ?? ""),
        _ => NotFound(id),
    };

    /// <summary>The expert's user name: experts are named in what they answer (officials never are).</summary>
    private static string Expert(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "onbekend";

    private static bool IsFlagId(string id) => UsageValidation.IsId(id, UsageValidation.MaximumFlagIdLength);

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        title: "Melding niet gevonden.",
        detail: $"Er is geen melding met id '{(id.Length <= 80 ? id : id[..80] + "…")}'.",
        statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>The filters of <c>GET /api/flags</c>, all optional.</summary>
public sealed record FlagListRequest(string? GuideId = null, string? StepId = null, string? Status = null, int? Limit = null);

/// <summary>An expert's answer. <c>close</c> may be left out: an answer always closes the flag.</summary>
public sealed record FlagAnswerRequest(string? Text, string? FixedInVersion = null, bool? Close = null);
