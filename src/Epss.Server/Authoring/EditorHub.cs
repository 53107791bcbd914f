using Epss.Content.Text;
using Epss.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Authoring;

/// <summary>
/// The editor's live connection (experts only): who else has a guide open (presence), and what happens to a guide's
/// change while it is open (saved, sent for review, commented, sent back, published), so that nobody works on a
/// text that moved on without knowing it.
/// </summary>
[Authorize(Policy = EpssPolicies.EditGuides)]
public sealed class EditorHub(IEditorPresence presence) : Hub
{
    public const string Path = "/hubs/editor";

    public const string PresenceMethod = "Presence";

    public const string GuideChangedMethod = "GuideChanged";

    public static string GroupOf(string guideId) => "guide:" + guideId;

    /// <summary>Shows the caller as present on the guide (leaving the one it watched before); returns who is present.</summary>
    [Authorize(Policy = EpssPolicies.EditGuides)]
    public async Task<string[]> Watch(string? guideId)
    {
        if (guideId is null || !Slug.IsValid(guideId))
        {
            throw new HubException("Ongeldig gids-id.");
        }
        var name = Context.User?.Identity?.Name ?? "onbekend";
        var (left, present) = await presence.EnterAsync(Context.ConnectionId, guideId, name);
        if (left is not null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(left));
            await Clients.Group(GroupOf(left)).SendAsync(PresenceMethod, left, await presence.PresentAsync(left));
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(guideId));
        await Clients.OthersInGroup(GroupOf(guideId)).SendAsync(PresenceMethod, guideId, present);
        return present;
    }

    [Authorize(Policy = EpssPolicies.EditGuides)]
    public async Task Leave(string? guideId)
    {
        if (guideId is null || !Slug.IsValid(guideId))
        {
            throw new HubException("Ongeldig gids-id.");
        }
        if (await presence.LeaveAsync(Context.ConnectionId) is { } left)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(left));
            await Clients.Group(GroupOf(left)).SendAsync(PresenceMethod, left, await presence.PresentAsync(left));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (await presence.LeaveAsync(Context.ConnectionId) is { } left)
        {
            await Clients.Group(GroupOf(left)).SendAsync(PresenceMethod, left, await presence.PresentAsync(left));
        }
        await base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Which expert has which guide open, per editor connection (one guide per editor tab).</summary>
public interface IEditorPresence
{
    /// <returns>The guide the connection watched before (if another), and who is present on <paramref name="guideId"/> now.</returns>
    Task<(string? Left, string[] Present)> EnterAsync(string connectionId, string guideId, string name);

    /// <returns>The guide the connection watched, if any.</returns>
    Task<string?> LeaveAsync(string connectionId);

    /// <summary>The names of the experts who have the guide open, one per expert however many tabs, sorted.</summary>
    Task<string[]> PresentAsync(string guideId);
}

/// <summary>Presence in this process: the one-server default, and each server's own part with several (see RedisEditorPresence).</summary>
public sealed class EditorPresence : IEditorPresence
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string GuideId, string Name)> _byConnection = new(StringComparer.Ordinal);

    /// <returns>The guide the connection watched before (if another), and who is present on <paramref name="guideId"/> now.</returns>
    public (string? Left, string[] Present) Enter(string connectionId, string guideId, string name)
    {
        lock (_gate)
        {
            string? left = _byConnection.TryGetValue(connectionId, out var before) && before.GuideId != guideId ? before.GuideId : null;
            _byConnection[connectionId] = (guideId, name);
            return (left, PresentLocked(guideId));
        }
    }

    /// <returns>The guide the connection watched, if any.</returns>
    public string? Leave(string connectionId)
    {
        lock (_gate)
        {
            return _byConnection.Remove(connectionId, out var before) ? before.GuideId : null;
        }
    }

    public string[] Present(string guideId)
    {
        lock (_gate)
        {
            return PresentLocked(guideId);
        }
    }

    /// <summary>Every connection of this process with the guide it watches and the expert's name.</summary>
    public IReadOnlyList<(string ConnectionId, string GuideId, string Name)> All()
    {
        lock (_gate)
        {
            return [.. _byConnection.Select(c => (c.Key, c.Value.GuideId, c.Value.Name))];
        }
    }

    Task<(string? Left, string[] Present)> IEditorPresence.EnterAsync(string connectionId, string guideId, string name) =>
        Task.FromResult(Enter(connectionId, guideId, name));

    Task<string?> IEditorPresence.LeaveAsync(string connectionId) => Task.FromResult(Leave(connectionId));

    Task<string[]> IEditorPresence.PresentAsync(string guideId) => Task.FromResult(Present(guideId));

    // One name per expert, however many tabs they have open.
    private string[] PresentLocked(string guideId) =>
        [.. _byConnection.Values.Where(v => v.GuideId == guideId).Select(v => v.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>Tells the experts who have a guide open what happened to it.</summary>
internal sealed class EditorNotifier(GuideEditing editing, IHubContext<EditorHub> hub, ILogger<EditorNotifier> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        editing.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        editing.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(GuideChangeEvent change) => _ = SendAsync(change);

    private async Task SendAsync(GuideChangeEvent change)
    {
        try
        {
            await hub.Clients.Group(EditorHub.GroupOf(change.GuideId)).SendAsync(EditorHub.GuideChangedMethod, change);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A lost notice costs an expert a conflict on their next save, never an edit.
            Log.EditorNoticeFailed(logger, change.GuideId, e);
        }
    }
}
