using System.Net;
using System.Net.Sockets;

namespace Epss.Testing;

/// <summary>A loopback port free now, for a process whose address another must name before it starts.</summary>
public static class FreePort
{
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
