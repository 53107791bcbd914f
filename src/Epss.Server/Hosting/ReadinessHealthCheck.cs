using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Epss.Server.Hosting;

internal sealed class ReadinessHealthCheck(ServerReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("De gidsen en de zoekindex zijn geladen.")
            // Degraded, not Unhealthy: starting up is expected, and ASP.NET Core logs Unhealthy as an error on every probe.
            // /healthz maps Degraded to 503 all the same.
            : HealthCheckResult.Degraded("De gidsen worden nog geladen."));
}
