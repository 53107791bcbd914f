using Epss.Server.Hosting;

namespace Epss.Server.Apis;

/// <summary>Answers 503 with a problem while the guides are still loading, instead of an empty or partial answer.</summary>
internal sealed class ReadinessFilter(ServerReadiness readiness) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        readiness.IsReady
            ? await next(context)
            : TypedResults.Problem(
                title: "De server is nog niet klaar.",
                detail: "De gidsen en de zoekindex worden geladen; probeer het over enkele seconden opnieuw.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
}
