using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Epss.LoadTest;

/// <summary>The measurements: many panels searching, a guide change reaching every panel, memory per connection, capacity.</summary>
public static class LoadRuns
{
    /// <summary>What officials type, varied; each panel picks its next query at random.</summary>
    internal static readonly string[] Queries =
    [
        "paspoort kwijt ", "vingerafdrukken ", "pasfoto ", "spoed ", "rijbewijs ophalen ", "twijfel identiteit ", "look-alike ",
        "minderjarig toestemming ", "id-kaart ", "signalering ", "echtheid ", "vermissing melden ", "noodpaspoort ", "gezag ",
        "vinge", "pasf", "uitreik", "paspoot ", "vingerafdruken ", "kwyt ", "geen legitimatie ", "C5 ", "ID-desk ", "gestolen ",
    ];

    public sealed record SearchFigures(int Panels, int Searches, int Errors, double P50, double P90, double P99, double Max, double PerSecond);

    /// <summary>
    /// <paramref name="panels"/> connections, each searching once every <paramref name="interval"/> (first search at a
    /// random offset), for <paramref name="duration"/> after a warm-up of one interval; round trips in milliseconds.
    /// </summary>
    public static async Task<SearchFigures> SearchAsync(Uri server, int panels, TimeSpan interval, TimeSpan duration, CancellationToken cancellationToken)
    {
        var connections = await ConnectAsync(server, panels, cancellationToken);
        try
        {
            return await MeasureSearchesAsync(connections, interval, duration, cancellationToken);
        }
        finally
        {
            await DisposeAllAsync(connections);
        }
    }

    /// <summary>
    /// Each of <paramref name="connections"/> searching once every <paramref name="interval"/> (first search at a random
    /// offset) for <paramref name="duration"/> after a warm-up of one interval; round trips in milliseconds.
    /// </summary>
    internal static async Task<SearchFigures> MeasureSearchesAsync(IReadOnlyList<HubConnection> connections, TimeSpan interval, TimeSpan duration, CancellationToken cancellationToken)
    {
        var (latencies, errors) = await SearchLatenciesAsync(connections, interval, duration, cancellationToken);
        return Figures(connections.Count, latencies, errors, duration);
    }

