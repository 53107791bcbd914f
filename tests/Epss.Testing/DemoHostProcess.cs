using System.Net;
using System.Text.RegularExpressions;

namespace Epss.Testing;

/// <summary>
/// The demo Burgerzaken application (tools/demo-host) run from its build output as a real child process on a free
/// loopback port, optionally with the Epss overlay embedded. Disposing it kills the process and its children.
/// A test project that starts it references tools/demo-host/Epss.DemoHost.csproj with
/// <c>ReferenceOutputAssembly="false"</c>, so that it is built in the same configuration first.
/// </summary>
public sealed partial class DemoHostProcess : IAsyncDisposable
{
    /// <summary>How long start-up may take before the test fails.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DotnetProcess _process;

    private DemoHostProcess(DotnetProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Where the demo host listens, such as http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    /// <summary>Everything the process wrote, for failure messages.</summary>
    public string Transcript() => _process.Transcript();

    /// <summary>
    /// The built demo host in the configuration the calling test assembly was built with (Release when the tests run
    /// with <c>-c Release</c>).
    /// </summary>
    public static string AssemblyPath
    {
        get
        {
            var separator = System.IO.Path.DirectorySeparatorChar;
            var configuration = AppContext.BaseDirectory.Contains($"{separator}Release{separator}", StringComparison.Ordinal) ? "Release" : "Debug";
            return System.IO.Path.Combine(RepositoryRoot.Path, "tools", "demo-host", "bin", configuration, "net10.0", "Epss.DemoHost.dll");
        }
    }

    /// <summary>
    /// Starts the demo host (overlay on or off, its script taken from <paramref name="epssServer"/>) and waits until it
    /// serves its first page. <paramref name="port"/> 0 lets Kestrel pick a free one; another is for a server that must
    /// name the host's origin before the host runs (<c>Epss:HostApplications</c>, which may frame the panel).
    /// </summary>
    public static async Task<DemoHostProcess> StartAsync(Uri? epssServer = null, bool overlay = false, CancellationToken cancellationToken = default, int port = 0)
    {
        var dll = AssemblyPath;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The demo host is not built: {dll} is missing (dotnet build tools/demo-host).", dll);
        }
        List<string> arguments =
        [
            // Port 0: Kestrel picks a free port and logs it, so two hosts started at once never race for one.
            "--urls", $"http://127.0.0.1:{port}",
            "--DemoHost:Overlay=" + (overlay ? "true" : "false"),
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ];
        if (epssServer is not null)
        {
            arguments.Add("--DemoHost:EpssServer=" + epssServer.AbsoluteUri);
        }
        // The working folder is the build output, where appsettings.json and the static web assets manifest are.
        var process = DotnetProcess.Start(dll, arguments, System.IO.Path.GetDirectoryName(dll)!);
        try
        {
            var listening = await process.WaitForOutputAsync(Listening(), StartTimeout, cancellationToken);
            var running = new DemoHostProcess(process, new Uri(listening.Groups["address"].Value.TrimEnd('/') + "/"));
            await running.WaitUntilServingAsync(cancellationToken);
            return running;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("klanten", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not answering yet.
            }
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"The demo host at {Address} did not serve /klanten within {StartTimeout.TotalSeconds:0} s.\n{Transcript()}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex Listening();
}
