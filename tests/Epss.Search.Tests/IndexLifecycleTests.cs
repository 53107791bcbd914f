using Epss.Search.Tests.Support;
using Epss.Testing;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;

namespace Epss.Search.Tests;

/// <summary>
/// The index on disk: built at start, reopened without re-indexing what did not change, rebuilt when it was made
/// by another schema or is damaged, and never shared by two servers.
/// </summary>
public sealed class IndexLifecycleTests : IDisposable
{
    private const int IndexOpened = 2000;
    private const int IndexRecreated = 2001;

    private readonly TempContentFolder _content = new();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Initialize_builds_the_index_on_disk_and_reports_what_it_did()
    {
        WriteThreeGuides();

        using var session = await StartAsync();

        Assert.True(session.Search.IsReady);
        Assert.Equal((3, 3, 0), (session.Initial.GuideCount, session.Initial.Updated, session.Initial.Removed));
        Assert.Equal(_data.FullPath("index"), session.Search.Index.Location);
        Assert.NotEmpty(System.IO.Directory.GetFiles(_data.FullPath("index"), "segments_*"));
        Assert.Equal(DocumentsFor(session), session.Search.Index.Search(s => s.IndexReader.NumDocs));
        Assert.Contains(_log.Entries, e => e.EventId.Id == IndexOpened && e.Message.Contains("3 guides (3 updated, 0 removed)", StringComparison.Ordinal));
        Assert.Equal(["alfa"], session.Ids("appelboom"));
    }

    [Fact]
    public async Task Search_before_initialize_is_refused_with_a_clear_message()
    {
        WriteThreeGuides();
        using var session = await StartAsync();
        using var notReady = new GuideSearch(Microsoft.Extensions.Options.Options.Create(new SearchOptions { DataPath = _data.FullPath("ander") }),
            session.Library, _log.For<GuideSearch>());

        Assert.False(notReady.IsReady);
        var error = Assert.Throws<InvalidOperationException>(() => notReady.Search(new SearchRequest("appelboom")));
        Assert.Equal("De zoekindex is nog niet klaar.", error.Message);
        Assert.Throws<InvalidOperationException>(() => notReady.Index);
    }

    [Fact]
    public async Task Synchronize_with_a_snapshot_older_than_the_applied_change_changes_nothing()
    {
        _content.AddGuide(Guides.Simple("wisselend", "Wisselend", "Het wachtwoord is alfaklok."));
        using var session = await StartAsync();
        var old = session.Library.Current;
        _content.AddGuide(Guides.Simple("wisselend", "Wisselend", "Het wachtwoord is bravoklok."));
        session.Library.Refresh(["wisselend.md"]);

        var result = session.Search.Index.Synchronize(old);

        Assert.Equal(0, result.Updated);
        Assert.Equal(["wisselend"], session.Ids("bravoklok"));
        Assert.Empty(session.Ids("alfaklok"));
    }

    [Fact]
    public async Task Reopen_with_unchanged_content_reindexes_nothing()
    {
        WriteThreeGuides();
        using (await StartAsync())
        {
        }

        using var reopened = await StartAsync();

        Assert.Equal((3, 0, 0), (reopened.Initial.GuideCount, reopened.Initial.Updated, reopened.Initial.Removed));
        Assert.Equal(DocumentsFor(reopened), reopened.Search.Index.Search(s => s.IndexReader.NumDocs));
        Assert.Equal(["alfa"], reopened.Ids("appelboom"));
        Assert.Equal(["bravo"], reopened.Ids("boterham"));
    }

    [Fact]
    public async Task Reopen_after_one_file_changed_reindexes_only_that_guide()
    {
        WriteThreeGuides();
        using (await StartAsync())
        {
        }
        _content.AddGuide(Guides.Simple("bravo", "Bravo", "Smeer een krentenbol."));

        using var reopened = await StartAsync();

        Assert.Equal((3, 1, 0), (reopened.Initial.GuideCount, reopened.Initial.Updated, reopened.Initial.Removed));
        Assert.Equal(["bravo"], reopened.Ids("krentenbol"));
        Assert.Empty(reopened.Ids("boterham"));
        Assert.Equal(["alfa"], reopened.Ids("appelboom"));
        Assert.Equal(DocumentsFor(reopened), reopened.Search.Index.Search(s => s.IndexReader.NumDocs));
    }

    [Fact]
    public async Task Reopen_after_a_guide_was_removed_and_one_added_removes_and_adds_them()
    {
        WriteThreeGuides();
        using (await StartAsync())
        {
        }
        _content.Delete("charlie.md");
        _content.AddGuide(Guides.Simple("delta", "Delta", "Drink een dadelshake."));

        using var reopened = await StartAsync();

        Assert.Equal((3, 1, 1), (reopened.Initial.GuideCount, reopened.Initial.Updated, reopened.Initial.Removed));
        Assert.Empty(reopened.Ids("citroen"));
        Assert.Equal(["delta"], reopened.Ids("dadelshake"));
        Assert.Equal(DocumentsFor(reopened), reopened.Search.Index.Search(s => s.IndexReader.NumDocs));
    }

    [Fact]
    public async Task Reopen_after_a_change_while_running_finds_it_on_disk()
    {
        WriteThreeGuides();
        using (var first = await StartAsync())
        {
            _content.AddGuide(Guides.Simple("bravo", "Bravo", "Smeer een krentenbol."));
            var change = first.Library.Refresh(["bravo.md"]);
            Assert.Equal(["bravo"], change.Upserted.Select(g => g.Id));
            Assert.Equal(["bravo"], first.Ids("krentenbol"));
        }

        using var reopened = await StartAsync();

        Assert.Equal(0, reopened.Initial.Updated);
        Assert.Equal(["bravo"], reopened.Ids("krentenbol"));
    }

