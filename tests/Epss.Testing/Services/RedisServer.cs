using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Epss.Testing.Services;

/// <summary>
/// A real Redis from Debian's <c>redis-server</c> package (tools/test.sh installs it), on a free loopback port,
/// without persistence. Disposing it stops it; <see cref="Stop"/> lets a test take it away while Epss runs.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private RedisServer(Process process, int port, StringBuilder log, string? password)
    {
        _process = process;
        Port = port;
        _log = log;
        Password = password;
    }

    /// <summary>The password Redis requires (<c>requirepass</c>); null when it requires none.</summary>
    public string? Password { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string, as <c>Epss:Redis</c> takes it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts Redis on a free port (on another one if the port was taken between looking and binding).</summary>
    /// <param name="password">When given, Redis requires it of every client (<c>requirepass</c>), as in docker/.</param>
    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(password);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("stopped at start", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<RedisServer> StartOnceAsync(string? password)
    {
        const string Program = "/usr/bin/redis-server";
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException("redis-server is not installed: tools/test.sh installs it (apt-get install redis-server).");
        }
        var port = LocalService.FreePort();
        var log = new StringBuilder();
        var process = LocalService.Start(Program,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                .. password is null ? Array.Empty<string>() : ["--requirepass", password]],
            null, log);
        var server = new RedisServer(process, port, log, password);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        try
        {
            await LocalService.WaitUntilReadyAsync("Redis", process, port, server.PingAsync, log, TimeSpan.FromSeconds(30));
        }
        catch
        {
            server.Stop();
            throw;
        }
        return server;
    }

    public void Stop() => LocalService.Stop(_process);

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>PING in Redis's own protocol: the tests need no Redis client of their own.</summary>
    private async Task<bool> PingAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        // Without the password Redis answers "-NOAUTH": it is up all the same.
        await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);
        return answer.StartsWith("+PONG", StringComparison.Ordinal) || answer.StartsWith("-NOAUTH", StringComparison.Ordinal);
    }
}
