using System.Text.Json.Serialization;

namespace Epss.Usage;

/// <summary>
/// A flag as the experts see it: what the official saw (guide version) and wrote, and what became of it. Never who
/// raised it. A flag about a search that found nothing has a <c>query</c> and no guide.
/// </summary>
public sealed record FlagDetailResponse(
    string Id,
    string? GuideId,
    string? StepId,
    string? GuideVersion,
    string? Query,
    string Text,
    DateTimeOffset CreatedAt,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Answer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AnsweredBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? AnsweredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FixedInVersion)
{
    public static FlagDetailResponse From(StepFlag flag) => new(
        flag.Id, flag.GuideId, flag.StepId, flag.GuideVersion, flag.Query, flag.Text, flag.CreatedAt, flag.Status,
        flag.Answer, flag.AnsweredBy, flag.AnsweredAt, flag.FixedInVersion);
}
