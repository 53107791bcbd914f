using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Epss.Testing;

/// <summary>
/// A built .NET application (its dll) run as a real child process through the <c>dotnet</c> host, with its output
/// collected line by line. Disposing it kills the process (and its children) if it still runs.
/// </summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();
    // Not disposed: output events may still arrive while the process is torn down.
    private readonly SemaphoreSlim _lineArrived = new(0);

    private DotnetProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Lines written to standard output so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Lines written to standard error so far.</summary>
    public IReadOnlyCollection<string> Error => _error;

    /// <summary>Starts <c>dotnet {dll} {arguments}</c> in <paramref name="workingDirectory"/>.</summary>
    public static DotnetProcess Start(string dllPath, IEnumerable<string> arguments, string workingDirectory)
    {
        if (!File.Exists(dllPath))
        {
            throw new FileNotFoundException("The application to run was not built.", dllPath);
        }
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The child decides its own environment and console width; settings of the test run must not leak in.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var running = new DotnetProcess(process);
        process.OutputDataReceived += (_, e) => running.Add(running._output, e.Data);
        process.ErrorDataReceived += (_, e) => running.Add(running._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits until a line of standard output matches <paramref name="pattern"/>; fails with the output so far if none does in time.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in _output)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || _process.HasExited)
            {
                Assert.Fail($"No output line matched {pattern} within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}).\n{Transcript()}");
            }
            await _lineArrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Waits for the process to end and returns its exit code; fails (and kills it) if it runs longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            Assert.Fail($"The process did not end within {timeout.TotalSeconds:0} s.\n{Transcript()}");
        }
        // The last lines of output arrive after the exit; the parameterless wait drains them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Everything the process wrote, for failure messages.</summary>
    public string Transcript() =>
        "stdout:\n" + string.Join('\n', _output) + "\nstderr:\n" + string.Join('\n', _error);

    public async ValueTask DisposeAsync()
    {
        Kill();
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

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended in the meantime.
        }
    }

    private void Add(ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }
        lines.Enqueue(line);
        _lineArrived.Release();
    }

    /// <summary>The dotnet host running the tests (so a child runs on the same runtime), else "dotnet" on the PATH.</summary>
    internal static string DotnetHost()
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
}
