using Epss.Cli.Tests.Support;
using Epss.Testing;

namespace Epss.Cli.Tests;

/// <summary><c>epss search "query"</c>: the ranked hits as the panel would get them, on a copy of the sample content.</summary>
public sealed class SearchCommandTests : IDisposable
{
    private readonly TempContentFolder _content = new TempContentFolder().WithSampleContent();

    [Fact]
    public void Search_typo_prints_the_guide_first_with_marked_words()
    {
        var result = EpssCli.Run("search", "vingerafdruken", "--content", _content.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[vingerafdrukken-afnemen]", result.HitLines[0], StringComparison.Ordinal);
        Assert.Contains("*vingerafdrukken*", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("paspoort kwijt", "vermissing-melden")]
    [InlineData("id-kaart", "identiteitskaart-aanvragen")]
    public void Search_words_people_use_print_the_right_guide_first(string query, string expected)
    {
        var result = EpssCli.Run("search", query, "-c", _content.Path);

        Assert.Contains($"[{expected}]", result.HitLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Search_hit_on_a_step_names_guide_and_step()
    {
        var result = EpssCli.Run("search", "vingerafdruken", "--content", _content.Path);

        Assert.Contains(result.HitLines, l => l.Contains("[identiteitskaart-aanvragen#vingerafdrukken]", StringComparison.Ordinal));
        Assert.Contains("stap: Vingerafdrukken afnemen", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_limit_prints_that_many_hits()
    {
        var result = EpssCli.Run("search", "paspoort", "--content", _content.Path, "--limit", "2");

        Assert.Equal(2, result.HitLines.Length);
        Assert.StartsWith("1. ", result.HitLines[0], StringComparison.Ordinal);
        Assert.StartsWith("2. ", result.HitLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Search_url_of_the_page_lifts_the_guide_made_for_it()
    {
        var plain = EpssCli.Run("search", "identiteit vaststellen", "--content", _content.Path);
        var onPage = EpssCli.Run("search", "identiteit vaststellen", "--content", _content.Path, "--url", "https://gemeente.example/reisdocument/uitreiken/7");

        Assert.Contains("[identiteit-vaststellen-aanvraag]", plain.HitLines[0], StringComparison.Ordinal);
        Assert.Contains("[identiteit-vaststellen-uitreiking]", onPage.HitLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Search_gibberish_prints_niets_gevonden_and_exits_0()
    {
        var result = EpssCli.Run("search", "xqzwv plorkt", "--content", _content.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Niets gevonden voor \"xqzwv plorkt\".", Assert.Single(result.OutputLines));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("-3")]
    [InlineData("abc")]
    public void Search_invalid_limit_exits_2(string limit)
    {
        var result = EpssCli.Run("search", "paspoort", "--content", _content.Path, "--limit", limit);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(result.HitLines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Search_empty_query_exits_2_with_a_dutch_message(string query)
    {
        var result = EpssCli.Run("search", query, "--content", _content.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Geef een zoekvraag", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_nonexistent_content_folder_exits_2()
    {
        var result = EpssCli.Run("search", "paspoort", "--content", Path.Combine(_content.Path, "bestaat-niet"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bestaat niet", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _content.Dispose();
}
