using System.Text.Json.Serialization;
using Epss.Authoring;
using Epss.Content.Text;
using Epss.Server.Apis;
using Epss.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Editor;

/// <summary>The editor's HTTP API: save a guide's source, its history, a diff of two versions, restore a version.</summary>
public static class AuthoringEndpoints
{
    public static IEndpointRouteBuilder MapAuthoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/guides/{id}").WithTags("Editor").AddEndpointFilter<ReadinessFilter>()
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

    public static async Task<Results<Ok<SavedResponse>, ProblemHttpResult>> SaveSource(
        string id, SaveSourceRequest request, GuideEditing editing, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Slug.IsValid(id))
        {
            return BadId(id);
        }
        if (IsBadText(request.Text, out var problem))
        {
            return problem;
        }
        var outcome = await editing.SaveAsync(id, request.Text, request.BaseVersion, Author(context), Note(request.Note), VersionSource.Editor,
            string.IsNullOrEmpty(request.MergedWith) ? null : request.MergedWith, cancellationToken);
        return Answer(outcome, request.Text);
    }

    public static async Task<Results<Ok<HistoryEntryResponse[]>, ProblemHttpResult>> ListHistory(
        string id, GuideHistory history, Epss.Content.Library.GuideLibrary library, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(id))
        {
            return BadId(id);
        }
        var versions = await history.ListAsync(id, cancellationToken);
        if (versions.Count == 0)
        {
            return NotFound(id);
        }
        var published = (await history.PublicationsAsync(id, cancellationToken)).DistinctBy(p => p.Version).ToDictionary(p => p.Version, StringComparer.Ordinal);
        var served = library.Current.Find(id)?.Version;
        return TypedResults.Ok(versions.Select(v => HistoryEntryResponse.From(v, published.GetValueOrDefault(v.Version), v.Version == served)).ToArray());
    }

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersion(string id, string version, GuideHistory history, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(id))
        {
            return BadId(id);
        }
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
        if (!Slug.IsValid(id))
        {
            return BadId(id);
        }
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            return TypedResults.Problem(title: "Welke versies?", detail: "Geef beide versies: ?from=…&to=….", statusCode: StatusCodes.Status400BadRequest);
        }
        var old = await history.FindAsync(id, from, cancellationToken);
        if (old is null)
        {
            return VersionNotFound(id, from);
        }
        var @new = await history.FindAsync(id, to, cancellationToken);
        if (@new is null)
        {
            return VersionNotFound(id, to);
        }
        return TypedResults.Ok(LineDiff.Compute(old.Text, @new.Text).ToArray());
    }

    public static async Task<Results<Ok<SavedResponse>, ProblemHttpResult>> Restore(
        string id, RestoreRequest request, GuideEditing editing, GuideHistory history, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Slug.IsValid(id))
        {
            return BadId(id);
        }
        if (string.IsNullOrEmpty(request.Version))
        {
            return TypedResults.Problem(title: "Welke versie?", detail: "Geef in 'version' de versie die terug moet komen.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (await history.FindAsync(id, request.Version, cancellationToken) is not { } old)
        {
            return VersionNotFound(id, request.Version);
        }
        var note = string.IsNullOrWhiteSpace(request.Note) ? $"Versie {old.Version} teruggezet" : request.Note.Trim();
        var outcome = await editing.SaveAsync(id, old.Text, request.BaseVersion, Author(context), note, VersionSource.Restore, null, cancellationToken);
        return Answer(outcome, old.Text);
    }

    /// <summary>The longest guide text the editor accepts (1 MB of characters; the longest sample guide is a few kB).</summary>
    public const int MaximumTextLength = 1_000_000;

    /// <summary>The longest note, comment or review remark.</summary>
    public const int MaximumNoteLength = 2_000;

    internal static Results<Ok<SavedResponse>, ProblemHttpResult> Answer(SaveOutcome outcome, string? yours) => outcome switch
    {
        SaveOutcome.Saved saved => TypedResults.Ok(new SavedResponse(saved.Version, saved.Status)),
        SaveOutcome.Conflict conflict => TypedResults.Problem(
            title: "De gids is intussen veranderd.",
            detail: conflict.CurrentVersion is null
                ? "Deze gids bestaat (nog) niet; er is niets opgeslagen."
                : $"Iemand anders heeft de gids opgeslagen (versie {conflict.CurrentVersion}). Er is niets opgeslagen: voeg beide teksten samen en sla opnieuw op.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["theirs"] = new ConflictTextResponse(conflict.CurrentVersion, conflict.CurrentText),
                ["yours"] = new ConflictTextResponse(null, yours),
            }),
        SaveOutcome.PublishedChanged changed => TypedResults.Problem(
            title: "De gepubliceerde gids is intussen veranderd.",
            detail: "De tekst die baliemedewerkers zien is buiten de editor gewijzigd sinds deze wijziging begon. Er is niets gepubliceerd: voeg beide teksten samen en sla opnieuw op.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["theirs"] = new ConflictTextResponse(changed.PublishedVersion, changed.PublishedText),
                ["yours"] = new ConflictTextResponse(null, yours ?? changed.ChangeText),
                ["publishedVersion"] = changed.PublishedVersion,
            }),
        SaveOutcome.NoChange => TypedResults.Problem(
            title: "Geen openstaande wijziging.", detail: "Deze gids heeft geen wijziging die wacht op beoordeling of publicatie.", statusCode: StatusCodes.Status404NotFound),
        SaveOutcome.WrongState wrong => TypedResults.Problem(title: "Dat kan nu niet.", detail: wrong.Reason, statusCode: StatusCodes.Status409Conflict),
        SaveOutcome.NotAllowed notAllowed => TypedResults.Problem(title: "Niet toegestaan.", detail: notAllowed.Reason, statusCode: StatusCodes.Status403Forbidden),
        SaveOutcome.Invalid invalid => TypedResults.Problem(
            title: "De gids bevat fouten.",
            detail: $"Er is niets opgeslagen: {invalid.Diagnostics.Count} fout(en). Herstel ze en sla opnieuw op.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["diagnostics"] = invalid.Diagnostics.Select(ContentProblemResponse.From).ToArray() }),
        _ => throw new InvalidOperationException("Unknown save outcome."),
    };

    /// <summary>Who made a version: the signed-in user's name (the history is for the experts who share the guides).</summary>
    internal static string Author(HttpContext context) => context.User.Identity?.Name ?? "onbekend";

    internal static string Note(string? note) => note?.Trim() is { } trimmed ? trimmed.Length <= MaximumNoteLength ? trimmed : trimmed[..MaximumNoteLength] : "";

    /// <summary>Whether a guide's text cannot be taken (missing, or longer than any guide), and the problem that says why.</summary>
    internal static bool IsBadText(
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProblemHttpResult? problem)
    {
        problem = text switch
        {
            null => TypedResults.Problem(title: "De tekst ontbreekt.", detail: "Stuur de tekst van de gids mee in 'text'.", statusCode: StatusCodes.Status400BadRequest),
            { Length: > MaximumTextLength } => TypedResults.Problem(
                title: "De tekst is te lang.", detail: $"Een gids telt hoogstens {MaximumTextLength:N0} tekens.", statusCode: StatusCodes.Status413PayloadTooLarge),
            _ => null,
        };
        return problem is not null;
    }

    internal static ProblemHttpResult BadId(string id) => TypedResults.Problem(
        title: "Ongeldig id.", detail: $"'{Shorten(id)}' is geen geldig gids-id (kleine letters, cijfers en streepjes).", statusCode: StatusCodes.Status400BadRequest);

    internal static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        title: "Gids niet gevonden.", detail: $"Er is geen geschiedenis van een gids met id '{Shorten(id)}'.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult VersionNotFound(string id, string version) => TypedResults.Problem(
        title: "Versie niet gevonden.", detail: $"De gids '{Shorten(id)}' heeft geen versie '{Shorten(version)}'.", statusCode: StatusCodes.Status404NotFound);

    internal static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

