using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Epss.Usage;

/// <summary>
/// Flags after they are raised: the experts' list, answering and closing, and the answers an official has not yet
/// dismissed in the panel.
/// </summary>
/// <remarks>
/// Answering is rare (an expert at a time) and must not wait behind the recorder's queue of usage events, so these
/// writes do not go through the recorder's writer: each opens a connection of its own and changes one row in an
/// immediate transaction. SQLite still has one writer at a time; the busy timeout makes such a write wait for the
/// writer's current batch (milliseconds) rather than fail.
/// </remarks>
public sealed partial class UsageStore
{
    /// <summary>An expert's answer may be somewhat longer than a flag.</summary>
    public const int MaximumAnswerLength = 2 * UsageValidation.MaximumFlagTextLength;

    /// <summary>The longest user name kept as <see cref="StepFlag.AnsweredBy"/>.</summary>
    public const int MaximumAnsweredByLength = 200;

    /// <summary>Why this answer cannot be stored (in Dutch), or null when it can; <paramref name="text"/> as typed, before scrubbing.</summary>
    public static string? AnswerProblem(string? text, string? fixedInVersion)
    {
        if (text is null || text.Length > 4 * MaximumAnswerLength || UsageValidation.ScrubText(text) is not { Length: > 0 and <= MaximumAnswerLength })
        {
            return $"Schrijf een antwoord van 1 tot {MaximumAnswerLength} tekens.";
        }
        if (fixedInVersion is not null && !UsageValidation.IsId(fixedInVersion, UsageValidation.MaximumVersionLength))
        {
            return $"De versie die het oploste heeft 1 tot {UsageValidation.MaximumVersionLength} tekens: letters, cijfers en streepjes.";
        }
        return null;
    }

