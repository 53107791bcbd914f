using System.Data.Common;

namespace Epss.Authoring;

/// <summary>The states of a change; the first three are open (at most one open change per guide).</summary>
public static class ChangeStatus
{
    public const string Draft = "draft";
    public const string InReview = "in-review";
    public const string SentBack = "sent-back";
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";

    public static bool IsOpen(string status) => status is Draft or InReview or SentBack;
}

/// <summary>
/// A guide's open change: the versions experts saved since the published text (<paramref name="BaseVersion"/>, null for
/// a new guide), up to <paramref name="HeadVersion"/>, on its way through review.
/// </summary>
public sealed record GuideChange(
    long Id,
    string GuideId,
    string? BaseVersion,
    string HeadVersion,
    string HeadAuthor,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? SubmittedBy,
    DateTimeOffset? SubmittedAt,
    string? SubmitNote,
    string? SentBackBy,
    DateTimeOffset? SentBackAt,
    string? SentBackNote,
    IReadOnlyList<string> Authors,
    string? SubmittedById = null,
    IReadOnlyList<string>? AuthorIds = null)
{
    /// <summary>Whether <paramref name="expert"/> wrote a version of this change.</summary>
    public bool IsAuthor(Expert expert)
    {
        ArgumentNullException.ThrowIfNull(expert);
        return (AuthorIds ?? []).Any(expert.Is);
    }

    /// <summary>Whether <paramref name="expert"/> sent this change for review.</summary>
    public bool IsSubmitter(Expert expert)
    {
        ArgumentNullException.ThrowIfNull(expert);
        return expert.Is(SubmittedById);
    }
}

/// <summary>A reviewer's comment on one line of one version of a change.</summary>
public sealed record ReviewComment(long Id, long ChangeId, string Version, int Line, string Text, string Author, DateTimeOffset CreatedAt);

