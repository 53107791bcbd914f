using System.Globalization;
using Epss.LoadTest;

// The load tool: starts the real server (Release build) on a copy of the sample content and measures it with many
// real SignalR connections over WebSockets. Usage:
//   dotnet run -c Release --project tools/Epss.LoadTest -- [all|search|publish|memory|capacity|layer|ingest|scaleout] [--panels N] [--seconds S] [--no-cache]
// --no-cache runs the server without its cache of recent search results (Epss:SearchCacheSize=0): every search is planned and run.
// "layer" is not part of "all": it drives Debian's Chromium with the overlay and the extension over the demo host.
// "ingest" is not part of "all" either: the Search round trip of N panels without and with --recorders R connections
// (200) recording together --rate E usage events a second (5000), --seconds each way in --rounds windows taking turns (12),
// and afterwards every acknowledged event looked up in usage.db. The recorders run in a second process of this tool
// (the hidden command "recorders"), as the browsers that record are other machines.
// "scaleout" is not part of "all": it starts Redis and PostgreSQL (Debian's redis-server and postgresql), then measures
// one server (no Redis) and two servers on one content folder with Redis, PostgreSQL and a shared data folder (A with
// its file watcher, B without: B learns of changes only through the feed), the panels spread round-robin: the Search
// round trip, and --saves S (20) writes of a guide file reaching every panel; a row per set-up.
var command = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var panels = Option("--panels", 1000);
var seconds = Option("--seconds", 60);
var interval = TimeSpan.FromSeconds(2);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

if (command is "recorders")
{
    // The ingest run's recording connections in a process of their own, started and driven by "ingest" over stdin/stdout.
    return await IngestRuns.ServeRecordersAsync(Console.In, Console.Out, new Uri(Text("--address")), Text("--content"),
        Option("--recorders", 200), Option("--batch", 25), TimeSpan.FromMicroseconds(Option("--period-us", 1_000_000)), stop.Token);
}

Console.WriteLine($"Epss load test on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC (server and panels on the same machine)");
var noCache = args.Contains("--no-cache");
// The load is many anonymous panels from one address: the limits on anonymous writes (issue 16) are lifted for it.
string[] serverSettings = [.. noCache ? ["--Epss:SearchCacheSize=0"] : Array.Empty<string>(),
    "--Epss:AnonymousWrites:EventsPerMinutePerAddress=1000000", "--Epss:AnonymousWrites:EventsPerMinute=10000000",
    "--Epss:AnonymousWrites:FlagsPerMinutePerAddress=100000", "--Epss:AnonymousWrites:FlagsPerMinute=1000000"];
if (command is "scaleout")
{
    // Servers of its own: the default server below would sit beside them, idle, for the whole run.
    var scaleOut = await ScaleOutRuns.RunAsync(panels, Option("--saves", 20), interval, TimeSpan.FromSeconds(seconds), serverSettings, Console.Out, stop.Token);
    Console.WriteLine(ScaleOutRuns.Describe(scaleOut));
    return 0;
}
// The overlay's demo host frames the panel: the server's CSP must name its origin (issue 16, point 14).
var overlayHostPort = command is "layer" ? Epss.Testing.FreePort.OnLoopback() : 0;
if (command is "layer")
{
    serverSettings = [.. serverSettings, $"--Epss:HostApplications:0=http://127.0.0.1:{overlayHostPort}"];
}
await using var server = await ServerProcess.StartAsync(serverSettings, stop.Token);
Console.WriteLine($"Server {server.Address} (pid {server.ProcessId}){(noCache ? ", without the search result cache" : "")}");

if (command is "all" or "memory")
{
    Console.WriteLine(LoadRuns.Describe(await LoadRuns.MemoryAsync(server, panels, stop.Token)));
}
if (command is "all" or "search")
{
    var figures = await LoadRuns.SearchAsync(server.Address, panels, interval, TimeSpan.FromSeconds(seconds), stop.Token);
    Console.WriteLine(LoadRuns.Table(
        "Hub Search round trip, every panel searching once every 2 s (ms):\n| panels | searches/s | p50 | p90 | p99 | max | errors |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        [LoadRuns.Describe(figures)]));
}
if (command is "all" or "publish")
{
    var figures = await LoadRuns.PublishAsync(server, panels, Option("--saves", 20), stop.Token);
    Console.WriteLine(LoadRuns.Table(
        "A saved guide reaching every panel that has it open (ms from the file write to GuideUpdated at each panel):\n| panels | saves | p50 | p99 | max | slowest panel, median over saves | missed |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        [LoadRuns.Describe(figures)]));
}
if (command is "ingest")
{
    var comparison = await IngestRuns.RunAsync(server, panels, Option("--recorders", 200), Option("--rate", 5000), Option("--rounds", 12), interval, TimeSpan.FromSeconds(seconds), stop.Token);
    Console.WriteLine(IngestRuns.Describe(comparison));
}
if (command is "layer")
{
    var navigations = Option("--navigations", 50);
    var overlay = await LayerTimings.OverlayAsync(server, overlayHostPort, navigations, stop.Token);
    var extension = await LayerTimings.ExtensionAsync(server, navigations, stop.Token);
    Console.WriteLine(LoadRuns.Table(
        "From a click in the demo host's menu (history API) to the panel listing that page's suggestions (ms, browser clock):\n| layer | navigations | p50 | p90 | max |\n| --- | ---: | ---: | ---: | ---: |",
        [LayerTimings.Describe(overlay), LayerTimings.Describe(extension)]));
    Console.WriteLine(LayerTimings.Describe(await LayerTimings.ContentScriptAsync(server, Option("--loads", 30), stop.Token)));
}
if (command is "all" or "capacity")
{
    Console.WriteLine("Capacity: panels searching every 2 s, in steps, until p99 passes 100 ms (ms):\n| panels | searches/s | p50 | p90 | p99 | max | errors |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    await LoadRuns.CapacityAsync(server.Address, Option("--from", 1000), Option("--step", 1000), Option("--max", 10000), interval, TimeSpan.FromSeconds(Math.Min(seconds, 30)), Console.Out, stop.Token);
}
return 0;

int Option(string name, int fallback) => Value(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string Text(string name) => Value(name) ?? throw new ArgumentException($"{name} is missing.");

string? Value(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
