using Epss.Testing;

namespace Epss.EndToEnd.Tests.Support;

/// <summary>
/// The demo Burgerzaken application (tools/demo-host) as a real process on a free loopback port, the page the Epss
/// overlay is tried on. With <c>overlay: true</c> every page loads <c>{epssServer}/overlay.js</c>. Disposing it kills
/// the process tree. The process handling is <see cref="DemoHostProcess"/>'s, shared with the command-line tests.
/// </summary>
public sealed class DemoHost : IAsyncDisposable
{
    private readonly DemoHostProcess _process;

    private DemoHost(DemoHostProcess process)
    {
        _process = process;
    }

    /// <summary>The demo host's root address, such as http://127.0.0.1:41234/.</summary>
    public Uri Address => _process.Address;

    public static async Task<DemoHost> StartAsync(Uri epssServer, bool overlay, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(epssServer);
        return new DemoHost(await DemoHostProcess.StartAsync(epssServer, overlay, ct));
    }

    /// <summary>The address of a page of the demo host, such as <c>/reisdocument/aanvragen</c>.</summary>
    public Uri Page(string path) => new(Address, path.TrimStart('/'));

    /// <summary>Everything the process wrote, for failure messages.</summary>
    public string Transcript() => _process.Transcript();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
