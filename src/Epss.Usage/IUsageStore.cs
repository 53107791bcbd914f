using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Usage;

/// <summary>The outcome of one write: per event and per flag, in the order given.</summary>
/// <summary>A query as stored, and one pseudonym that typed it.</summary>
public sealed record QueryTypist(string Query, string UserPseudonym);

public sealed record UsageWriteResult(IReadOnlyList<UsageWriteStatus> Events, IReadOnlyList<UsageWriteStatus> Flags);

/// <summary>
/// Where usage events and flags are kept: a SQLite file (<see cref="UsageStore"/>, one server) or a PostgreSQL database
/// (Epss.Usage.PostgreSql, shared by several servers). Writes of events go through <see cref="UsageRecorder"/>'s one
/// writer; everything else may be called from any thread, and is correct when other servers use the same database.
/// </summary>
public interface IUsageStore : IDisposable
{
    /// <summary>Where the data is, for logs and messages (a path, or a host and database; never a password).</summary>
    string Description { get; }

    /// <summary>The schema version after the migrations at opening.</summary>
    int SchemaVersion { get; }

    /// <summary>
    /// Writes the events and flags in one transaction, each only if its id is new (a later one with the same id in the
    /// same call is a duplicate too). Returns once committed. Called by the recorder's writer, one call at a time.
    /// </summary>
    /// <remarks>
    /// Synchronous by design: the recorder's writer is a dedicated thread lowered to idle priority (BackgroundPriority),
    /// so that ingest never takes the cores from searches; an await would resume on a pool thread at normal priority.
    /// No request waits on this call directly (callers await their batch, with their own cancellation).
    /// </remarks>
    UsageWriteResult Write(IReadOnlyList<UsageEvent> events, IReadOnlyList<StepFlag> flags);

    /// <summary>
    /// True when <paramref name="error"/> of <see cref="Write"/> comes from what was written (too long, a constraint, a
    /// value the database cannot take), not from the database being unavailable: the recorder then writes each call
    /// of the batch alone, so that one bad call does not fail the others.
    /// </summary>
    bool IsCausedByData(Exception error);

    /// <summary>Every stored event, oldest first (for tests and small exports; the analyses query in SQL).</summary>
    Task<IReadOnlyList<UsageEvent>> ReadEventsAsync(CancellationToken cancellationToken);

    /// <summary>Every stored flag, oldest first.</summary>
    Task<IReadOnlyList<StepFlag>> ReadFlagsAsync(CancellationToken cancellationToken);

    /// <summary>The stored flag with this id, or null.</summary>
    Task<StepFlag?> ReadFlagAsync(string id, CancellationToken cancellationToken);

    /// <summary>The number of open flags per guide (flags about a search that found nothing have no guide and are left out).</summary>
    Task<IReadOnlyDictionary<string, int>> CountOpenFlagsByGuideAsync(CancellationToken cancellationToken);

    /// <summary>The flags that fit <paramref name="query"/>, newest first.</summary>
    /// <exception cref="ArgumentException">An unknown status, or a limit outside 1 to <see cref="FlagQuery.MaximumLimit"/>.</exception>
    Task<IReadOnlyList<StepFlag>> QueryFlagsAsync(FlagQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Answers an open flag, which closes it; its official sees the answer the next time they open the guide. The same
    /// answer sent again (a retry) is <see cref="FlagUpdateOutcome.Unchanged"/>; another answer to a flag that was
    /// answered or closed before (also by another expert at the same moment) is <see cref="FlagUpdateOutcome.Refused"/>,
    /// with the reason in Dutch.
    /// </summary>
    /// <exception cref="ArgumentException">See <see cref="UsageStore.AnswerProblem"/>; or no <paramref name="answeredBy"/>.</exception>
    Task<FlagUpdate> AnswerFlagAsync(string id, string text, string answeredBy, string? fixedInVersion, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>
    /// Closes an open flag without an answer (a duplicate, not about the guide); the official is told nothing. A flag
    /// that was answered or closed already stays as it is (<see cref="FlagUpdateOutcome.Unchanged"/>).
    /// </summary>
    Task<FlagUpdate> CloseFlagAsync(string id, string closedBy, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The answered flags this pseudonym raised on this guide and has not dismissed in the panel, oldest answer first.</summary>
    Task<IReadOnlyList<StepFlag>> ReadUnseenAnswersAsync(string userPseudonym, string guideId, CancellationToken cancellationToken);

    /// <summary>
    /// The official dismissed the answer ("Gelezen"): it is not offered again. True when this pseudonym has an answered
    /// flag with this id (also when it was dismissed before); false otherwise: another official's flag is not touched.
    /// </summary>
    Task<bool> MarkAnswerSeenAsync(string id, string userPseudonym, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Stored events in a stable order (received_at, then id), for exports that read in pages: each page starts after
    /// the position of the last event of the one before, so no event is read twice or skipped while events are added.
    /// </summary>
    Task<IReadOnlyList<UsageEvent>> ReadEventPageAsync(UsageEventPageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Each query typed (searches, "Niets gevonden" reports) with each pseudonym that typed it, once: how many officials
    /// typed a text decides whether it may leave the server (the xAPI export).
    /// </summary>
    Task<IReadOnlyList<QueryTypist>> ReadQueryTypistsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes what <paramref name="cutoffs"/> say has expired: usage events, flags answered or closed long enough ago,
    /// and open flags nobody handled (see <see cref="RetentionCutoffs"/>).
    /// </summary>
    Task<RetentionResult> DeleteExpiredAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken);
}

/// <summary>Opens (creating and migrating when needed) the store the recorder writes to; chosen by configuration.</summary>
public interface IUsageStoreFactory
{
    /// <summary>Opens the store and applies the migrations it lacks. Called once, when the recorder starts.</summary>
    Task<IUsageStore> OpenAsync(ILogger logger, CancellationToken cancellationToken);
}

/// <summary>The default: the SQLite file <see cref="UsageOptions.DatabasePath"/>.</summary>
public sealed class SqliteUsageStoreFactory(IOptions<UsageOptions> options) : IUsageStoreFactory
{
    public Task<IUsageStore> OpenAsync(ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OpenAsync();

        async Task<IUsageStore> OpenAsync() => await UsageStore.OpenAsync(options.Value, logger, cancellationToken);
    }
}
