namespace Epss.Authoring;

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
