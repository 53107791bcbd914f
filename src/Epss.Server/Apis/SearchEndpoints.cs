using Epss.Search;
using Epss.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Apis;

/// <summary>Query parameters of <c>GET /api/search</c>.</summary>
/// <remarks><c>limit</c> is bound as text so that "abc" gets the same validation problem as 0.</remarks>
public sealed record SearchParameters(string? Q, string? Url, string? Title, string? App, string? Limit);

/// <summary>Query parameters of <c>GET /api/context</c>.</summary>
public sealed record ContextParameters(string? Url, string? Title, string? App, string? Limit);

/// <summary>Finding guides: by what an official types, and by the page they are on.</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Search").AddEndpointFilter<ReadinessFilter>()
            .RequireAuthorization(EpssPolicies.ReadGuides);
        api.MapGet("/search", Search)
            .WithName("Search")
            .WithSummary("Guides matching a query (typos, synonyms and unfinished words included), best first; url, title and app lift guides that fit the page.");
        api.MapGet("/context", Suggest)
            .WithName("SuggestForPage")
            .WithSummary("Guides whose context rules fit a page (URL, title, application), with the reason.");
        return app;
    }

    public static Results<Ok<SearchResponse>, ValidationProblem> Search([AsParameters] SearchParameters parameters, GuideSearch search)
    {
        var errors = new Dictionary<string, string[]>();
        var query = parameters.Q ?? string.Empty;
        if (string.IsNullOrWhiteSpace(query))
        {
            errors["q"] = ["Geef een zoekvraag op."];
        }
        else if (query.Length > SearchRequest.MaximumQueryLength)
        {
            errors["q"] = [$"Een zoekvraag is hoogstens {SearchRequest.MaximumQueryLength} tekens."];
        }
        var limit = CheckLimit(parameters.Limit, SearchRequest.DefaultLimit, errors);
        var context = PageInput.Check(parameters.Url, parameters.Title, parameters.App, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        return TypedResults.Ok(SearchResponse.From(search.Search(new SearchRequest(query, limit, context))));
    }

    public static Results<Ok<ContextResponse>, ValidationProblem> Suggest([AsParameters] ContextParameters parameters, GuideSearch search)
    {
        var errors = new Dictionary<string, string[]>();
        var limit = CheckLimit(parameters.Limit, 5, errors);
        var context = PageInput.Check(parameters.Url, parameters.Title, parameters.App, errors);
        // The application alone fits no guide (see ContextMatcher): without an address or a title there is nothing to suggest.
        if (string.IsNullOrWhiteSpace(parameters.Url) && string.IsNullOrWhiteSpace(parameters.Title))
        {
            errors["url"] = ["Geef ten minste het adres (url) of de titel (title) van de pagina op."];
        }
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        var suggestions = search.Suggest(context!, limit);
        return TypedResults.Ok(new ContextResponse([.. suggestions.Select(s => new SuggestionResponse(s.Id, s.Title, s.Summary, s.Reason))]));
    }

    private static int CheckLimit(string? text, int defaultLimit, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return defaultLimit;
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            || limit is < 1 or > SearchRequest.MaximumLimit)
        {
            errors["limit"] = [$"limit is een getal van 1 tot en met {SearchRequest.MaximumLimit}."];
        }
        return limit;
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "De zoekvraag is ongeldig.");
}
