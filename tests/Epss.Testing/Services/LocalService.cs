using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Epss.Testing.Services;

/// <summary>
/// What the PostgreSQL and Redis fixtures share: a free loopback port, running a Debian-packaged program (as another
/// user when the tests run as root), and waiting until it accepts connections.
/// </summary>
internal static class LocalService
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Starts <paramref name="program"/>, as <paramref name="user"/> when given and the tests run as root.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, string? user, StringBuilder log)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (user is not null && IsRoot)
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(user);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = program;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a program to its end; throws with its output when it fails.</summary>
    public static void Run(string program, IEnumerable<string> arguments, string? user, TimeSpan timeout)
    {
        var log = new StringBuilder();
        using var process = Start(program, arguments, user, log);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not end within {timeout.TotalSeconds:0} s:\n{log}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed with exit code {process.ExitCode}:\n{log}");
        }
    }

    /// <summary>Waits until <paramref name="port"/> on loopback accepts a connection and <paramref name="ready"/> says so.</summary>
    public static async Task WaitUntilReadyAsync(string name, Process process, int port, Func<Task<bool>> ready, StringBuilder log, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} stopped at start (exit code {process.ExitCode}):\n{log}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                if (await ready())
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{name} did not accept connections on port {port} within {timeout.TotalSeconds:0} s:\n{log}");
    }

    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended in the meantime.
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
