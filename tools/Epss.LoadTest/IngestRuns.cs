using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;

namespace Epss.LoadTest;

/// <summary>
/// Usage events streaming in while panels search: the <c>Search</c> round trip without and with a sustained ingest
/// through <c>RecordEvents</c>, the rate achieved, and afterwards every acknowledged event looked up in usage.db.
/// </summary>
public static partial class IngestRuns
{
    /// <summary>The hub's limit of events per <c>RecordEvents</c> call.</summary>
    private const int MaximumBatch = 100;

    /// <summary>The hub's budget per connection (20 calls a second); recorders stay well under it.</summary>
    private const double MaximumCallsPerSecond = 20;

    public sealed record IngestFigures(
        int Recorders,
        int Batch,
        double Period,
        int Sent,
        int Stored,
        int Duplicates,
        int Refused,
        int Failed,
        double StoredPerSecond,
        double P50,
        double P99,
        double Max,
        long Rows,
        int AckedMissing,
        long BytesBefore,
        long BytesAfter,
        IReadOnlyList<string> Reasons);

    /// <summary>The two conditions' pooled round trips, and each round's medians (without, with ingest) to show the spread.</summary>
    public sealed record Comparison(
        LoadRuns.SearchFigures Baseline,
        LoadRuns.SearchFigures WithIngest,
        IngestFigures Ingest,
        CpuShare BaselineCpu,
        CpuShare WithIngestCpu,
        TimeSpan Window,
        IReadOnlyList<(double Without, double With)> RoundMedians);

    /// <summary>Cores in use on average during a phase: by the server, by this tool, and by everything else on the machine (the noise).</summary>
    public sealed record CpuShare(double Server, double Tool, double Others)
    {
        /// <summary>The average over windows of equal length.</summary>
        public static CpuShare Mean(IReadOnlyList<CpuShare> shares) =>
            new(shares.Average(s => s.Server), shares.Average(s => s.Tool), shares.Average(s => s.Others));
    }

    /// <summary>
    /// <paramref name="panels"/> searching connections and <paramref name="recorders"/> recording ones (in a process of
    /// their own, see <see cref="RecorderProcess"/>), all connected throughout. The panels search for <paramref name="duration"/> with the recorders idle and for as long with the
    /// recorders sending together <paramref name="rate"/> valid events a second, each on a fixed schedule (one batch per
    /// period, awaiting the acknowledgement as a panel does). The two conditions take turns in <paramref name="rounds"/>
    /// rounds of two windows (which comes first alternates), and each condition's round trips are pooled: a drift of the
    /// shared machine's speed during the run then falls on both alike, where one long phase after the other gave it all
    /// to one side. Before it all, an unmeasured round of the two together (up to 10 s); each window skips its first
    /// interval, so that no search straddles a change of condition.
    /// </summary>
    public static async Task<Comparison> RunAsync(ServerProcess server, int panels, int recorders, int rate, int rounds, TimeSpan interval, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var batch = Math.Min(MaximumBatch, (int)Math.Ceiling(rate / (double)recorders));
        var period = TimeSpan.FromSeconds(batch * (double)recorders / rate);
        if (1 / period.TotalSeconds > MaximumCallsPerSecond / 2)
        {
            throw new ArgumentException($"{rate} events/s over {recorders} recorders needs more than {MaximumCallsPerSecond / 2} calls a second each: add recorders.", nameof(recorders));
        }
        var searching = await LoadRuns.ConnectAsync(server.Address, panels, cancellationToken);
        var recording = await RecorderProcess.StartAsync(server.Address, server.ContentPath, recorders, batch, period, cancellationToken);
        try
        {
            // Unmeasured: both paths once through the JIT and the caches, so that neither condition pays for starting up.
            var warmUp = TimeSpan.FromSeconds(Math.Min(10, duration.TotalSeconds));
            var warming = recording.RecordAsync($"warm-{DateTime.UtcNow:HHmmss}", interval, warmUp, cancellationToken);
            await LoadRuns.MeasureSearchesAsync(searching, interval, warmUp, cancellationToken);
            await warming;
            await Settle(cancellationToken);

            var bytesBefore = DatabaseBytes(server.DataPath);
            var runPrefix = $"ingest-{DateTime.UtcNow:HHmmss}";
            var runStarted = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var window = duration / rounds;
            var without = new Condition();
            var with = new Condition();
            List<(double Without, double With)> roundMedians = [];
            List<Sending> sendings = [];
            for (var round = 0; round < rounds; round++)
            {
                foreach (var ingesting in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var cpu = CpuSample.Take([server.ProcessId], [recording.ProcessId]);
                    var sending = ingesting ? recording.RecordAsync($"{runPrefix}-r{round}", interval, window, cancellationToken) : null;
                    var (latencies, errors) = await LoadRuns.SearchLatenciesAsync(searching, interval, window, cancellationToken);
                    if (sending is not null)
                    {
                        sendings.Add(await sending);
                    }
                    (ingesting ? with : without).Add(latencies, errors, cpu.Share(CpuSample.Take([server.ProcessId], [recording.ProcessId])));
                }
                roundMedians.Add((without.LastMedian, with.LastMedian));
            }
            var baseline = LoadRuns.Figures(panels, without.Latencies, without.Errors, duration);
            var withIngest = LoadRuns.Figures(panels, with.Latencies, with.Errors, duration);
            var sent = Sending.Sum(sendings);

            // An acknowledgement is sent only after its transaction committed, so every acknowledged row must be there
            // now: read this run's rows with a read-only connection of our own (WAL lets it read beside the server).
            // A stored id is PanelUsage.OwnId of the connection's pseudonym and the id the panel sent: each connection's
            // pseudonym is the one of this run's under which its first acknowledged id is stored.
            var stored = new HashSet<string>(StringComparer.Ordinal);
            var pseudonyms = new HashSet<string>(StringComparer.Ordinal);
            long rows;
            var database = Path.Combine(server.DataPath, "usage.db");
            await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT id, user_pseudonym FROM usage_events WHERE received_at >= $since";
                command.Parameters.AddWithValue("$since", runStarted);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    stored.Add(reader.GetString(0));
                    pseudonyms.Add(reader.GetString(1));
                }
                rows = stored.Count;
            }
            var missing = 0;
            // Ids are "<prefix>-r<round>-<connection>-<counter>": one group per connection and round.
            foreach (var ofConnection in sent.AckedIds.GroupBy(id => id[..id.LastIndexOf('-')], StringComparer.Ordinal))
            {
                var first = ofConnection.First();
                var pseudonym = pseudonyms.FirstOrDefault(p => stored.Contains(PanelUsage.OwnId(p, first)));
                missing += pseudonym is null ? ofConnection.Count() : ofConnection.Count(id => !stored.Contains(PanelUsage.OwnId(pseudonym, id)));
            }
            var bytesAfter = DatabaseBytes(server.DataPath);

