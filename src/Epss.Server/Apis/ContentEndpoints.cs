using Epss.Content.Contract;
using Epss.Content.Library;
using Epss.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Epss.Server.Apis;

/// <summary>The state of the content folder, for experts and administrators: every problem the linter would report.</summary>
public static class ContentEndpoints
{
    public static IEndpointRouteBuilder MapContentApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/content").WithTags("Content").AddEndpointFilter<ReadinessFilter>()
            .RequireAuthorization(EpssPolicies.ReadContentProblems)
            .MapGet("/problems", ListProblems)
            .WithName("ListContentProblems")
            .WithSummary("Every error and warning in the content folder, by file and line; a guide with errors is not served (its last good version is).");
        return app;
    }

    public static Ok<ContentProblemResponse[]> ListProblems(GuideLibrary library) =>
        TypedResults.Ok(library.Current.Diagnostics.Select(ContentProblemResponse.From).ToArray());
}