    /// <summary>The number of open flags per guide (flags about a search that found nothing have no guide and are left out).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountOpenFlagsByGuideAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT guide_id, COUNT(*) FROM flags WHERE status = 'open' AND guide_id IS NOT NULL GROUP BY guide_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }
        return counts;
    }

    /// <summary>The flags that fit <paramref name="query"/>, newest first.</summary>
    /// <exception cref="ArgumentException">An unknown status, or a limit outside 1 to <see cref="FlagQuery.MaximumLimit"/>.</exception>
    public async Task<IReadOnlyList<StepFlag>> QueryFlagsAsync(FlagQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Status is not null && !StepFlag.Statuses.Contains(query.Status))
        {
            throw new ArgumentException($"Onbekende status '{query.Status}': open, answered of closed.", nameof(query));
        }
        if (query.Limit is < 1 or > FlagQuery.MaximumLimit)
        {
            throw new ArgumentException($"Het aantal meldingen ligt tussen 1 en {FlagQuery.MaximumLimit}.", nameof(query));
        }
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {FlagReadColumns} FROM flags
            WHERE ($guide_id IS NULL OR guide_id = $guide_id)
              AND ($step_id IS NULL OR step_id = $step_id)
              AND ($status IS NULL OR status = $status)
            ORDER BY created_at DESC, id DESC
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$guide_id", (object?)query.GuideId ?? DBNull.Value);
        command.Parameters.AddWithValue("$step_id", (object?)query.StepId ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", (object?)query.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit);
        return await ReadFlagListAsync(command, cancellationToken);
    }

    /// <summary>
    /// Answers an open flag, which closes it; its official sees the answer the next time they open the guide. The same
    /// answer sent again (a retry) is <see cref="FlagUpdateOutcome.Unchanged"/>; another answer to a flag that was
    /// answered or closed before is <see cref="FlagUpdateOutcome.Refused"/>, with the reason in Dutch.
    /// </summary>
    /// <exception cref="ArgumentException">See <see cref="AnswerProblem"/>; or no <paramref name="answeredBy"/>.</exception>
    public Task<FlagUpdate> AnswerFlagAsync(string id, string text, string answeredBy, string? fixedInVersion, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (AnswerProblem(text, fixedInVersion) is { } problem)
        {
            throw new ArgumentException(problem, nameof(text));
        }
        var by = AnsweredBy(answeredBy);
        var answer = UsageValidation.ScrubText(text);
        return UpdateFlagAsync(id, cancellationToken, flag => flag.Status switch
        {
            StepFlag.StatusOpen => new FlagChange(flag with
            {
                Status = StepFlag.StatusAnswered, Answer = answer, AnsweredBy = by, AnsweredAt = at, FixedInVersion = fixedInVersion,
            }),
            StepFlag.StatusAnswered when flag.Answer == answer && flag.FixedInVersion == fixedInVersion => FlagChange.None,
            StepFlag.StatusAnswered => FlagChange.Refuse(
                $"Deze melding is al beantwoord door {flag.AnsweredBy} op {Dutch(flag.AnsweredAt)}; een melding krijgt één antwoord."),
            _ => FlagChange.Refuse(
                $"Deze melding is al gesloten zonder antwoord door {flag.AnsweredBy} op {Dutch(flag.AnsweredAt)}; een gesloten melding krijgt geen antwoord meer."),
        });
    }

    /// <summary>
    /// Closes an open flag without an answer (a duplicate, not about the guide); the official is told nothing. A flag
    /// that was answered or closed already stays as it is (<see cref="FlagUpdateOutcome.Unchanged"/>).
    /// </summary>
    public Task<FlagUpdate> CloseFlagAsync(string id, string closedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var by = AnsweredBy(closedBy);
        return UpdateFlagAsync(id, cancellationToken, flag => flag.Status == StepFlag.StatusOpen
            ? new FlagChange(flag with { Status = StepFlag.StatusClosed, AnsweredBy = by, AnsweredAt = at })
            : FlagChange.None);
    }

    /// <summary>
    /// The answered flags this pseudonym raised on this guide and has not dismissed in the panel, oldest answer first.
    /// </summary>
    public async Task<IReadOnlyList<StepFlag>> ReadUnseenAnswersAsync(string userPseudonym, string guideId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userPseudonym);
        ArgumentNullException.ThrowIfNull(guideId);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {FlagReadColumns} FROM flags
            WHERE user_pseudonym = $user AND guide_id = $guide_id AND status = 'answered' AND answer_seen_at IS NULL
            ORDER BY answered_at, id
            LIMIT {FlagQuery.DefaultLimit}
            """;
        command.Parameters.AddWithValue("$user", userPseudonym);
        command.Parameters.AddWithValue("$guide_id", guideId);
        return await ReadFlagListAsync(command, cancellationToken);
    }

    /// <summary>
    /// The official dismissed the answer ("Gelezen"): it is not offered again. True when this pseudonym has an answered
    /// flag with this id (also when it was dismissed before); false otherwise: another official's flag is not touched.
    /// </summary>
    public async Task<bool> MarkAnswerSeenAsync(string id, string userPseudonym, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(userPseudonym);
        await using var connection = await OpenWriterAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE flags SET answer_seen_at = COALESCE(answer_seen_at, $at)
            WHERE id = $id AND user_pseudonym = $user AND status = 'answered'
            """;
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$user", userPseudonym);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Reads the flag, asks <paramref name="change"/> what it becomes, and writes that, in one immediate transaction.</summary>
    private async Task<FlagUpdate> UpdateFlagAsync(string id, CancellationToken cancellationToken, Func<StepFlag, FlagChange> change)
    {
        await using var connection = await OpenWriterAsync(cancellationToken);
        // Immediate: two experts answering the same flag at once are taken one after the other, the second sees the first's answer.
        await using var transaction = connection.BeginTransaction(deferred: false);
        StepFlag? flag;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = $"SELECT {FlagReadColumns} FROM flags WHERE id = $id";
            read.Parameters.AddWithValue("$id", id);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            flag = await reader.ReadAsync(cancellationToken) ? ReadFlag(reader) : null;
        }
        if (flag is null)
        {
            return new FlagUpdate(FlagUpdateOutcome.NotFound, null);
        }
        var (changed, refusal) = change(flag);
        if (refusal is not null)
        {
            return new FlagUpdate(FlagUpdateOutcome.Refused, flag, refusal);
        }
        if (changed is null)
        {
            return new FlagUpdate(FlagUpdateOutcome.Unchanged, flag);
        }
        await using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = """
                UPDATE flags SET status = $status, answer = $answer, answered_by = $answered_by, answered_at = $answered_at,
                    fixed_in_version = $fixed_in_version
                WHERE id = $id
                """;
            write.Parameters.AddWithValue("$status", changed.Status);
            write.Parameters.AddWithValue("$answer", (object?)changed.Answer ?? DBNull.Value);
            write.Parameters.AddWithValue("$answered_by", (object?)changed.AnsweredBy ?? DBNull.Value);
            write.Parameters.AddWithValue("$answered_at", (object?)changed.AnsweredAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            write.Parameters.AddWithValue("$fixed_in_version", (object?)changed.FixedInVersion ?? DBNull.Value);
            write.Parameters.AddWithValue("$id", id);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        // As read back: times are kept to the millisecond.
        return new FlagUpdate(FlagUpdateOutcome.Updated, changed with
        {
            AnsweredAt = changed.AnsweredAt is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds()) : null,
        });
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_writeConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Execute(connection, "PRAGMA synchronous = FULL;");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<IReadOnlyList<StepFlag>> ReadFlagListAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var flags = new List<StepFlag>();
        while (await reader.ReadAsync(cancellationToken))
        {
            flags.Add(ReadFlag(reader));
        }
        return flags;
    }

    private static string AnsweredBy(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaximumAnsweredByLength)
        {
            throw new ArgumentException($"Wie antwoordt: 1 tot {MaximumAnsweredByLength} tekens.", nameof(name));
        }
        return name.Trim();
    }

    private static string Dutch(DateTimeOffset? at) =>
        at?.ToLocalTime().ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL")) ?? "een eerdere datum";

    /// <summary>What a flag becomes: <see cref="Changed"/>, or nothing (both null), or refused for <see cref="Refusal"/>.</summary>
    private readonly record struct FlagChange(StepFlag? Changed, string? Refusal = null)
    {
        public static FlagChange None => default;

        public static FlagChange Refuse(string reason) => new(null, reason);
    }
}
