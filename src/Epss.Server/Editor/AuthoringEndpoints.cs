using Epss.Authoring;
using Epss.Server.Apis;
using Epss.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Editor;

/// <summary>The editor's HTTP API: save a guide's source, its history, a diff of two versions, restore a version.</summary>
public static class AuthoringEndpoints
{
    public static IEndpointRouteBuilder MapAuthoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/guides/{id}").WithTags("Editor").AddEndpointFilter<ReadinessFilter>().AddEndpointFilter<GuideIdFilter>()
            .RequireAuthorization(EpssPolicies.EditGuides);
        api.MapPut("/source", SaveSource)
            .WithName("SaveGuideSource")
            .WithSummary("Saves a guide's Markdown as a draft version of its open change (the content folder is untouched until a reviewer publishes); 409 with both texts when the guide's newest version is not baseVersion, 422 with the diagnostics when the text has errors.");
        api.MapGet("/history", ListHistory)
            .WithName("GuideHistory")
            .WithSummary("Every version of a guide, newest first.");
        api.MapGet("/history/{version}", GetVersion)
            .WithName("GuideVersion")
            .WithSummary("One version of a guide with its text.");
        api.MapGet("/diff", Diff)
            .WithName("GuideDiff")
            .WithSummary("A line diff between two versions of a guide.");
        api.MapPost("/restore", Restore)
            .WithName("RestoreGuideVersion")
            .WithSummary("Saves an older version's text as a new draft version of the open change (to be reviewed like any save); same conflict rule as saving.");
        return app;
    }

    public static async Task<Results<Ok<SavedResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> SaveSource(
        string id, SaveSourceRequest request, GuideEditing editing, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (EditorInput.BadText(request.Text) is { } problem)
        {
            return problem;
        }
        var outcome = await editing.SaveAsync(id, request.Text!, request.BaseVersion, EditorInput.Author(context), EditorInput.Note(request.Note), VersionSource.Editor,
            string.IsNullOrEmpty(request.MergedWith) ? null : request.MergedWith, cancellationToken);
        return EditorInput.Answer(outcome, request.Text);
    }

    public static async Task<Results<Ok<HistoryEntryResponse[]>, ProblemHttpResult>> ListHistory(
        string id, GuideHistory history, Epss.Content.Library.GuideLibrary library, CancellationToken cancellationToken)
    {
        var versions = await history.ListAsync(id, cancellationToken);
        if (versions.Count == 0)
        {
            return EditorInput.NotFound("Gids niet gevonden.", $"Er is geen geschiedenis van een gids met id '{EditorInput.Shorten(id)}'.");
        }
        var published = (await history.PublicationsAsync(id, cancellationToken)).DistinctBy(p => p.Version).ToDictionary(p => p.Version, StringComparer.Ordinal);
        var served = library.Current.Find(id)?.Version;
        return TypedResults.Ok(versions.Select(v => HistoryEntryResponse.From(v, published.GetValueOrDefault(v.Version), v.Version == served)).ToArray());
    }

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersion(string id, string version, GuideHistory history, CancellationToken cancellationToken)
    {
        if (await history.FindAsync(id, version, cancellationToken) is not { } found)
        {
            return VersionNotFound(id, version);
        }
        var published = (await history.PublicationsAsync(id, cancellationToken)).FirstOrDefault(p => p.Version == version);
        return TypedResults.Ok(VersionResponse.From(found, published));
    }

    public static async Task<Results<Ok<DiffLine[]>, ProblemHttpResult>> Diff(
        string id, string? from, string? to, GuideHistory history, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            return EditorInput.BadRequest("Welke versies?", "Geef beide versies: ?from=…&to=….");
        }
        if (await history.FindAsync(id, from, cancellationToken) is not { } old)
        {
            return VersionNotFound(id, from);
        }
        if (await history.FindAsync(id, to, cancellationToken) is not { } @new)
        {
            return VersionNotFound(id, to);
        }
        return TypedResults.Ok(LineDiff.Compute(old.Text, @new.Text).ToArray());
    }

    public static async Task<Results<Ok<SavedResponse>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> Restore(
        string id, RestoreRequest request, GuideEditing editing, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Version))
        {
            return EditorInput.BadRequest("Welke versie?", "Geef in 'version' de versie die terug moet komen.");
        }
        if (await history.FindAsync(id, request.Version, cancellationToken) is not { } old)
        {
            return VersionNotFound(id, request.Version);
        }
        var note = string.IsNullOrWhiteSpace(request.Note) ? $"Versie {old.Version} teruggezet" : request.Note.Trim();
        var outcome = await editing.SaveAsync(id, old.Text, request.BaseVersion, EditorInput.Author(context), note, VersionSource.Restore, null, cancellationToken);
        if (outcome is SaveOutcome.Saved)
        {
            await EditorInput.AuditAsync(context, Epss.Audit.AuditActions.Restored, id, $"versie {old.Version}");
        }
        return EditorInput.Answer(outcome, old.Text);
    }

    private static ProblemHttpResult VersionNotFound(string id, string version) =>
        EditorInput.NotFound("Versie niet gevonden.", $"De gids '{EditorInput.Shorten(id)}' heeft geen versie '{EditorInput.Shorten(version)}'.");
}

/// <param name="BaseVersion">The version the text was edited from (the open change's head, else the published version); null for a new guide.</param>
/// <param name="MergedWith">After a publish conflict: the published version the text was merged with.</param>
public sealed record SaveSourceRequest(string? Text, string? BaseVersion, string? Note, string? MergedWith = null);

/// <param name="Version">The version whose text comes back.</param>
/// <param name="BaseVersion">The version the guide is at as the expert saw it.</param>
public sealed record RestoreRequest(string? Version, string? BaseVersion, string? Note);

