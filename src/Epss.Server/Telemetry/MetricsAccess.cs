using Epss.Accounts;
using Epss.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Epss.Server.Telemetry;

/// <summary>
/// <c>/metrics</c> is met by a signed-in administrator, or by a request from <see cref="TelemetryOptions.AllowedNetworks"/>.
/// The figures are not personal, but they tell an outsider how busy the counters are and how the server is built.
/// </summary>
public sealed record MetricsAccessRequirement : IAuthorizationRequirement
{
    public const string Policy = "ReadMetrics";
}

internal sealed class MetricsAccessHandler(IOptions<TelemetryOptions> options) : AuthorizationHandler<MetricsAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsAccessRequirement requirement)
    {
        if (EpssClaims.IsSignedIn(context.User) && context.User.IsInRole(EpssRoles.Admin))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http && options.Value.Allows(http.Connection.RemoteIpAddress))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