/// <summary>A version written to the content folder (what officials see), by whom and when.</summary>
public sealed record Publication(string GuideId, string Version, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>An expert's unsaved text of a guide, kept so that a closed tab loses nothing.</summary>
public sealed record EditorDraft(string Author, string GuideId, string Text, string? BaseVersion, DateTimeOffset UpdatedAt);

/// <summary>
/// Review state in the history: changes (one open per guide), their authors and line comments, publications, and each
/// expert's unsaved drafts. Every decision that depends on this state is taken by <see cref="GuideEditing"/> in a
/// <see cref="GuideHistoryTransaction"/>; the reads here decide nothing.
/// </summary>
public sealed partial class GuideHistory
{
    /// <summary>Before reviews existed every recorded version was published as it was recorded, texts with errors aside.</summary>
    private const string ReviewSchema = $"""
        ALTER TABLE guide_versions ADD COLUMN change_id %INT64% NULL;
        CREATE TABLE changes (
            id              %KEY%,
            guide_id        TEXT    NOT NULL,
            base_version    TEXT    NULL,       -- the published version it started from; null: a new guide
            head_version    TEXT    NOT NULL,
            head_author     TEXT    NOT NULL,
            status          TEXT    NOT NULL,   -- draft, in-review, sent-back, published, withdrawn
            created_at      %INT64% NOT NULL,
            updated_at      %INT64% NOT NULL,
            submitted_by    TEXT    NULL,
            submitted_at    %INT64% NULL,
            submit_note     TEXT    NULL,
            sent_back_by    TEXT    NULL,
            sent_back_at    %INT64% NULL,
            sent_back_note  TEXT    NULL,
            closed_by       TEXT    NULL,
            closed_at       %INT64% NULL,
            close_note      TEXT    NULL
        );
        CREATE UNIQUE INDEX changes_one_open_per_guide ON changes (guide_id) WHERE status IN ('draft', 'in-review', 'sent-back');
        CREATE TABLE change_authors (
            change_id   %INT64% NOT NULL,
            author      TEXT    NOT NULL,
            PRIMARY KEY (change_id, author)
        );
        CREATE TABLE review_comments (
            id          %KEY%,
            change_id   %INT64% NOT NULL,
            version     TEXT    NOT NULL,
            line        INTEGER NOT NULL,
            text        TEXT    NOT NULL,
            author      TEXT    NOT NULL,
            created_at  %INT64% NOT NULL
        );
        CREATE INDEX review_comments_by_change ON review_comments (change_id, id);
        CREATE TABLE publications (
            seq          %KEY%,
            guide_id     TEXT    NOT NULL,
            version      TEXT    NOT NULL,
            published_by TEXT    NOT NULL,
            published_at %INT64% NOT NULL,
            change_id    %INT64% NULL
        );
        CREATE INDEX publications_by_guide ON publications (guide_id, seq);
        INSERT INTO publications (guide_id, version, published_by, published_at)
            SELECT guide_id, version, author, created_at FROM guide_versions WHERE note <> '{GuideFolderRecorder.UnservedNote}' ORDER BY seq;
        CREATE TABLE editor_drafts (
            author       TEXT    NOT NULL,
            guide_id     TEXT    NOT NULL,
            text         TEXT    NOT NULL,
            base_version TEXT    NULL,
            updated_at   %INT64% NOT NULL,
            PRIMARY KEY (author, guide_id)
        );
        """;

    /// <summary>
    /// Who wrote, sent and drafts by the expert's stable id, no longer their name (issue 16: two experts of one name
    /// shared an identity). Rows from before get <c>name:</c> and the name as their id (<see cref="Expert.LegacyId"/>).
    /// </summary>
    private const string ExpertIdSchema = """
        ALTER TABLE changes ADD COLUMN submitted_by_id TEXT NULL;
        UPDATE changes SET submitted_by_id = 'name:' || submitted_by WHERE submitted_by IS NOT NULL;
        CREATE TABLE change_authors_by_id (
            change_id   %INT64% NOT NULL,
            author_id   TEXT    NOT NULL,
            author      TEXT    NOT NULL,
            PRIMARY KEY (change_id, author_id)
        );
        INSERT INTO change_authors_by_id (change_id, author_id, author) SELECT change_id, 'name:' || author, author FROM change_authors;
        DROP TABLE change_authors;
        ALTER TABLE change_authors_by_id RENAME TO change_authors;
        CREATE TABLE editor_drafts_by_id (
            author_id    TEXT    NOT NULL,
            author       TEXT    NOT NULL,
            guide_id     TEXT    NOT NULL,
            text         TEXT    NOT NULL,
            base_version TEXT    NULL,
            updated_at   %INT64% NOT NULL,
            PRIMARY KEY (author_id, guide_id)
        );
        INSERT INTO editor_drafts_by_id (author_id, author, guide_id, text, base_version, updated_at)
            SELECT 'name:' || author, author, guide_id, text, base_version, updated_at FROM editor_drafts;
        DROP TABLE editor_drafts;
        ALTER TABLE editor_drafts_by_id RENAME TO editor_drafts;
        """;

    internal const string ChangeColumns =
        "id, guide_id, base_version, head_version, head_author, status, created_at, updated_at, " +
        "submitted_by, submitted_at, submit_note, sent_back_by, sent_back_at, sent_back_note, submitted_by_id";

    internal const string OpenStatuses = "('draft', 'in-review', 'sent-back')";

    /// <summary>The guide's open change, or null.</summary>
    public async Task<GuideChange?> OpenChangeAsync(string guideId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        return await OpenChangeAsync(connection, null, guideId, cancellationToken);
    }

    /// <summary>Every open change, by guide.</summary>
    public async Task<IReadOnlyList<GuideChange>> OpenChangesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(null, $"SELECT {ChangeColumns} FROM changes WHERE status IN {OpenStatuses} ORDER BY guide_id");
        return await ReadChangesAsync(connection, null, command, cancellationToken);
    }

    /// <summary>The text of a version of a guide, or null.</summary>
    public async Task<string?> TextOfAsync(string guideId, string version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        return await TextOfAsync(connection, null, guideId, version, cancellationToken);
    }

    public async Task<IReadOnlyList<ReviewComment>> CommentsAsync(long changeId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(null,
            "SELECT id, change_id, version, line, text, author, created_at FROM review_comments WHERE change_id = @change ORDER BY id").With("change", changeId);
        return await ReadAllAsync(command, reader => new ReviewComment(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5), FromMs(reader.GetInt64(6))),
            cancellationToken);
    }

    /// <summary>Every publication of a guide, newest first.</summary>
    public async Task<IReadOnlyList<Publication>> PublicationsAsync(string guideId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(null,
            "SELECT guide_id, version, published_by, published_at FROM publications WHERE guide_id = @id ORDER BY seq DESC").With("id", guideId);
        return await ReadAllAsync(command, reader => new Publication(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromMs(reader.GetInt64(3))),
            cancellationToken);
    }

    /// <summary>Keeps an expert's unsaved text of a guide (one per expert and guide; the newest wins, from whichever server).</summary>
    public async Task<EditorDraft> SaveDraftAsync(Expert author, string guideId, string text, string? baseVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var write = await BeginWriteAsync(null, cancellationToken);
        await using var upsert = write.Connection.Command(write.Transaction,
            "INSERT INTO editor_drafts (author_id, author, guide_id, text, base_version, updated_at) VALUES (@author_id, @author, @id, @text, @base, @now) " +
            "ON CONFLICT (author_id, guide_id) DO UPDATE SET author = excluded.author, text = excluded.text, base_version = excluded.base_version, updated_at = excluded.updated_at")
            .With("author_id", author.Id).With("author", author.Name).With("id", guideId).With("text", text).With("base", baseVersion).With("now", now);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        await write.Transaction.CommitAsync(cancellationToken);
        return new EditorDraft(author.Name, guideId, text, baseVersion, FromMs(now));
    }

    public async Task DeleteDraftAsync(Expert author, string guideId, CancellationToken cancellationToken)
    {
        await using var write = await BeginWriteAsync(null, cancellationToken);
        await DeleteDraftAsync(write.Connection, write.Transaction, author, guideId, cancellationToken);
        await write.Transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The expert's unsaved text of a guide (their newest, also one kept under their name before ids were kept), or null.</summary>
    public async Task<EditorDraft?> ReadDraftAsync(Expert author, string guideId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(null,
            "SELECT text, base_version, updated_at FROM editor_drafts WHERE author_id IN (@author_id, @legacy_id) AND guide_id = @id ORDER BY updated_at DESC LIMIT 1")
            .With("author_id", author.Id).With("legacy_id", author.LegacyId).With("id", guideId);
        var found = await ReadAllAsync(command, reader => new EditorDraft(
            author.Name, guideId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), FromMs(reader.GetInt64(2))), cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>The guides an expert has unsaved drafts of.</summary>
    public async Task<IReadOnlySet<string>> DraftGuidesAsync(Expert author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(null, "SELECT guide_id FROM editor_drafts WHERE author_id IN (@author_id, @legacy_id)")
            .With("author_id", author.Id).With("legacy_id", author.LegacyId);
        return (await ReadAllAsync(command, reader => reader.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    internal static async Task<GuideChange?> OpenChangeAsync(DbConnection connection, DbTransaction? transaction, string guideId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(transaction, $"SELECT {ChangeColumns} FROM changes WHERE guide_id = @id AND status IN {OpenStatuses}").With("id", guideId);
        return (await ReadChangesAsync(connection, transaction, command, cancellationToken)).FirstOrDefault();
    }

    internal static async Task<string?> TextOfAsync(DbConnection connection, DbTransaction? transaction, string guideId, string version, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(transaction, "SELECT text FROM guide_versions WHERE guide_id = @id AND version = @version ORDER BY seq DESC LIMIT 1")
            .With("id", guideId).With("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    internal static async Task<List<GuideChange>> ReadChangesAsync(DbConnection connection, DbTransaction? transaction, DbCommand command, CancellationToken cancellationToken)
    {
        var rows = await ReadAllAsync(command, reader => new GuideChange(
            reader.GetInt64(0), reader.GetString(1), NullableString(reader, 2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            FromMs(reader.GetInt64(6)), FromMs(reader.GetInt64(7)),
            NullableString(reader, 8), NullableTime(reader, 9), NullableString(reader, 10),
            NullableString(reader, 11), NullableTime(reader, 12), NullableString(reader, 13), [], NullableString(reader, 14), []), cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            // In the order they first saved a version of the change (change_authors has no order of its own in PostgreSQL).
            await using var authors = connection.Command(transaction,
                "SELECT a.author, a.author_id FROM change_authors a WHERE a.change_id = @change " +
                "ORDER BY (SELECT MIN(v.seq) FROM guide_versions v WHERE v.change_id = a.change_id AND v.author = a.author), a.author, a.author_id")
                .With("change", rows[i].Id);
            var found = await ReadAllAsync(authors, reader => (Name: reader.GetString(0), Id: reader.GetString(1)), cancellationToken);
            rows[i] = rows[i] with { Authors = [.. found.Select(a => a.Name).Distinct(StringComparer.Ordinal)], AuthorIds = [.. found.Select(a => a.Id)] };
        }
        return rows;
    }

    internal static async Task DeleteDraftAsync(DbConnection connection, DbTransaction? transaction, Expert author, string guideId, CancellationToken cancellationToken)
    {
        await using var delete = connection.Command(transaction, "DELETE FROM editor_drafts WHERE author_id IN (@author_id, @legacy_id) AND guide_id = @id")
            .With("author_id", author.Id).With("legacy_id", author.LegacyId).With("id", guideId);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));
}
