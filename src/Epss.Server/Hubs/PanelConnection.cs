using Epss.Search;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>What the server knows about one panel connection: who (as a pseudonym), which page, which guide is open.</summary>
internal sealed class PanelConnection(string userPseudonym, string? signedInRole, TimeProvider time, System.Net.IPAddress? address = null)
{
    private static readonly object Key = typeof(PanelConnection);

    public string UserPseudonym { get; } = userPseudonym;

    /// <summary>The role of a signed-in user, from their claims (recorded with their events); null for an anonymous panel.</summary>
    public string? SignedInRole { get; } = signedInRole;

    public PageContext? Page { get; set; }

    /// <summary>The role recorded with events: <see cref="SignedInRole"/>, else what an anonymous panel said.</summary>
    public string? Role { get; set; } = signedInRole;

    public string? OpenGuideId { get; set; }

    /// <summary>The client's address, which limits an anonymous panel's writes (<see cref="AnonymousWrites"/>).</summary>
    public System.Net.IPAddress? Address { get; } = address;

    /// <summary>Whether this panel did not sign in: its writes are limited per address and in total.</summary>
    public bool IsAnonymous => SignedInRole is null && Epss.Usage.Pseudonymizer.IsAnonymous(UserPseudonym);

    /// <summary>The per-connection budget of calls (see <see cref="HubRateLimitFilter"/>).</summary>
    public HubCallBudget Calls { get; } = new(time);

    public static void Attach(HubCallerContext context, string userPseudonym, string? signedInRole, TimeProvider time) =>
        context.Items[Key] = new PanelConnection(userPseudonym, signedInRole, time, context.GetHttpContext()?.Connection.RemoteIpAddress);

    public static PanelConnection Of(HubCallerContext context) =>
        context.Items.TryGetValue(Key, out var connection) && connection is PanelConnection panel
            ? panel
            : throw new InvalidOperationException("The connection was not set up in OnConnectedAsync.");

    public static PanelConnection? Find(HubCallerContext context) =>
        context.Items.TryGetValue(Key, out var connection) ? connection as PanelConnection : null;
}
