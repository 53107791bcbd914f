using System.Data.Common;

namespace Epss.Authoring;

/// <summary>
/// One guide's history within one transaction that holds the guide's lock (<see cref="GuideHistory.InGuideAsync{T}"/>): what
/// it reads cannot change before it commits, in this process or another, so a check and the write it allows are one step.
/// Every statement ends with the caller's cancellation (in PostgreSQL the server is asked to cancel it), and the
/// transaction is then rolled back: nothing is half written.
/// </summary>
public sealed class GuideHistoryTransaction
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly TimeProvider _time;
    private readonly List<Action> _afterCommit = [];

    internal GuideHistoryTransaction(DbConnection connection, DbTransaction transaction, string guideId, TimeProvider time, CancellationToken cancellationToken)
    {
        _connection = connection;
        _transaction = transaction;
        GuideId = guideId;
        _time = time;
        CancellationToken = cancellationToken;
    }

    public string GuideId { get; }

    /// <summary>The caller's cancellation, until <see cref="RunToCompletion"/>; every statement and the commit use it.</summary>
    public CancellationToken CancellationToken { get; private set; }

    internal IReadOnlyList<Action> AfterCommitActions => _afterCommit;

    /// <summary>Runs <paramref name="action"/> once the transaction has committed and the guide's lock is released (not at all if it fails).</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>
    /// From here on the step is finished whatever the caller does: something outside the database changed (a published
    /// file was written), and its record must be committed with it.
    /// </summary>
    public void RunToCompletion() => CancellationToken = CancellationToken.None;

    /// <summary>The guide's open change, or null.</summary>
    public Task<GuideChange?> OpenChangeAsync() => GuideHistory.OpenChangeAsync(_connection, _transaction, GuideId, CancellationToken);

    /// <summary>The text of a version of the guide, or null.</summary>
    public Task<string?> TextOfAsync(string version) => GuideHistory.TextOfAsync(_connection, _transaction, GuideId, version, CancellationToken);

    /// <summary>Whether <paramref name="version"/> was saved in the change.</summary>
    public async Task<bool> IsVersionOfAsync(long changeId, string version)
    {
        await using var command = Command("SELECT 1 FROM guide_versions WHERE change_id = @change AND version = @version LIMIT 1").With("change", changeId).With("version", version);
        return await command.ExecuteScalarAsync(CancellationToken) is not null;
    }

    /// <summary>
    /// Adds a version unless it is the guide's newest already (the watcher seeing the same text again, again at start,
    /// or on another server). Returns whether a row was added.
    /// </summary>
    public async Task<bool> AddIfNewAsync(string version, string text, string author, string note, string source, string file)
    {
        if (await NewestVersionAsync() == version)
        {
            return false;
        }
        await InsertVersionAsync(version, text, author, note, source, file, null, Now());
        return true;
    }

    /// <summary>
    /// Records a version saved in the editor as the new head of the guide's open change (opening one based on
    /// <paramref name="publishedVersion"/> when there is none), makes its author one of the change's authors, puts the
    /// change back to draft, and drops the author's unsaved draft.
    /// </summary>
    /// <param name="mergedWith">The published version the text was merged with, which becomes the change's base.</param>
    public async Task<GuideChange> RecordDraftVersionAsync(
        string version, string text, Expert expert, string note, string source, string file, string? publishedVersion, string? mergedWith)
    {
        ArgumentNullException.ThrowIfNull(expert);
        var author = expert.Name;
        var now = Now();
        long changeId;
        if (await OpenChangeAsync() is { } open)
        {
            changeId = open.Id;
            await using var update = Command(
                "UPDATE changes SET head_version = @head, head_author = @author, status = 'draft', updated_at = @now, " +
                "base_version = COALESCE(@merged, base_version) WHERE id = @change")
                .With("head", version).With("author", author).With("now", now).With("merged", mergedWith).With("change", changeId);
            await update.ExecuteNonQueryAsync(CancellationToken);
        }
        else
        {
            await using var insert = Command(
                "INSERT INTO changes (guide_id, base_version, head_version, head_author, status, created_at, updated_at) " +
                "VALUES (@guide_id, @base, @head, @author, 'draft', @now, @now) RETURNING id")
                .With("guide_id", GuideId).With("base", publishedVersion).With("head", version).With("author", author).With("now", now);
            changeId = Convert.ToInt64(await insert.ExecuteScalarAsync(CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        await InsertVersionAsync(version, text, author, note, source, file, changeId, now);
        await using (var addAuthor = Command(
            "INSERT INTO change_authors (change_id, author_id, author) VALUES (@change, @author_id, @author) ON CONFLICT (change_id, author_id) DO NOTHING")
            .With("change", changeId).With("author_id", expert.Id).With("author", author))
        {
            await addAuthor.ExecuteNonQueryAsync(CancellationToken);
        }
        await DeleteDraftAsync(expert);
        return await ReadChangeAsync(changeId);
    }

    /// <summary>Sends the change for review.</summary>
    public Task<GuideChange> SubmitAsync(long changeId, Expert by, string note)
    {
        ArgumentNullException.ThrowIfNull(by);
        return UpdateChangeAsync(changeId, "status = 'in-review', submitted_by = @by, submitted_by_id = @by_id, submitted_at = @now, submit_note = @note", by.Name, note, by.Id);
    }

    /// <summary>Sends the change back to its authors with the reviewer's note.</summary>
    public Task<GuideChange> SendBackAsync(long changeId, string by, string note) =>
        UpdateChangeAsync(changeId, "status = 'sent-back', sent_back_by = @by, sent_back_at = @now, sent_back_note = @note", by, note);

    /// <summary>Drops the change; its versions stay in the history.</summary>
    public Task<GuideChange> WithdrawAsync(long changeId, string by, string note) =>
        UpdateChangeAsync(changeId, "status = 'withdrawn', closed_by = @by, closed_at = @now, close_note = @note", by, note);

    /// <summary>Records that <paramref name="version"/> was written to the folder, closing the change it came from.</summary>
    public async Task RecordPublicationAsync(string version, string by, long? changeId)
    {
        var now = Now();
        await InsertPublicationAsync(version, by, changeId, now);
        if (changeId is { } id)
        {
            await CloseAsPublishedAsync(id, by, null, now);
        }
    }

    /// <summary>
    /// Records a text found in the content folder and served, unless it is the guide's newest publication already (a
    /// restart, the watcher seeing what a publish wrote, or another server that recorded it first — the guide's lock
    /// makes that server's record visible here): a publication, and a version unless the text is the newest version or
    /// the head of the open change. When it is that head (a publish whose record was lost to a crash), the change is
    /// closed as published. Returns whether anything was added.
    /// </summary>
    public async Task<bool> RecordFromFolderAsync(string version, string text, string file)
    {
        await using (var published = Command("SELECT version FROM publications WHERE guide_id = @id ORDER BY seq DESC LIMIT 1").With("id", GuideId))
        {
            if (await published.ExecuteScalarAsync(CancellationToken) as string == version)
            {
                return false;
            }
        }
        var now = Now();
        long? changeId;
        await using (var open = Command($"SELECT id FROM changes WHERE guide_id = @id AND head_version = @version AND status IN {GuideHistory.OpenStatuses}")
            .With("id", GuideId).With("version", version))
        {
            changeId = await open.ExecuteScalarAsync(CancellationToken) is { } id and not DBNull ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        if (changeId is null && await NewestVersionAsync() != version)
        {
            await InsertVersionAsync(version, text, VersionSource.OutsideEditor, "", VersionSource.Watcher, file, null, now);
        }
        await InsertPublicationAsync(version, VersionSource.OutsideEditor, changeId, now);
        if (changeId is { } change)
        {
            await CloseAsPublishedAsync(change, VersionSource.OutsideEditor, "De tekst stond bij het starten al in de map.", now);
        }
        return true;
    }

    public async Task<ReviewComment> AddCommentAsync(long changeId, string version, int line, string text, string author)
    {
        var now = Now();
        await using var insert = Command(
            "INSERT INTO review_comments (change_id, version, line, text, author, created_at) VALUES (@change, @version, @line, @text, @author, @now) RETURNING id")
            .With("change", changeId).With("version", version).With("line", line).With("text", text).With("author", author).With("now", now);
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return new ReviewComment(id, changeId, version, line, text, author, GuideHistory.FromMs(now));
    }

    /// <summary>Drops <paramref name="author"/>'s unsaved draft of the guide.</summary>
    public Task DeleteDraftAsync(Expert author) => GuideHistory.DeleteDraftAsync(_connection, _transaction, author, GuideId, CancellationToken);

    private async Task<GuideChange> UpdateChangeAsync(long changeId, string assignments, string by, string note, string? byId = null)
    {
        await using (var update = Command($"UPDATE changes SET {assignments}, updated_at = @now WHERE id = @change")
            .With("by", by).With("note", note).With("now", Now()).With("change", changeId))
        {
            if (byId is not null)
            {
                update.With("by_id", byId);
            }
            await update.ExecuteNonQueryAsync(CancellationToken);
        }
        return await ReadChangeAsync(changeId);
    }

    private async Task<GuideChange> ReadChangeAsync(long changeId)
    {
        await using var command = Command($"SELECT {GuideHistory.ChangeColumns} FROM changes WHERE id = @change").With("change", changeId);
        return (await GuideHistory.ReadChangesAsync(_connection, _transaction, command, CancellationToken)).Single();
    }

    private async Task<string?> NewestVersionAsync()
    {
        await using var newest = Command("SELECT version FROM guide_versions WHERE guide_id = @id ORDER BY seq DESC LIMIT 1").With("id", GuideId);
        return await newest.ExecuteScalarAsync(CancellationToken) as string;
    }

    private async Task InsertVersionAsync(string version, string text, string author, string note, string source, string file, long? changeId, long now)
    {
        await using var insert = Command(
            "INSERT INTO guide_versions (guide_id, version, text, author, created_at, note, source, file, change_id) " +
            "VALUES (@guide_id, @version, @text, @author, @created_at, @note, @source, @file, @change)")
            .With("guide_id", GuideId).With("version", version).With("text", text).With("author", author).With("created_at", now)
            .With("note", note).With("source", source).With("file", file).With("change", changeId);
        await insert.ExecuteNonQueryAsync(CancellationToken);
    }

    private async Task CloseAsPublishedAsync(long changeId, string by, string? note, long now)
    {
        await using var close = Command(
            "UPDATE changes SET status = 'published', closed_by = @by, closed_at = @now, updated_at = @now, close_note = @note WHERE id = @change")
            .With("by", by).With("now", now).With("note", note).With("change", changeId);
        await close.ExecuteNonQueryAsync(CancellationToken);
    }

    private async Task InsertPublicationAsync(string version, string by, long? changeId, long now)
    {
        await using var insert = Command("INSERT INTO publications (guide_id, version, published_by, published_at, change_id) VALUES (@id, @version, @by, @now, @change)")
            .With("id", GuideId).With("version", version).With("by", by).With("now", now).With("change", changeId);
        await insert.ExecuteNonQueryAsync(CancellationToken);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private DbCommand Command(string sql) => _connection.Command(_transaction, sql);
}
