using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Epss.Accounts;
using Epss.Content.Parsing;
using Epss.Testing.Services;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Epss.LoadTest;

/// <summary>
/// One server (the one-machine default, no Redis) against two servers on one content folder with Redis, PostgreSQL and
/// a shared data folder, with the same panels spread round-robin over them: the Search round trip and a saved guide
/// reaching every panel. Server A follows the folder with its watcher; B has none, so a change reaches B's panels only
/// through the content change feed.
/// </summary>
public static class ScaleOutRuns
{
    /// <param name="NoticeMs">From sending a save to A until the editor on B is told (GuideChanged), per save, sorted.</param>
    /// <param name="ReadMs">From sending a save to A until B's API serves it as the change's head, per save, sorted.</param>
    public sealed record SaveFigures(int Saves, IReadOnlyList<double> NoticeMs, IReadOnlyList<double> ReadMs);

    public sealed record SetUpFigures(string Name, IReadOnlyList<string> Servers, LoadRuns.SearchFigures Search, IngestRuns.CpuShare SearchCpu, LoadRuns.PublishFigures Publish);

    /// <param name="SetUps">One server, then two servers with Redis.</param>
    /// <param name="SavesAcrossServers">The editor's saves on A seen from B.</param>
    public sealed record ScaleOutFigures(IReadOnlyList<SetUpFigures> SetUps, SaveFigures SavesAcrossServers);

    public static async Task<ScaleOutFigures> RunAsync(
        int panels, int saves, TimeSpan interval, TimeSpan duration, IReadOnlyList<string> settings, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync("epss_load");
        progress.WriteLine($"Redis {redis.Configuration}, PostgreSQL on port {postgres.Port}");
        var results = new List<SetUpFigures>();
        SaveFigures saveFigures;

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
            progress.WriteLine($"2 servers + Redis: {saves} saves in the editor on A, watched from B");
            saveFigures = await SavesAsync(a, b, shared, saves, cancellationToken);
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
        return new ScaleOutFigures(results, saveFigures);
    }

    /// <summary>
    /// An expert saves a guide <paramref name="saves"/> times through A's API while another expert has it open in the
    /// editor on B: how long until B's editor is told, and until B's API serves the save.
    /// </summary>
    private static async Task<SaveFigures> SavesAsync(ServerProcess a, ServerProcess b, string shared, int saves, CancellationToken cancellationToken)
    {
        const string guideId = "spoedaanvraag";
        var accounts = await AccountStore.OpenAsync(new AccountsOptions { DataPath = shared }, null, null, cancellationToken);
        string[] tokens = new string[2];
        foreach (var (name, i) in new[] { ("anna", 0), ("bram", 1) })
        {
            await accounts.AddAsync(new NewAccount(name, null, [EpssRoles.Expert], "Wachtwoord-" + Guid.NewGuid()), cancellationToken);
            tokens[i] = (await accounts.CreateTokenAsync(name, "load", cancellationToken)).Token;
        }
        using var annaOnA = new HttpClient { BaseAddress = a.Address };
        annaOnA.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[0]);
        using var bramOnB = new HttpClient { BaseAddress = b.Address };
        bramOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[1]);
        var told = new ConcurrentDictionary<string, long>();
        await using var editor = new HubConnectionBuilder()
            .WithUrl(new Uri(b.Address, "/hubs/editor"), HttpTransportType.WebSockets,
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(tokens[1]))
            .Build();
        editor.On<JsonElement>("GuideChanged",
            change => told.TryAdd(change.GetProperty("version").GetString() ?? "", Stopwatch.GetTimestamp()));
        await editor.StartAsync(cancellationToken);
        await editor.InvokeAsync<string[]>("Watch", guideId, cancellationToken);

        var text = await File.ReadAllTextAsync(Path.Combine(a.ContentPath, guideId + ".md"), cancellationToken);
        var notices = new List<double>();
        var reads = new List<double>();
        for (var save = -1; save < saves; save++)
        {
            var next = text.Replace("sluitingstijd", $"sluitingstijd ({save})", StringComparison.Ordinal);
            var version = GuideParser.VersionOf(Encoding.UTF8.GetBytes(next));
            var sent = Stopwatch.GetTimestamp();
            using (var response = await annaOnA.PutAsJsonAsync($"/api/guides/{guideId}/source",
                new { text = next, baseVersion = GuideParser.VersionOf(Encoding.UTF8.GetBytes(text)), note = "" }, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
            }
            double? read = null;
            while (read is null && Stopwatch.GetElapsedTime(sent) < TimeSpan.FromSeconds(10))
            {
                var change = await bramOnB.GetFromJsonAsync<JsonElement>($"/api/guides/{guideId}/review", cancellationToken);
                if (change.GetProperty("headVersion").GetString() == version)
                {
                    read = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                }
            }
            while (!told.ContainsKey(version) && Stopwatch.GetElapsedTime(sent) < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(5, cancellationToken);
            }
            if (save >= 0)
            {
                reads.Add(read ?? double.NaN);
                notices.Add(told.TryGetValue(version, out var at) ? (at - sent) * 1000.0 / Stopwatch.Frequency : double.NaN);
            }
            text = next;
            await Task.Delay(100, cancellationToken);
        }
        notices.Sort();
        reads.Sort();
        return new SaveFigures(saves, notices, reads);
    }

    public static string Describe(ScaleOutFigures figures)
    {
        var text = new StringBuilder();
        var setUps = figures.SetUps;
        var saves = figures.SavesAcrossServers;
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"An expert's save on A (HTTP PUT, answered after the commit), {saves.Saves} saves (ms from sending the save):\n| seen on B | p50 | max | missed |\n| --- | ---: | ---: | ---: |\n" +
            $"| the editor on B told (GuideChanged over the Redis backplane) | {LoadRuns.Percentile([.. saves.NoticeMs], 50):0.0} | {saves.NoticeMs.Max():0.0} | {saves.NoticeMs.Count(double.IsNaN)} |\n" +
            $"| B's API serves it as the change's head (PostgreSQL) | {LoadRuns.Percentile([.. saves.ReadMs], 50):0.0} | {saves.ReadMs.Max():0.0} | {saves.ReadMs.Count(double.IsNaN)} |\n"));
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
