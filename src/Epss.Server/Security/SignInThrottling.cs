using System.Globalization;
using System.Threading.RateLimiting;
using Epss.Audit;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// Sign-in with a password costs a PBKDF2 run (tens of milliseconds of a core), so guesses are limited three ways: per
/// address (ASP.NET Core's rate limiter on <c>POST /signin</c>), per typed user name (a partitioned limiter of
/// System.Threading.RateLimiting, also for names that do not exist), and in total a few checks at a time (a
/// concurrency limiter, so that guesses from many addresses cannot take every core). Beyond that a known account is
/// locked after <see cref="Epss.Accounts.AccountStore.LockoutThreshold"/> failures, with a doubling backoff (accounts.db).
/// A refused try is answered 429 with Retry-After, logged with the name and address, and recorded in the audit log.
/// </summary>
public sealed class SignInThrottling : IDisposable
{
    public const string PerAddressPolicy = "signin-per-address";

    private readonly PartitionedRateLimiter<string> _perName;
    private readonly ConcurrencyLimiter _checks;

    public SignInThrottling(IOptions<AccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perName = options.Value.SignInAttemptsPerMinutePerName;
        _perName = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetSlidingWindowLimiter(name, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perName,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));
        // Two password checks at once on two cores, the rest wait their turn (up to 64; more are refused at once).
        _checks = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = Math.Max(1, Environment.ProcessorCount), QueueLimit = 64 });
    }

    /// <summary>Takes a try for <paramref name="typedName"/>; null when this name has had too many in the last minute (the lease to dispose otherwise).</summary>
    public RateLimitLease? TryName(string typedName)
    {
        var lease = _perName.AttemptAcquire(typedName.ToLowerInvariant());
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        return null;
    }

    /// <summary>Waits for a turn to check a password; null when too many are waiting already.</summary>
    public async Task<RateLimitLease?> WaitForCheckAsync(CancellationToken cancellationToken)
    {
        var lease = await _checks.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        return null;
    }

    /// <summary>Logs and audits a refused try (never with the password).</summary>
    public static async Task RecordThrottledAsync(HttpContext context, string? typedName, string why)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress?.ToString();
        Log.SignInThrottled(context.RequestServices.GetRequiredService<ILogger<SignInThrottling>>(), typedName ?? "(niet gelezen)", address, why);
        Telemetry.ServerTelemetry.SignInFailed("throttled");
        await context.RequestServices.GetRequiredService<IAuditLog>()
            .RecordAsync(new AuditEntry(AuditActions.SignInThrottled, null, typedName ?? "(niet gelezen)", address, Detail: why), CancellationToken.None);
    }

    public void Dispose()
    {
        _perName.Dispose();
        _checks.Dispose();
    }
}

/// <summary>Registers <see cref="SignInThrottling"/> and the per-address limit.</summary>
public static class SignInThrottlingSetup
{
    /// <summary>The per-address limit on <c>POST /signin</c>, as ASP.NET Core's rate limiter.</summary>
    public static WebApplicationBuilder AddEpssSignInThrottling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SignInThrottling>();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignInThrottling.PerAddressPolicy, context =>
            {
                var perAddress = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.SignInAttemptsPerMinutePerAddress;
                return RateLimitPartition.GetSlidingWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = perAddress,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                // The sliding window frees tries every 10 s (six segments a minute); its lease names no retry time itself.
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (http.Request.Path.StartsWithSegments(SignInEndpoints.SignInPath))
                {
                    await SignInThrottling.RecordThrottledAsync(http, null, "per adres");
                }
            };
        });
        return builder;
    }
}
