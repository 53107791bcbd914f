using Epss.Server.Apis;

namespace Epss.Server.Hubs;

/// <summary>
/// Calls the server makes on a panel. Typed, so that every push is checked by the compiler.
/// </summary>
public interface IGuidanceClient
{
    /// <summary>The guide the panel has open changed on the server; here is its new version.</summary>
    Task GuideUpdated(GuideResponse guide);

    /// <summary>The guide the panel has open is no longer served (its file was removed or renamed).</summary>
    Task GuideRemoved(string guideId);
}

/// <summary>Where the official is: the host application's page, its title, the application's name, the official's role.</summary>
public sealed record PageContextRequest(string? Url, string? Title, string? App, string? Role);

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
public sealed record UsageAckResponse(string Id, string Status);

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
    string Status);

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
    DateTimeOffset AnsweredAt);