    /// <summary>The round trips (ms, in no order) and errors of <see cref="MeasureSearchesAsync"/>, for runs that pool several windows.</summary>
    internal static async Task<(List<double> Latencies, int Errors)> SearchLatenciesAsync(IReadOnlyList<HubConnection> connections, TimeSpan interval, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var warmUpEnds = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var runEnds = DateTime.UtcNow + interval + duration;
        var loops = connections.Select((connection, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * interval.TotalMilliseconds), cancellationToken);
            while (DateTime.UtcNow < runEnds)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await connection.InvokeAsync<JsonElement>("Search", Queries[random.Next(Queries.Length)], cancellationToken);
                    if (started >= warmUpEnds)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                var next = interval - Stopwatch.GetElapsedTime(started);
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next, cancellationToken);
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        return ([.. latencies], errors);
    }

    /// <summary>Percentiles of round trips measured over <paramref name="duration"/> in all.</summary>
    internal static SearchFigures Figures(int panels, IEnumerable<double> latencies, int errors, TimeSpan duration)
    {
        var sorted = latencies.Order().ToList();
        return new SearchFigures(panels, sorted.Count, errors, Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99),
            sorted.Count == 0 ? 0 : sorted[^1], sorted.Count / duration.TotalSeconds);
    }

    public sealed record PublishFigures(int Panels, int Saves, int Missing, double P50, double P99, double Max, double SlowestPanelP50, IReadOnlyList<ServerDelays> PerServer);

    /// <summary>The delays of the panels connected to one of the servers (in the order given), over all saves.</summary>
    public sealed record ServerDelays(int Panels, int Missing, double P50, double P99, double Max);

    /// <summary>
    /// <paramref name="panels"/> connections with the same guide open; the guide's file is saved
    /// <paramref name="saves"/> times; for every panel, the time from the save to its <c>GuideUpdated</c>.
    /// </summary>
    public static Task<PublishFigures> PublishAsync(ServerProcess server, int panels, int saves, CancellationToken cancellationToken) =>
        PublishAsync([server], panels, saves, cancellationToken);

    /// <summary>
    /// As above, with the panels spread round-robin over <paramref name="servers"/>, which share one content folder:
    /// the file is written there, and each server's panels hear of it from their own server.
    /// </summary>
    public static async Task<PublishFigures> PublishAsync(IReadOnlyList<ServerProcess> servers, int panels, int saves, CancellationToken cancellationToken)
    {
        const string guideId = "pasfoto-beoordelen";
        var connections = await ConnectAsync([.. servers.Select(s => s.Address)], panels, cancellationToken);
        try
        {
            var arrivals = new ConcurrentDictionary<int, ConcurrentBag<(string Version, long At)>>();
            for (var i = 0; i < connections.Count; i++)
            {
                var panel = i;
                var bag = arrivals[panel] = [];
                connections[i].On<JsonElement>("GuideUpdated", guide => bag.Add((guide.GetProperty("version").GetString()!, Stopwatch.GetTimestamp())));
            }
            await ForEachAsync(connections, c => c.InvokeAsync<JsonElement>("OpenGuide", guideId, cancellationToken));

            var path = Path.Combine(servers[0].ContentPath, guideId + ".md");
            var original = await File.ReadAllTextAsync(path, cancellationToken);
            var delays = new List<double>();
            var slowest = new List<double>();
            var missing = 0;
            // Panel i is on server i % servers.Count (see ConnectAsync).
            var serverDelays = servers.Select(_ => new List<double>()).ToArray();
            var serverMissing = new int[servers.Count];
            // Save -1 warms up (the first change after start runs code paths for the first time) and is not counted.
            for (var save = -1; save < saves; save++)
            {
                var text = original.Replace("Gebruik dit als", $"Gebruik dit (versie {save}) als", StringComparison.Ordinal);
                var written = Stopwatch.GetTimestamp();
                await File.WriteAllTextAsync(path, text, cancellationToken);
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                var received = new List<(int Panel, double Ms)>();
                while (DateTime.UtcNow < deadline)
                {
                    received = [.. arrivals
                        .Select(pair => (Panel: pair.Key, Ms: pair.Value.Where(a => a.At >= written).Select(a => (a.At - written) * 1000.0 / Stopwatch.Frequency).DefaultIfEmpty(-1).Min()))
                        .Where(r => r.Ms >= 0)];
                    if (received.Count == panels)
                    {
                        break;
                    }
                    await Task.Delay(20, cancellationToken);
                }
                if (save < 0)
                {
                    await Task.Delay(300, cancellationToken);
                    continue;
                }
                missing += panels - received.Count;
                delays.AddRange(received.Select(r => r.Ms));
                slowest.Add(received.Count == 0 ? double.NaN : received.Max(r => r.Ms));
                for (var s = 0; s < servers.Count; s++)
                {
                    var mine = received.Where(r => r.Panel % servers.Count == s).Select(r => r.Ms).ToList();
                    serverDelays[s].AddRange(mine);
                    serverMissing[s] += PanelsOn(s, servers.Count, panels) - mine.Count;
                }
                await Task.Delay(300, cancellationToken);
            }
            await File.WriteAllTextAsync(path, original, cancellationToken);
            delays.Sort();
            slowest.Sort();
            var perServer = serverDelays.Select((list, s) =>
            {
                list.Sort();
                return new ServerDelays(PanelsOn(s, servers.Count, panels), serverMissing[s], Percentile(list, 50), Percentile(list, 99), list.Count == 0 ? 0 : list[^1]);
            }).ToList();
            return new PublishFigures(panels, saves, missing, Percentile(delays, 50), Percentile(delays, 99), delays.Count == 0 ? 0 : delays[^1], Percentile(slowest, 50), perServer);
        }
        finally
        {
            await DisposeAllAsync(connections);
        }
    }

    public sealed record MemoryFigures(int Panels, long Before, long After, double BytesPerConnection);

    /// <summary>The server's resident memory before and after <paramref name="panels"/> idle connections (each has opened a guide).</summary>
    public static async Task<MemoryFigures> MemoryAsync(ServerProcess server, int panels, CancellationToken cancellationToken)
    {
        await Settle(cancellationToken);
        var before = server.ResidentBytes();
        var connections = await ConnectAsync(server.Address, panels, cancellationToken);
        try
        {
            await ForEachAsync(connections, c => c.InvokeAsync<JsonElement>("OpenGuide", "spoedaanvraag", cancellationToken));
            await Settle(cancellationToken);
            var after = server.ResidentBytes();
            return new MemoryFigures(panels, before, after, (after - before) / (double)panels);
        }
        finally
        {
            await DisposeAllAsync(connections);
        }
    }

    /// <summary>Searching panels in growing numbers until the round trip passes 100 ms at the 99th percentile.</summary>
    public static async Task<List<SearchFigures>> CapacityAsync(Uri server, int start, int step, int maximum, TimeSpan interval, TimeSpan duration, TextWriter progress, CancellationToken cancellationToken)
    {
        var runs = new List<SearchFigures>();
        for (var panels = start; panels <= maximum; panels += step)
        {
            var figures = await SearchAsync(server, panels, interval, duration, cancellationToken);
            runs.Add(figures);
            progress.WriteLine(Describe(figures));
            if (figures.P99 > 100 || figures.Errors > 0)
            {
                break;
            }
        }
        return runs;
    }

    public static string Describe(SearchFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"| {f.Panels:N0} | {f.PerSecond:0} | {f.P50:0.0} | {f.P90:0.0} | {f.P99:0.0} | {f.Max:0} | {f.Errors} |");

    public static string Describe(PublishFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"| {f.Panels:N0} | {f.Saves} | {f.P50:0} | {f.P99:0} | {f.Max:0} | {f.SlowestPanelP50:0} | {f.Missing} |");

    public static string Describe(MemoryFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Panels:N0} idle connections (WebSockets, each with a guide open): server resident memory {f.Before / 1048576.0:0} MB → {f.After / 1048576.0:0} MB, {f.BytesPerConnection / 1024:0.0} kB per connection");

    internal static Task<List<HubConnection>> ConnectAsync(Uri server, int panels, CancellationToken cancellationToken, string clientPrefix = "load", Action<IHubConnectionBuilder>? configure = null) =>
        ConnectAsync([server], panels, cancellationToken, clientPrefix, configure);

    /// <summary>Panel i connects to server i % servers.Count: round-robin, as a proxy without stickiness spreads them.</summary>
    internal static async Task<List<HubConnection>> ConnectAsync(IReadOnlyList<Uri> servers, int panels, CancellationToken cancellationToken, string clientPrefix = "load", Action<IHubConnectionBuilder>? configure = null)
    {
        var connections = new HubConnection[panels];
        // Connect in waves, as panels do when a counter opens: not all in the same millisecond.
        await Parallel.ForAsync(0, panels, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var builder = new HubConnectionBuilder()
                .WithUrl(new Uri(servers[i % servers.Count], $"/hubs/guidance?client={clientPrefix}-{i:00000}-{Guid.NewGuid():N}"), HttpTransportType.WebSockets);
            configure?.Invoke(builder);
            var connection = builder.Build();
            connection.ServerTimeout = TimeSpan.FromMinutes(2);
            await connection.StartAsync(ct);
            connections[i] = connection;
        });
        return [.. connections];
    }

    internal static Task ForEachAsync(IReadOnlyList<HubConnection> connections, Func<HubConnection, Task> call) =>
        Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await call(c));

    internal static async Task DisposeAllAsync(IEnumerable<HubConnection> connections) =>
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());

    private static int PanelsOn(int server, int servers, int panels) => (panels / servers) + (server < panels % servers ? 1 : 0);

    private static async Task Settle(CancellationToken cancellationToken)
    {
        GC.Collect();
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
    }

    internal static double Percentile(List<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = percentile / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    internal static string Table(string header, IEnumerable<string> rows)
    {
        var text = new StringBuilder(header).AppendLine();
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }
        return text.ToString();
    }
}
