using System.Collections.Concurrent;
using System.Text;
using Epss.Content.Diagnostics;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Epss.Content.Text;

namespace Epss.Authoring;

/// <summary>What became of a save, a restore or a review step.</summary>
public abstract record SaveOutcome
{
    private SaveOutcome()
    {
    }

    /// <summary>Recorded (a draft version of the open change, or, after publishing, the published version).</summary>
    public sealed record Saved(string Version, string Status, GuideChange? Change) : SaveOutcome;

    /// <summary>The guide is at another version than the request was based on (null: it does not exist); nothing changed.</summary>
    public sealed record Conflict(string? CurrentVersion, string? CurrentText) : SaveOutcome;

    /// <summary>The published text changed (outside the editor) since the change started; merge it in first.</summary>
    public sealed record PublishedChanged(string? PublishedVersion, string? PublishedText, string ChangeText) : SaveOutcome;

    /// <summary>The text has errors; nothing changed.</summary>
    public sealed record Invalid(IReadOnlyList<ContentDiagnostic> Diagnostics) : SaveOutcome;

    /// <summary>The guide has no open change.</summary>
    public sealed record NoChange : SaveOutcome;

    /// <summary>The step does not fit the change's state (e.g. publishing a draft); <paramref name="Reason"/> in Dutch.</summary>
    public sealed record WrongState(string Reason) : SaveOutcome;

    /// <summary>This expert may not take this step (four eyes); <paramref name="Reason"/> in Dutch.</summary>
    public sealed record NotAllowed(string Reason) : SaveOutcome;

    /// <summary>A comment was added.</summary>
    public sealed record Commented(ReviewComment Comment) : SaveOutcome;
}

/// <summary>Something that happened to a guide in the editor, for the experts who have it open.</summary>
public sealed record GuideChangeEvent(string GuideId, string What, string? Version, string By);

/// <summary>
/// Where a guide stands: the version and text officials see (the file in the content folder, as
/// <see cref="GuideLibrary.ReadFile"/> reads it), and the open change with its head; without a change the head is the
/// published text.
/// </summary>
public sealed record GuideState(string? PublishedVersion, string? PublishedText, GuideChange? Change, string? HeadVersion, string? HeadText);

