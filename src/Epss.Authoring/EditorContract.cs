using System.Text.Json.Serialization;
using Epss.Content.Contract;

namespace Epss.Authoring;

// What the experts' editor is sent about a guide's life (the editor's HTTP API): the records of this library as the
// editor reads them, made here once.

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

public sealed record ReviewCommentResponse(long Id, string Version, int Line, string Text, string Author, DateTimeOffset CreatedAt)
{
    public static ReviewCommentResponse From(ReviewComment comment) =>
        new(comment.Id, comment.Version, comment.Line, comment.Text, comment.Author, comment.CreatedAt);
}

/// <param name="PublishedChangedSince">The published text changed since the change started: merge before publishing.</param>
public sealed record ChangeResponse(
    long Id,
    string GuideId,
    string Status,
    string? BaseVersion,
    string HeadVersion,
    string HeadAuthor,
    IReadOnlyList<string> Authors,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SubmittedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SubmittedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SubmitNote,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SentBackBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentBackAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SentBackNote,
    bool PublishedChangedSince,
    IReadOnlyList<ReviewCommentResponse> Comments)
{
    /// <summary>The change as the editor shows it, with its comments; <paramref name="publishedVersion"/> is what officials see now.</summary>
    public static async Task<ChangeResponse> ReadAsync(GuideChange change, string? publishedVersion, GuideHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(history);
        var comments = await history.CommentsAsync(change.Id, cancellationToken);
        return new ChangeResponse(
            change.Id, change.GuideId, change.Status, change.BaseVersion, change.HeadVersion, change.HeadAuthor, change.Authors,
            change.CreatedAt, change.UpdatedAt, change.SubmittedBy, change.SubmittedAt, change.SubmitNote,
            change.SentBackBy, change.SentBackAt, change.SentBackNote,
            publishedVersion != change.BaseVersion,
            [.. comments.Select(ReviewCommentResponse.From)]);
    }
}

public sealed record EditorGuideResponse(
    string Id,
    string File,
    string? PublishedVersion,
    string? HeadVersion,
    string Text,
    ChangeResponse? Change,
    DraftResponse? Draft);

public sealed record PreviewResponse(GuideResponse? Guide, IReadOnlyList<ContentProblemResponse> Diagnostics);

public sealed record DraftResponse(string Text, string? BaseVersion, DateTimeOffset UpdatedAt)
{
    public static DraftResponse From(EditorDraft draft) => new(draft.Text, draft.BaseVersion, draft.UpdatedAt);
}
