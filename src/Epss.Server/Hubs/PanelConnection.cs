using Epss.Search;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>What the server knows about one panel connection: who (as a pseudonym), which page, which guide is open.</summary>
internal sealed class PanelConnection(string userPseudonym, string? signedInRole)
{
    private static readonly object Key = typeof(PanelConnection);

    public string UserPseudonym { get; } = userPseudonym;

    /// <summary>The role of a signed-in user, from their claims (recorded with their events); null for an anonymous panel.</summary>
    public string? SignedInRole { get; } = signedInRole;

    public PageContext? Page { get; set; }

    /// <summary>The role recorded with events: <see cref="SignedInRole"/>, else what an anonymous panel said.</summary>
    public string? Role { get; set; } = signedInRole;

    public string? OpenGuideId { get; set; }

    /// <summary>The per-connection budget of calls (see <see cref="HubRateLimitFilter"/>).</summary>
    public TokenBucket Calls { get; } = new();

    public static void Attach(HubCallerContext context, string userPseudonym, string? signedInRole) =>
        context.Items[Key] = new PanelConnection(userPseudonym, signedInRole);

    public static PanelConnection Of(HubCallerContext context) =>
        context.Items.TryGetValue(Key, out var connection) && connection is PanelConnection panel
            ? panel
            : throw new InvalidOperationException("The connection was not set up in OnConnectedAsync.");

    public static PanelConnection? Find(HubCallerContext context) =>
        context.Items.TryGetValue(Key, out var connection) ? connection as PanelConnection : null;
}

/// <summary>
/// A token bucket: <see cref="Capacity"/> calls at once, refilled at <see cref="PerSecond"/> a second. Enough for a
/// person typing fast and a panel flushing its queue; not enough for a script hammering the server.
/// </summary>
internal sealed class TokenBucket
{
    public const double Capacity = 40;
    public const double PerSecond = 20;

    private readonly Lock _gate = new();
    private double _tokens = Capacity;
    private long _lastRefill = Environment.TickCount64;

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = Environment.TickCount64;
            _tokens = Math.Min(Capacity, _tokens + ((now - _lastRefill) / 1000.0 * PerSecond));
            _lastRefill = now;
            if (_tokens < 1)
            {
                return false;
            }
            _tokens -= 1;
            return true;
        }
    }
}
