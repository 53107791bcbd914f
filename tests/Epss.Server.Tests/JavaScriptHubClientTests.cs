using System.Diagnostics;
using Epss.Server.Tests.Support;
using Epss.Testing;

namespace Epss.Server.Tests;

/// <summary>The hub as the panel meets it: the real @microsoft/signalr JavaScript client, run by Node.</summary>
public sealed class JavaScriptHubClientTests
{
    [Fact]
    public async Task JavaScript_client_searches_opens_records_flags_and_receives_the_update()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), ct);
        var script = Path.Combine(RepositoryRoot.Path, "tests", "Epss.Server.Tests", "js", "hub-client.mjs");
        using var node = Process.Start(new ProcessStartInfo("node", [script, server.Client.BaseAddress!.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        })!;
        var errors = node.StandardError.ReadToEndAsync(ct);
        try
        {
            var ready = await node.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), ct);
            // The script's errors are read only on failure: reading them waits for the script to end.
            if (ready != "READY")
            {
                Assert.Fail($"The script said '{ready}' instead of READY: {await errors}");
            }

            var path = server.Content.FullPath("pasfoto-beoordelen.md");
            await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path, ct)).Replace("Gebruik dit als", "Gebruik dit (nieuw) als", StringComparison.Ordinal), ct);
            var updated = await node.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), ct);
            await node.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

            if (updated?.StartsWith("UPDATED ", StringComparison.Ordinal) != true || node.ExitCode != 0)
            {
                Assert.Fail($"The script said '{updated}' and exited with {node.ExitCode}: {await errors}");
            }
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }
}