            var recordLatencies = sent.Latencies.Order().ToList();
            var figures = new IngestFigures(
                recorders, batch, period.TotalSeconds, sent.Sent, sent.Stored, sent.Duplicates, sent.Refused, sent.Failed,
                sent.StoredInWindow / duration.TotalSeconds,
                LoadRuns.Percentile(recordLatencies, 50), LoadRuns.Percentile(recordLatencies, 99), recordLatencies.Count == 0 ? 0 : recordLatencies[^1],
                rows, missing, bytesBefore, bytesAfter, sent.Reasons);
            return new Comparison(baseline, withIngest, figures, CpuShare.Mean(without.Cpu), CpuShare.Mean(with.Cpu), window, roundMedians);
        }
        finally
        {
            await LoadRuns.DisposeAllAsync(searching);
            await recording.DisposeAsync();
        }
    }

    public static string Describe(Comparison c)
    {
        var i = c.Ingest;
        var b = c.Baseline;
        var w = c.WithIngest;
        var growth = i.BytesAfter - i.BytesBefore;
        return string.Create(CultureInfo.InvariantCulture, $"""
            Hub Search round trip, {b.Panels:N0} panels each searching every 2 s, without and with {i.Recorders} connections recording usage events (ms),
            {c.RoundMedians.Count} rounds of a {c.Window.TotalSeconds:0.#} s window each way (order alternating), round trips pooled per condition:
            | | searches/s | p50 | p90 | p99 | max | errors |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: |
            | without ingest | {b.PerSecond:0} | {b.P50:0.0} | {b.P90:0.0} | {b.P99:0.0} | {b.Max:0} | {b.Errors} |
            | with ingest | {w.PerSecond:0} | {w.P50:0.0} | {w.P90:0.0} | {w.P99:0.0} | {w.Max:0} | {w.Errors} |
            | with / without | | {w.P50 / b.P50:0.00} | {w.P90 / b.P90:0.00} | {w.P99 / b.P99:0.00} | | |
            Median per round, without → with: {string.Join(", ", c.RoundMedians.Select(r => $"{r.Without:0.00} → {r.With:0.00}"))}; median of the rounds' ratios {Median(c.RoundMedians.Select(r => r.With / r.Without)):0.00}
            Cores in use on average (of {Environment.ProcessorCount}), server / this tool / other processes: without ingest {c.BaselineCpu.Server:0.00} / {c.BaselineCpu.Tool:0.00} / {c.BaselineCpu.Others:0.00}, with ingest {c.WithIngestCpu.Server:0.00} / {c.WithIngestCpu.Tool:0.00} / {c.WithIngestCpu.Others:0.00}

            Ingest: {i.Recorders} connections, each RecordEvents with {i.Batch} events every {i.Period:0.###} s
            | stored/s (measured window) | RecordEvents p50 | p99 | max | sent | stored | duplicate | refused | failed | acknowledged, not in usage.db | rows of this run in usage.db |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | {i.StoredPerSecond:N0} | {i.P50:0.0} ms | {i.P99:0.0} ms | {i.Max:0} ms | {i.Sent:N0} | {i.Stored:N0} | {i.Duplicates} | {i.Refused} | {i.Failed} | {i.AckedMissing} | {i.Rows:N0} |
            usage.db (with -wal and -shm) {i.BytesBefore / 1048576.0:0.0} MB → {i.BytesAfter / 1048576.0:0.0} MB: +{growth / 1048576.0:0.0} MB, {(i.Stored == 0 ? 0 : growth / (double)i.Stored):0} bytes per stored event
            """) + string.Concat(i.Reasons.Select(r => "\nRefused or failed, " + r));
    }

    private sealed record Sending(int Sent, int Stored, int StoredInWindow, int Duplicates, int Refused, int Failed, List<string> AckedIds, List<double> Latencies, List<string> Reasons)
    {
        /// <summary>The windows' sending together.</summary>
        public static Sending Sum(IReadOnlyList<Sending> windows) => new(
            windows.Sum(w => w.Sent), windows.Sum(w => w.Stored), windows.Sum(w => w.StoredInWindow), windows.Sum(w => w.Duplicates),
            windows.Sum(w => w.Refused), windows.Sum(w => w.Failed), [.. windows.SelectMany(w => w.AckedIds)], [.. windows.SelectMany(w => w.Latencies)],
            [.. windows.SelectMany(w => w.Reasons).Distinct()]);
    }

    /// <summary>Each recorder sends <paramref name="batch"/> events every <paramref name="period"/>, from a random offset in the first period.</summary>
    private static async Task<Sending> RecordAsync(
        IReadOnlyList<HubConnection> connections, GuideWalk guides, string runPrefix, int batch, TimeSpan period, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
    {
        var acked = new ConcurrentBag<string>();
        var latencies = new ConcurrentBag<double>();
        var reasons = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int sent = 0, stored = 0, storedInWindow = 0, duplicates = 0, refused = 0, failed = 0;
        var started = Stopwatch.GetTimestamp();
        var warmUpEnds = started + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var runEnds = started + (long)((warmUp + duration).TotalSeconds * Stopwatch.Frequency);
        var loops = connections.Select((connection, index) => Task.Run(async () =>
        {
            var random = new Random(10_000 + index);
            using var official = guides.Officials(random, $"{runPrefix}-{index:0000}").GetEnumerator();
            var next = started + (long)(random.NextDouble() * period.TotalSeconds * Stopwatch.Frequency);
            for (var call = 0; ; call++)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
                var callStarted = Stopwatch.GetTimestamp();
                if (callStarted >= runEnds)
                {
                    break;
                }
                var events = new UsageEventMessage[batch];
                for (var i = 0; i < batch; i++)
                {
                    official.MoveNext();
                    events[i] = official.Current;
                }
                Interlocked.Add(ref sent, batch);
                try
                {
                    var acks = await connection.InvokeAsync<UsageAckMessage[]>("RecordEvents", events, cancellationToken);
                    var inWindow = callStarted >= warmUpEnds;
                    if (inWindow)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(callStarted).TotalMilliseconds);
                    }
                    foreach (var ack in acks)
                    {
                        if (ack.Status == "stored")
                        {
                            acked.Add(ack.Id);
                            Interlocked.Increment(ref stored);
                            if (inWindow)
                            {
                                Interlocked.Increment(ref storedInWindow);
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref duplicates);
                        }
                    }
                }
                catch (HubException e)
                {
                    // Refused: invalid, over the rate limit, or the store unavailable; the whole call counts.
                    Interlocked.Add(ref refused, batch);
                    reasons.AddOrUpdate(e.Message, 1, (_, n) => n + 1);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Add(ref failed, batch);
                    reasons.AddOrUpdate(e.GetType().Name + ": " + e.Message, 1, (_, n) => n + 1);
                }
                // A fixed schedule: a late answer is made up for by the next call, not by drifting.
                next += (long)(period.TotalSeconds * Stopwatch.Frequency);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        return new Sending(sent, stored, storedInWindow, duplicates, refused, failed, [.. acked], [.. latencies],
            [.. reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Value} calls: {r.Key}")]);
    }

    /// <summary>
    /// CPU time so far (from /proc, in clock ticks): the whole machine's busy time, the servers' together, and this
    /// process's with its helpers' (the recorders' process).
    /// </summary>
    internal sealed record CpuSample(long At, double MachineBusy, double Server, double Tool)
    {
        public static CpuSample Take(IReadOnlyList<int> serverProcessIds, IReadOnlyList<int>? helperProcessIds = null)
        {
            // "cpu  user nice system idle iowait irq softirq steal ..." in ticks of 1/100 s.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
            var server = serverProcessIds.Sum(ProcessTicks);
            var tool = (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds * 100) + (helperProcessIds ?? []).Sum(ProcessTicks);
            return new CpuSample(Stopwatch.GetTimestamp(), busy, server, tool);
        }

        /// <summary>utime and stime of a process, fields 14 and 15, counted after the process name in parentheses.</summary>
        private static long ProcessTicks(int processId)
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture);
        }

        public CpuShare Share(CpuSample later)
        {
            var ticks = Stopwatch.GetElapsedTime(At, later.At).TotalSeconds * 100;
            var server = (later.Server - Server) / ticks;
            var tool = (later.Tool - Tool) / ticks;
            return new CpuShare(server, tool, Math.Max(0, ((later.MachineBusy - MachineBusy) / ticks) - server - tool));
        }
    }

    /// <summary>One condition's windows pooled: their round trips, errors and CPU shares, and the last window's median.</summary>
    private sealed class Condition
    {
        public List<double> Latencies { get; } = [];
        public List<CpuShare> Cpu { get; } = [];
        public int Errors { get; private set; }
        public double LastMedian { get; private set; }

        public void Add(List<double> latencies, int errors, CpuShare cpu)
        {
            Latencies.AddRange(latencies);
            Errors += errors;
            Cpu.Add(cpu);
            LastMedian = Median(latencies);
        }
    }

    private static double Median(IEnumerable<double> values) => LoadRuns.Percentile([.. values.Order()], 50);

    private static async Task Settle(CancellationToken cancellationToken)
    {
        GC.Collect();
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
    }

    /// <summary>usage.db with its -wal and -shm files, in bytes.</summary>
    private static long DatabaseBytes(string dataPath) =>
        new[] { "usage.db", "usage.db-wal", "usage.db-shm" }
            .Select(name => new FileInfo(Path.Combine(dataPath, name)))
            .Where(file => file.Exists)
            .Sum(file => file.Length);

    /// <summary>A usage event as the panel sends it (the hub's <c>UsageEventRequest</c>; absent fields left out).</summary>
    internal sealed record UsageEventMessage(
        string Id,
        string Type,
        DateTimeOffset OccurredAt,
        string? RunId = null,
        string? GuideId = null,
        string? StepId = null,
        string? Via = null,
        string? CheckId = null,
        bool? Checked = null,
        string? ToStepId = null,
        string? Query = null,
        int? HitCount = null,
        string? OpenedGuideId = null,
        int? OpenedRank = null);

    internal sealed record UsageAckMessage(string Id, string Status);

    /// <summary>The sample guides' steps and checks, and officials walking through them.</summary>
    internal sealed partial class GuideWalk
    {
        private readonly IReadOnlyList<(string Id, IReadOnlyList<(string Id, IReadOnlyList<string> Checks)> Steps)> _guides;

        private GuideWalk(IReadOnlyList<(string Id, IReadOnlyList<(string Id, IReadOnlyList<string> Checks)> Steps)> guides) => _guides = guides;

        public static GuideWalk Read(string contentPath)
        {
            var guides = new List<(string, IReadOnlyList<(string, IReadOnlyList<string>)>)>();
            // A guide's id is its file name; the folder's README.md is not a guide.
            foreach (var file in Directory.EnumerateFiles(contentPath, "*.md").Where(f => GuideId().IsMatch(Path.GetFileNameWithoutExtension(f))).Order(StringComparer.Ordinal))
            {
                var steps = new List<(string Id, List<string> Checks)>();
                foreach (var line in File.ReadLines(file))
                {
                    if (StepHeading().Match(line) is { Success: true } step)
                    {
                        steps.Add((step.Groups[1].Value, []));
                    }
                    else if (steps.Count > 0 && line.StartsWith("- [ ] ", StringComparison.Ordinal))
                    {
                        steps[^1].Checks.Add(Slug(line[6..]));
                    }
                }
                if (steps.Count > 0)
                {
                    guides.Add((Path.GetFileNameWithoutExtension(file), [.. steps.Select(s => (s.Id, (IReadOnlyList<string>)s.Checks))]));
                }
            }
            return guides.Count > 0 ? new GuideWalk(guides) : throw new InvalidOperationException($"No guides with steps in {contentPath}.");
        }

        /// <summary>
        /// Endless events of officials at a desk: a search (one in ten finds nothing), the guide opened from it or from
        /// a suggestion, its steps viewed and checks ticked, a decision now and then, and the guide completed (or,
        /// one in eight, abandoned halfway). Ids are the prefix and a counter: unique within the run.
        /// </summary>
        public IEnumerable<UsageEventMessage> Officials(Random random, string idPrefix)
        {
            var counter = 0;
            string NextId() => $"{idPrefix}-{counter++:x}";
            while (true)
            {
                var (guideId, steps) = _guides[random.Next(_guides.Count)];
                var runId = Guid.NewGuid().ToString();
                var via = OpenedViaSuggestion;
                if (random.Next(3) > 0)
                {
                    var query = LoadRuns.Queries[random.Next(LoadRuns.Queries.Length)].Trim();
                    if (random.Next(10) == 0)
                    {
                        yield return new UsageEventMessage(NextId(), "search", DateTimeOffset.Now, Query: query, HitCount: 0);
                        continue;
                    }
                    var hits = random.Next(1, 11);
                    yield return new UsageEventMessage(NextId(), "search", DateTimeOffset.Now, Query: query, HitCount: hits,
                        OpenedGuideId: guideId, OpenedRank: random.Next(1, Math.Min(hits, 3) + 1));
                    via = "search";
                }
                yield return new UsageEventMessage(NextId(), "guide-opened", DateTimeOffset.Now, runId, guideId, Via: via);
                var abandonAt = random.Next(8) == 0 ? random.Next(steps.Count) : -1;
                for (var s = 0; s < steps.Count; s++)
                {
                    var (stepId, checks) = steps[s];
                    yield return new UsageEventMessage(NextId(), "step-viewed", DateTimeOffset.Now, runId, guideId, stepId);
                    foreach (var check in checks)
                    {
                        yield return new UsageEventMessage(NextId(), "check-ticked", DateTimeOffset.Now, runId, guideId, stepId, CheckId: check, Checked: true);
                    }
                    if (s == abandonAt)
                    {
                        yield return new UsageEventMessage(NextId(), "guide-abandoned", DateTimeOffset.Now, runId, guideId, stepId);
                        break;
                    }
                    if (s + 1 < steps.Count && random.Next(4) == 0)
                    {
                        yield return new UsageEventMessage(NextId(), "decision-taken", DateTimeOffset.Now, runId, guideId, stepId, ToStepId: steps[s + 1].Id);
                    }
                }
                if (abandonAt < 0)
                {
                    yield return new UsageEventMessage(NextId(), "guide-completed", DateTimeOffset.Now, runId, guideId);
                }
            }
        }

        private const string OpenedViaSuggestion = "suggestion";

        /// <summary>A check's text as a slug (the format the hub accepts for a check id).</summary>
        private static string Slug(string text)
        {
            var slug = NotSlug().Replace(text.ToLowerInvariant(), "-").Trim('-');
            return slug.Length <= 60 ? slug : slug[..60].TrimEnd('-');
        }

        [GeneratedRegex(@"^## .*\{#([a-z0-9]+(?:-[a-z0-9]+)*)")]
        private static partial Regex StepHeading();

        [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
        private static partial Regex GuideId();

        [GeneratedRegex("[^a-z0-9]+")]
        private static partial Regex NotSlug();
    }
}
