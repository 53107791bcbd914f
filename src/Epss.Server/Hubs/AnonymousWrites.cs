using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Epss.Server.Hubs;

/// <summary>
/// How much panels that did not sign in may write (<c>Epss:AnonymousWrites</c>): usage events and flags per minute, per
/// client address and for all such clients together. With anonymous reading on, anyone who reaches the server can
/// send; these bound how fast they fill the disk. Signed-in officials are not limited here (their connection's own
/// budget still applies).
/// </summary>
public sealed class AnonymousWriteOptions
{
    public const string SectionName = "Epss:AnonymousWrites";

    /// <summary>Usage events a minute from one address: a busy counter sends a few a minute, a panel's offline queue a few hundred at once.</summary>
    [Range(1, 1_000_000)]
    public int EventsPerMinutePerAddress { get; set; } = 1_200;

    /// <summary>Usage events a minute from all anonymous panels together.</summary>
    [Range(1, 10_000_000)]
    public int EventsPerMinute { get; set; } = 6_000;

    /// <summary>Flags ("Meld een probleem", "Niets gevonden") a minute from one address.</summary>
    [Range(1, 100_000)]
    public int FlagsPerMinutePerAddress { get; set; } = 10;

    /// <summary>Flags a minute from all anonymous panels together.</summary>
    [Range(1, 1_000_000)]
    public int FlagsPerMinute { get; set; } = 100;
}

/// <summary>
/// The limits of <see cref="AnonymousWriteOptions"/>: token buckets (System.Threading.RateLimiting) per address and in
/// total, for events and for flags. A write that would exceed one is refused whole with a <see cref="HubException"/>;
/// the panel keeps it in its outbox and sends it again later.
/// </summary>
public sealed class AnonymousWrites : IDisposable
{
    private readonly PartitionedRateLimiter<string> _eventsPerAddress;
    private readonly RateLimiter _events;
    private readonly PartitionedRateLimiter<string> _flagsPerAddress;
    private readonly RateLimiter _flags;

    public AnonymousWrites(IOptions<AnonymousWriteOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _eventsPerAddress = PerAddress(o.EventsPerMinutePerAddress);
        _events = new TokenBucketRateLimiter(PerMinute(o.EventsPerMinute));
        _flagsPerAddress = PerAddress(o.FlagsPerMinutePerAddress);
        _flags = new TokenBucketRateLimiter(PerMinute(o.FlagsPerMinute));
    }

    /// <summary>Takes <paramref name="count"/> events from the budgets of <paramref name="address"/> and of all; throws when either is spent.</summary>
    public void TakeEvents(IPAddress? address, int count) =>
        Take(_eventsPerAddress, _events, address, count, "Er komen te veel gebeurtenissen van niet-aangemelde panelen; ze worden later opnieuw verstuurd.");

    /// <summary>Takes one flag from the budgets of <paramref name="address"/> and of all; throws when either is spent.</summary>
    public void TakeFlag(IPAddress? address) =>
        Take(_flagsPerAddress, _flags, address, 1, "Er komen te veel meldingen van niet-aangemelde panelen; probeer het over een paar minuten opnieuw.");

    public void Dispose()
    {
        _eventsPerAddress.Dispose();
        _events.Dispose();
        _flagsPerAddress.Dispose();
        _flags.Dispose();
    }

    private static void Take(PartitionedRateLimiter<string> perAddress, RateLimiter total, IPAddress? address, int count, string refusal)
    {
        // IPv4 clients reached over IPv6 sockets count as their IPv4 address.
        var key = (address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address)?.ToString() ?? "unknown";
        using var fromAddress = perAddress.AttemptAcquire(key, count);
        if (!fromAddress.IsAcquired)
        {
            throw new HubException(refusal);
        }
        using var fromAll = total.AttemptAcquire(count);
        if (!fromAll.IsAcquired)
        {
            throw new HubException(refusal);
        }
    }

    private static PartitionedRateLimiter<string> PerAddress(int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => PerMinute(perMinute)));

    /// <summary>A minute's worth at once (a panel's queue after being offline), refilled evenly over the minute.</summary>
    private static TokenBucketRateLimiterOptions PerMinute(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = Math.Max(1, perMinute / 60),
        ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / perMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
