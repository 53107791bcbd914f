using Epss.Authoring;
using Epss.Content.Text;
using Epss.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Editor;

/// <summary>Calls the server makes on an editor. Typed, so that every push is checked by the compiler.</summary>
public interface IEditorClient
{
    /// <summary>Who has the guide open now (one name per expert, sorted).</summary>
    Task Presence(string guideId, string[] present);

    /// <summary>Something happened to the guide's change: saved, sent for review, commented, sent back, published, withdrawn.</summary>
    Task GuideChanged(GuideChangeEvent change);
}

/// <summary>
/// The editor's live connection (experts only): who else has a guide open (presence), and what happens to a guide's
/// change while it is open (saved, sent for review, commented, sent back, published), so that nobody works on a
/// text that moved on without knowing it.
/// </summary>
[Authorize(Policy = EpssPolicies.EditGuides)]
public sealed class EditorHub(IEditorPresence presence) : Hub<IEditorClient>
{
    public const string Path = "/hubs/editor";

    public static string GroupOf(string guideId) => "guide:" + guideId;

    /// <summary>Shows the caller as present on the guide (leaving the one it watched before); returns who is present.</summary>
    [Authorize(Policy = EpssPolicies.EditGuides)]
    public async Task<string[]> Watch(string? guideId)
    {
        var id = GuideId(guideId);
        var name = Context.User?.Identity?.Name ?? "onbekend";
        var (left, present) = await presence.EnterAsync(Context.ConnectionId, id, name);
        if (left is not null)
        {
            await LeftAsync(left);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(id), Context.ConnectionAborted);
        await Clients.OthersInGroup(GroupOf(id)).Presence(id, present);
        return present;
    }

    [Authorize(Policy = EpssPolicies.EditGuides)]
    public async Task Leave(string? guideId)
    {
        GuideId(guideId);
        if (await presence.LeaveAsync(Context.ConnectionId) is { } left)
        {
            await LeftAsync(left);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (await presence.LeaveAsync(Context.ConnectionId) is { } left)
        {
            await Clients.Group(GroupOf(left)).Presence(left, await presence.PresentAsync(left));
        }
        await base.OnDisconnectedAsync(exception);
    }

    private async Task LeftAsync(string left)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(left), Context.ConnectionAborted);
        await Clients.Group(GroupOf(left)).Presence(left, await presence.PresentAsync(left));
    }

    private static string GuideId(string? guideId) =>
        guideId is not null && Slug.IsValid(guideId) ? guideId : throw new HubException("Ongeldig gids-id.");
}
