using System.Text;
using Epss.Search.Tests.Support;
using Epss.Testing;

namespace Epss.Search.Tests;

/// <summary>
/// Recent results are answered from a cache that belongs to one state of the index and one synonym list: the same
/// search is not run twice, and a saved guide is never answered from before the save.
/// </summary>
public sealed class SearchCacheTests : IDisposable
{
    private readonly TempContentFolder _content = new();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Search_the_same_text_for_the_same_page_twice_is_answered_from_the_cache()
    {
        _content.WithSampleContent();
        using var session = await SearchSession.StartAsync(_content, _data, _log);
        var page = new PageContext("https://bz.example/reisdocument/aanvragen", "Reisdocument aanvragen", "burgerzaken");

        var first = session.Find("paspoort kwijt ", context: page);
        var again = session.Find("paspoort kwijt ", context: page with { });
        var otherPage = session.Find("paspoort kwijt ", context: page with { Url = "https://bz.example/vermissing" });
        var typing = session.Find("paspoort kwijt", context: page);

        Assert.NotEmpty(first.Hits);
        Assert.Same(first, again);
        Assert.NotSame(first, otherPage);
        Assert.NotSame(first, typing);
    }

    [Fact]
    public async Task Search_without_a_cache_runs_every_time_with_the_same_answer()
    {
        _content.WithSampleContent();
        using var session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, searchCacheSize: 0);

        var first = session.Find("vingerafdrukken ");
        var again = session.Find("vingerafdrukken ");

        Assert.NotSame(first, again);
        Assert.Equal(first.Hits, again.Hits);
    }

    [Fact]
    public async Task Search_after_a_guide_is_saved_is_not_answered_from_before_the_save()
    {
        _content.WithSampleContent();
        using var session = await SearchSession.StartAsync(_content, _data, _log, watch: true);
        using var changes = new ChangeRecorder(session.Library);
        Assert.Equal("spoedaanvraag", session.Find("sluitingstijd").Hits[0].Id);

        var text = File.ReadAllText(_content.FullPath("spoedaanvraag.md")).Replace("sluitingstijd", "veerboottijd", StringComparison.OrdinalIgnoreCase);
        var bytes = Encoding.UTF8.GetBytes(text);
        _content.WriteBytes("spoedaanvraag.md", bytes);
        await changes.WaitForVersionAsync("spoedaanvraag", bytes);

        Assert.DoesNotContain("spoedaanvraag", session.Ids("sluitingstijd"));
        Assert.Equal("spoedaanvraag", session.Find("veerboottijd").Hits[0].Id);
    }

    [Fact]
    public async Task Search_with_a_small_cache_keeps_answering_when_it_overflows()
    {
        _content.WithSampleContent();
        using var session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, searchCacheSize: 2);
        string[] queries = ["pasfoto ", "spoed ", "vingerafdrukken ", "signalering ", "pasfoto "];

        var answers = queries.Select(q => session.Find(q)).ToList();

        Assert.All(answers, a => Assert.NotEmpty(a.Hits));
        Assert.Equal(answers[0].Hits, answers[4].Hits);
    }

    public void Dispose()
    {
        _log.Dispose();
        _data.Dispose();
        _content.Dispose();
    }
}
