namespace Epss.Server.Hosting;

/// <summary>Whether the guides are loaded and the index is ready; until then the API answers 503.</summary>
public sealed class ServerReadiness
{
    private volatile bool _isReady;

    public bool IsReady => _isReady;

    public void MarkReady() => _isReady = true;
}
