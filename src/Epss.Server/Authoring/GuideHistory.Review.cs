using Microsoft.Data.Sqlite;

namespace Epss.Server.Authoring;

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
    IReadOnlyList<string> Authors);

/// <summary>A reviewer's comment on one line of one version of a change.</summary>
public sealed record ReviewComment(long Id, long ChangeId, string Version, int Line, string Text, string Author, DateTimeOffset CreatedAt);

/// <summary>A version written to the content folder (what officials see), by whom and when.</summary>
public sealed record Publication(string GuideId, string Version, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>An expert's unsaved text of a guide, kept so that a closed tab loses nothing.</summary>
public sealed record EditorDraft(string Author, string GuideId, string Text, string? BaseVersion, DateTimeOffset UpdatedAt);

/// <summary>
/// Review state in <c>history.db</c>: changes (one open per guide), their authors and line comments, publications, and
/// each expert's unsaved drafts. Every decision that depends on this state is taken by <see cref="GuideEditing"/> under
/// its per-guide gate; the writes here are single transactions on the one writer connection.
/// </summary>
public sealed partial class GuideHistory
{
    /// <summary>Before reviews existed every recorded version was published as it was recorded, texts with errors aside.</summary>
    private const string ReviewSchema = $"""
        ALTER TABLE guide_versions ADD COLUMN change_id INTEGER NULL;
        CREATE TABLE changes (
            id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            guide_id        TEXT    NOT NULL,
            base_version    TEXT    NULL,       -- the published version it started from; null: a new guide
            head_version    TEXT    NOT NULL,
            head_author     TEXT    NOT NULL,
            status          TEXT    NOT NULL,   -- draft, in-review, sent-back, published, withdrawn
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            submitted_by    TEXT    NULL,
            submitted_at    INTEGER NULL,
            submit_note     TEXT    NULL,
            sent_back_by    TEXT    NULL,
            sent_back_at    INTEGER NULL,
            sent_back_note  TEXT    NULL,
            closed_by       TEXT    NULL,
            closed_at       INTEGER NULL,
            close_note      TEXT    NULL
        );
        CREATE UNIQUE INDEX changes_one_open_per_guide ON changes (guide_id) WHERE status IN ('draft', 'in-review', 'sent-back');
        CREATE TABLE change_authors (
            change_id   INTEGER NOT NULL,
            author      TEXT    NOT NULL,
            PRIMARY KEY (change_id, author)
        );
        CREATE TABLE review_comments (
            id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            change_id   INTEGER NOT NULL,
            version     TEXT    NOT NULL,
            line        INTEGER NOT NULL,
            text        TEXT    NOT NULL,
            author      TEXT    NOT NULL,
            created_at  INTEGER NOT NULL
        );
        CREATE INDEX review_comments_by_change ON review_comments (change_id, id);
        CREATE TABLE publications (
            seq          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            guide_id     TEXT    NOT NULL,
            version      TEXT    NOT NULL,
            published_by TEXT    NOT NULL,
            published_at INTEGER NOT NULL,
            change_id    INTEGER NULL
        );
        CREATE INDEX publications_by_guide ON publications (guide_id, seq);
        INSERT INTO publications (guide_id, version, published_by, published_at)
            SELECT guide_id, version, author, created_at FROM guide_versions WHERE note <> '{GuideEditing.UnservedNote}' ORDER BY seq;
        CREATE TABLE editor_drafts (
            author       TEXT    NOT NULL,
            guide_id     TEXT    NOT NULL,
            text         TEXT    NOT NULL,
            base_version TEXT    NULL,
            updated_at   INTEGER NOT NULL,
            PRIMARY KEY (author, guide_id)
        );
        """;

    private const string ChangeColumns =
        "id, guide_id, base_version, head_version, head_author, status, created_at, updated_at, " +
        "submitted_by, submitted_at, submit_note, sent_back_by, sent_back_at, sent_back_note";

    private const string OpenStatuses = "('draft', 'in-review', 'sent-back')";

    /// <summary>The guide's open change, read on the writer (so a decision sees every write before it), or null.</summary>
    public GuideChange? OpenChange(string guideId)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _writer.CreateCommand();
            command.CommandText = $"SELECT {ChangeColumns} FROM changes WHERE guide_id = $id AND status IN {OpenStatuses}";
            command.Parameters.AddWithValue("$id", guideId);
            return ReadChanges(command).FirstOrDefault();
        }
    }

    /// <summary>Every open change, by guide.</summary>
    public IReadOnlyList<GuideChange> OpenChanges()
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _writer.CreateCommand();
            command.CommandText = $"SELECT {ChangeColumns} FROM changes WHERE status IN {OpenStatuses} ORDER BY guide_id";
            return ReadChanges(command);
        }
    }

    /// <summary>The text of a version of a guide, read on the writer, or null.</summary>
    public string? TextOf(string guideId, string version)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _writer.CreateCommand();
            command.CommandText = "SELECT text FROM guide_versions WHERE guide_id = $id AND version = $version ORDER BY seq DESC LIMIT 1";
            command.Parameters.AddWithValue("$id", guideId);
            command.Parameters.AddWithValue("$version", version);
            return command.ExecuteScalar() as string;
        }
    }

    /// <summary>
    /// Records a version saved in the editor as the new head of the guide's open change (opening one based on
    /// <paramref name="publishedVersion"/> when there is none), makes its author one of the change's authors, puts the
    /// change back to draft, and drops the author's unsaved draft: one transaction.
    /// </summary>
    /// <param name="mergedWith">The published version the text was merged with, which becomes the change's base.</param>
    public GuideChange RecordDraftVersion(
        string guideId, string version, string text, string author, string note, string source, string file, string? publishedVersion, string? mergedWith)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using var transaction = _writer.BeginTransaction(deferred: false);
            long changeId;
            using (var find = Command(transaction, $"SELECT id FROM changes WHERE guide_id = $id AND status IN {OpenStatuses}"))
            {
                find.Parameters.AddWithValue("$id", guideId);
                changeId = find.ExecuteScalar() is long id ? id : 0;
            }
            if (changeId == 0)
            {
                using var open = Command(transaction,
                    "INSERT INTO changes (guide_id, base_version, head_version, head_author, status, created_at, updated_at) " +
                    "VALUES ($guide_id, $base, $head, $author, 'draft', $now, $now) RETURNING id");
                open.Parameters.AddWithValue("$guide_id", guideId);
                open.Parameters.AddWithValue("$base", (object?)publishedVersion ?? DBNull.Value);
                open.Parameters.AddWithValue("$head", version);
                open.Parameters.AddWithValue("$author", author);
                open.Parameters.AddWithValue("$now", now);
                changeId = (long)open.ExecuteScalar()!;
            }
            else
            {
                using var update = Command(transaction,
                    "UPDATE changes SET head_version = $head, head_author = $author, status = 'draft', updated_at = $now, " +
                    "base_version = CASE WHEN $merged IS NULL THEN base_version ELSE $merged END WHERE id = $change");
                update.Parameters.AddWithValue("$head", version);
                update.Parameters.AddWithValue("$author", author);
                update.Parameters.AddWithValue("$now", now);
                update.Parameters.AddWithValue("$merged", (object?)mergedWith ?? DBNull.Value);
                update.Parameters.AddWithValue("$change", changeId);
                update.ExecuteNonQuery();
            }
            InsertVersion(transaction, guideId, version, text, author, note, source, file, changeId, now);
            using (var addAuthor = Command(transaction, "INSERT OR IGNORE INTO change_authors (change_id, author) VALUES ($change, $author)"))
            {
                addAuthor.Parameters.AddWithValue("$change", changeId);
                addAuthor.Parameters.AddWithValue("$author", author);
                addAuthor.ExecuteNonQuery();
            }
            DeleteDraft(transaction, author, guideId);
            transaction.Commit();
            return ReadChange(changeId)!;
        }
    }

    /// <summary>Sends the change for review.</summary>
    public GuideChange Submit(long changeId, string by, string note) => UpdateChange(changeId,
        "status = 'in-review', submitted_by = $by, submitted_at = $now, submit_note = $note", by, note);

    /// <summary>Sends the change back to its authors with the reviewer's note.</summary>
    public GuideChange SendBack(long changeId, string by, string note) => UpdateChange(changeId,
        "status = 'sent-back', sent_back_by = $by, sent_back_at = $now, sent_back_note = $note", by, note);

    /// <summary>Drops the change; its versions stay in the history.</summary>
    public GuideChange Withdraw(long changeId, string by, string note) => UpdateChange(changeId,
        "status = 'withdrawn', closed_by = $by, closed_at = $now, close_note = $note", by, note);

    /// <summary>Records that <paramref name="version"/> was written to the folder, closing the change it came from.</summary>
    public void RecordPublication(string guideId, string version, string by, long? changeId)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using var transaction = _writer.BeginTransaction(deferred: false);
            InsertPublication(transaction, guideId, version, by, changeId, now);
            if (changeId is { } id)
            {
                CloseAsPublished(transaction, id, by, null, now);
            }
            transaction.Commit();
        }
    }

    /// <summary>
    /// Records a text found in the content folder and served, unless it is the guide's newest publication already (a
    /// restart, or the watcher seeing what a publish wrote): a publication, and a version unless the text is the newest
    /// version or the head of the open change. When it is that head (a publish whose record was lost to a crash), the
    /// change is closed as published. Returns whether anything was added.
    /// </summary>
    public bool RecordFromFolder(string guideId, string version, string text, string file)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using var transaction = _writer.BeginTransaction(deferred: false);
            using (var published = Command(transaction, "SELECT version FROM publications WHERE guide_id = $id ORDER BY seq DESC LIMIT 1"))
            {
                published.Parameters.AddWithValue("$id", guideId);
                if (published.ExecuteScalar() as string == version)
                {
                    return false;
                }
            }
            long? changeId;
            using (var open = Command(transaction, $"SELECT id FROM changes WHERE guide_id = $id AND head_version = $version AND status IN {OpenStatuses}"))
            {
                open.Parameters.AddWithValue("$id", guideId);
                open.Parameters.AddWithValue("$version", version);
                changeId = open.ExecuteScalar() as long?;
            }
            using (var newest = Command(transaction, "SELECT version FROM guide_versions WHERE guide_id = $id ORDER BY seq DESC LIMIT 1"))
            {
                newest.Parameters.AddWithValue("$id", guideId);
                if (changeId is null && newest.ExecuteScalar() as string != version)
                {
                    InsertVersion(transaction, guideId, version, text, VersionSource.OutsideEditor, "", VersionSource.Watcher, file, null, now);
                }
            }
            InsertPublication(transaction, guideId, version, VersionSource.OutsideEditor, changeId, now);
            if (changeId is { } id)
            {
                CloseAsPublished(transaction, id, VersionSource.OutsideEditor, "De tekst stond bij het starten al in de map.", now);
            }
            transaction.Commit();
            return true;
        }
    }

    public ReviewComment AddComment(long changeId, string version, int line, string text, string author)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using var insert = Command(null,
                "INSERT INTO review_comments (change_id, version, line, text, author, created_at) VALUES ($change, $version, $line, $text, $author, $now) RETURNING id");
            insert.Parameters.AddWithValue("$change", changeId);
            insert.Parameters.AddWithValue("$version", version);
            insert.Parameters.AddWithValue("$line", line);
            insert.Parameters.AddWithValue("$text", text);
            insert.Parameters.AddWithValue("$author", author);
            insert.Parameters.AddWithValue("$now", now);
            var id = (long)insert.ExecuteScalar()!;
            return new ReviewComment(id, changeId, version, line, text, author, DateTimeOffset.FromUnixTimeMilliseconds(now));
        }
    }

    /// <summary>Whether <paramref name="version"/> was saved in the change.</summary>
    public bool IsVersionOf(long changeId, string version)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = Command(null, "SELECT 1 FROM guide_versions WHERE change_id = $change AND version = $version LIMIT 1");
            command.Parameters.AddWithValue("$change", changeId);
            command.Parameters.AddWithValue("$version", version);
            return command.ExecuteScalar() is not null;
        }
    }

    public async Task<IReadOnlyList<ReviewComment>> CommentsAsync(long changeId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, change_id, version, line, text, author, created_at FROM review_comments WHERE change_id = $change ORDER BY id";
        command.Parameters.AddWithValue("$change", changeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var comments = new List<ReviewComment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            comments.Add(new ReviewComment(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }
        return comments;
    }

    /// <summary>Every publication of a guide, newest first.</summary>
    public async Task<IReadOnlyList<Publication>> PublicationsAsync(string guideId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT guide_id, version, published_by, published_at FROM publications WHERE guide_id = $id ORDER BY seq DESC";
        command.Parameters.AddWithValue("$id", guideId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var publications = new List<Publication>();
        while (await reader.ReadAsync(cancellationToken))
        {
            publications.Add(new Publication(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }
        return publications;
    }

    /// <summary>Keeps an expert's unsaved text of a guide (one per expert and guide; the newest wins).</summary>
    public EditorDraft SaveDraft(string author, string guideId, string text, string? baseVersion)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            using var upsert = Command(null,
                "INSERT INTO editor_drafts (author, guide_id, text, base_version, updated_at) VALUES ($author, $id, $text, $base, $now) " +
                "ON CONFLICT (author, guide_id) DO UPDATE SET text = excluded.text, base_version = excluded.base_version, updated_at = excluded.updated_at");
            upsert.Parameters.AddWithValue("$author", author);
            upsert.Parameters.AddWithValue("$id", guideId);
            upsert.Parameters.AddWithValue("$text", text);
            upsert.Parameters.AddWithValue("$base", (object?)baseVersion ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            upsert.ExecuteNonQuery();
            return new EditorDraft(author, guideId, text, baseVersion, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
        }
    }

    public void DeleteDraft(string author, string guideId)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DeleteDraft(null, author, guideId);
        }
    }

    public async Task<EditorDraft?> ReadDraftAsync(string author, string guideId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text, base_version, updated_at FROM editor_drafts WHERE author = $author AND guide_id = $id";
        command.Parameters.AddWithValue("$author", author);
        command.Parameters.AddWithValue("$id", guideId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new EditorDraft(author, guideId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }

    /// <summary>The guides an expert has unsaved drafts of.</summary>
    public async Task<IReadOnlySet<string>> DraftGuidesAsync(string author, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT guide_id FROM editor_drafts WHERE author = $author";
        command.Parameters.AddWithValue("$author", author);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var guides = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            guides.Add(reader.GetString(0));
        }
        return guides;
    }

    private GuideChange UpdateChange(long changeId, string assignments, string by, string note)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var update = Command(null, $"UPDATE changes SET {assignments}, updated_at = $now WHERE id = $change");
            update.Parameters.AddWithValue("$by", by);
            update.Parameters.AddWithValue("$note", note);
            update.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$change", changeId);
            update.ExecuteNonQuery();
            return ReadChange(changeId)!;
        }
    }

    private GuideChange? ReadChange(long changeId)
    {
        using var command = Command(null, $"SELECT {ChangeColumns} FROM changes WHERE id = $change");
        command.Parameters.AddWithValue("$change", changeId);
        return ReadChanges(command).FirstOrDefault();
    }

    private List<GuideChange> ReadChanges(SqliteCommand command)
    {
        var rows = new List<GuideChange>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(new GuideChange(
                    reader.GetInt64(0), reader.GetString(1), NullableString(reader, 2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    FromMs(reader.GetInt64(6)), FromMs(reader.GetInt64(7)),
                    NullableString(reader, 8), NullableTime(reader, 9), NullableString(reader, 10),
                    NullableString(reader, 11), NullableTime(reader, 12), NullableString(reader, 13), []));
            }
        }
        for (var i = 0; i < rows.Count; i++)
        {
            using var authors = Command(null, "SELECT author FROM change_authors WHERE change_id = $change ORDER BY rowid");
            authors.Parameters.AddWithValue("$change", rows[i].Id);
            using var reader = authors.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
            rows[i] = rows[i] with { Authors = names };
        }
        return rows;
    }

    private void InsertVersion(SqliteTransaction transaction, string guideId, string version, string text, string author, string note, string source, string file, long? changeId, long now)
    {
        using var insert = Command(transaction,
            "INSERT INTO guide_versions (guide_id, version, text, author, created_at, note, source, file, change_id) " +
            "VALUES ($guide_id, $version, $text, $author, $created_at, $note, $source, $file, $change)");
        insert.Parameters.AddWithValue("$guide_id", guideId);
        insert.Parameters.AddWithValue("$version", version);
        insert.Parameters.AddWithValue("$text", text);
        insert.Parameters.AddWithValue("$author", author);
        insert.Parameters.AddWithValue("$created_at", now);
        insert.Parameters.AddWithValue("$note", note);
        insert.Parameters.AddWithValue("$source", source);
        insert.Parameters.AddWithValue("$file", file);
        insert.Parameters.AddWithValue("$change", (object?)changeId ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private void CloseAsPublished(SqliteTransaction transaction, long changeId, string by, string? note, long now)
    {
        using var close = Command(transaction,
            "UPDATE changes SET status = 'published', closed_by = $by, closed_at = $now, updated_at = $now, close_note = $note WHERE id = $change");
        close.Parameters.AddWithValue("$by", by);
        close.Parameters.AddWithValue("$now", now);
        close.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
        close.Parameters.AddWithValue("$change", changeId);
        close.ExecuteNonQuery();
    }

    private void InsertPublication(SqliteTransaction transaction, string guideId, string version, string by, long? changeId, long now)
    {
        using var insert = Command(transaction,
            "INSERT INTO publications (guide_id, version, published_by, published_at, change_id) VALUES ($id, $version, $by, $now, $change)");
        insert.Parameters.AddWithValue("$id", guideId);
        insert.Parameters.AddWithValue("$version", version);
        insert.Parameters.AddWithValue("$by", by);
        insert.Parameters.AddWithValue("$now", now);
        insert.Parameters.AddWithValue("$change", (object?)changeId ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private void DeleteDraft(SqliteTransaction? transaction, string author, string guideId)
    {
        using var delete = Command(transaction, "DELETE FROM editor_drafts WHERE author = $author AND guide_id = $id");
        delete.Parameters.AddWithValue("$author", author);
        delete.Parameters.AddWithValue("$id", guideId);
        delete.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));
}
