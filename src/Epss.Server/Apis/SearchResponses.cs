using System.Text.Json.Serialization;
using Epss.Search;

namespace Epss.Server.Apis;

/// <param name="Closest">Only when nothing was found: the guides closest to what was typed.</param>
public sealed record SearchResponse(
    string Query,
    int Total,
    IReadOnlyList<SearchHitResponse> Hits,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<GuideBriefResponse>? Closest)
{
    public static SearchResponse From(SearchResult result) => new(
        result.Query,
        result.Total,
        [.. result.Hits.Select(h => new SearchHitResponse(h.Id, h.Title, h.Snippet, h.Score, h.StepId, h.StepTitle))],
        result.Total == 0 ? [.. (result.Closest ?? []).Select(c => new GuideBriefResponse(c.Id, c.Title, c.Summary))] : null);
}

public sealed record GuideBriefResponse(string Id, string Title, string Summary);

/// <summary>A search hit. <c>snippet</c> is HTML-encoded text with the matched words in <c>&lt;mark&gt;</c>.</summary>
public sealed record SearchHitResponse(
    string Id,
    string Title,
    string Snippet,
    float Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepTitle);

public sealed record ContextResponse(IReadOnlyList<SuggestionResponse> Suggestions);

public sealed record SuggestionResponse(string Id, string Title, string Summary, string Reason);
