using Epss.Search.Tests.Support;
using Epss.Testing;

namespace Epss.Search.Tests;

/// <summary>Many officials search at once while experts save guides: no search fails or sees a half-applied guide.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempContentFolder _content = new();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Search_in_parallel_with_guide_updates_never_fails_and_sees_whole_versions()
    {
        _content.WithSampleContent();
        var alfa = Guides.Simple("wisselend", "Wisselend", "Het wachtwoord is alfaklok.");
        var bravo = Guides.Simple("wisselend", "Wisselend", "Het wachtwoord is bravoklok.");
        _content.AddGuide(alfa);
        using var session = await SearchSession.StartAsync(_content, _data, _log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var searches = 0;
        var page = new PageContext("https://bz/reisdocument/aanvragen", "Reisdocument aanvragen", "burgerzaken");

        var readers = Enumerable.Range(0, Math.Max(4, Environment.ProcessorCount * 2)).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal("vingerafdrukken-afnemen", session.Find("vingerafdrukken", context: page).Hits[0].Id);
                Assert.Equal("vermissing-melden", session.Find("paspoot kwjit").Hits[0].Id);
                Assert.NotEmpty(session.Find("vi").Hits);
                foreach (var word in (string[])["alfaklok", "bravoklok"])
                {
                    // Either version may be current, but a hit is always one whole version: its snippet is the text that matched.
                    var result = session.Find(word + " ");
                    Assert.InRange(result.Total, 0, 1);
                    if (result.Hits is [var hit])
                    {
                        Assert.Equal(("wisselend", "begin"), (hit.Id, hit.StepId));
                        Assert.Equal($"Het wachtwoord is <mark>{word}</mark>.", hit.Snippet);
                    }
                }
                Assert.Contains(session.Search.Suggest(page, 50), s => s.Id == "vingerafdrukken-afnemen");
                Interlocked.Increment(ref searches);
            }
        }, TestContext.Current.CancellationToken)).ToList();

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 150; i++)
            {
                var (text, now, before) = i % 2 == 0 ? (bravo, "bravoklok", "alfaklok") : (alfa, "alfaklok", "bravoklok");
                _content.AddGuide(text);

                var change = session.Library.Refresh(["wisselend.md"]);

                Assert.Equal(["wisselend"], change.Upserted.Select(g => g.Id));
                // Searchable as soon as the change has been applied.
                Assert.Equal(["wisselend"], session.Ids(now + " "));
                Assert.Empty(session.Ids(before + " "));
            }
        }, TestContext.Current.CancellationToken);
        try
        {
            await writer;
        }
        finally
        {
            await stop.CancelAsync();
        }
        await Task.WhenAll(readers);

        Assert.True(searches > 0);
        Assert.Equal("vingerafdrukken-afnemen", session.Find("vingerafdrukken").Hits[0].Id);
    }

    [Fact]
    public async Task Search_in_parallel_from_many_threads_gives_the_same_answer_as_alone()
    {
        _content.WithSampleContent();
        using var session = await SearchSession.StartAsync(_content, _data, _log);
        string[] queries = ["paspoort kwijt", "vinge", "look-alike", "C5", "rijbewys", "spoed", "toestemming ouders", "pa"];
        var expected = queries.ToDictionary(q => q, q => session.Find(q).Hits);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                var query = queries[(t + i) % queries.Length];
                Assert.Equal(expected[query], session.Find(query).Hits);
            }
        }, TestContext.Current.CancellationToken)));
    }

    public void Dispose()
    {
        _data.Dispose();
        _content.Dispose();
        _log.Dispose();
    }
}
