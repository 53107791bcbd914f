using Epss.Content;
using Epss.Search;
using Epss.Server.Hubs;
using Epss.Server.ScaleOut;
using Epss.Usage;
using Epss.Usage.PostgreSql;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Epss.Server.Hosting;

/// <summary>The server's registrations and request pipeline, so that Program.cs reads as a table of contents.</summary>
public static class ServerSetup
{
    public const string DefaultUrls = "http://localhost:5080";

    /// <summary>The scale-out settings, read and checked once; every registration that depends on them is given this record.</summary>
    public static ScaleOutOptions AddEpssScaleOutOptions(this WebApplicationBuilder builder)
    {
        var scaleOut = ScaleOutOptions.From(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(scaleOut));
        return scaleOut;
    }

    public static WebApplicationBuilder AddEpssServices(this WebApplicationBuilder builder, ScaleOutOptions scaleOut)
    {
        // The documented default port, whatever the working folder (appsettings.json is only found in the project's).
        // Lowest priority: appsettings, environment and --urls all override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Urls"] = DefaultUrls },
        });
        // Likewise the appsettings.json shipped beside the server (the sample set-up's Epss:AllowAnonymousReading among
        // them), just above that default: the working folder's appsettings.json, environment and command line override it.
        var shipped = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        };
        shipped.ResolveFileProvider();
        builder.Configuration.Sources.Insert(1, shipped);
        // SignalR logs every HubException as an error; those are a panel's bad input, answered with a reason.
        // Real failures are logged by HubErrorFilter (HubCallFailed) before they become a generic HubException.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        var services = builder.Services;
        services.AddEpssContent();
        services.AddEpssSearch();
        services.AddSingleton<IPostConfigureOptions<ContentOptions>, ContentPathResolver>();
        services.AddSingleton<ServerReadiness>();
        services.AddHostedService<ServerStartup>();
        services.AddEpssUsage();
        services.PostConfigure<UsageOptions>(usage => usage.SharedDataPath = scaleOut.SharedDataPath);
        // Several servers: usage events and flags in one PostgreSQL database for all of them (schema migrated at start).
        if (scaleOut.HasPostgreSql)
        {
            services.AddEpssUsagePostgreSql(scaleOut.PostgreSql!);
        }
        // Deletes usage events older than Epss:RetentionMonths once a day (AVG: kept no longer than needed).
        services.AddEpssUsageRetention();
        services.AddHostedService<GuideUpdates>();
        services.AddOptions<AnonymousWriteOptions>().BindConfiguration(AnonymousWriteOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnonymousWrites>();
        services.AddSignalR(options =>
            {
                // A panel's largest message is a batch of 100 usage events; anything far larger is not a panel.
                options.MaximumReceiveMessageSize = 64 * 1024;
                options.EnableDetailedErrors = false;
                // The metrics outermost, so that every call is counted with the answer it got; then the error contract,
                // so that it also answers for the rate limit's refusals.
                options.AddFilter<Telemetry.HubMetricsFilter>();
                options.AddFilter<HubErrorFilter>();
                options.AddFilter<HubRateLimitFilter>();
            })
            .AddMessagePackProtocol();

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<JsonOptions>(options => options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Epss HTTP API";
            document.Info.Description = "Guides, search and page-context suggestions of the Epss performance support server.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("ready");
        return builder;
    }

    public static WebApplication UseEpssErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Unknown routes and other bodiless errors become problem+json too.
        app.UseStatusCodePages();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var content = app.Services.GetRequiredService<IOptions<ContentOptions>>().Value;
            var search = app.Services.GetRequiredService<IOptions<SearchOptions>>().Value;
            Log.ContentFolder(app.Logger, content.ContentPath, search.InMemoryIndex ? "(in memory)" : search.DataPath);
        });
        return app;
    }

    public static WebApplication MapGuidanceHub(this WebApplication app)
    {
        // When the server stops, SignalR closes its connections as soon as stopping begins. A panel that reconnects at
        // once would get a new connection that nothing closes, and hold the shutdown for HostOptions.ShutdownTimeout
        // (dotnet/aspnetcore#58947). Refuse it instead: the panel keeps retrying until the server is back.
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use((context, next) =>
        {
            if (stopping.IsCancellationRequested && context.Request.Path.StartsWithSegments(GuidanceHub.Path))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }
            return next(context);
        });
        // A connection ends with its sign-in cookie; revoked sign-ins are closed by HubSessionRevalidation.
        app.MapHub<GuidanceHub>(GuidanceHub.Path, options => options.CloseOnAuthenticationExpiration = true);
        return app;
    }

    public static WebApplication MapEpssHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}

/// <summary>Maps exceptions nobody handled to a 500 problem without internals; logs them.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        if (status >= 500)
        {
            Log.UnhandledRequestError(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = status >= 500 ? "Er ging iets mis op de server." : "Het verzoek is ongeldig.",
                Detail = status >= 500 ? null : exception.Message,
            },
        });
    }
}
