namespace Epss.Search;

/// <summary>A search as a person types it, with the page they are on when known.</summary>
public sealed record SearchRequest(string Query, int Limit = SearchRequest.DefaultLimit, PageContext? Context = null)
{
    public const int DefaultLimit = 10;
    public const int MaximumLimit = 50;
    public const int MaximumQueryLength = 200;
}

/// <summary>Where the official is: the host application's page address, page title and application name.</summary>
public sealed record PageContext(string? Url, string? Title, string? App)
{
    public const int MaximumUrlLength = 2048;
    public const int MaximumTitleLength = 300;
    public const int MaximumAppLength = 100;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Url) && string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(App);
}

/// <summary>
/// One guide that matches a search. <see cref="Snippet"/> is HTML-encoded text in which the matched words are
/// wrapped in <c>&lt;mark&gt;</c>; <see cref="StepId"/> names the step that matched best, when a step did.
/// </summary>
public sealed record SearchHit(string Id, string Title, string Snippet, float Score, string? StepId, string? StepTitle);

/// <param name="Closest">When nothing was found: the guides whose titles, synonyms and tags look most like what was typed.</param>
public sealed record SearchResult(string Query, int Total, IReadOnlyList<SearchHit> Hits, IReadOnlyList<GuideBrief>? Closest = null);

/// <summary>A guide named briefly: enough to offer it.</summary>
public sealed record GuideBrief(string Id, string Title, string Summary);

/// <summary>A guide suggested for the page the official is on, with the reason in Dutch.</summary>
public sealed record ContextSuggestion(string Id, string Title, string Summary, string Reason, double Score);
