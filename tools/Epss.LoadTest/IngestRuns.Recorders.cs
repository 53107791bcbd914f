using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.LoadTest;

public static partial class IngestRuns
{
    /// <summary>
    /// The recording connections in a process of their own, as the browsers that send usage events are other machines:
    /// their JSON and their garbage collections then do not pause the connections that measure the <c>Search</c> round
    /// trip. Driven over its standard input and output: one <c>record</c> line, one JSON line of <see cref="Sending"/> back.
    /// </summary>
    private sealed class RecorderProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private RecorderProcess(Process process) => _process = process;

        public int ProcessId => _process.Id;

        public static async Task<RecorderProcess> StartAsync(Uri server, string contentPath, int recorders, int batch, TimeSpan period, CancellationToken cancellationToken)
        {
            var tool = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("The load tool's assembly has no location.");
            var start = new ProcessStartInfo("dotnet", [
                tool, "recorders", "--address", server.ToString(), "--content", contentPath,
                "--recorders", recorders.ToString(CultureInfo.InvariantCulture), "--batch", batch.ToString(CultureInfo.InvariantCulture),
                "--period-us", ((long)(period.TotalMilliseconds * 1000)).ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the recorders' process.");
            var running = new RecorderProcess(process);
            var ready = await process.StandardOutput.ReadLineAsync(cancellationToken);
            if (ready != "ready")
            {
                await running.DisposeAsync();
                throw new InvalidOperationException($"The recorders' process did not connect: {ready ?? "(it stopped)"}");
            }
            return running;
        }

        /// <summary>Every recorder sending on its schedule for <paramref name="warmUp"/> (not counted in the window) and <paramref name="duration"/>.</summary>
        public async Task<Sending> RecordAsync(string runPrefix, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
        {
            await _process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"record {runPrefix} {(long)warmUp.TotalMilliseconds} {(long)duration.TotalMilliseconds}").AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
            var answer = await _process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException("The recorders' process stopped during a window.");
            return JsonSerializer.Deserialize<Sending>(answer) ?? throw new InvalidOperationException("The recorders' process answered null.");
        }

        public async ValueTask DisposeAsync()
        {
            // Its input closed, the process disconnects its recorders and ends.
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }

    /// <summary>
    /// The recorders' process (the load tool's hidden <c>recorders</c> command): connects, says <c>ready</c>, then answers
    /// each <c>record PREFIX WARMUP-MS DURATION-MS</c> line with the sending's figures, until its input closes.
    /// </summary>
    public static async Task<int> ServeRecordersAsync(TextReader input, TextWriter output, Uri server, string contentPath, int recorders, int batch, TimeSpan period, CancellationToken cancellationToken)
    {
        var guides = GuideWalk.Read(contentPath);
        // As the panel's TypeScript does, fields without a value are left out rather than sent as null.
        var recording = await LoadRuns.ConnectAsync(server, recorders, cancellationToken, "ingest",
            builder => builder.AddJsonProtocol(o => o.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull));
        try
        {
            await LoadRuns.ForEachAsync(recording, c => c.InvokeAsync<JsonElement>(
                "SetContext", new { url = "https://burgerzaken.example/aanvraag", title = "Aanvraag reisdocument", app = "Burgerzaken", role = "baliemedewerker" }, cancellationToken));
            await output.WriteLineAsync("ready");
            await output.FlushAsync(cancellationToken);
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                var parts = line.Split(' ');
                if (parts is not ["record", var prefix, var warmUp, var duration])
                {
                    throw new InvalidOperationException($"The recorders' process does not know \"{line}\".");
                }
                var sending = await RecordAsync(recording, guides, prefix, batch, period,
                    TimeSpan.FromMilliseconds(long.Parse(warmUp, CultureInfo.InvariantCulture)),
                    TimeSpan.FromMilliseconds(long.Parse(duration, CultureInfo.InvariantCulture)), cancellationToken);
                await output.WriteLineAsync(JsonSerializer.Serialize(sending));
                await output.FlushAsync(cancellationToken);
            }
            return 0;
        }
        finally
        {
            await LoadRuns.DisposeAllAsync(recording);
        }
    }
}
