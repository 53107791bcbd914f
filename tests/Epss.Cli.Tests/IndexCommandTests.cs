using System.Text.RegularExpressions;
using Epss.Cli.Tests.Support;
using Epss.Testing;

namespace Epss.Cli.Tests;

/// <summary><c>epss index --content … --data …</c>: builds the server's index offline and re-indexes only what changed.</summary>
public sealed partial class IndexCommandTests : IDisposable
{
    private readonly TempContentFolder _content = new TempContentFolder().WithSampleContent();
    private readonly TempDataFolder _data = new();

    [Fact]
    public void Index_first_run_creates_index_files_for_every_guide()
    {
        var result = Index();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal((EpssCli.SampleGuideCount, EpssCli.SampleGuideCount, 0), Counts(result));
        Assert.NotEmpty(Directory.EnumerateFiles(_data.FullPath("index")));
        Assert.Contains(_data.FullPath("index"), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_second_run_without_changes_updates_nothing()
    {
        Index();

        var result = Index();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal((EpssCli.SampleGuideCount, 0, 0), Counts(result));
    }

    [Fact]
    public void Index_after_changing_one_guide_updates_that_one()
    {
        Index();
        File.AppendAllText(_content.FullPath("paspoort-aanvragen.md"), "\nEen extra zin over de kwartelkoning.\n");

        var result = Index();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal((EpssCli.SampleGuideCount, 1, 0), Counts(result));
    }

    [Fact]
    public void Index_after_deleting_one_guide_removes_it()
    {
        _content.Write("extra-gids.md", GuideTexts.Valid("extra-gids", "Extra gids", "kievit"));
        Assert.Equal((EpssCli.SampleGuideCount + 1, EpssCli.SampleGuideCount + 1, 0), Counts(Index()));
        _content.Delete("extra-gids.md");

        var result = Index();

        Assert.Equal((EpssCli.SampleGuideCount, 0, 1), Counts(result));
    }

    [Fact]
    public void Index_rebuild_reindexes_every_guide()
    {
        Index();

        var result = Index("--rebuild");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal((EpssCli.SampleGuideCount, EpssCli.SampleGuideCount, 0), Counts(result));
    }

    [Fact]
    public void Index_built_offline_is_used_by_search_with_data()
    {
        Index();

        var result = EpssCli.Run("search", "vingerafdruken", "--content", _content.Path, "--data", _data.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[vingerafdrukken-afnemen]", result.HitLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Index_content_with_errors_indexes_the_good_guides_and_exits_1()
    {
        _content.Write("gids-met-fout.md", GuideTexts.WithStepWithoutId("gids-met-fout"));

        var result = Index();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal((EpssCli.SampleGuideCount, EpssCli.SampleGuideCount, 0), Counts(result));
        Assert.Contains("fout", result.Error, StringComparison.Ordinal);
        Assert.Contains("epss lint", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_without_data_exits_2_and_shows_usage()
    {
        var result = EpssCli.Run("index", "--content", _content.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--data", result.Error, StringComparison.Ordinal);
        Assert.Contains("De datamap van de server", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_data.FullPath("index")));
    }

    [Fact]
    public void Index_nonexistent_content_folder_exits_2()
    {
        var result = EpssCli.Run("index", "--content", _content.FullPath("bestaat-niet"), "--data", _data.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bestaat niet", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _content.Dispose();
        _data.Dispose();
    }

    private CliResult Index(params string[] extra) =>
        EpssCli.Run(["index", "--content", _content.Path, "--data", _data.Path, .. extra]);

    private static (int Guides, int Updated, int Removed) Counts(CliResult result)
    {
        var match = Summary().Match(result.Output);
        Assert.True(match.Success, result.ToString());
        return (int.Parse(match.Groups["guides"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups["updated"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups["removed"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(?<guides>\d+) gidsen, (?<updated>\d+) bijgewerkt, (?<removed>\d+) verwijderd")]
    private static partial Regex Summary();
}
