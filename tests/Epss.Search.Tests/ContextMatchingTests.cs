using Epss.Search.Context;
using Epss.Search.Tests.Support;
using Epss.Testing;

namespace Epss.Search.Tests;

/// <summary>
/// Which guides fit the page an official is on (<see cref="GuideSearch.Suggest"/>): URL patterns, page-title
/// keywords, application names, their order, and input built to hurt.
/// </summary>
public sealed class ContextMatchingTests : IDisposable
{
    private readonly TempContentFolder _content = new();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Theory]
    [InlineData("*/reisdocument/aanvragen*", "https://bz.gemeente.nl/reisdocument/aanvragen", true)]
    [InlineData("*/reisdocument/aanvragen*", "https://bz.gemeente.nl/reisdocument/aanvragen?bsn=123&stap=2#foto", true)]
    [InlineData("*/reisdocument/aanvragen*", "https://bz.gemeente.nl/reisdocument/aanvragen/nieuw", true)]
    [InlineData("*/reisdocument/aanvragen*", "HTTPS://BZ.GEMEENTE.NL/Reisdocument/AANVRAGEN", true)]
    [InlineData("*/REISDOCUMENT/aanvragen*", "https://bz.gemeente.nl/reisdocument/aanvragen", true)]
    // '*' stands for any run of characters, so a trailing '*' also takes a longer last word.
    [InlineData("*/reisdocument/aanvragen*", "https://bz.gemeente.nl/reisdocument/aanvragenX", true)]
    [InlineData("*/reisdocument/aanvragen*", "https://bz.gemeente.nl/reisdocument/uitreiken", false)]
    [InlineData("*/reisdocument/aanvragen*", "https://bz.gemeente.nl/reisdocument", false)]
    [InlineData("*/reisdocument/aanvragen*", "https://bz.gemeente.nl/reisdocumentaanvragen", false)]
    [InlineData("*/reisdocument/aanvragen*", "", false)]
    // Without a trailing '*' the pattern must reach the end of the address.
    [InlineData("*/reisdocument/aanvragen", "https://bz.gemeente.nl/reisdocument/aanvragen", true)]
    [InlineData("*/reisdocument/aanvragen", "https://bz.gemeente.nl/reisdocument/aanvragen?bsn=1", false)]
    // Without a leading '*' it must match from the start.
    [InlineData("https://bz.gemeente.nl/*", "https://bz.gemeente.nl/klanten", true)]
    [InlineData("https://bz.gemeente.nl/*", "http://bz.gemeente.nl/klanten", false)]
    [InlineData("https://bz.gemeente.nl/*", "https://evil.example/?https://bz.gemeente.nl/", false)]
    // Everything but '*' is literal: '.', '?' and '[' are not wildcards or classes.
    [InlineData("*.gemeente.nl/*", "https://bzXgemeenteXnl/", false)]
    [InlineData("*/aanvragen?stap=2*", "https://bz/aanvragen?stap=2&x=1", true)]
    [InlineData("*/aanvragen?stap=2*", "https://bz/aanvragenXstap=2", false)]
    [InlineData("*/[a-z]/*", "https://bz/[a-z]/x", true)]
    [InlineData("*/[a-z]/*", "https://bz/b/x", false)]
    [InlineData("*/a*b*c", "https://x/a1b2c", true)]
    [InlineData("*/a*b*c", "https://x/a1b2c3", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "https://x", true)]
    [InlineData("**", "https://x", true)]
    public void UrlPattern_matches_by_glob_rules(string pattern, string url, bool expected)
    {
        Assert.Equal(expected, UrlPattern.IsMatch(pattern, url));
    }

    [Fact]
    public void UrlPattern_with_more_literal_characters_is_more_specific()
    {
        Assert.True(UrlPattern.Specificity("*/reisdocument/aanvragen*") > UrlPattern.Specificity("*/reisdocument*"));
        Assert.Equal(0, UrlPattern.Specificity("**"));
    }

    [Fact(Timeout = 30_000)]
    public async Task UrlPattern_hostile_input_is_answered_without_backtracking_blow_up()
    {
        var stars = "*" + string.Concat(Enumerable.Repeat("a*", 40)) + "b";
        var url = string.Concat(Enumerable.Repeat("a*", 1000));
        var allA = new string('a', 2000);

        // Each call compares at most pattern × text characters; a backtracking matcher would not finish these.
        for (var i = 0; i < 20; i++)
        {
            Assert.False(UrlPattern.IsMatch(stars, url));
            Assert.False(UrlPattern.IsMatch(stars, allA));
            Assert.True(UrlPattern.IsMatch(stars, allA + "b"));
            Assert.False(UrlPattern.IsMatch("*/reisdocument/aanvragen*", url));
        }
        await Task.CompletedTask;
    }

    [Fact(Timeout = 30_000)]
    public async Task Suggest_hostile_url_and_title_against_sample_guides_completes_and_suggests_nothing()
    {
        _content.WithSampleContent();
        using var session = await StartAsync();
        var url = string.Concat(Enumerable.Repeat("*a", PageContext.MaximumUrlLength / 2));
        var title = string.Concat(Enumerable.Repeat("*a", PageContext.MaximumTitleLength / 2));

        for (var i = 0; i < 20; i++)
        {
            Assert.Empty(session.Search.Suggest(new PageContext(url, title, "burgerzaken")));
        }
    }

    [Fact]
    public async Task Suggest_url_that_fits_a_pattern_suggests_the_guide_for_this_page()
    {
        _content.AddGuide(Guides.Simple("foto-uploaden", "Foto uploaden", context: "context:\n  urls: [\"*/reisdocument/aanvragen*\"]"));
        _content.AddGuide(Guides.Simple("ander-scherm", "Ander scherm", context: "context:\n  urls: [\"*/reisdocument/uitreiken*\"]"));
        using var session = await StartAsync();

        var suggestion = Assert.Single(session.Search.Suggest(new PageContext("https://bz.gemeente.nl/Reisdocument/Aanvragen?bsn=1#foto", null, null)));

        Assert.Equal("foto-uploaden", suggestion.Id);
        Assert.Equal("Foto uploaden", suggestion.Title);
        Assert.Equal("Een gids voor de test.", suggestion.Summary);
        Assert.Equal(ContextMatcher.ReasonPage, suggestion.Reason);
        Assert.Equal("past bij deze pagina", suggestion.Reason);
        Assert.True(suggestion.Score > 0);
    }

    [Theory]
    [InlineData("Vermissing melden")]
    [InlineData("Burgerzaken - VERMISSING MELDEN (stap 2)")]
    [InlineData("Vermissing méldén")]
    public async Task Suggest_page_title_with_a_keyword_suggests_the_guide_for_the_title(string pageTitle)
    {
        _content.AddGuide(Guides.Simple("vermissing", "Vermissing", context: "context:\n  titles: [Vermissing melden]"));
        _content.AddGuide(Guides.Simple("ander", "Ander", context: "context:\n  titles: [Uitreiken]"));
        using var session = await StartAsync();

        var suggestion = Assert.Single(session.Search.Suggest(new PageContext("https://bz.gemeente.nl/onbekend", pageTitle, null)));

        Assert.Equal("vermissing", suggestion.Id);
        Assert.Equal("past bij de paginatitel", suggestion.Reason);
    }

    [Fact]
    public async Task Suggest_application_alone_suggests_nothing()
    {
        _content.AddGuide(Guides.Simple("alleen-app", "Alleen app", context: "context:\n  apps: [burgerzaken]"));
        _content.AddGuide(Guides.Simple("app-en-url", "App en url", context: "context:\n  urls: [\"*/klanten*\"]\n  apps: [burgerzaken]"));
        using var session = await StartAsync();

        Assert.Empty(session.Search.Suggest(new PageContext(null, null, "burgerzaken")));
        Assert.Empty(session.Search.Suggest(new PageContext("https://bz.gemeente.nl/anders", "Anders", "burgerzaken")));
        Assert.Equal(["app-en-url"], session.Search.Suggest(new PageContext("https://bz.gemeente.nl/klanten", null, "burgerzaken")).Select(s => s.Id));
    }

    [Fact]
    public async Task Suggest_empty_context_or_guide_without_context_suggests_nothing()
    {
        _content.AddGuide(Guides.Simple("zonder-context", "Zonder context"));
        _content.AddGuide(Guides.Simple("met-context", "Met context", context: "context:\n  urls: [\"*/y*\"]\n  titles: [Pagina]"));
        using var session = await StartAsync();

        Assert.Empty(session.Search.Suggest(new PageContext(null, null, null)));
        Assert.Empty(session.Search.Suggest(new PageContext("  ", "", " ")));
        Assert.Equal(["met-context"], session.Search.Suggest(new PageContext("https://x/y", null, null)).Select(s => s.Id));
    }

    [Fact]
    public async Task Suggest_guide_that_fits_the_address_ranks_above_one_that_fits_only_the_title()
    {
        _content.AddGuide(Guides.Simple("aa-titel", "Aa titel", context: "context:\n  titles: [Aanvraag]"));
        _content.AddGuide(Guides.Simple("zz-adres", "Zz adres", context: "context:\n  urls: [\"*/aanvraag*\"]"));
        using var session = await StartAsync();

        var suggestions = session.Search.Suggest(new PageContext("https://bz/aanvraag/1", "Aanvraag", null));

        Assert.Equal(["zz-adres", "aa-titel"], suggestions.Select(s => s.Id));
        Assert.Equal(["past bij deze pagina", "past bij de paginatitel"], suggestions.Select(s => s.Reason));
    }

    [Fact]
    public async Task Suggest_guide_named_like_the_page_comes_first_among_guides_for_the_same_address()
    {
        const string context = "context:\n  urls: [\"*/reisdocument/aanvragen*\"]\n  apps: [burgerzaken]";
        _content.AddGuide(Guides.Simple("aanvraag-starten", "Aanvraag starten", context: context));
        _content.AddGuide(Guides.Simple("pasfoto-controleren", "Pasfoto controleren", context: context));
        _content.AddGuide(Guides.Simple("betalen", "Betalen", context: context));
        using var session = await StartAsync();

        var suggestions = session.Search.Suggest(new PageContext("https://bz/reisdocument/aanvragen", "Reisdocument aanvragen - Pasfoto controleren", "burgerzaken"));

        Assert.Equal("pasfoto-controleren", suggestions[0].Id);
        // Equal fits are ordered by title.
        Assert.Equal(["pasfoto-controleren", "aanvraag-starten", "betalen"], suggestions.Select(s => s.Id));
    }

    [Fact]
    public async Task Suggest_more_specific_address_pattern_ranks_first()
    {
        _content.AddGuide(Guides.Simple("aa-algemeen", "Aa algemeen", context: "context:\n  urls: [\"*/reisdocument*\"]"));
        _content.AddGuide(Guides.Simple("zz-specifiek", "Zz specifiek", context: "context:\n  urls: [\"*/reisdocument/aanvragen*\"]"));
        using var session = await StartAsync();

        Assert.Equal(["zz-specifiek", "aa-algemeen"], session.Search.Suggest(new PageContext("https://bz/reisdocument/aanvragen", null, null)).Select(s => s.Id));
        Assert.Equal(["aa-algemeen"], session.Search.Suggest(new PageContext("https://bz/reisdocument/uitreiken", null, null)).Select(s => s.Id));
    }

    [Fact]
    public async Task Suggest_matching_application_strengthens_a_guide()
    {
        _content.AddGuide(Guides.Simple("aa-zonder-app", "Aa zonder app", context: "context:\n  urls: [\"*/klanten*\"]"));
        _content.AddGuide(Guides.Simple("zz-met-app", "Zz met app", context: "context:\n  urls: [\"*/klanten*\"]\n  apps: [burgerzaken]"));
        using var session = await StartAsync();

        Assert.Equal(["zz-met-app", "aa-zonder-app"], session.Search.Suggest(new PageContext("https://bz/klanten", null, " Burgerzaken ")).Select(s => s.Id));
        Assert.Equal(["aa-zonder-app", "zz-met-app"], session.Search.Suggest(new PageContext("https://bz/klanten", null, "kassa")).Select(s => s.Id));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(1000, 4)]
    public async Task Suggest_limit_is_kept_between_one_and_the_maximum(int limit, int expected)
    {
        foreach (var id in new[] { "een-gids", "twee-gids", "drie-gids", "vier-gids" })
        {
            _content.AddGuide(Guides.Simple(id, id, context: "context:\n  urls: [\"*/balie*\"]"));
        }
        using var session = await StartAsync();

        Assert.Equal(expected, session.Search.Suggest(new PageContext("https://bz/balie", null, null), limit).Count);
    }

    [Fact]
    public async Task Suggest_by_default_gives_at_most_five()
    {
        for (var i = 0; i < 8; i++)
        {
            _content.AddGuide(Guides.Simple($"gids-{i}", $"Gids {i}", context: "context:\n  urls: [\"*/balie*\"]"));
        }
        using var session = await StartAsync();

        Assert.Equal(5, session.Search.Suggest(new PageContext("https://bz/balie", null, null)).Count);
    }

    public void Dispose()
    {
        _data.Dispose();
        _content.Dispose();
        _log.Dispose();
    }

    private async Task<SearchSession> StartAsync()
    {
        var session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, inMemory: true);
        Assert.Empty(session.Library.Current.Diagnostics);
        return session;
    }
}
