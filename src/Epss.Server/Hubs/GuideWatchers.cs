namespace Epss.Server.Hubs;

/// <summary>
/// Which of this server's panel connections have which guide open (one guide per panel).
/// </summary>
/// <remarks>
/// Not SignalR groups: with several servers those reach every server's panels, while each server learns of a changed
/// guide itself (its folder watcher or the change feed) and must tell only its own panels, once its own library serves
/// the new version. A panel is then never told of a version its server does not serve yet, and never told twice.
/// </remarks>
public sealed class GuideWatchers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _guideOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _connectionsOf = new(StringComparer.Ordinal);

    /// <summary>The connection has <paramref name="guideId"/> open now (and no longer the guide it had before).</summary>
    public void Watch(string connectionId, string guideId)
    {
        lock (_gate)
        {
            RemoveLocked(connectionId);
            _guideOf[connectionId] = guideId;
            if (!_connectionsOf.TryGetValue(guideId, out var connections))
            {
                _connectionsOf[guideId] = connections = new HashSet<string>(StringComparer.Ordinal);
            }
            connections.Add(connectionId);
        }
    }

    /// <summary>The connection closed its guide or went away.</summary>
    public void Forget(string connectionId)
    {
        lock (_gate)
        {
            RemoveLocked(connectionId);
        }
    }

    /// <summary>This server's connections that have <paramref name="guideId"/> open.</summary>
    public IReadOnlyList<string> Of(string guideId)
    {
        lock (_gate)
        {
            return _connectionsOf.TryGetValue(guideId, out var connections) ? [.. connections] : [];
        }
    }

    private void RemoveLocked(string connectionId)
    {
        if (_guideOf.Remove(connectionId, out var previous) && _connectionsOf.TryGetValue(previous, out var connections))
        {
            connections.Remove(connectionId);
            if (connections.Count == 0)
            {
                _connectionsOf.Remove(previous);
            }
        }
    }
}
