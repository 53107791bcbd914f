namespace Epss.Usage;

/// <summary>The kinds of usage event. New kinds are added here (and never renamed: stored events keep their type).</summary>
public static class UsageEventTypes
{
    public const string GuideOpened = "guide-opened";
    public const string StepViewed = "step-viewed";
    public const string CheckTicked = "check-ticked";
    public const string DecisionTaken = "decision-taken";
    public const string GuideCompleted = "guide-completed";
    public const string GuideAbandoned = "guide-abandoned";
    public const string Search = "search";
    public const string Flag = "flag";

    /// <summary>A step's target matched no element of the host page (or several, or was not valid CSS): the guide is going stale.</summary>
    public const string TargetMissing = "target-missing";

    /// <summary>The types a panel may send (a flag event is recorded by the server when a flag is stored).</summary>
    public static IReadOnlySet<string> FromPanels { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        GuideOpened, StepViewed, CheckTicked, DecisionTaken, GuideCompleted, GuideAbandoned, Search, TargetMissing,
    };
}

/// <summary>How an official came to a guide.</summary>
public static class OpenedVia
{
    public const string Suggestion = "suggestion";
    public const string Search = "search";
    public const string Link = "link";
    public const string Resume = "resume";
    public const string Recent = "recent";
    public const string Restart = "restart";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Suggestion, Search, Link, Resume, Recent, Restart };
}

/// <summary>
/// One thing an official did with a guide, as stored: who is a pseudonym (never a name, e-mail or user id),
/// <see cref="Id"/> is the panel's own id for the event, so that the same event sent twice is stored once.
/// </summary>
public sealed record UsageEvent(
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string UserPseudonym,
    string? Role,
    string? App,
    string? RunId,
    string? GuideId,
    string? GuideVersion,
    string? StepId,
    UsageDetails Details);

/// <summary>The fields that only some types have.</summary>
public sealed record UsageDetails(
    string? Via = null,
    string? CheckId = null,
    bool? Checked = null,
    string? ToStepId = null,
    string? ToGuideId = null,
    string? Query = null,
    int? HitCount = null,
    string? OpenedGuideId = null,
    int? OpenedRank = null,
    string? Selector = null,
    string? PageUrl = null,
    string? TargetStatus = null)
{
    public static UsageDetails None { get; } = new();
}

/// <summary>What became of a step's target on the host page, for <see cref="UsageEventTypes.TargetMissing"/>.</summary>
public static class TargetStatuses
{
    public const string Missing = "missing";
    public const string Ambiguous = "ambiguous";
    public const string Invalid = "invalid";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Missing, Ambiguous, Invalid };
}

public enum UsageWriteStatus
{
    /// <summary>Written now.</summary>
    Stored,

    /// <summary>An event with this id was stored before; nothing was written.</summary>
    Duplicate,
}

public sealed record UsageAck(string Id, UsageWriteStatus Status);

/// <summary>
/// A flag: an official says a step is wrong or unclear (<see cref="GuideId"/> and <see cref="StepId"/> set), or that
/// a search found nothing useful (<see cref="Query"/> set). Experts answer flags later; nothing is ever lost.
/// </summary>
/// <remarks>
/// <see cref="StatusOpen"/> until an expert either answers it (<see cref="StatusAnswered"/>: answered and closed, the
/// official sees the answer) or closes it without an answer (<see cref="StatusClosed"/>, e.g. a duplicate).
/// <see cref="AnsweredBy"/> and <see cref="AnsweredAt"/> say who did either, and when; <see cref="AnswerSeenAt"/> when
/// the official dismissed the answer in the panel ("Gelezen").
/// </remarks>
public sealed record StepFlag(
    string Id,
    string? GuideId,
    string? StepId,
    string? GuideVersion,
    string? Query,
    string Text,
    string UserPseudonym,
    string? Role,
    string? App,
    DateTimeOffset CreatedAt,
    string Status,
    string? Answer = null,
    string? AnsweredBy = null,
    DateTimeOffset? AnsweredAt = null,
    string? FixedInVersion = null,
    DateTimeOffset? AnswerSeenAt = null)
{
    public const string StatusOpen = "open";

    /// <summary>Answered by an expert, and so closed.</summary>
    public const string StatusAnswered = "answered";

    /// <summary>Closed without an answer (a duplicate, not about the guide).</summary>
    public const string StatusClosed = "closed";

    public static IReadOnlySet<string> Statuses { get; } = new HashSet<string>(StringComparer.Ordinal) { StatusOpen, StatusAnswered, StatusClosed };
}

/// <summary>Which flags the experts' list shows: all filters optional, newest first, at most <see cref="Limit"/>.</summary>
public sealed record FlagQuery(string? GuideId = null, string? StepId = null, string? Status = null, int Limit = FlagQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaximumLimit = 1_000;
}

public enum FlagUpdateOutcome
{
    /// <summary>Answered or closed now.</summary>
    Updated,

    /// <summary>It was so already (the same answer sent again, or closing a closed flag): nothing changed.</summary>
    Unchanged,

    /// <summary>No flag has this id.</summary>
    NotFound,

    /// <summary>The flag was answered or closed before, otherwise: <see cref="FlagUpdate.Reason"/> says so in Dutch.</summary>
    Refused,
}

/// <summary>The outcome of answering or closing a flag, with the flag as it is stored now (null when not found).</summary>
public sealed record FlagUpdate(FlagUpdateOutcome Outcome, StepFlag? Flag, string? Reason = null);
