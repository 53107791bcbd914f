using System.Text;
using Epss.Testing;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>What is stored about an official is a pseudonym: their login, e-mail or name is nowhere in the database.</summary>
public sealed class PrivacyTests : IDisposable
{
    private const string Identity = "jan.jansen@gemeente.nl";

    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Database_after_events_and_flags_of_a_user_holds_no_trace_of_their_identity()
    {
        // A fixed key, so that the run is the same every time (a random pseudonym could contain "jan" by chance).
        File.WriteAllBytes(_data.FullPath(Pseudonymizer.KeyFileName), Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        var pseudonym = new Pseudonymizer(UsageTestData.Wrap(UsageTestData.Options(_data.Path)), _log.For<Pseudonymizer>()).Pseudonymize(Identity);
        var events = new[]
        {
            UsageTestData.GuideOpened(),
            UsageTestData.StepViewed(),
            UsageTestData.CheckTicked(),
            UsageTestData.DecisionTaken(),
            UsageTestData.Event(UsageEventTypes.GuideCompleted),
            UsageTestData.Event(UsageEventTypes.GuideAbandoned),
            UsageTestData.Search(),
        }.Select((e, i) => e with { Id = $"evt-{i:0000}", UserPseudonym = pseudonym }).ToArray();

        await using (var session = await RecorderSession.StartAsync(_data.Path, _log))
        {
            await session.RecordAsync(events);
            await session.Recorder.AddFlagAsync(UsageTestData.Flag(id: "melding-1", user: pseudonym), TestContext.Current.CancellationToken);

            // While running, the newest rows may still be in the WAL file: look there too.
            AssertNoTraceInFiles();
            using var connection = DirectSql.Open(session.Options.DatabasePath);
            var values = DirectSql.Strings(connection,
                "SELECT group_concat(coalesce(id,'') || '|' || coalesce(user_pseudonym,'') || '|' || coalesce(role,'') || '|' || coalesce(app,'') || '|' || " +
                "coalesce(run_id,'') || '|' || coalesce(query,''), '|') FROM usage_events " +
                "UNION ALL SELECT group_concat(id || '|' || user_pseudonym || '|' || text || '|' || coalesce(role,'') || '|' || coalesce(app,''), '|') FROM flags");
            Assert.Equal(2, values.Count);
            Assert.All(values, v => Assert.DoesNotContain("jan", v, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(pseudonym, values[0], StringComparison.Ordinal);
        }

        AssertNoTraceInFiles();
        // The check above reads real rows: the pseudonym is there, in the database file itself once it is closed.
        Assert.Contains(pseudonym, Encoding.Latin1.GetString(File.ReadAllBytes(_data.FullPath("usage.db"))), StringComparison.Ordinal);
        // Log lines hold temporary paths with random letters, so only the identity itself is looked for there.
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("jansen", StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose()
    {
        _log.Dispose();
        _data.Dispose();
    }

    private void AssertNoTraceInFiles()
    {
        var files = Directory.GetFiles(_data.Path, "usage.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            var lower = Encoding.Latin1.GetString(bytes).ToLowerInvariant();
            Assert.False(lower.Contains(Identity, StringComparison.Ordinal), $"{Path.GetFileName(file)} holds the identity");
            Assert.False(lower.Contains("jan", StringComparison.Ordinal), $"{Path.GetFileName(file)} holds \"jan\"");
        }
    }
}
