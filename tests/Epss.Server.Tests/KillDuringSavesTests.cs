using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Epss.Accounts;
using Epss.Content.Parsing;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Epss.Testing.Services;
using Microsoft.Data.Sqlite;

namespace Epss.Server.Tests;

/// <summary>
/// The server process killed with SIGKILL in the middle of a burst of saves and publishes, several rounds on the same
/// folders: afterwards every guide file is one whole text (the original or one that was sent, never half of one, and
/// never older than an acknowledged publication), every acknowledged save is a row in history.db, and the restarted
/// server serves every guide, deletes leftover temporary files and lists every acknowledged save in the history.
/// A kill ends the process as a crash does, but leaves the operating system's caches alone: this proves the order of
/// the writes (nothing acknowledged before it is committed, the rename last), not the fsyncs a power cut would test.
/// </summary>
public sealed class KillDuringSavesTests
{
    private const int Rounds = 3;
    private const int Workers = 6;
    private const string Anna = "anna";
    private const string Bram = "bram";

    /// <summary>Never writes: she publishes after the restart (anna and bram may both have written a version of the open change; four eyes).</summary>
    private const string Carla = "carla";

    /// <summary>A guide with another id than ours, planted as a publish's temporary file: it must never be served.</summary>
    private const string GhostId = "spookgids";

    private static readonly string[] GuideIds = ["aanvraag-paspoort", "uitreiking-rijbewijs", "vermissing-melden", "adres-wijzigen"];

    [Fact(Timeout = 120_000)]
    public async Task Kill_during_a_burst_of_saves_and_publishes_leaves_whole_files_and_every_acknowledged_save_in_history()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        using var content = new TempContentFolder("epss-kill-content-");
        using var data = new TempDataFolder("epss-kill-data-");
        var ledger = new Ledger();
        foreach (var id in GuideIds)
        {
            var original = GuideTexts.Valid(id, Title(id), "pasfoto");
            content.Write(id + ".md", original);
            ledger.Sent(id, original);
        }
        var tokens = await AddExpertsAsync(data.Path, ct);
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output?.WriteLine($"seed {seed}");

