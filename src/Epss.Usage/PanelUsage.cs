using System.Security.Cryptography;
using System.Text;

namespace Epss.Usage;

/// <summary>
/// What a panel sends about usage and flags (over the hub, DESIGN.md "Public contract"), checked and made into what is
/// stored: who and where come from the connection, never from the panel, and what an official typed is scrubbed of
/// numbers. A request that cannot be taken is an <see cref="InvalidUsageException"/> with the reason in Dutch.
/// </summary>
public static class PanelUsage
{
    public const int MaximumEventsPerBatch = 100;
    public const int MaximumFlagLength = 1000;

    /// <summary>The events to store, all or none.</summary>
    /// <param name="userPseudonym">The connection's pseudonym; <paramref name="role"/> and <paramref name="app"/> are the connection's too.</param>
    /// <exception cref="InvalidUsageException">No events, too many, or one that is not valid (named by its place).</exception>
    public static IReadOnlyList<UsageEvent> Events(
        IReadOnlyList<UsageEventRequest?>? requests, string userPseudonym, string? role, string? app, DateTimeOffset now)
    {
        CheckCount(requests);
        var events = new UsageEvent[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i] ?? throw new InvalidUsageException($"Gebeurtenis {i + 1} is leeg.");
            var usageEvent = new UsageEvent(
                UsageValidation.IsId(request.Id) ? OwnId(userPseudonym, request.Id!) : request.Id ?? string.Empty,
                request.Type ?? string.Empty,
                request.OccurredAt ?? now,
                now,
                userPseudonym,
                role,
                app,
                request.RunId,
                request.GuideId,
                request.GuideVersion,
                request.StepId,
                new UsageDetails(
                    request.Via,
                    request.CheckId,
                    request.Checked,
                    request.ToStepId,
                    request.ToGuideId,
                    request.Query is null ? null : UsageValidation.ScrubQuery(request.Query),
                    request.HitCount,
                    request.OpenedGuideId,
                    request.OpenedRank,
                    request.Selector,
                    request.PageUrl is null ? null : UsageValidation.ScrubPageUrl(request.PageUrl),
                    request.TargetStatus));
            if (UsageValidation.Problem(usageEvent, now) is { } problem)
            {
                throw new InvalidUsageException(requests.Count == 1 ? problem : $"Gebeurtenis {i + 1}: {problem}");
            }
            events[i] = usageEvent;
        }
        return events;
    }

    /// <summary>Whether a call carries 1 to <see cref="MaximumEventsPerBatch"/> events (what can be told before looking at them).</summary>
    /// <exception cref="InvalidUsageException">None, or too many.</exception>
    public static void CheckCount([System.Diagnostics.CodeAnalysis.NotNull] IReadOnlyList<UsageEventRequest?>? requests)
    {
        if (requests is null || requests.Count == 0)
        {
            throw new InvalidUsageException("Er zijn geen gebeurtenissen meegestuurd.");
        }
        if (requests.Count > MaximumEventsPerBatch)
        {
            throw new InvalidUsageException($"Stuur hoogstens {MaximumEventsPerBatch} gebeurtenissen tegelijk.");
        }
    }

    /// <summary>
    /// The acknowledgements in the panel's terms: the id it sent (the stored id is <see cref="OwnId"/> of it), in the
    /// order of <paramref name="requests"/>, which <see cref="Events"/> has checked.
    /// </summary>
    public static UsageAckResponse[] Acks(IReadOnlyList<UsageEventRequest?> requests, IReadOnlyList<UsageAck> acks)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(acks);
        var responses = new UsageAckResponse[acks.Count];
        for (var i = 0; i < acks.Count; i++)
        {
            responses[i] = UsageAckResponse.From(acks[i]) with { Id = requests[i]!.Id! };
        }
        return responses;
    }

    /// <summary>
    /// The stored id of an event or flag id a panel made: a name-based id of the pseudonym and the panel's id. Ids are
    /// so per pseudonym: another client that sends the same id (guessed, or copied from a shared screen) neither makes
    /// this client's event a "duplicate" nor gets this client's flag back; the same client sending it again still
    /// hits its own row. A UUID in form, so that it fits wherever the panel's UUIDs did.
    /// </summary>
    public static string OwnId(string userPseudonym, string panelId)
    {
        ArgumentNullException.ThrowIfNull(userPseudonym);
        ArgumentNullException.ThrowIfNull(panelId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(userPseudonym + "\n" + panelId), hash);
        return new Guid(hash[..16]).ToString("D");
    }

    /// <summary>What an official wrote in a flag, trimmed and scrubbed: a citizen's BSN or document number has no place in it.</summary>
    /// <exception cref="InvalidUsageException">Empty, or longer than <see cref="MaximumFlagLength"/>.</exception>
    public static string FlagText(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new InvalidUsageException("Schrijf kort wat er niet klopt of niet duidelijk is.");
        }
        if (trimmed.Length > MaximumFlagLength)
        {
            throw new InvalidUsageException($"Een melding is hoogstens {MaximumFlagLength} tekens.");
        }
        return UsageValidation.ScrubText(trimmed);
    }

    /// <summary>
    /// A new open flag. <paramref name="id"/> is the panel's own (so that a flag sent again counts once) when it is
    /// one, stored as <see cref="OwnId"/> of it (per pseudonym), else a new one is made; <paramref name="text"/> is
    /// checked by <see cref="FlagText"/> already.
    /// </summary>
    public static StepFlag NewFlag(
        string? id, string? guideId, string? stepId, string? guideVersion, string? query, string text,
        string userPseudonym, string? role, string? app, DateTimeOffset now) => new(
            id is { Length: >= 8 } && UsageValidation.IsId(id, UsageValidation.MaximumFlagIdLength) ? OwnId(userPseudonym, id) : Guid.NewGuid().ToString("N"),
            guideId, stepId, guideVersion, query, text, userPseudonym, role, app, now, StepFlag.StatusOpen);
}

