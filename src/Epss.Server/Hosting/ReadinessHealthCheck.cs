using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Epss.Server.Hosting;

internal sealed class ReadinessHealthCheck(ServerReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("De gidsen en de zoekindex zijn geladen.")
            : HealthCheckResult.Unhealthy("De gidsen worden nog geladen."));
}