/// <param name="BaseVersion">The version the text was edited from (the open change's head, else the published version); null for a new guide.</param>
/// <param name="MergedWith">After a publish conflict: the published version the text was merged with.</param>
public sealed record SaveSourceRequest(string? Text, string? BaseVersion, string? Note, string? MergedWith = null);

/// <param name="Version">The version whose text comes back.</param>
/// <param name="BaseVersion">The version the guide is at as the expert saw it.</param>
public sealed record RestoreRequest(string? Version, string? BaseVersion, string? Note);

/// <param name="Status">draft (a version of the open change), in-review, sent-back, or published.</param>
public sealed record SavedResponse(string Version, string Status);

/// <summary>One side of a conflict: <c>theirs</c> (the file as it is now, with its version) or <c>yours</c> (the text sent).</summary>
public sealed record ConflictTextResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    string? Text);

/// <param name="Source">How the version came about: editor, watcher or restore.</param>
/// <param name="PublishedAt">When the version was last published (written to the folder); absent when it never was.</param>
/// <param name="Current">Whether officials see this version now.</param>
public sealed record HistoryEntryResponse(
    string Version,
    string Author,
    DateTimeOffset CreatedAt,
    string Note,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PublishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PublishedBy,
    bool Current)
{
    public static HistoryEntryResponse From(GuideVersion v, Publication? published, bool current) =>
        new(v.Version, v.Author, v.CreatedAt, v.Note, v.Source, published?.PublishedAt, published?.PublishedBy, current);
}

public sealed record VersionResponse(
    string Version,
    string Author,
    DateTimeOffset CreatedAt,
    string Note,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PublishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PublishedBy,
    string Text)
{
    public static VersionResponse From(GuideVersion v, Publication? published) =>
        new(v.Version, v.Author, v.CreatedAt, v.Note, v.Source, published?.PublishedAt, published?.PublishedBy, v.Text);
}
