using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Epss.Server.Tests.Support;

/// <summary>
/// The built server (Epss.Server.dll beside this test assembly) run as a real child process on a free loopback port,
/// on a content folder and a data folder the test owns, so that a test can kill it with SIGKILL and start it again on
/// the same folders. Epss.Testing's <c>DotnetProcess</c> keeps its process to itself (no id, no kill without waiting
/// and disposing), which a crash test needs; this keeps the same start-up and output handling.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Where the server listens, such as http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the server on <paramref name="contentPath"/> and <paramref name="dataPath"/> and waits until /healthz answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string contentPath, string dataPath, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Epss.Server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The server is not built beside the tests.", dll);
        }
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
        {
            dll,
            // Port 0: Kestrel picks a free port and logs it.
            "--urls", "http://127.0.0.1:0",
            "--Epss:ContentPath=" + contentPath,
            "--Epss:DataPath=" + dataPath,
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (Listening().Match(line) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups["address"].Value.TrimEnd('/') + "/"));
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue("stderr: " + line);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The server ended before it listened."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(RunningServer.ReadyTimeout, cancellationToken);
            var running = new ServerProcess(process, address);
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            await RunningServer.WaitUntilReadyAsync(client, cancellationToken);
            return running;
        }
        catch (Exception e)
        {
            KillQuietly(process);
            process.Dispose();
            if (e is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException($"The server did not start: {e.Message}\n{string.Join('\n', output)}", e);
            }
            throw;
        }
    }

    /// <summary>
    /// Sends SIGKILL (what <see cref="Process.Kill(bool)"/> does on Linux: no shutdown, no flush, no finally blocks),
    /// waits until the process is reaped and returns its exit code (128 + 9 = 137 for a process SIGKILL ended).
    /// </summary>
    public async Task<int> KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        KillQuietly(_process);
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Nothing more can be done; the test reports its own outcome.
        }
        _process.Dispose();
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended in the meantime.
        }
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        return "dotnet";
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex Listening();
}
