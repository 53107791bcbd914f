using System.Globalization;
using System.Text;
using Epss.Testing.Services;

namespace Epss.LoadTest;

/// <summary>
/// One server (the one-machine default, no Redis) against two servers on one content folder with Redis, PostgreSQL and
/// a shared data folder, with the same panels spread round-robin over them: the Search round trip and a saved guide
/// reaching every panel. Server A follows the folder with its watcher; B has none, so a change reaches B's panels only
/// through the content change feed.
/// </summary>
public static class ScaleOutRuns
{
    public sealed record SetUpFigures(string Name, IReadOnlyList<string> Servers, LoadRuns.SearchFigures Search, IngestRuns.CpuShare SearchCpu, LoadRuns.PublishFigures Publish);

    public static async Task<IReadOnlyList<SetUpFigures>> RunAsync(
        int panels, int saves, TimeSpan interval, TimeSpan duration, IReadOnlyList<string> settings, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync("epss_load");
        progress.WriteLine($"Redis {redis.Configuration}, PostgreSQL on port {postgres.Port}");
        var results = new List<SetUpFigures>();

        await using (var single = await ServerProcess.StartAsync(settings, cancellationToken))
        {
            progress.WriteLine($"1 server: {single.Address} (pid {single.ProcessId})");
            results.Add(await MeasureAsync("1 server", [single], ["the server"], panels, saves, interval, duration, progress, cancellationToken));
        }

        var shared = Directory.CreateTempSubdirectory("epss-load-shared-").FullName;
        try
        {
            string[] scaledOut = [.. settings, "--Epss:Redis=" + redis.Configuration, "--Epss:PostgreSql=" + database, "--Epss:SharedDataPath=" + shared];
            await using var a = await ServerProcess.StartAsync(scaledOut, cancellationToken);
            // B's safety-net rescan is put beyond the run, so that it cannot stand in for a message of the feed.
            await using var b = await ServerProcess.StartAsync(
                [.. scaledOut, "--Epss:WatchContent=false", "--Epss:ContentFeed:RescanInterval=01:00:00"], cancellationToken, a.ContentPath);
            progress.WriteLine($"2 servers + Redis: A {a.Address} (pid {a.ProcessId}), B {b.Address} (pid {b.ProcessId}), content {a.ContentPath}");
            results.Add(await MeasureAsync("2 servers + Redis", [a, b], ["A (file watcher)", "B (change feed only)"], panels, saves, interval, duration, progress, cancellationToken));
        }
        finally
        {
            try
            {
                Directory.Delete(shared, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up.
            }
        }
        return results;
    }

    public static string Describe(IReadOnlyList<SetUpFigures> setUps)
    {
        var text = new StringBuilder();
        text.AppendLine(LoadRuns.Table(
            $"Hub Search round trip, every panel searching once every 2 s, panels spread round-robin over the servers (ms; cores in use on average of {Environment.ProcessorCount}):\n" +
            "| set-up | panels | searches/s | p50 | p90 | p99 | max | errors | cores: servers / this tool / others |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            setUps.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} {LoadRuns.Describe(s.Search)} {s.SearchCpu.Server:0.00} / {s.SearchCpu.Tool:0.00} / {s.SearchCpu.Others:0.00} |"))));
        text.AppendLine(LoadRuns.Table(
            "A guide file written in the content folder reaching every panel that has it open (ms from the write to GuideUpdated at each panel):\n" +
            "| set-up | panels | saves | p50 | p99 | max | slowest panel, median over saves | missed |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            setUps.Select(s => $"| {s.Name} {LoadRuns.Describe(s.Publish)}")));
        text.Append(LoadRuns.Table(
            "The same, by the server the panels are connected to:\n| set-up | server | panels | p50 | p99 | max | missed |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |",
            setUps.SelectMany(s => s.Publish.PerServer.Select((d, i) => string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Servers[i]} | {d.Panels:N0} | {d.P50:0} | {d.P99:0} | {d.Max:0} | {d.Missing} |")))));
        return text.ToString();
    }

    private static async Task<SetUpFigures> MeasureAsync(
        string name, IReadOnlyList<ServerProcess> servers, IReadOnlyList<string> labels, int panels, int saves, TimeSpan interval, TimeSpan duration, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"{name}: {panels:N0} panels searching for {duration.TotalSeconds:0} s");
        var processIds = servers.Select(s => s.ProcessId).ToArray();
        var connections = await LoadRuns.ConnectAsync([.. servers.Select(s => s.Address)], panels, cancellationToken);
        LoadRuns.SearchFigures search;
        IngestRuns.CpuShare cpu;
        try
        {
            // Sampled after connecting, so the handshakes do not count; the warm-up interval does, at the same load.
            var before = IngestRuns.CpuSample.Take(processIds);
            search = await LoadRuns.MeasureSearchesAsync(connections, interval, duration, cancellationToken);
            cpu = before.Share(IngestRuns.CpuSample.Take(processIds));
        }
        finally
        {
            await LoadRuns.DisposeAllAsync(connections);
        }
        progress.WriteLine($"{name}: {saves} saves to {panels:N0} panels");
        var publish = await LoadRuns.PublishAsync(servers, panels, saves, cancellationToken);
        return new SetUpFigures(name, labels, search, cpu, publish);
    }
}
