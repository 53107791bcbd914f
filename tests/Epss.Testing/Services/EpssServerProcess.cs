using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Epss.Testing.Services;

/// <summary>
/// The built server (Epss.Server.dll beside the test assembly) run as a real child process on a free loopback port
/// with the settings the test gives, so that a test can run several side by side and kill one with SIGKILL.
/// </summary>
public sealed partial class EpssServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private bool _disposed;

    private EpssServerProcess(Process process, Uri address, ConcurrentQueue<string> output)
    {
        _process = process;
        Address = address;
        _output = output;
    }

    /// <summary>Where the server listens, such as http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the server with <paramref name="settings"/> (configuration keys such as <c>Epss:ContentPath</c>) and
    /// waits until /healthz answers 200.
    /// </summary>
    public static async Task<EpssServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.Combine(AppContext.BaseDirectory, "Epss.Server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The server is not built beside the tests.", dll);
        }
        var start = new ProcessStartInfo(DotnetProcess.DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        // Port 0: Kestrel picks a free port and logs it.
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        start.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
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
            var address = await listening.Task.WaitAsync(ReadyTimeout, cancellationToken);
            await WaitUntilReadyAsync(address, process, cancellationToken);
            return new EpssServerProcess(process, address, output);
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

    /// <summary>Everything the server wrote, for failure messages.</summary>
    public string Transcript() => string.Join('\n', _output);

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

    private static async Task WaitUntilReadyAsync(Uri address, Process process, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The server ended before it was ready.");
            }
            try
            {
                using var response = await client.GetAsync("healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"/healthz did not answer 200 within {ReadyTimeout.TotalSeconds:0} s.");
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

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex Listening();
}
