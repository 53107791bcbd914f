using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Epss.Server.Apis;

/// <summary>
/// A problem+json answer whose status is part of its type, so that a handler's signature (and the OpenAPI document)
/// says which refusals it gives. Written by <see cref="ProblemHttpResult"/>, as every other problem.
/// </summary>
public abstract class StatusProblem(ProblemHttpResult problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    public ProblemDetails Value => problem.ProblemDetails;

    object? IValueHttpResult.Value => Value;

    public int StatusCode => problem.StatusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    protected static ProblemHttpResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status, extensions: extensions);

    protected static void Describe(EndpointBuilder builder, int status)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
    }
}

/// <summary>409: the request was based on a state that is no longer the current one (nothing changed).</summary>
public sealed class ConflictProblem(ProblemHttpResult problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static ConflictProblem Of(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        new(Create(StatusCodes.Status409Conflict, title, detail, extensions));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

/// <summary>422: the request was understood, but what it carries cannot be taken (a guide text with errors).</summary>
public sealed class UnprocessableProblem(ProblemHttpResult problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static UnprocessableProblem Of(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        new(Create(StatusCodes.Status422UnprocessableEntity, title, detail, extensions));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status422UnprocessableEntity);
}
