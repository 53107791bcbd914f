using Epss.Search;
using Epss.Usage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Epss.Server.Telemetry;

/// <summary>
/// Metrics and traces through OpenTelemetry (README, "Operations"): the meters of Epss.Server, Epss.Search and
/// Epss.Usage with ASP.NET Core's and the runtime's, for Prometheus at <see cref="MetricsPath"/> (administrators and
/// <c>Epss:Metrics:AllowedNetworks</c> only); traces of searches and publishes over OTLP when <c>Epss:Traces:OtlpEndpoint</c> is set.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddEpssTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = TelemetryOptions.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(Options.Create(telemetry));
        services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(MetricsAccessRequirement.Policy, policy => policy.AddRequirements(new MetricsAccessRequirement()));

        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("epss"))
            .WithMetrics(metrics => metrics
                .AddMeter(ServerTelemetry.Name, SearchTelemetry.Name, UsageTelemetry.Name)
                // Requests, Kestrel's and SignalR's connections (ASP.NET Core's own meters), the GC and the thread pool.
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (telemetry.OtlpEndpoint is { } endpoint)
        {
            openTelemetry.WithTracing(tracing => tracing
                .AddSource(ServerTelemetry.Name, SearchTelemetry.Name)
                // Query strings are redacted by the instrumentation (a hub's WebSocket carries its token there).
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/healthz"))
                .AddOtlpExporter(options => options.Endpoint = new Uri(endpoint)));
        }
        return builder;
    }

    /// <summary>Prometheus's scraping endpoint, for administrators and the allowed networks only.</summary>
    public static WebApplication MapEpssMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(MetricsAccessRequirement.Policy)
            .ExcludeFromDescription();
        return app;
    }
}
