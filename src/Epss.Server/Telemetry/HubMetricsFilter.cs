using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Telemetry;

/// <summary>
/// Counts and times every guidance hub call by method (outermost filter, so that refusals by the rate limit and the
/// error contract's answers are counted too). Connections are counted by <see cref="Hubs.GuidanceHub"/>.
/// </summary>
internal sealed class HubMetricsFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await next(invocationContext);
            outcome = "ok";
            return result;
        }
        catch (HubException)
        {
            outcome = "refused";
            throw;
        }
        finally
        {
            ServerTelemetry.HubCall(invocationContext.HubMethodName, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}
