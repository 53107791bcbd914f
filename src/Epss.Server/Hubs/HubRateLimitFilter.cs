using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>A per-connection rate limit: one misbehaving panel cannot starve the others.</summary>
internal sealed class HubRateLimitFilter(ILogger<HubRateLimitFilter> logger) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (PanelConnection.Find(invocationContext.Context) is { } connection && !connection.Calls.TryTake())
        {
            Log.HubRateLimited(logger, invocationContext.HubMethodName);
            throw new HubException("Te veel verzoeken achter elkaar; probeer het over een paar seconden opnieuw.");
        }
        return next(invocationContext);
    }
}

/// <summary>
/// The error contract of every hub call: a <see cref="HubException"/> reaches the caller as it is (a reason to read);
/// so do usage a panel sent that cannot be taken (its Dutch reason) and usage that cannot be stored now (nothing was
/// acknowledged, the panel sends it again); any other failure
/// is logged with the method's name and the caller gets a generic message.
/// </summary>
internal sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (e is Epss.Usage.UsageUnavailableException or Epss.Usage.InvalidUsageException)
        {
            throw new HubException(e.Message);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            Log.HubCallFailed(logger, invocationContext.HubMethodName, e);
            throw new HubException("Er ging iets mis op de server; probeer het opnieuw.");
        }
    }
}

/// <summary>
/// A connection's budget of calls: <see cref="Capacity"/> at once, refilled at <see cref="PerSecond"/> a second. Enough
/// for a person typing fast and a panel flushing its queue; not enough for a script hammering the server.
/// </summary>
public sealed class HubCallBudget(TimeProvider time) : IDisposable
{
    public const int Capacity = 40;
    public const int PerSecond = 20;

    private readonly ClockTokenBucket _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Capacity,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / PerSecond),
        QueueLimit = 0,
    }, time);

    /// <summary>Takes one call from the budget; false when it is spent.</summary>
    public bool TryTake()
    {
        using var lease = _bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _bucket.Dispose();
}

/// <summary>
/// A token bucket behind System.Threading.RateLimiting's <see cref="RateLimiter"/> contract, whose clock is a
/// <see cref="TimeProvider"/>. The library's own <see cref="TokenBucketRateLimiter"/> reads the Stopwatch (a
/// <see cref="TimeProvider"/> option is dotnet/runtime#106447, still open), so a test could only wait for real time to
/// pass; this one refills from the elapsed time it reads at each acquisition: no timer, nothing queued.
/// </summary>
public sealed class ClockTokenBucket : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TokenBucketRateLimiterOptions _options;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _refilledAt;

    public ClockTokenBucket(TokenBucketRateLimiterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.TokenLimit < 1 || options.TokensPerPeriod < 1 || options.ReplenishmentPeriod <= TimeSpan.Zero || options.QueueLimit != 0)
        {
            throw new ArgumentException("A positive token limit, tokens per period and period, and no queue.", nameof(options));
        }
        _options = options;
        _time = time;
        _tokens = options.TokenLimit;
        _refilledAt = time.GetTimestamp();
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < permitCount)
            {
                var missing = permitCount - _tokens;
                return new Lease(false, _options.ReplenishmentPeriod * (missing / _options.TokensPerPeriod));
            }
            _tokens -= permitCount;
            return new Lease(true, null);
        }
    }

    // Nothing is queued: a call that finds the bucket empty is refused at once.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var periods = _time.GetElapsedTime(_refilledAt, now) / _options.ReplenishmentPeriod;
        _tokens = Math.Min(_options.TokenLimit, _tokens + (periods * _options.TokensPerPeriod));
        _refilledAt = now;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
