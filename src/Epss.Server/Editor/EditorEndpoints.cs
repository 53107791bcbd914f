using System.Text.Json.Serialization;
using Epss.Authoring;
using Epss.Content.Library;
using Epss.Content.Text;
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
        var guide = app.MapGroup("/api/guides/{id}").WithTags("Editor").AddEndpointFilter<ReadinessFilter>()
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
        GuideLibrary library, GuideEditing editing, GuideHistory history, UsageRecorder usage, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var today = GuideEndpoints.Today(time);
        var snapshot = library.Current;
        var changes = (await history.OpenChangesAsync(cancellationToken)).ToDictionary(c => c.GuideId, StringComparer.Ordinal);
        var flags = await usage.Store.CountOpenFlagsByGuideAsync(cancellationToken);
        var drafts = await history.DraftGuidesAsync(AuthoringEndpoints.Author(context), cancellationToken);
        var filesWithErrors = snapshot.Diagnostics.Where(d => d.IsError).Select(d => d.File).ToHashSet(StringComparer.Ordinal);

        var list = new List<EditorGuideSummary>();
        foreach (var guide in snapshot.Guides.Values)
        {
            var change = changes.GetValueOrDefault(guide.Id);
            list.Add(new EditorGuideSummary(
                guide.Id, guide.Title, guide.SourcePath, change?.Status ?? ChangeStatus.Published, guide.Version, change?.HeadVersion ?? guide.Version,
                guide.Owner, guide.ReviewBy, guide.IsOutdated(today), flags.GetValueOrDefault(guide.Id), filesWithErrors.Contains(guide.SourcePath),
                change?.Authors ?? [], drafts.Contains(guide.Id)));
        }
        // A file that has had errors from the start is served to nobody, but an expert must be able to find it to repair it.
        var listed = list.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (guideId, file, version, title) in editing.UnservedFiles().Where(f => !listed.Contains(f.GuideId) && !changes.ContainsKey(f.GuideId)))
        {
            listed.Add(guideId);
            list.Add(new EditorGuideSummary(
                guideId, title ?? guideId, file, ChangeStatus.Published, version, version, null, null, false, flags.GetValueOrDefault(guideId), true, [], drafts.Contains(guideId)));
        }
        // A new guide exists only as its change until it is published.
        foreach (var change in changes.Values.Where(c => snapshot.Find(c.GuideId) is null))
        {
            var text = await history.TextOfAsync(change.GuideId, change.HeadVersion, cancellationToken) ?? "";
            var (parsed, _) = editing.Lint(change.GuideId, text);
            var file = editing.FileOf(change.GuideId);
            list.Add(new EditorGuideSummary(
                change.GuideId, parsed.Guide?.Title ?? change.GuideId, file, change.Status, null, change.HeadVersion,
                parsed.Guide?.Owner, parsed.Guide?.ReviewBy, parsed.Guide?.IsOutdated(today) ?? false, flags.GetValueOrDefault(change.GuideId),
                filesWithErrors.Contains(file), change.Authors, drafts.Contains(change.GuideId)));
        }
        return TypedResults.Ok(list.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(g => g.Id, StringComparer.Ordinal).ToArray());
    }

    public static async Task<Results<Ok<EditorGuideResponse>, ProblemHttpResult>> OpenGuide(
        string id, GuideEditing editing, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(id))
        {
            return AuthoringEndpoints.BadId(id);
        }
        var (publishedVersion, _, change, headVersion, headText) = await editing.StateAsync(id, cancellationToken);
        var draft = await history.ReadDraftAsync(AuthoringEndpoints.Author(context), id, cancellationToken);
        if (headText is null && draft is null)
        {
            return TypedResults.Problem(
                title: "Gids niet gevonden.", detail: $"Er is geen gids met id '{AuthoringEndpoints.Shorten(id)}'.", statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Ok(new EditorGuideResponse(
            id, editing.FileOf(id), publishedVersion, headVersion, headText ?? "",
            change is null ? null : await ReviewEndpoints.ChangeResponseAsync(change, publishedVersion, history, cancellationToken),
            draft is null ? null : DraftResponse.From(draft)));
    }

    public static Results<Ok<PreviewResponse>, ProblemHttpResult> Preview(string id, PreviewRequest request, GuideEditing editing, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Slug.IsValid(id))
        {
            return AuthoringEndpoints.BadId(id);
        }
        if (AuthoringEndpoints.IsBadText(request.Text, out var problem))
        {
            return problem;
        }
        var (parsed, diagnostics) = editing.Lint(id, request.Text);
        return TypedResults.Ok(new PreviewResponse(
            parsed.Guide is { } guide ? GuideResponse.From(guide, GuideEndpoints.Today(time)) : null,
            [.. diagnostics.Select(ContentProblemResponse.From)]));
    }

    public static async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> ReadDraft(string id, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(id))
        {
            return AuthoringEndpoints.BadId(id);
        }
        return await history.ReadDraftAsync(AuthoringEndpoints.Author(context), id, cancellationToken) is { } draft
            ? TypedResults.Ok(DraftResponse.From(draft))
            : TypedResults.Problem(title: "Geen concept.", detail: "U hebt van deze gids geen niet-opgeslagen concept.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SaveDraft(
        string id, DraftRequest request, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Slug.IsValid(id))
        {
            return AuthoringEndpoints.BadId(id);
        }
        if (AuthoringEndpoints.IsBadText(request.Text, out var problem))
        {
            return problem;
        }
        await history.SaveDraftAsync(AuthoringEndpoints.Author(context), id, request.Text, string.IsNullOrEmpty(request.BaseVersion) ? null : request.BaseVersion, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraft(string id, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(id))
        {
            return AuthoringEndpoints.BadId(id);
        }
        await history.DeleteDraftAsync(AuthoringEndpoints.Author(context), id, cancellationToken);
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

/// <param name="Status">published, draft, in-review or sent-back.</param>
public sealed record EditorGuideSummary(
    string Id,
    string Title,
    string File,
    string Status,
    string? PublishedVersion,
    string? HeadVersion,
    string? Owner,
    DateOnly? ReviewBy,
    bool Outdated,
    int OpenFlags,
    bool HasErrors,
    IReadOnlyList<string> ChangeAuthors,
    bool MyDraft);

public sealed record EditorGuideResponse(
    string Id,
    string File,
    string? PublishedVersion,
    string? HeadVersion,
    string Text,
    ChangeResponse? Change,
    DraftResponse? Draft);

public sealed record PreviewRequest(string? Text);

public sealed record PreviewResponse(GuideResponse? Guide, IReadOnlyList<ContentProblemResponse> Diagnostics);

public sealed record DraftRequest(string? Text, string? BaseVersion);

public sealed record DraftResponse(string Text, string? BaseVersion, DateTimeOffset UpdatedAt)
{
    public static DraftResponse From(EditorDraft draft) => new(draft.Text, draft.BaseVersion, draft.UpdatedAt);
}

public sealed record MeResponse(
    bool SignedIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    IReadOnlyList<string> Roles);
