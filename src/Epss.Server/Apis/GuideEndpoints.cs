using Epss.Content.Contract;
using Epss.Content.Library;
using Epss.Content.Text;
using Epss.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Apis;

/// <summary>The guides as officials see them: the list, and one guide with its steps.</summary>
public static class GuideEndpoints
{
    public static IEndpointRouteBuilder MapGuideApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/guides").WithTags("Guides").AddEndpointFilter<ReadinessFilter>()
            .RequireAuthorization(EpssPolicies.ReadGuides);
        api.MapGet("/", ListGuides)
            .WithName("ListGuides")
            .WithSummary("All guides that are served, sorted by title.");
        api.MapGet("/{id}", GetGuide)
            .WithName("GetGuide")
            .WithSummary("One guide with its steps, checks and decisions; 404 when no guide has this id.");
        return app;
    }

    public static Ok<GuideSummaryResponse[]> ListGuides(GuideLibrary library, TimeProvider time)
    {
        var today = Today(time);
        return TypedResults.Ok(library.Current.Guides.Values
            .OrderBy(g => g.Title, StringComparer.CurrentCulture)
            .Select(g => GuideSummaryResponse.From(g, today))
            .ToArray());
    }

    public static Results<Ok<GuideResponse>, ProblemHttpResult> GetGuide(string id, GuideLibrary library, TimeProvider time)
    {
        if (Slug.IsValid(id) && library.Current.Find(id) is { } guide)
        {
            return TypedResults.Ok(GuideResponse.From(guide, Today(time)));
        }
        return TypedResults.Problem(
            title: "Gids niet gevonden.",
            detail: $"Er is geen gids met id '{Shorten(id)}'.",
            statusCode: StatusCodes.Status404NotFound);
    }

    internal static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