    [Theory]
    [InlineData("epss-guides-1")]
    [InlineData(null)]
    public async Task Reopen_index_made_by_another_schema_rebuilds_it_with_a_warning(string? schema)
    {
        WriteThreeGuides();
        WriteForeignIndex(schema);

        using var session = await StartAsync();

        Assert.Equal((3, 3, 0), (session.Initial.GuideCount, session.Initial.Updated, session.Initial.Removed));
        var warning = Assert.Single(_log.Entries, e => e.EventId.Id == IndexRecreated);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(_data.FullPath("index"), warning.Message, StringComparison.Ordinal);
        // The foreign document is gone with the old index.
        Assert.Equal(DocumentsFor(session), session.Search.Index.Search(s => s.IndexReader.NumDocs));
        Assert.Equal(["alfa"], session.Ids("appelboom"));

        session.Dispose();
        using var reopened = await StartAsync();
        Assert.Equal(0, reopened.Initial.Updated);
        Assert.Single(_log.Entries, e => e.EventId.Id == IndexRecreated);
    }

    [Theory]
    [InlineData("segments_1")]
    [InlineData("segments_5")]
    public async Task Reopen_damaged_index_rebuilds_it_with_a_warning(string segmentsFile)
    {
        WriteThreeGuides();
        System.IO.Directory.CreateDirectory(_data.FullPath("index"));
        File.WriteAllText(Path.Combine(_data.FullPath("index"), segmentsFile), "dit is geen lucene-index");
        File.WriteAllBytes(Path.Combine(_data.FullPath("index"), "_0.cfs"), [1, 2, 3, 4, 5, 6, 7, 8]);

        using var session = await StartAsync();

        Assert.Equal((3, 3, 0), (session.Initial.GuideCount, session.Initial.Updated, session.Initial.Removed));
        Assert.Contains(_log.Entries, e => e.EventId.Id == IndexRecreated && e.Level == LogLevel.Warning);
        Assert.Equal(["alfa"], session.Ids("appelboom"));
    }

    [Fact]
    public async Task Reopen_index_with_damaged_segment_files_rebuilds_it_with_a_warning()
    {
        WriteThreeGuides();
        using (await StartAsync())
        {
        }
        foreach (var file in System.IO.Directory.GetFiles(_data.FullPath("index")).Where(f => !Path.GetFileName(f).StartsWith("segments", StringComparison.Ordinal) && !f.EndsWith("write.lock", StringComparison.Ordinal)))
        {
            File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8]);
        }

        using var session = await StartAsync();

        Assert.Equal((3, 3, 0), (session.Initial.GuideCount, session.Initial.Updated, session.Initial.Removed));
        Assert.Contains(_log.Entries, e => e.EventId.Id == IndexRecreated && e.Level == LogLevel.Warning);
        Assert.Equal(["alfa"], session.Ids("appelboom"));
    }

    [Fact]
    public async Task Open_the_same_data_folder_twice_is_refused_with_a_clear_message()
    {
        WriteThreeGuides();
        using var first = await StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());

        Assert.Contains("Epss:DataPath", error.Message, StringComparison.Ordinal);
        Assert.Contains(_data.FullPath("index"), error.Message, StringComparison.Ordinal);
        Assert.Contains("in gebruik", error.Message, StringComparison.Ordinal);
        // The first keeps working.
        Assert.Equal(["alfa"], first.Ids("appelboom"));
    }

    [Fact]
    public async Task Open_the_data_folder_again_after_the_first_is_disposed_works()
    {
        WriteThreeGuides();
        var first = await StartAsync();
        first.Dispose();

        using var second = await StartAsync();

        Assert.Equal(["alfa"], second.Ids("appelboom"));
    }

    [Fact]
    public async Task Initialize_with_an_index_in_memory_writes_nothing_to_disk()
    {
        WriteThreeGuides();

        using var session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, inMemory: true);

        Assert.Equal("(in memory)", session.Search.Index.Location);
        Assert.Equal(3, session.Initial.Updated);
        Assert.Equal(["alfa"], session.Ids("appelboom"));
        Assert.False(System.IO.Directory.Exists(_data.FullPath("index")));
    }

    public void Dispose()
    {
        _data.Dispose();
        _content.Dispose();
        _log.Dispose();
    }

    private Task<SearchSession> StartAsync() => SearchSession.StartAsync(_content, _data, _log);

    private void WriteThreeGuides()
    {
        _content.AddGuide(Guides.Simple("alfa", "Alfa", "Plant een appelboom."));
        _content.AddGuide(Guides.Simple("bravo", "Bravo", "Smeer een boterham."));
        _content.AddGuide(Guides.Simple("charlie", "Charlie", "Pers een citroen."));
    }

    /// <summary>One index document per guide and one per step.</summary>
    private static int DocumentsFor(SearchSession session) =>
        session.Library.Current.Guides.Values.Sum(g => 1 + g.Steps.Length);

    /// <summary>An index in the data folder as an older Epss (or another program) would have left it.</summary>
    private void WriteForeignIndex(string? schema)
    {
        using var directory = FSDirectory.Open(_data.FullPath("index"));
        using var analyzer = Analysis.GuideAnalyzer.Create();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(Analysis.GuideAnalyzer.Version, analyzer));
        writer.AddDocument([new StringField("guide", "spook", Field.Store.YES), new TextField("title", "Spookgids", Field.Store.YES)]);
        if (schema is not null)
        {
            writer.SetCommitData(new Dictionary<string, string> { ["epss.schema"] = schema });
        }
        writer.Commit();
    }
}