/// <summary>A panel sent usage or a flag that cannot be taken; the message says why, in Dutch, for the official.</summary>
public sealed class InvalidUsageException : Exception
{
    public InvalidUsageException()
        : base("De gebeurtenis of melding is ongeldig.")
    {
    }

    public InvalidUsageException(string message)
        : base(message)
    {
    }

    public InvalidUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A usage event as a panel sends it. <c>id</c> is made by the panel (a UUID), so that an event sent twice
/// (after a lost connection) is stored once. Fields that do not apply to the type are left out.
/// </summary>
public sealed record UsageEventRequest(
    string? Id,
    string? Type,
    DateTimeOffset? OccurredAt,
    string? RunId,
    string? GuideId,
    string? GuideVersion,
    string? StepId,
    string? Via,
    string? CheckId,
    bool? Checked,
    string? ToStepId,
    string? ToGuideId,
    string? Query,
    int? HitCount,
    string? OpenedGuideId,
    int? OpenedRank,
    string? Selector = null,
    string? PageUrl = null,
    string? TargetStatus = null);

/// <summary>The server has the event: <c>stored</c> now, or <c>duplicate</c> when it had it already.</summary>
public sealed record UsageAckResponse(string Id, string Status)
{
    public static UsageAckResponse From(UsageAck ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return new(ack.Id, ack.Status == UsageWriteStatus.Stored ? "stored" : "duplicate");
    }
}

/// <summary>"Meld een probleem" on a step. <c>id</c> (a UUID made by the panel) makes a resent flag count once.</summary>
public sealed record FlagRequest(string? GuideId, string? StepId, string? Text, string? Id = null);

/// <summary>"Niets gevonden": the official says what they looked for and did not find.</summary>
public sealed record MissingTopicRequest(string? Query, string? Text, string? Id = null);

/// <summary>A stored flag. Experts answer flags later; until then its status is <c>open</c>.</summary>
public sealed record FlagResponse(
    string Id,
    string? GuideId,
    string? StepId,
    string? GuideVersion,
    string? Query,
    string Text,
    DateTimeOffset CreatedAt,
    string Status)
{
    /// <summary>What the official is told of their flag: never their pseudonym.</summary>
    public static FlagResponse From(StepFlag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        return new(flag.Id, flag.GuideId, flag.StepId, flag.GuideVersion, flag.Query, flag.Text, flag.CreatedAt, flag.Status);
    }
}

/// <summary>
/// An expert's answer to a flag this official raised: their own text, the answer, and the step it was about (its
/// title as the guide has it now, when the step still exists).
/// </summary>
public sealed record FlagAnswerResponse(
    string FlagId,
    string? StepId,
    string? StepTitle,
    string Text,
    string Answer,
    DateTimeOffset AnsweredAt)
{
    /// <param name="stepTitle">The title of the flag's step in the guide as it is served now, or null.</param>
    public static FlagAnswerResponse From(StepFlag flag, string? stepTitle)
    {
        ArgumentNullException.ThrowIfNull(flag);
        return new(flag.Id, flag.StepId, stepTitle, flag.Text, flag.Answer ?? "", flag.AnsweredAt ?? flag.CreatedAt);
    }
}
