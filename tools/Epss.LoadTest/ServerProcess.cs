using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Epss.LoadTest;

/// <summary>
/// The real Epss server, started from its build output on a free loopback port with a copy of the sample content (or
/// a content folder it shares with another server) and a data folder of its own, so the load tool can change guides
/// and read the server's memory.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    /// <summary>False for a server started on another's content folder: the folder outlives it, and its owner deletes it.</summary>
    private readonly bool _ownsContent;

    private ServerProcess(Process process, Uri address, string contentPath, bool ownsContent, string dataPath)
    {
        _process = process;
        Address = address;
        ContentPath = contentPath;
        _ownsContent = ownsContent;
        DataPath = dataPath;
    }

    public Uri Address { get; }

    public string ContentPath { get; }

    public string DataPath { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the server as it runs in production (its own GC settings), with <paramref name="settings"/> added to its
    /// command line, on a fresh copy of the sample content (deleted with it) or, when <paramref name="sharedContent"/>
    /// is given, on that folder (another server's <see cref="ContentPath"/>: several servers on one content folder).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> settings, CancellationToken cancellationToken, string? sharedContent = null)
    {
        var root = Epss.Testing.RepositoryRoot.Path;
        var content = sharedContent ?? CopySampleContent(root);
        var data = Directory.CreateTempSubdirectory("epss-load-data-").FullName;
        var server = ServerAssembly(root);
        var start = new ProcessStartInfo("dotnet", [server, "--urls", "http://127.0.0.1:0", "--Epss:ContentPath=" + content, "--Epss:DataPath=" + data, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information", .. settings])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(server)!,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + server);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var early = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                var address = new Uri(match.Groups[1].Value);
                _ = DrainAsync(process.StandardOutput);
                var running = new ServerProcess(process, address, content, sharedContent is null, data);
                try
                {
                    await running.WaitUntilReadyAsync(cancellationToken);
                }
                catch
                {
                    await running.DisposeAsync();
                    throw;
                }
                return running;
            }
            early.Add(line);
        }
        // With the server's own words: a setting it refuses (a database it cannot reach) is otherwise a mystery.
        await process.WaitForExitAsync(CancellationToken.None);
        var message = $"The server stopped before it listened (exit code {process.ExitCode}):\n{string.Join('\n', early)}\n{await errors}";
        process.Dispose();
        TryDelete(data);
        if (sharedContent is null)
        {
            TryDelete(content);
        }
        throw new InvalidOperationException(message);
    }

    /// <summary>The server's resident memory (from /proc), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes * 1024;
            }
        }
        throw new InvalidOperationException("No VmRSS in /proc status.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_ownsContent)
        {
            TryDelete(ContentPath);
        }
        TryDelete(DataPath);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException("The server did not become ready within 30 s.");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }

    private static string CopySampleContent(string root)
    {
        var content = Directory.CreateTempSubdirectory("epss-load-content-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "content")))
        {
            File.Copy(file, Path.Combine(content, Path.GetFileName(file)));
        }
        return content;
    }

    /// <summary>The server built in the same configuration as this tool (Release for measurements).</summary>
    private static string ServerAssembly(string root)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(root, "src", "Epss.Server", "bin", configuration, "net10.0", "Epss.Server.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"Build the server first: {path} is missing.");
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
