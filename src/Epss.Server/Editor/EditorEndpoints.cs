using System.Text.Json.Serialization;
using Epss.Authoring;
using Epss.Content.Contract;
using Epss.Server.Apis;
using Epss.Server.Security;
using Epss.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Editor;

/// <summary>What the editor page reads: the list of guides, one guide to edit, a preview while typing, the expert's unsaved drafts.</summary>
public static class EditorEndpoints
{
    public static IEndpointRouteBuilder MapEditorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/editor/guides", ListGuides).WithTags("Editor").AddEndpointFilter<ReadinessFilter>()
            .RequireAuthorization(EpssPolicies.EditGuides)
            .WithName("EditorGuides")
            .WithSummary("Every guide the editor knows (served, with errors in the folder, or only an open change) with status, owner, review-by date and open flags.");
        var guide = app.MapGroup("/api/guides/{id}").WithTags("Editor").AddEndpointFilter<ReadinessFilter>().AddEndpointFilter<GuideIdFilter>()
            .RequireAuthorization(EpssPolicies.EditGuides);
        guide.MapGet("/editor", OpenGuide)
            .WithName("EditorGuide")
            .WithSummary("A guide to edit: the text of its newest version (the open change's, else the published one), the open change and the expert's unsaved draft.");
        guide.MapPost("/preview", Preview)
            .WithName("PreviewGuide")
            .WithSummary("Parses and renders a text as the panel would show it, with every diagnostic; stores nothing.");
        guide.MapGet("/draft", ReadDraft)
            .WithName("ReadEditorDraft")
            .WithSummary("The signed-in expert's unsaved text of the guide; 404 when there is none.");
        guide.MapPut("/draft", SaveDraft)
            .WithName("SaveEditorDraft")
            .WithSummary("Keeps the signed-in expert's unsaved text of the guide (autosave), so that a closed tab loses nothing.");
        guide.MapDelete("/draft", DeleteDraft)
            .WithName("DeleteEditorDraft")
            .WithSummary("Throws away the signed-in expert's unsaved text of the guide.");
        app.MapGet("/api/me", Me).WithTags("Sign-in").RequireAuthorization(EpssPolicies.ReadGuides)
            .WithName("Me")
            .WithSummary("Who is signed in (name and roles); signedIn false for an anonymous reader.");
        return app;
    }

    public static async Task<Ok<EditorGuideSummary[]>> ListGuides(
        GuideEditing editing, UsageRecorder usage, TimeProvider time, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok((await editing.ListAsync(
            EditorInput.Author(context), await usage.Store.CountOpenFlagsByGuideAsync(cancellationToken), GuideEndpoints.Today(time), cancellationToken)).ToArray());

    public static async Task<Results<Ok<EditorGuideResponse>, ProblemHttpResult>> OpenGuide(
        string id, GuideEditing editing, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        var (publishedVersion, _, change, headVersion, headText) = await editing.StateAsync(id, cancellationToken);
        var draft = await history.ReadDraftAsync(EditorInput.Author(context), id, cancellationToken);
        if (headText is null && draft is null)
        {
            return EditorInput.NotFound("Gids niet gevonden.", $"Er is geen gids met id '{EditorInput.Shorten(id)}'.");
        }
        return TypedResults.Ok(new EditorGuideResponse(
            id, editing.FileOf(id), publishedVersion, headVersion, headText ?? "",
            change is null ? null : await ChangeResponse.ReadAsync(change, publishedVersion, history, cancellationToken),
            draft is null ? null : DraftResponse.From(draft)));
    }

    public static Results<Ok<PreviewResponse>, ProblemHttpResult> Preview(string id, PreviewRequest request, GuideEditing editing, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (EditorInput.BadText(request.Text) is { } problem)
        {
            return problem;
        }
        var (parsed, diagnostics) = editing.Lint(id, request.Text!);
        return TypedResults.Ok(new PreviewResponse(
            parsed.Guide is { } guide ? GuideResponse.From(guide, GuideEndpoints.Today(time)) : null,
            [.. diagnostics.Select(ContentProblemResponse.From)]));
    }

    public static async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> ReadDraft(string id, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        return await history.ReadDraftAsync(EditorInput.Author(context), id, cancellationToken) is { } draft
            ? TypedResults.Ok(DraftResponse.From(draft))
            : EditorInput.NotFound("Geen concept.", "U hebt van deze gids geen niet-opgeslagen concept.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SaveDraft(
        string id, DraftRequest request, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (EditorInput.BadText(request.Text) is { } problem)
        {
            return problem;
        }
        await history.SaveDraftAsync(EditorInput.Author(context), id, request.Text!, string.IsNullOrEmpty(request.BaseVersion) ? null : request.BaseVersion, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraft(string id, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        await history.DeleteDraftAsync(EditorInput.Author(context), id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static Ok<MeResponse> Me(HttpContext context)
    {
        var user = context.User;
        return EpssClaims.IsSignedIn(user)
            ? TypedResults.Ok(new MeResponse(true, user.Identity?.Name, [.. Epss.Accounts.EpssRoles.All.Where(user.IsInRole)]))
            : TypedResults.Ok(new MeResponse(false, null, []));
    }
}

public sealed record PreviewRequest(string? Text);

public sealed record DraftRequest(string? Text, string? BaseVersion);

public sealed record MeResponse(
    bool SignedIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    IReadOnlyList<string> Roles);
