using System.Globalization;

namespace Epss.Usage;

/// <summary>
/// Flags after they are raised: the experts' list, answering and closing, and the answers an official has not yet
/// dismissed in the panel.
/// </summary>
/// <remarks>
/// Answering is rare (an expert at a time) and must not wait behind the recorder's queue of usage events, so these
/// writes do not go through the recorder's writer: each opens a connection of its own and changes one row in a
/// transaction of its own (<see cref="BeginFlagChangeAsync"/>), so that two experts answering the same flag at once, on
/// one server or two, are taken one after the other and the second sees the first's answer.
/// </remarks>
public abstract partial class SqlUsageStore
{
    public async Task<IReadOnlyDictionary<string, int>> CountOpenFlagsByGuideAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT guide_id, COUNT(*) FROM flags WHERE status = 'open' AND guide_id IS NOT NULL GROUP BY guide_id";
        var rows = await ReadListAsync(command, r => (Guide: r.GetString(0), Count: Convert.ToInt32(r.GetInt64(1), CultureInfo.InvariantCulture)),
            cancellationToken);
        return rows.ToDictionary(r => r.Guide, r => r.Count, StringComparer.Ordinal);
    }

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
        // Only the filters that are set become SQL: plain equalities the planner can match to an index, and no untyped
        // null parameter (which PostgreSQL cannot type).
        var conditions = new List<string>();
        if (query.GuideId is not null)
        {
            conditions.Add("guide_id = @guide_id");
            Add(command, "@guide_id", query.GuideId);
        }
        if (query.StepId is not null)
        {
            conditions.Add("step_id = @step_id");
            Add(command, "@step_id", query.StepId);
        }
        if (query.Status is not null)
        {
            conditions.Add("status = @status");
            Add(command, "@status", query.Status);
        }
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {FlagColumns} FROM flags {where} ORDER BY created_at DESC, id DESC LIMIT @limit";
        Add(command, "@limit", query.Limit);
        return await ReadListAsync(command, ReadFlag, cancellationToken);
    }

    public Task<FlagUpdate> AnswerFlagAsync(string id, string text, string answeredBy, string? fixedInVersion, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (UsageStore.AnswerProblem(text, fixedInVersion) is { } problem)
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

    public Task<FlagUpdate> CloseFlagAsync(string id, string closedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var by = AnsweredBy(closedBy);
        return UpdateFlagAsync(id, cancellationToken, flag => flag.Status == StepFlag.StatusOpen
            ? new FlagChange(flag with { Status = StepFlag.StatusClosed, AnsweredBy = by, AnsweredAt = at })
            : FlagChange.None);
    }

    public async Task<IReadOnlyList<StepFlag>> ReadUnseenAnswersAsync(string userPseudonym, string guideId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userPseudonym);
        ArgumentNullException.ThrowIfNull(guideId);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {FlagColumns} FROM flags
            WHERE user_pseudonym = @user AND guide_id = @guide_id AND status = 'answered' AND answer_seen_at IS NULL
            ORDER BY answered_at, id
            LIMIT {FlagQuery.DefaultLimit}
            """;
        Add(command, "@user", userPseudonym);
        Add(command, "@guide_id", guideId);
        return await ReadListAsync(command, ReadFlag, cancellationToken);
    }

    public async Task<bool> MarkAnswerSeenAsync(string id, string userPseudonym, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(userPseudonym);
        await using var connection = await OpenWriterAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One statement: atomic in either database, and the first dismissal's time stays.
        command.CommandText = """
            UPDATE flags SET answer_seen_at = COALESCE(answer_seen_at, @at)
            WHERE id = @id AND user_pseudonym = @user AND status = 'answered'
            """;
        Add(command, "@at", at.ToUnixTimeMilliseconds());
        Add(command, "@id", id);
        Add(command, "@user", userPseudonym);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Reads the flag, asks <paramref name="change"/> what it becomes, and writes that, in one transaction that holds the flag.</summary>
    private async Task<FlagUpdate> UpdateFlagAsync(string id, CancellationToken cancellationToken, Func<StepFlag, FlagChange> change)
    {
        await using var connection = await OpenWriterAsync(cancellationToken);
        await using var transaction = await BeginFlagChangeAsync(connection, cancellationToken);
        StepFlag? flag;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = $"SELECT {FlagColumns} FROM flags WHERE id = @id{LockFlagForChange}";
            Add(read, "@id", id);
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
                UPDATE flags SET status = @status, answer = @answer, answered_by = @answered_by, answered_at = @answered_at,
                    fixed_in_version = @fixed_in_version
                WHERE id = @id
                """;
            Add(write, "@status", changed.Status);
            Add(write, "@answer", changed.Answer);
            Add(write, "@answered_by", changed.AnsweredBy);
            Add(write, "@answered_at", changed.AnsweredAt?.ToUnixTimeMilliseconds());
            Add(write, "@fixed_in_version", changed.FixedInVersion);
            Add(write, "@id", id);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        // As read back: times are kept to the millisecond.
        return new FlagUpdate(FlagUpdateOutcome.Updated, changed with
        {
            AnsweredAt = changed.AnsweredAt is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds()) : null,
        });
    }

    private static string AnsweredBy(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > UsageStore.MaximumAnsweredByLength)
        {
            throw new ArgumentException($"Wie antwoordt: 1 tot {UsageStore.MaximumAnsweredByLength} tekens.", nameof(name));
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
