using System.Net;
using System.Net.Sockets;

namespace Epss.ScaleOut.Tests.Support;

/// <summary>
/// What the reverse proxy in front of several servers does for a panel, at the TCP level: each new connection goes
/// to the first server in its list that accepts one. A panel whose server dies reconnects through the same address and
/// lands on the next server. Bytes are passed through untouched, WebSockets included.
/// </summary>
public sealed class FailoverProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> _servers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private readonly int[] _relayed;

    public FailoverProxy(params Uri[] servers)
    {
        _servers = servers;
        _relayed = new int[servers.Length];
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri Address { get; }

    /// <summary>How many connections went to each server so far, in the order given.</summary>
    public IReadOnlyList<int> Relayed => [.. _relayed];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }
        await Task.WhenAll(open).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(Task.Run(() => RelayAsync(client)));
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            using var server = await ConnectToFirstAliveAsync();
            if (server is null)
            {
                return; // nobody there: the client sees the connection closed, as behind a proxy with no healthy server
            }
            using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var up = PumpAsync(client.GetStream(), server.GetStream(), relay);
            var down = PumpAsync(server.GetStream(), client.GetStream(), relay);
            await Task.WhenAny(up, down);
            await relay.CancelAsync();
            await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<TcpClient?> ConnectToFirstAliveAsync()
    {
        for (var i = 0; i < _servers.Count; i++)
        {
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_servers[i].Host, _servers[i].Port, _stopping.Token);
                Interlocked.Increment(ref _relayed[i]);
                return server;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                server.Dispose();
            }
        }
        return null;
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationTokenSource relay)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, relay.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), relay.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side went away: the relay ends and both sockets close.
        }
    }
}
