using Epss.Authoring;
using Epss.Server.Apis;
using Epss.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Editor;

/// <summary>
/// Review (four eyes): a guide's open change is sent for review, commented per line, sent back or published by another
/// expert than the one who sent it and the one who wrote its newest version. Each step names the version the expert
/// saw, so nobody publishes or sends back a text they did not see.
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup("/api/guides/{id}/review").WithTags("Review").AddEndpointFilter<ReadinessFilter>().AddEndpointFilter<GuideIdFilter>()
            .RequireAuthorization(EpssPolicies.EditGuides);
        review.MapGet("/", GetChange)
            .WithName("OpenChange")
            .WithSummary("The guide's open change with its comments; 404 when there is none.");
        review.MapPost("/submit", Submit)
            .WithName("SubmitForReview")
            .WithSummary("Sends the open change for review; 409 when 'version' is not its newest version.");
        review.MapPost("/comments", Comment)
            .WithName("CommentOnLine")
            .WithSummary("A comment on one line of a version of the open change.");
        review.MapPost("/send-back", SendBack)
            .WithName("SendBack")
            .WithSummary("Sends a change in review back to its authors with a note; 403 for the expert who sent it for review.");
        review.MapPost("/publish", Publish)
            .WithName("Publish")
            .WithSummary("Publishes a change in review: writes it to the content folder and pushes it to every open panel. 403 for the expert who sent it for review or wrote its newest version; 409 when the published text changed meanwhile (with both texts).");
        // Not in the group: an administrator may withdraw any change, an expert only one they wrote or sent for review.
        app.MapPost("/api/guides/{id}/review/withdraw", Withdraw).WithTags("Review").AddEndpointFilter<ReadinessFilter>().AddEndpointFilter<GuideIdFilter>()
            .RequireAuthorization(EpssPolicies.WithdrawChanges)
            .WithName("WithdrawChange")
            .WithSummary("Drops the open change; its versions stay in the history. 403 for an expert who neither wrote a version of it nor sent it for review (administrators may withdraw any).");
        return app;
    }

    public static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> GetChange(string id, GuideEditing editing, GuideHistory history, CancellationToken cancellationToken)
    {
        var (publishedVersion, _, change, _, _) = await editing.StateAsync(id, cancellationToken);
        return change is null
            ? EditorInput.NotFound("Geen openstaande wijziging.", "Deze gids heeft geen wijziging die wacht op beoordeling of publicatie.")
            : TypedResults.Ok(await ChangeResponse.ReadAsync(change, publishedVersion, history, cancellationToken));
    }

    public static Task<Results<Ok<ChangeResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> Submit(
        string id, SubmitRequest request, GuideEditing editing, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StepAsync(id, request.Version, editing, history, cancellationToken,
            () => editing.SubmitAsync(id, request.Version!, EditorInput.Author(context), EditorInput.Note(request.Note), cancellationToken));
    }

    public static async Task<Results<Ok<ChangeResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> SendBack(
        string id, SendBackRequest request, GuideEditing editing, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Note))
        {
            return EditorInput.BadRequest("Waarom terug?", "Schrijf in 'note' wat de auteurs moeten verbeteren.");
        }
        return await StepAsync(id, request.Version, editing, history, cancellationToken, async () =>
        {
            var outcome = await editing.SendBackAsync(id, request.Version!, EditorInput.Author(context), EditorInput.Note(request.Note), cancellationToken);
            if (outcome is SaveOutcome.Saved)
            {
                await EditorInput.AuditAsync(context, Epss.Audit.AuditActions.SentBack, id, $"versie {request.Version}");
            }
            return outcome;
        });
    }

    public static async Task<Results<Ok<ReviewCommentResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> Comment(
        string id, CommentRequest request, GuideEditing editing, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Version) || request.Line is null || string.IsNullOrWhiteSpace(request.Text))
        {
            return EditorInput.BadRequest("Onvolledig commentaar.", "Geef 'version', 'line' en 'text'.");
        }
        var outcome = await editing.CommentAsync(id, request.Version, request.Line.Value, EditorInput.Note(request.Text), EditorInput.Author(context), cancellationToken);
        return outcome is SaveOutcome.Commented commented
            ? TypedResults.Ok(ReviewCommentResponse.From(commented.Comment))
            : EditorInput.Refusal<Ok<ReviewCommentResponse>>(outcome, null);
    }

    public static async Task<Results<Ok<SavedResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> Publish(
        string id, PublishRequest request, GuideEditing editing, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Version))
        {
            return WhichVersion();
        }
        var outcome = await editing.PublishAsync(id, request.Version, EditorInput.Author(context), cancellationToken);
        if (outcome is SaveOutcome.Saved)
        {
            await EditorInput.AuditAsync(context, Epss.Audit.AuditActions.Published, id, $"versie {request.Version}");
        }
        return EditorInput.Answer(outcome, null);
    }

    public static async Task<Results<NoContent, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> Withdraw(
        string id, WithdrawRequest? request, GuideEditing editing, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await editing.WithdrawAsync(id, EditorInput.Author(context), context.User.IsInRole(Epss.Accounts.EpssRoles.Admin),
            EditorInput.Note(request?.Note), cancellationToken);
        if (outcome is SaveOutcome.Saved saved)
        {
            await EditorInput.AuditAsync(context, Epss.Audit.AuditActions.Withdrawn, id, $"versie {saved.Version}");
            return TypedResults.NoContent();
        }
        return EditorInput.Refusal<NoContent>(outcome, null);
    }

    private static async Task<Results<Ok<ChangeResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> StepAsync(
        string id, string? version, GuideEditing editing, GuideHistory history, CancellationToken cancellationToken, Func<Task<SaveOutcome>> step)
    {
        if (string.IsNullOrEmpty(version))
        {
            return WhichVersion();
        }
        var outcome = await step();
        if (outcome is SaveOutcome.Saved { Change: { } change })
        {
            return TypedResults.Ok(await ChangeResponse.ReadAsync(change, (await editing.StateAsync(id, cancellationToken)).PublishedVersion, history, cancellationToken));
        }
        return EditorInput.Refusal<Ok<ChangeResponse>>(outcome, null);
    }

    private static ProblemHttpResult WhichVersion() =>
        EditorInput.BadRequest("Welke versie?", "Geef in 'version' de versie die u hebt gezien (de nieuwste van de wijziging).");
}

public sealed record SubmitRequest(string? Version, string? Note);

public sealed record SendBackRequest(string? Version, string? Note);

public sealed record CommentRequest(string? Version, int? Line, string? Text);

public sealed record PublishRequest(string? Version);

public sealed record WithdrawRequest(string? Note);