/// <summary>
/// A guide's life from an expert's keystroke to the front desk. A save records a draft version in the guide's open
/// change and leaves the content folder alone; only publishing, by another expert than the one who sent the change for
/// review and the one who wrote its newest version, writes the file — through <see cref="GuideLibrary.Publish"/>, which
/// writes it atomically, serves it and returns what changed — and records the publication in the same step. Every step
/// on one guide is one <see cref="GuideHistory.InGuideAsync{T}"/> transaction holding the guide's lock in the database,
/// which every server respects, so of two saves based on the same version exactly one is recorded and the other is a
/// <see cref="SaveOutcome.Conflict"/>, whichever servers they reach. An in-process gate per guide comes first, so that
/// waiting steps of this server do not each hold a database connection.
/// </summary>
/// <remarks>
/// What is published is the guide's file in the content folder: officials are served what the library read or wrote
/// there, and a conflict is judged against it. The history's publications are the record of who published which
/// version when; they decide nothing. Edits made outside the editor reach the history through <see cref="GuideFolderRecorder"/>.
/// </remarks>
public sealed class GuideEditing(GuideLibrary library, GuideParser parser, GuideHistory history)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Raised after every save, review step and publication (for presence and live updates in the editor).</summary>
    public event Action<GuideChangeEvent>? Changed;

    /// <summary>The version officials see in the folder and the head of the open change (or the published text).</summary>
    public async Task<GuideState> StateAsync(string guideId, CancellationToken cancellationToken)
    {
        var published = library.ReadFile(FileOf(guideId));
        var change = await history.OpenChangeAsync(guideId, cancellationToken);
        return change is null
            ? new GuideState(published?.Version, published?.Text, null, published?.Version, published?.Text)
            : new GuideState(published?.Version, published?.Text, change, change.HeadVersion, await history.TextOfAsync(guideId, change.HeadVersion, cancellationToken));
    }

    private async Task<GuideState> StateAsync(GuideHistoryTransaction transaction)
    {
        var published = library.ReadFile(FileOf(transaction.GuideId));
        return await transaction.OpenChangeAsync() is not { } change
            ? new GuideState(published?.Version, published?.Text, null, published?.Version, published?.Text)
            : new GuideState(published?.Version, published?.Text, change, change.HeadVersion, await transaction.TextOfAsync(change.HeadVersion));
    }

    /// <summary>Saves <paramref name="text"/> as the new head of the guide's open change.</summary>
    /// <param name="baseVersion">The head the expert started from: the open change's head, else the published version.</param>
    /// <param name="mergedWith">After <see cref="SaveOutcome.PublishedChanged"/>: the published version the text was merged with.</param>
    public Task<SaveOutcome> SaveAsync(
        string guideId, string text, string? baseVersion, Expert author, string note, string source, string? mergedWith, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(author);
        return UnderGateAsync(guideId, cancellationToken, async history =>
        {
            var file = FileOf(guideId);
            var (publishedVersion, publishedText, change, headVersion, headText) = await StateAsync(history);
            if (headVersion != baseVersion)
            {
                return new SaveOutcome.Conflict(headVersion, headText);
            }
            if (change is not null && mergedWith is not null && mergedWith != publishedVersion)
            {
                return new SaveOutcome.PublishedChanged(publishedVersion, publishedText, text);
            }

            var parsed = parser.Parse(file, Utf8.GetBytes(text));
            var problems = Problems(guideId, file, parsed);
            if (problems.Count > 0)
            {
                return new SaveOutcome.Invalid(problems);
            }
            if (change is null && parsed.Version == publishedVersion)
            {
                // The published text itself: there is nothing to review.
                await history.DeleteDraftAsync(author);
                return new SaveOutcome.Saved(parsed.Version, ChangeStatus.Published, null);
            }
            if (change is not null && parsed.Version == change.HeadVersion && (mergedWith is null || mergedWith == change.BaseVersion))
            {
                // Sent again (a retry) or saved without an edit.
                await history.DeleteDraftAsync(author);
                return new SaveOutcome.Saved(parsed.Version, change.Status, change);
            }
            var saved = await history.RecordDraftVersionAsync(parsed.Version, text, author, note, source, file, publishedVersion, change is null ? null : mergedWith);
            Raise(history, "saved", parsed.Version, author.Name);
            return new SaveOutcome.Saved(parsed.Version, saved.Status, saved);
        });
    }

    /// <summary>Sends the open change for review; <paramref name="version"/> must be its head.</summary>
    public Task<SaveOutcome> SubmitAsync(string guideId, string version, Expert by, string note, CancellationToken cancellationToken) =>
        ReviewStepAsync(guideId, version, cancellationToken, async (history, change) =>
        {
            if (change.Status == ChangeStatus.InReview)
            {
                return new SaveOutcome.Saved(change.HeadVersion, change.Status, change);
            }
            var submitted = await history.SubmitAsync(change.Id, by, note);
            Raise(history, "submitted", change.HeadVersion, by.Name);
            return new SaveOutcome.Saved(change.HeadVersion, submitted.Status, submitted);
        });

    /// <summary>Sends a change in review back to its authors; not by the expert who sent it for review.</summary>
    public Task<SaveOutcome> SendBackAsync(string guideId, string version, Expert by, string note, CancellationToken cancellationToken) =>
        ReviewStepAsync(guideId, version, cancellationToken, async (history, change) =>
        {
            if (change.Status != ChangeStatus.InReview)
            {
                return new SaveOutcome.WrongState("Deze wijziging wordt niet beoordeeld; er is niets teruggestuurd.");
            }
            if (change.IsSubmitter(by))
            {
                return new SaveOutcome.NotAllowed("U hebt deze wijziging zelf ter beoordeling aangeboden; een andere expert beoordeelt haar. Wilt u verder schrijven, sla dan een nieuwe versie op.");
            }
            var sentBack = await history.SendBackAsync(change.Id, by.Name, note);
            Raise(history, "sent-back", change.HeadVersion, by.Name);
            return new SaveOutcome.Saved(change.HeadVersion, sentBack.Status, sentBack);
        });

    /// <summary>
    /// Drops the open change; its versions stay in the history. Only by those whose change it is — an expert who wrote a
    /// version of it or sent it for review — or by an administrator (<paramref name="asAdministrator"/>): another expert
    /// could otherwise throw away a colleague's work in review.
    /// </summary>
    public Task<SaveOutcome> WithdrawAsync(string guideId, Expert by, bool asAdministrator, string note, CancellationToken cancellationToken) =>
        UnderGateAsync(guideId, cancellationToken, async history =>
        {
            ArgumentNullException.ThrowIfNull(by);
            if (await history.OpenChangeAsync() is not { } change)
            {
                return new SaveOutcome.NoChange();
            }
            if (!asAdministrator && !change.IsAuthor(by) && !change.IsSubmitter(by))
            {
                return new SaveOutcome.NotAllowed(
                    "Alleen wie aan deze wijziging schreef of haar ter beoordeling aanbood, of een beheerder, kan haar intrekken.");
            }
            var withdrawn = await history.WithdrawAsync(change.Id, by.Name, note);
            Raise(history, "withdrawn", change.HeadVersion, by.Name);
            return new SaveOutcome.Saved(change.HeadVersion, withdrawn.Status, withdrawn);
        });

    /// <summary>A reviewer's comment on a line of a version of the open change.</summary>
    public Task<SaveOutcome> CommentAsync(string guideId, string version, int line, string text, Expert by, CancellationToken cancellationToken) =>
        UnderGateAsync(guideId, cancellationToken, async history =>
        {
            if (await history.OpenChangeAsync() is not { } change)
            {
                return new SaveOutcome.NoChange();
            }
            if (!await history.IsVersionOfAsync(change.Id, version))
            {
                return new SaveOutcome.WrongState($"Versie {version} hoort niet bij de openstaande wijziging.");
            }
            var lines = (await history.TextOfAsync(version))!.Split('\n').Length;
            if (line < 1 || line > lines)
            {
                return new SaveOutcome.WrongState($"Regel {line} bestaat niet in versie {version} (1 tot {lines}).");
            }
            var comment = await history.AddCommentAsync(change.Id, version, line, text, by.Name);
            Raise(history, "commented", version, by.Name);
            return new SaveOutcome.Commented(comment);
        });

    /// <summary>
    /// Publishes the change in review: records the publication, closes the change and has the library write and serve
    /// its head (every open panel is told), all in the guide's transaction. Not by the expert who sent it for review,
    /// nor by anyone who wrote a version of it (four eyes: by stable id, so a trivial last save by someone else does
    /// not make the first author a reviewer of her own text).
    /// </summary>
    public Task<SaveOutcome> PublishAsync(string guideId, string version, Expert by, CancellationToken cancellationToken) =>
        ReviewStepAsync(guideId, version, cancellationToken, (history, change) => PublishAsync(history, change, by));

    private async Task<SaveOutcome> PublishAsync(GuideHistoryTransaction history, GuideChange change, Expert by)
    {
        var guideId = history.GuideId;
        if (change.Status != ChangeStatus.InReview)
        {
            return new SaveOutcome.WrongState("Alleen een wijziging die ter beoordeling is aangeboden kan worden gepubliceerd.");
        }
        if (change.IsAuthor(by) || change.IsSubmitter(by))
        {
            return new SaveOutcome.NotAllowed(change.IsAuthor(by)
                ? "U hebt aan deze wijziging meegeschreven; een expert die er niet aan schreef publiceert haar (vier ogen)."
                : "U hebt deze wijziging zelf ter beoordeling aangeboden; een andere expert publiceert haar (vier ogen).");
        }
        var file = FileOf(guideId);
        var published = library.ReadFile(file);
        var text = (await history.TextOfAsync(change.HeadVersion))!;
        if (published?.Version != change.BaseVersion)
        {
            return new SaveOutcome.PublishedChanged(published?.Version, published?.Text, text);
        }
        var bytes = Utf8.GetBytes(text);
        var problems = Problems(guideId, file, parser.Parse(file, bytes));
        if (problems.Count > 0)
        {
            // Valid when saved, but the library moved on (a guide it links to was removed).
            return new SaveOutcome.Invalid(problems);
        }
        // Recorded first, written second, committed last: a write that fails records nothing. A server killed after
        // the write and before the commit leaves the file, which the next start records as the change's publication.
        // Another server's watcher that sees the file waits for the guide's lock, then finds it recorded. A request
        // cancelled before the write records nothing; once the file is written, its record is committed regardless.
        await history.RecordPublicationAsync(change.HeadVersion, by.Name, change.Id);
        history.CancellationToken.ThrowIfCancellationRequested();
        history.RunToCompletion();
        library.Publish(file, bytes);
        Raise(history, "published", change.HeadVersion, by.Name);
        return new SaveOutcome.Saved(change.HeadVersion, ChangeStatus.Published, null);
    }

    /// <summary>
    /// Every guide the editor knows, by title: served, in the folder with errors from the start (an expert must find
    /// it to repair it), or only an open change (a new guide until it is published).
    /// </summary>
    /// <param name="author">The expert asking: whether they have an unsaved draft of each.</param>
    /// <param name="openFlags">Open flags per guide id.</param>
    public async Task<IReadOnlyList<EditorGuideSummary>> ListAsync(
        Expert author, IReadOnlyDictionary<string, int> openFlags, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openFlags);
        var snapshot = library.Current;
        var changes = (await history.OpenChangesAsync(cancellationToken)).ToDictionary(c => c.GuideId, StringComparer.Ordinal);
        var drafts = await history.DraftGuidesAsync(author, cancellationToken);
        var filesWithErrors = snapshot.Diagnostics.Where(d => d.IsError).Select(d => d.File).ToHashSet(StringComparer.Ordinal);

        var list = new List<EditorGuideSummary>();
        foreach (var guide in snapshot.Guides.Values)
        {
            var change = changes.GetValueOrDefault(guide.Id);
            list.Add(new EditorGuideSummary(
                guide.Id, guide.Title, guide.SourcePath, change?.Status ?? ChangeStatus.Published, guide.Version, change?.HeadVersion ?? guide.Version,
                guide.Owner, guide.ReviewBy, guide.IsOutdated(today), openFlags.GetValueOrDefault(guide.Id), filesWithErrors.Contains(guide.SourcePath),
                change?.Authors ?? [], drafts.Contains(guide.Id)));
        }
        var listed = list.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (guideId, file, version, title) in UnservedFiles().Where(f => !listed.Contains(f.GuideId) && !changes.ContainsKey(f.GuideId)))
        {
            listed.Add(guideId);
            list.Add(new EditorGuideSummary(
                guideId, title ?? guideId, file, ChangeStatus.Published, version, version, null, null, false, openFlags.GetValueOrDefault(guideId), true, [], drafts.Contains(guideId)));
        }
        foreach (var change in changes.Values.Where(c => snapshot.Find(c.GuideId) is null))
        {
            var text = await history.TextOfAsync(change.GuideId, change.HeadVersion, cancellationToken) ?? "";
            var (parsed, _) = Lint(change.GuideId, text);
            var file = FileOf(change.GuideId);
            list.Add(new EditorGuideSummary(
                change.GuideId, parsed.Guide?.Title ?? change.GuideId, file, change.Status, null, change.HeadVersion,
                parsed.Guide?.Owner, parsed.Guide?.ReviewBy, parsed.Guide?.IsOutdated(today) ?? false, openFlags.GetValueOrDefault(change.GuideId),
                filesWithErrors.Contains(file), change.Authors, drafts.Contains(change.GuideId)));
        }
        return [.. list.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(g => g.Id, StringComparer.Ordinal)];
    }

    /// <summary>The text as the library would read it, with every diagnostic (warnings too) for the editor's preview.</summary>
    public (GuideParseResult Parsed, IReadOnlyList<ContentDiagnostic> Diagnostics) Lint(string guideId, string text)
    {
        var file = FileOf(guideId);
        var parsed = parser.Parse(file, Utf8.GetBytes(text));
        return (parsed, Problems(guideId, file, parsed, errorsOnly: false));
    }

    /// <summary>
    /// The file a guide is (or will be) published to, relative to the content folder: the one it is served from, else a
    /// file with errors that names it, else <c>{id}.md</c>.
    /// </summary>
    public string FileOf(string guideId)
    {
        if (library.Current.Find(guideId) is { } served)
        {
            return served.SourcePath;
        }
        var byName = guideId + ".md";
        // Only a guide that is neither served nor under its own name makes the (rarer, costlier) search of broken files.
        return library.ReadFile(byName) is not null
            ? byName
            : UnservedFiles().FirstOrDefault(f => f.GuideId == guideId)?.File ?? byName;
    }

    /// <summary>
    /// Guide files in the folder that are not served because they have had errors from the start, with the id their
    /// front matter names (else the file's name), so that an expert can find and repair them.
    /// </summary>
    public IReadOnlyList<UnservedFile> UnservedFiles()
    {
        var snapshot = library.Current;
        var served = snapshot.Guides.Values.Select(g => g.SourcePath).ToHashSet(StringComparer.Ordinal);
        var files = new List<UnservedFile>();
        foreach (var file in snapshot.Diagnostics.Where(d => d.IsError && d.File.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Select(d => d.File).Distinct(StringComparer.Ordinal))
        {
            if (served.Contains(file) || library.ReadFile(file) is not { } content)
            {
                continue;
            }
            var parsed = parser.Parse(file, Utf8.GetBytes(content.Text));
            var id = parsed.Id is { } named && Slug.IsValid(named.Value) ? named.Value : Path.GetFileNameWithoutExtension(file);
            if (Slug.IsValid(id))
            {
                files.Add(new UnservedFile(id, file, content.Version, parsed.Guide?.Title));
            }
        }
        return files;
    }

    /// <summary>The text's errors, and those only the whole library can see: another guide's id, links to guides or steps that do not exist.</summary>
    private List<ContentDiagnostic> Problems(string guideId, string file, GuideParseResult parsed, bool errorsOnly = true)
    {
        var problems = parsed.Diagnostics.Where(d => d.IsError || !errorsOnly).ToList();
        if (parsed.Id is { } id && id.Value != guideId)
        {
            problems.Add(new ContentDiagnostic(file, id.Line, id.Column, DiagnosticLevel.Error, DiagnosticCodes.IdInvalid,
                $"Deze gids heeft id '{guideId}'; het id kan in de editor niet worden veranderd."));
        }
        // The same checks against the other guides as the library makes (links, skipped checks, unreachable steps).
        problems.AddRange(Epss.Content.Flow.CrossGuideChecks.Check(parsed, library.Current).Where(d => d.IsError || !errorsOnly));
        return [.. problems.OrderBy(d => d.Line).ThenBy(d => d.Column)];
    }

    private async Task<SaveOutcome> UnderGateAsync(string guideId, CancellationToken cancellationToken, Func<GuideHistoryTransaction, Task<SaveOutcome>> step)
    {
        var gate = _gates.GetOrAdd(guideId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await history.InGuideAsync(guideId, step, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A step on the open change that names the version the expert saw, which must be its head.</summary>
    private Task<SaveOutcome> ReviewStepAsync(
        string guideId, string version, CancellationToken cancellationToken, Func<GuideHistoryTransaction, GuideChange, Task<SaveOutcome>> step) =>
        UnderGateAsync(guideId, cancellationToken, async history =>
        {
            if (await history.OpenChangeAsync() is not { } change)
            {
                return new SaveOutcome.NoChange();
            }
            return change.HeadVersion != version
                ? new SaveOutcome.Conflict(change.HeadVersion, await history.TextOfAsync(change.HeadVersion))
                : await step(history, change);
        });

    internal void Raise(string guideId, string what, string? version, string by) => Changed?.Invoke(new GuideChangeEvent(guideId, what, version, by));

    /// <summary>Tells the editors once the step is committed, so that what they then read shows it.</summary>
    private void Raise(GuideHistoryTransaction history, string what, string? version, string by) =>
        history.AfterCommit(() => Raise(history.GuideId, what, version, by));
}

/// <summary>A guide file with errors from the start, served to nobody: the id it names (else its file's name), its file, version and title.</summary>
public sealed record UnservedFile(string GuideId, string File, string? Version, string? Title);

/// <summary>A guide as the editor's list shows it.</summary>
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
