using System.Diagnostics;
using System.Text;

namespace Epss.Testing.Services;

/// <summary>
/// A real PostgreSQL from Debian's package (tools/test.sh installs it), started by the tests in a fresh cluster in a
/// temporary folder on a free loopback port, run as the <c>postgres</c> user when the tests run as root (PostgreSQL
/// refuses to run as root). One server per test process (<see cref="SharedAsync"/>); each test takes a database of
/// its own (<see cref="CreateDatabaseAsync"/>). The cluster is deleted when the test process ends.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "epss";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartAsync());
    private readonly Process _process;
    private readonly string _folder;
    private readonly string _bin;
    private readonly StringBuilder _log;
    private int _databases;

    private PostgresServer(Process process, string folder, string bin, int port, StringBuilder log)
    {
        _process = process;
        _folder = folder;
        _bin = bin;
        Port = port;
        _log = log;
    }

    public int Port { get; }

    /// <summary>The server of this test process, started on first use.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>The folder of PostgreSQL's programs (the newest installed major version); null when not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    /// <summary>
    /// Starts a server of its own (most tests use <see cref="SharedAsync"/>), on another port if the free one was taken
    /// between looking and binding.
    /// </summary>
    public static async Task<PostgresServer> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync();
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("stopped at start", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<PostgresServer> StartOnceAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): tools/test.sh installs it (apt-get install postgresql).");
        var user = LocalService.IsRoot ? "postgres" : null;
        var folder = Directory.CreateTempSubdirectory("epss-postgres-").FullName;
        var data = Path.Combine(folder, "data");
        if (user is not null)
        {
            LocalService.Run("chown", ["-R", $"{user}:{user}", folder], null, TimeSpan.FromSeconds(30));
        }
        LocalService.Run(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], user, TimeSpan.FromMinutes(2));

        var port = LocalService.FreePort();
        var log = new StringBuilder();
        // fsync off: a test cluster is thrown away, and the tests that kill things kill Epss, not PostgreSQL.
        var process = LocalService.Start(Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1",
             "-c", $"unix_socket_directories={folder}", "-c", "fsync=off", "-c", "max_connections=300"],
            user, log);
        var server = new PostgresServer(process, folder, bin, port, log);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        try
        {
            await LocalService.WaitUntilReadyAsync("PostgreSQL", process, port, () => Task.FromResult(server.IsReady()), log, TimeSpan.FromSeconds(60));
        }
        catch
        {
            server.Stop();
            throw;
        }
        return server;
    }

    /// <summary>Creates an empty database and returns its Npgsql connection string.</summary>
    public Task<string> CreateDatabaseAsync(string prefix = "epss")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        LocalService.Run(Path.Combine(_bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, name],
            null, TimeSpan.FromMinutes(1));
        return Task.FromResult(ConnectionString(name));
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Timeout=15";

    /// <summary>What PostgreSQL logged, for failure messages.</summary>
    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private bool IsReady()
    {
        try
        {
            LocalService.Run(Path.Combine(_bin, "pg_isready"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User],
                null, TimeSpan.FromSeconds(10));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void Stop()
    {
        LocalService.Stop(_process);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary folder is cleaned up with the machine.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