        var server = await EpssServerProcess.StartAsync(new Dictionary<string, string> { ["Epss:ContentPath"] = content.Path, ["Epss:DataPath"] = data.Path }, ct);
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                var burst = new Burst(round, ledger);
                using (var anna = Client(server, tokens[Anna]))
                using (var bram = Client(server, tokens[Bram]))
                {
                    foreach (var id in GuideIds)
                    {
                        burst.Heads[id] = (await anna.GetJsonAsync($"/api/guides/{id}/editor", ct)).GetProperty("headVersion").GetString();
                    }
                    var workers = Enumerable.Range(0, Workers)
                        .Select(w => Task.Run(() => w % 2 == 0 ? burst.WorkAsync(w, anna, bram, ct) : burst.WorkAsync(w, bram, anna, ct), ct))
                        .ToArray();
                    var delay = random.Next(300, 1500);
                    await Task.Delay(delay, ct);
                    // Kill while a publish is on its way (it may be anywhere between its checks, the temporary file,
                    // the rename and the recording), and 0 to 5 ms later, so that the rounds land at different points.
                    var waited = await burst.UntilPublishInFlightAsync(TimeSpan.FromSeconds(3), ct);
                    var jitter = Stopwatch.StartNew();
                    var jitterTicks = random.Next(0, (int)(Stopwatch.Frequency / 200));
                    while (jitter.ElapsedTicks < jitterTicks)
                    {
                        Thread.SpinWait(50);
                    }

                    var pid = server.ProcessId;
                    burst.MarkKilled();
                    var exitCode = await server.KillAsync(ct);
                    if (!OperatingSystem.IsWindows())
                    {
                        // 128 + SIGKILL (9): the process was killed, it did not shut down.
                        Assert.Equal(137, exitCode);
                    }
                    if (OperatingSystem.IsLinux())
                    {
                        Assert.False(Directory.Exists($"/proc/{pid}"), $"Process {pid} is still there after SIGKILL.");
                    }
                    await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(20), ct);
                    await server.DisposeAsync();
                    output?.WriteLine($"round {round}: killed {delay} + {waited.TotalMilliseconds:0} ms into the burst (a publish in flight: {burst.PublishInFlight}); {burst.Counts}");
                }

                Assert.True(burst.Failures.IsEmpty, "Answers no burst may get:\n" + string.Join('\n', burst.Failures));
                Assert.True(burst.Counts.SavesAcknowledged > 0, $"Round {round}: no save was acknowledged before the kill.");

                var files = AssertEveryFileIsOneWholeText(content.Path, ledger);
                var (unrecorded, leftovers) = AssertHistoryHoldsEverythingAcknowledged(content.Path, data.Path, files, ledger);
                output?.WriteLine($"round {round}: after the kill {leftovers} temporary file(s) left, {unrecorded} guide(s) written but not yet recorded as published");

                // What a kill between writing and renaming leaves, and a temporary file that holds a whole guide of
                // another id: neither may ever be served, and the start deletes both.
                var half = ledger.TextOf(GuideIds[0], files[GuideIds[0]]);
                content.WriteBytes($".{GuideIds[0]}.md.{Guid.NewGuid():N}.tmp", half[..(half.Length / 2)]);
                content.Write($".{GuideIds[1]}.md.{Guid.NewGuid():N}.tmp", GuideTexts.Valid(GhostId, "Spookgids", "spook"));

                var started = Stopwatch.StartNew();
                server = await EpssServerProcess.StartAsync(new Dictionary<string, string> { ["Epss:ContentPath"] = content.Path, ["Epss:DataPath"] = data.Path }, ct);
                output?.WriteLine($"round {round}: restarted in {started.ElapsedMilliseconds} ms");
                await AssertRestartedServerServesEveryGuideAndItsHistoryAsync(server, content.Path, tokens[Anna], files, ledger, ct);
                await AssertPublishingStillWorksAsync(server, content.Path, tokens, ledger, GuideIds[round % GuideIds.Length], round, ct);
            }
            output?.WriteLine($"in all: {ledger.AcknowledgedSaves.Count} saves and {ledger.AcknowledgedPublishes.Count} publishes acknowledged");
        }
        finally
        {
            await server.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Every .md file parses without errors and is, byte for byte, a text the test sent (or the original). Returns each guide's version.</summary>
    private static Dictionary<string, string> AssertEveryFileIsOneWholeText(string contentPath, Ledger ledger)
    {
        var parser = new GuideParser();
        var files = Directory.EnumerateFiles(contentPath, "*.md", SearchOption.AllDirectories).ToList();
        Assert.Equal(GuideIds.Select(id => id + ".md").Order(StringComparer.Ordinal), files.Select(f => Path.GetRelativePath(contentPath, f)).Order(StringComparer.Ordinal));
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var bytes = File.ReadAllBytes(file);
            var parsed = parser.Parse(Path.GetFileName(file), bytes);
            Assert.False(parsed.HasErrors, $"{file} does not parse: {string.Join("; ", parsed.Diagnostics.Select(d => $"{d.Line}:{d.Column} {d.Message}"))}");
            Assert.Equal(id, parsed.Id?.Value);
            Assert.True(ledger.TryTextOf(id, parsed.Version, out var sent) && sent.AsSpan().SequenceEqual(bytes),
                $"{file} ({bytes.Length} bytes, version {parsed.Version}) is not a text that was sent for {id}.");
            versions[id] = parsed.Version;
        }
        return versions;
    }

    /// <summary>
    /// history.db, read straight after the kill: intact, every acknowledged save a row, every acknowledged publish a
    /// publication, and each file the guide's newest publication, or a publish in flight at the kill that wrote the file
    /// but was not recorded yet. Returns how many files were of that last kind, and how many temporary files were left.
    /// </summary>
    private static (int Unrecorded, int Leftovers) AssertHistoryHoldsEverythingAcknowledged(
        string contentPath, string dataPath, IReadOnlyDictionary<string, string> files, Ledger ledger)
    {
        var leftovers = Directory.EnumerateFiles(contentPath, ".*.tmp", SearchOption.AllDirectories).Count();
        var versions = new HashSet<(string, string)>();
        var publications = new List<(long Seq, string GuideId, string Version)>();
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataPath, "history.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using (var connection = new SqliteConnection(builder.ToString()))
        {
            connection.Open();
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", check.ExecuteScalar() as string);
            }
            using (var rows = connection.CreateCommand())
            {
                rows.CommandText = "SELECT guide_id, version FROM guide_versions";
                using var reader = rows.ExecuteReader();
                while (reader.Read())
                {
                    versions.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            using (var rows = connection.CreateCommand())
            {
                rows.CommandText = "SELECT seq, guide_id, version FROM publications ORDER BY seq";
                using var reader = rows.ExecuteReader();
                while (reader.Read())
                {
                    publications.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
                }
            }
        }

        var lostSaves = ledger.AcknowledgedSaves.Where(s => !versions.Contains(s)).ToList();
        Assert.True(lostSaves.Count == 0, $"{lostSaves.Count} of {ledger.AcknowledgedSaves.Count} acknowledged saves are not in history.db: {string.Join(", ", lostSaves)}");
        var lostPublishes = ledger.AcknowledgedPublishes.Where(p => !publications.Any(r => (r.GuideId, r.Version) == p)).ToList();
        Assert.True(lostPublishes.Count == 0, $"Acknowledged publishes not recorded: {string.Join(", ", lostPublishes)}");

        var unrecorded = 0;
        foreach (var (id, version) in files)
        {
            var published = publications.Where(p => p.GuideId == id).ToList();
            Assert.NotEmpty(published);
            // -1: not recorded (yet).
            var recordedAt = published.FindLastIndex(p => p.Version == version);
            if (published[^1].Version != version)
            {
                // Killed after the rename and before the publication was recorded: only a publish in flight may do that.
                Assert.True(recordedAt < 0 && ledger.UnansweredPublishes.ContainsKey((id, version)),
                    $"{id}.md holds {version}, which is neither its newest publication ({published[^1].Version}) nor a publish that was in flight at the kill.");
                unrecorded++;
            }
            foreach (var acknowledged in ledger.AcknowledgedPublishes.Where(p => p.GuideId == id))
            {
                var acknowledgedAt = published.FindLastIndex(p => p.Version == acknowledged.Version);
                Assert.True(version == acknowledged.Version || recordedAt < 0 || recordedAt > acknowledgedAt,
                    $"{id}.md holds {version}, older than the acknowledged publish of {acknowledged.Version}.");
            }
        }
        return (unrecorded, leftovers);
    }

    /// <summary>The restarted server deletes every leftover temporary file, serves exactly our guides as the files hold them, and lists every acknowledged save.</summary>
    private static async Task AssertRestartedServerServesEveryGuideAndItsHistoryAsync(
        EpssServerProcess server, string contentPath, string token, IReadOnlyDictionary<string, string> files, Ledger ledger, CancellationToken ct)
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(!Directory.EnumerateFiles(contentPath, ".*.tmp", SearchOption.AllDirectories).Any()), "the restarted server deletes the leftover temporary files");
        using var client = Client(server, token);
        var served = await client.GetJsonAsync("/api/guides", ct);
        Assert.Equal(GuideIds.Order(StringComparer.Ordinal), served.Ids().Order(StringComparer.Ordinal));
        using (var ghost = await client.GetAsync(new Uri($"/api/guides/{GhostId}", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, ghost.StatusCode);
        }
        foreach (var id in GuideIds)
        {
            Assert.Equal(files[id], (await client.GetJsonAsync($"/api/guides/{id}", ct)).GetProperty("version").GetString());
            var history = (await client.GetJsonAsync($"/api/guides/{id}/history", ct)).EnumerateArray().ToList();
            var listed = history.Select(v => v.GetProperty("version").GetString()).ToHashSet(StringComparer.Ordinal);
            var missing = ledger.AcknowledgedSaves.Where(s => s.GuideId == id && !listed.Contains(s.Version)).ToList();
            Assert.True(missing.Count == 0, $"The history of {id} lacks acknowledged saves: {string.Join(", ", missing)}");
            Assert.Contains(history, v => v.GetProperty("version").GetString() == files[id] && v.GetProperty("current").GetBoolean()
                && v.TryGetProperty("publishedAt", out _));
        }
    }

    /// <summary>Whatever the kill left open (a change in review, a publish half done), a save, a review and a publish go through.</summary>
    private static async Task AssertPublishingStillWorksAsync(
        EpssServerProcess server, string contentPath, IReadOnlyDictionary<string, string> tokens, Ledger ledger, string id, int round, CancellationToken ct)
    {
        using var anna = Client(server, tokens[Anna]);
        using var carla = Client(server, tokens[Carla]);
        var head = (await anna.GetJsonAsync($"/api/guides/{id}/editor", ct)).GetProperty("headVersion").GetString();
        var text = GuideTexts.Valid(id, Title(id), $"herstart {round}");
        var version = ledger.Sent(id, text);

        using (var saved = await anna.PutAsJsonAsync($"/api/guides/{id}/source", new { text, baseVersion = head, note = "na de herstart" }, ct))
        {
            Assert.True(saved.StatusCode == HttpStatusCode.OK, $"Save after restart: {(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync(ct)}");
            ledger.AcknowledgedSaves.Add((id, version));
        }
        using (var submitted = await anna.PostAsJsonAsync($"/api/guides/{id}/review/submit", new { version }, ct))
        {
            Assert.True(submitted.StatusCode == HttpStatusCode.OK, $"Submit after restart: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync(ct)}");
        }
        using (var published = await carla.PostAsJsonAsync($"/api/guides/{id}/review/publish", new { version }, ct))
        {
            Assert.True(published.StatusCode == HttpStatusCode.OK, $"Publish after restart: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync(ct)}");
            ledger.AcknowledgedPublishes.Add((id, version));
        }
        Assert.Equal(Encoding.UTF8.GetBytes(text), await File.ReadAllBytesAsync(Path.Combine(contentPath, id + ".md"), ct));
    }

    /// <summary>Three experts in accounts.db before the server first starts (as <c>epss users add</c> and <c>epss users token</c> do).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> AddExpertsAsync(string dataPath, CancellationToken ct)
    {
        var store = await AccountStore.OpenAsync(new AccountsOptions { DataPath = dataPath }, null, null, ct);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { Anna, Bram, Carla })
        {
            await store.AddAsync(new NewAccount(name, null, [EpssRoles.Expert], TestUsers.Password), ct);
            tokens[name] = (await store.CreateTokenAsync(name, "kill-test", ct)).Token;
        }
        return tokens;
    }

    private static HttpClient Client(EpssServerProcess server, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = server.Address,
            Timeout = TimeSpan.FromSeconds(15),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Title(string id) => "Gids " + id.Replace('-', ' ');

    /// <summary>Every text sent, and what the server acknowledged, over all rounds.</summary>
    private sealed class Ledger
    {
        private readonly ConcurrentDictionary<(string GuideId, string Version), byte[]> _texts = new();

        public ConcurrentBag<(string GuideId, string Version)> AcknowledgedSaves { get; } = [];

        public ConcurrentBag<(string GuideId, string Version)> AcknowledgedPublishes { get; } = [];

        /// <summary>Publishes that got no answer: the kill may have come before, during or after the file was written.</summary>
        public ConcurrentDictionary<(string GuideId, string Version), byte> UnansweredPublishes { get; } = new();

        /// <summary>Keeps <paramref name="text"/> as the server would write it and returns its version.</summary>
        public string Sent(string guideId, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var version = GuideParser.VersionOf(bytes);
            _texts[(guideId, version)] = bytes;
            return version;
        }

        public bool TryTextOf(string guideId, string version, out byte[] text) => _texts.TryGetValue((guideId, version), out text!);

        public byte[] TextOf(string guideId, string version) => _texts[(guideId, version)];
    }

    /// <summary>One round's burst: workers that save, send for review and publish until the server dies under them.</summary>
    private sealed class Burst(int round, Ledger ledger)
    {
        private long _killedAt = long.MaxValue;
        private int _publishesOutstanding;

        /// <summary>The newest version of each guide as far as the workers know (shared, so they conflict now and then).</summary>
        public ConcurrentDictionary<string, string?> Heads { get; } = new(StringComparer.Ordinal);

        public BurstCounts Counts { get; } = new();

        /// <summary>Answers no request may get, and requests that failed before the kill.</summary>
        public ConcurrentQueue<string> Failures { get; } = new();

        private bool Killed => Interlocked.Read(ref _killedAt) != long.MaxValue;

        /// <summary>Whether a publish request was sent and not answered when <see cref="MarkKilled"/> was called.</summary>
        public bool PublishInFlight { get; private set; }

        /// <summary>Called just before the kill: every request that fails from now on was cut off by it.</summary>
        public void MarkKilled()
        {
            PublishInFlight = Volatile.Read(ref _publishesOutstanding) > 0;
            Interlocked.Exchange(ref _killedAt, Stopwatch.GetTimestamp());
        }

        /// <summary>Waits (spinning, for precision) until a publish request is sent and not yet answered, at most <paramref name="limit"/>.</summary>
        public async Task<TimeSpan> UntilPublishInFlightAsync(TimeSpan limit, CancellationToken ct)
        {
            var waited = Stopwatch.StartNew();
            while (Volatile.Read(ref _publishesOutstanding) == 0 && waited.Elapsed < limit)
            {
                ct.ThrowIfCancellationRequested();
                if (waited.ElapsedMilliseconds % 100 == 99)
                {
                    await Task.Yield();
                }
                Thread.SpinWait(20);
            }
            return waited.Elapsed;
        }

        public async Task WorkAsync(int worker, HttpClient author, HttpClient reviewer, CancellationToken ct)
        {
            for (var step = 1; !Killed; step++)
            {
                var id = GuideIds[(worker + step) % GuideIds.Length];
                // Texts of 1 to 40 kB, so that writing a publish's temporary file takes a while.
                var filler = string.Concat(Enumerable.Repeat("Controleer het document en vergelijk de pasfoto met de klant. ", (step * 37 + worker * 11) % 600));
                var text = GuideTexts.Valid(id, Title(id), $"ronde {round}, schrijver {worker}, stap {step}. {filler}");
                var version = ledger.Sent(id, text);

                var save = await SendAsync(author, HttpMethod.Put, $"/api/guides/{id}/source", new { text, baseVersion = Heads[id], note = $"stap {step}" }, ct);
                switch (save.Status)
                {
                    case HttpStatusCode.OK:
                        ledger.AcknowledgedSaves.Add((id, version));
                        Interlocked.Increment(ref Counts.SavesAcknowledged);
                        Heads[id] = version;
                        break;
                    case HttpStatusCode.Conflict:
                        // Another worker saved first: start from theirs.
                        Interlocked.Increment(ref Counts.SavesRefused);
                        Heads[id] = save.Body.GetProperty("theirs").GetProperty("version").GetString();
                        continue;
                    case null:
                        Interlocked.Increment(ref save.InFlight ? ref Counts.SavesInFlight : ref Counts.AfterKill);
                        return;
                    default:
                        Failures.Enqueue($"save {id} {version}: {(int)save.Status} {save.Body}");
                        return;
                }
                if (step % 2 != 0)
                {
                    continue;
                }

                var submit = await SendAsync(author, HttpMethod.Post, $"/api/guides/{id}/review/submit", new { version }, ct);
                switch (submit.Status)
                {
                    case HttpStatusCode.OK:
                        Interlocked.Increment(ref Counts.SubmitsAcknowledged);
                        break;
                    case HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound:
                        // Another worker saved or published meanwhile.
                        continue;
                    case null:
                        Interlocked.Increment(ref Counts.AfterKill);
                        return;
                    default:
                        Failures.Enqueue($"submit {id} {version}: {(int)submit.Status} {submit.Body}");
                        return;
                }

                Interlocked.Increment(ref _publishesOutstanding);
                var publishing = Stopwatch.StartNew();
                var publish = await SendAsync(reviewer, HttpMethod.Post, $"/api/guides/{id}/review/publish", new { version }, ct);
                Interlocked.Decrement(ref _publishesOutstanding);
                switch (publish.Status)
                {
                    case HttpStatusCode.OK:
                        ledger.AcknowledgedPublishes.Add((id, version));
                        Interlocked.Increment(ref Counts.PublishesAcknowledged);
                        Interlocked.Add(ref Counts.PublishMilliseconds, (int)publishing.ElapsedMilliseconds);
                        break;
                    case HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound:
                        // Another worker saved meanwhile (the head moved, or its author is the reviewer) or published its own version.
                        Interlocked.Increment(ref Counts.PublishesRefused);
                        break;
                    case null:
                        ledger.UnansweredPublishes[(id, version)] = 0;
                        Interlocked.Increment(ref publish.InFlight ? ref Counts.PublishesInFlight : ref Counts.AfterKill);
                        return;
                    default:
                        Failures.Enqueue($"publish {id} {version}: {(int)publish.Status} {publish.Body}");
                        return;
                }
            }
        }

        /// <summary>Sends a request; no status when no answer came (the server died), with whether it was sent before the kill.</summary>
        private async Task<Answer> SendAsync(HttpClient client, HttpMethod method, string url, object body, CancellationToken ct)
        {
            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
                using var response = await client.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
                return new Answer(response.StatusCode, document.RootElement.Clone(), InFlight: false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (!Killed)
                {
                    Failures.Enqueue($"{method} {url} failed before the kill: {e}");
                }
                return new Answer(null, default, InFlight: sentAt < Interlocked.Read(ref _killedAt));
            }
        }
    }

    private sealed record Answer(HttpStatusCode? Status, JsonElement Body, bool InFlight);

    /// <summary>What one round's workers got; fields so that they can be counted with <see cref="Interlocked"/>.</summary>
    private sealed class BurstCounts
    {
#pragma warning disable CA1051 // Counted with Interlocked.Increment, which needs the fields.
        public int SavesAcknowledged;
        public int SavesRefused;
        public int SavesInFlight;
        public int SubmitsAcknowledged;
        public int PublishesAcknowledged;
        public int PublishesRefused;
        public int PublishesInFlight;
        public int PublishMilliseconds;
        public int AfterKill;
#pragma warning restore CA1051

        public override string ToString() =>
            $"saves: {SavesAcknowledged} acknowledged, {SavesRefused} refused as conflicts, {SavesInFlight} in flight; " +
            $"{SubmitsAcknowledged} sent for review; publishes: {PublishesAcknowledged} acknowledged, {PublishesRefused} refused, " +
            $"{PublishesInFlight} in flight, {(PublishesAcknowledged == 0 ? 0 : PublishMilliseconds / PublishesAcknowledged)} ms each; " +
            $"{AfterKill} other requests cut off by the kill";
    }
}
