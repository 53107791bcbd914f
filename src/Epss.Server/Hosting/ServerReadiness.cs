namespace Epss.Server.Hosting;

/// <summary>Whether the guides are loaded, the index is ready and the databases are open; until then the API answers 503.</summary>
public sealed class ServerReadiness
{
    private volatile bool _isReady;

    public bool IsReady => _isReady;

    public void MarkReady() => _isReady = true;
}
