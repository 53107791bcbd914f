using Epss.Search.Tests.Support;
using Epss.Testing;

namespace Epss.Search.Tests;

/// <summary>
/// Searches over small guides each test writes for itself, so that one rule is visible at a time: field weights,
/// the best step, snippets, synonyms, Dutch analysis, the page the official is on.
/// </summary>
public sealed class PurposeBuiltSearchTests : IDisposable
{
    private readonly TempContentFolder _content = new();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Search_same_word_in_title_synonyms_and_step_text_ranks_title_then_synonyms_then_step_text()
    {
        // The ids run against the expected order, so a tie broken by id cannot pass for the right order. Every guide has
        // synonyms, as real guides do (a field that only one guide has would make its words look common).
        _content.AddGuide(Guides.Simple("aa-staptekst", "Hangar openen", "Wacht tot de zeppelin binnen is.", synonyms: ["loods"]));
        _content.AddGuide(Guides.Simple("bb-staptitel", "Mast vrijmaken", "Maak de mast vrij.", synonyms: ["toren"])
            .Replace("## Begin {#begin}", "## Zeppelin vastmaken {#begin}", StringComparison.Ordinal));
        _content.AddGuide(Guides.Simple("cc-synoniem", "Luchtschip parkeren", synonyms: ["zeppelin", "blimp"]));
        _content.AddGuide(Guides.Simple("dd-titel", "Zeppelin landen", synonyms: ["aankomst"]));
        using var session = await StartAsync();

        var result = session.Find("zeppelin ");

        Assert.Equal(["dd-titel", "cc-synoniem", "bb-staptitel", "aa-staptekst"], result.Hits.Select(h => h.Id));
        Assert.Equal([null, null, "begin", "begin"], result.Hits.Select(h => h.StepId));
    }

    [Fact]
    public async Task Search_word_only_in_one_step_names_that_step_and_shows_its_text()
    {
        _content.AddGuide(Guides.Write("document-bekijken", "Document bekijken",
        [
            ("vragen", "Document vragen", "Vraag de klant om het document."),
            ("licht", "Tegen het licht houden", "Bekijk het watermerk tegen het licht."),
            ("teruggeven", "Teruggeven", "Geef het document terug."),
        ]));
        using var session = await StartAsync();

        var hit = Assert.Single(session.Find("watermerk").Hits);

        Assert.Equal("document-bekijken", hit.Id);
        Assert.Equal("licht", hit.StepId);
        Assert.Equal("Tegen het licht houden", hit.StepTitle);
        Assert.Equal("Bekijk het <mark>watermerk</mark> tegen het licht.", hit.Snippet);
    }

    [Fact]
    public async Task Search_snippet_keeps_the_blocks_of_a_step_apart()
    {
        _content.AddGuide(Guides.Write("foto-bekijken", "Foto bekijken",
        [
            ("start", "Begin", "Neem de foto aan."),
            ("eisen", "Eisen", "Let op de eisen.\n\n- [ ] Achtergrond is egaal\n- [ ] Gezicht recht van voren"),
        ]));
        using var session = await StartAsync();

        var hit = Assert.Single(session.Find("achtergrond ").Hits);

        Assert.Equal("Let op de eisen. · <mark>Achtergrond</mark> is egaal · Gezicht recht van voren", hit.Snippet);
    }

    [Fact]
    public async Task Search_word_in_the_guide_title_names_no_step()
    {
        _content.AddGuide(Guides.Write("watermerk-bekijken", "Watermerk bekijken",
        [
            ("vragen", "Document vragen", "Vraag de klant om het document."),
            ("licht", "Tegen het licht houden", "Bekijk het watermerk tegen het licht."),
        ], summary: "Gebruik dit als je het watermerk van een document controleert."));
        using var session = await StartAsync();

        var hit = Assert.Single(session.Find("watermerk").Hits);

        Assert.Null(hit.StepId);
        Assert.Null(hit.StepTitle);
        Assert.Equal("Gebruik dit als je het <mark>watermerk</mark> van een document controleert.", hit.Snippet);
    }

    [Fact]
    public async Task Search_word_only_in_the_intro_shows_the_intro_and_names_no_step()
    {
        _content.AddGuide(Guides.Write("balie-openen", "Balie openen",
            [("begin", "Begin", "Zet de computer aan."), ("einde", "Einde", "Klaar.")],
            intro: "Controleer eerst of de kassalade op slot zit."));
        using var session = await StartAsync();

        var hit = Assert.Single(session.Find("kassalade").Hits);

        Assert.Null(hit.StepId);
        Assert.Equal("Controleer eerst of de <mark>kassalade</mark> op slot zit.", hit.Snippet);
    }

    [Fact]
    public async Task Search_snippet_of_step_text_with_markup_is_encoded_and_only_marks_are_tags()
    {
        _content.AddGuide(Guides.Simple("veld-invullen", "Veld invullen",
            "Typ nooit `<script>alert(1)</script>` of `<img src=x onerror=\"alert(2)\">` in het veld bijzonderheden & opmerkingen 'zomaar'."));
        using var session = await StartAsync();

        foreach (var query in new[] { "bijzonderheden", "alert", "script", "img onerror" })
        {
            var hit = Assert.Single(session.Find(query).Hits);

            Assert.Equal("begin", hit.StepId);
            SnippetAssert.OnlyMarks(hit.Snippet);
            Assert.DoesNotContain("<script", hit.Snippet, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", hit.Snippet, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&amp;", hit.Snippet, StringComparison.Ordinal);
            Assert.Contains("&#39;zomaar&#39;", hit.Snippet, StringComparison.Ordinal);
        }
        Assert.Contains("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;", session.Find("alert").Hits[0].Snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x <mark>onerror</mark>=&quot;alert(2)&quot;&gt;", session.Find("onerror").Hits[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_snippet_of_a_summary_with_markup_is_encoded()
    {
        _content.AddGuide(Guides.Write("melding-doen", "Melding doen",
            [("begin", "Begin", "Begin hier."), ("einde", "Einde", "Klaar.")],
            summary: "\"Gebruik dit bij <b>vreemde</b> meldingen & <script>alert(1)</script>.\""));
        using var session = await StartAsync();
        Assert.NotNull(session.Library.Current.Find("melding-doen"));

        var hit = Assert.Single(session.Find("meldingen").Hits);

        SnippetAssert.Marks(hit.Snippet, "meldingen");
        Assert.DoesNotContain("<b>", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;vreemde&lt;/b&gt;", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_synonym_from_front_matter_only_finds_the_guide()
    {
        _content.AddGuide(Guides.Simple("post-versturen", "Post versturen", "Stuur de brief aangetekend.", synonyms: ["blauwe envelop"]));
        _content.AddGuide(Guides.Simple("brief-openen", "Brief openen", "Open de brief."));
        using var session = await StartAsync();

        Assert.Equal(["post-versturen"], session.Ids("envelop"));
        Assert.Equal(["post-versturen"], session.Ids("blauwe envelop"));
        Assert.Null(session.Find("envelop").Hits[0].StepId);
    }

    [Fact]
    public async Task Search_word_only_in_the_synonym_list_finds_the_guide_that_uses_another_member()
    {
        _content.Write("synoniemen.txt", "# test\nzebrapad, oversteekplaats\n");
        _content.AddGuide(Guides.Simple("oversteken", "Veilig oversteken", "Loop naar de oversteekplaats."));
        using var session = await StartAsync();

        var hit = Assert.Single(session.Find("zebrapad").Hits);

        Assert.Equal("oversteken", hit.Id);
        Assert.Equal("begin", hit.StepId);
        Assert.Equal("Loop naar de <mark>oversteekplaats</mark>.", hit.Snippet);
    }

    [Fact]
    public async Task Search_multi_word_synonym_phrase_finds_the_guide_in_both_directions()
    {
        _content.Write("synoniemen.txt", "gele hesje, veiligheidsvest\n");
        _content.AddGuide(Guides.Simple("vest-dragen", "Werkkleding", "Draag altijd een veiligheidsvest."));
        _content.AddGuide(Guides.Simple("hesje-dragen", "Buitenwerk", "Trek het gele hesje aan."));
        using var session = await StartAsync();

        Assert.Equal(["hesje-dragen", "vest-dragen"], session.Ids("gele hesje").Order(StringComparer.Ordinal));
        Assert.Equal(["hesje-dragen", "vest-dragen"], session.Ids("veiligheidsvest").Order(StringComparer.Ordinal));
        Assert.Equal("Trek het <mark>gele</mark> <mark>hesje</mark> aan.",
            session.Find("veiligheidsvest").Hits.Single(h => h.Id == "hesje-dragen").Snippet);
        // Without the phrase the words alone are not in the synonym list: "hesje" by itself finds only the guide that says it.
        Assert.Equal(["hesje-dragen"], session.Ids("hesje "));
    }

    [Fact]
    public async Task Search_synonym_list_phrase_matches_only_as_a_whole()
    {
        _content.Write("synoniemen.txt", "roze pasje, rijbewijs\n");
        _content.AddGuide(Guides.Simple("rijbewijs-uitgeven", "Rijbewijs uitgeven"));
        _content.AddGuide(Guides.Simple("roze-formulier", "Formulier", "Vul het roze formulier in."));
        using var session = await StartAsync();

        Assert.Equal("rijbewijs-uitgeven", session.Ids("roze pasje")[0]);
        Assert.Equal(["roze-formulier"], session.Ids("roze "));
    }

    [Theory]
    [InlineData("coordinatie")]
    [InlineData("coördinatie")]
    [InlineData("COÖRDINATIE")]
    [InlineData("Coordinatie")]
    public async Task Analysis_folds_case_and_diacritics(string query)
    {
        _content.AddGuide(Guides.Simple("overleg", "Overleg", "Zorg voor coördinatie met de backoffice."));
        using var session = await StartAsync();

        var hit = Assert.Single(session.Find(query).Hits);

        Assert.Equal("Zorg voor <mark>coördinatie</mark> met de backoffice.", hit.Snippet);
    }

    [Theory]
    [InlineData("aanvraag ", "aanvragen")]
    [InlineData("aanvragen ", "aanvragen")]
    [InlineData("aangevraagd ", null)]
    [InlineData("verhuizingen ", "verhuizing")]
    [InlineData("verhuizing ", "verhuizing")]
    public async Task Analysis_matches_Dutch_word_forms_by_their_stem(string query, string? marked)
    {
        _content.AddGuide(Guides.Simple("verhuizen", "Adres", "Wil de klant een verhuizing aanvragen? Controleer het adres."));
        using var session = await StartAsync();

        var hits = session.Find(query).Hits;

        if (marked is null)
        {
            // A participle has another stem ("aangevraagd"); it is found only as a near word, if at all, never by an error.
            Assert.All(hits, h => SnippetAssert.OnlyMarks(h.Snippet));
            return;
        }
        var hit = Assert.Single(hits);
        SnippetAssert.Marks(hit.Snippet, marked);
    }

    [Fact]
    public async Task Search_with_the_page_context_lifts_the_guide_made_for_that_page()
    {
        // Two guides that match the words equally well; only one is made for the page.
        _content.AddGuide(Guides.Simple("aa-algemeen", "Sleutelbos beheren", "Leg de sleutelbos in de kluis."));
        _content.AddGuide(Guides.Simple("zz-balie", "Sleutelbos beheren", "Leg de sleutelbos in de kluis.",
            context: "context:\n  urls: [\"*/balie/*\"]\n  apps: [kassa]"));
        using var session = await StartAsync();

        var plain = session.Find("sleutelbos");
        var onPage = session.Find("sleutelbos", context: new PageContext("https://intern.gemeente.nl/balie/3?x=1", "Balie", "kassa"));
        var elsewhere = session.Find("sleutelbos", context: new PageContext("https://intern.gemeente.nl/kantoor/3", "Kantoor", "kassa"));

        Assert.Equal(["aa-algemeen", "zz-balie"], plain.Hits.Select(h => h.Id));
        Assert.Equal(plain.Hits[0].Score, plain.Hits[1].Score);
        Assert.Equal(["zz-balie", "aa-algemeen"], onPage.Hits.Select(h => h.Id));
        Assert.True(onPage.Hits[0].Score > plain.Hits[0].Score);
        Assert.Equal(plain.Hits[0].Score, onPage.Hits[1].Score);
        Assert.Equal(plain.Hits.Select(h => (h.Id, h.Score)), elsewhere.Hits.Select(h => (h.Id, h.Score)));
    }

    [Fact]
    public async Task Search_with_the_page_context_does_not_lift_a_weak_match_above_a_much_better_one()
    {
        _content.AddGuide(Guides.Simple("kluis-openen", "Kluis openen", "Open de kluis met de code."));
        _content.AddGuide(Guides.Simple("balie-sluiten", "Balie sluiten", "Sluit de balie. Kijk of de kluis dicht is.",
            context: "context:\n  urls: [\"*/balie/*\"]"));
        using var session = await StartAsync();

        var onPage = session.Find("kluis", context: new PageContext("https://intern.gemeente.nl/balie/3", null, null));

        Assert.Equal(["kluis-openen", "balie-sluiten"], onPage.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Search_with_the_page_context_lifts_the_guide_for_the_page_into_a_short_list()
    {
        // Many guides match equally well and the one for the page comes last by id: only its lift can bring it into one hit.
        for (var i = 0; i < 12; i++)
        {
            _content.AddGuide(Guides.Simple($"aa-gids-{i:00}", "Sleutelbos beheren", "Leg de sleutelbos in de kluis."));
        }
        _content.AddGuide(Guides.Simple("zz-balie", "Sleutelbos beheren", "Leg de sleutelbos in de kluis.",
            context: "context:\n  urls: [\"*/balie/*\"]"));
        using var session = await StartAsync();

        var plain = session.Find("sleutelbos", limit: 1);
        var onPage = session.Find("sleutelbos", limit: 1, context: new PageContext("https://intern.gemeente.nl/balie/3", null, null));

        Assert.Equal(["aa-gids-00"], plain.Hits.Select(h => h.Id));
        Assert.Equal(["zz-balie"], onPage.Hits.Select(h => h.Id));
        Assert.Equal(13, onPage.Total);
    }

    [Fact]
    public async Task Search_again_from_the_same_page_lifts_the_same_guides_as_the_first_time()
    {
        // A panel searches from one page object while its official types: from the second search on, the page's lifts
        // come from a table worked out for the page at once; they must be the ones worked out guide by guide.
        for (var i = 0; i < 12; i++)
        {
            _content.AddGuide(Guides.Simple($"aa-gids-{i:00}", "Sleutelbos beheren", "Leg de sleutelbos in de kluis.",
                context: i % 3 == 0 ? "context:\n  titles: [kluis]" : "context:\n  urls: [\"*/kantoor/*\"]"));
        }
        _content.AddGuide(Guides.Simple("zz-balie", "Sleutelbos beheren", "Leg de sleutelbos in de kluis.",
            context: "context:\n  urls: [\"*/balie/*\"]\n  titles: [kluis]"));
        // Without the cache of recent results, so that every search below is worked out.
        using var session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, searchCacheSize: 0);
        var page = new PageContext("https://intern.gemeente.nl/balie/3", "Kluis en balie", null);

        var first = session.Find("sleutelbos", context: page);
        var again = session.Find("sleutelbos", context: page);
        var third = session.Find("sleutelbos", limit: 1, context: page);
        var freshPage = session.Find("sleutelbos", context: page with { });

        Assert.Equal(["zz-balie", "aa-gids-00", "aa-gids-03", "aa-gids-06", "aa-gids-09"], first.Hits.Take(5).Select(h => h.Id));
        Assert.True(first.Hits[0].Score > first.Hits[1].Score && first.Hits[4].Score > first.Hits[5].Score);
        Assert.Equal(first.Hits.Select(h => (h.Id, h.Score)), again.Hits.Select(h => (h.Id, h.Score)));
        Assert.Equal(["zz-balie"], third.Hits.Select(h => h.Id));
        Assert.Equal(first.Hits.Select(h => (h.Id, h.Score)), freshPage.Hits.Select(h => (h.Id, h.Score)));
    }

    [Fact]
    public async Task Search_word_in_several_equally_good_steps_names_the_first_of_them()
    {
        _content.AddGuide(Guides.Write("document-bekijken", "Document bekijken",
        [
            ("vragen", "Document vragen", "Vraag de klant om het document."),
            ("voorkant", "Voorkant", "Bekijk het watermerk goed."),
            ("achterkant", "Achterkant", "Bekijk het watermerk goed."),
            ("binnenkant", "Binnenkant", "Bekijk het watermerk goed."),
        ]));
        using var session = await StartAsync();

        var hit = Assert.Single(session.Find("watermerk").Hits);

        Assert.Equal("voorkant", hit.StepId);
    }

    [Fact]
    public async Task Search_limit_above_the_maximum_gives_the_maximum()
    {
        for (var i = 0; i < 60; i++)
        {
            _content.AddGuide(Guides.Simple($"gids-{i:00}", $"Gids {i}", "Pak het stempelkussen."));
        }
        using var session = await StartAsync(inMemory: true);

        var many = session.Find("stempelkussen", limit: 1000);
        var standard = session.Find("stempelkussen");

        Assert.Equal(60, many.Total);
        Assert.Equal(SearchRequest.MaximumLimit, many.Hits.Count);
        Assert.Equal(SearchRequest.DefaultLimit, standard.Hits.Count);
        Assert.Equal(60, standard.Total);
        Assert.False(Directory.Exists(_data.FullPath("index")));
    }

    [Fact]
    public async Task Search_that_finds_nothing_offers_the_guides_whose_names_look_most_like_what_was_typed()
    {
        _content.AddGuide(Guides.Simple("kluis-sluiten", "Kluis sluiten"));
        _content.AddGuide(Guides.Simple("kluis-openen", "Kluis openen"));
        _content.AddGuide(Guides.Simple("balie-openen", "Balie openen"));
        _content.AddGuide(Guides.Simple("foto-bekijken", "Foto bekijken", synonyms: ["pasfoto"]));
        _content.AddGuide(Guides.Simple("pen-pakken", "Pen pakken"));
        using var session = await StartAsync();

        var result = session.Find("kluisopener ");

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        // Letter groups shared with "kluisopener": "Kluis openen" 7 of 15, "Kluis sluiten" 4 of 18, "Balie openen" 3 of 19;
        // "Pen pakken" shares only "pen" (1 of 18: too little).
        Assert.Equal(["kluis-openen", "kluis-sluiten", "balie-openen"], result.Closest!.Select(g => g.Id));
        // Through a synonym: "pasfoto" shares 6 of 12 groups with "pasfotootje", the title "Foto bekijken" 2 of 21.
        Assert.Equal(["foto-bekijken"], session.Find("pasfotootje ").Closest!.Select(g => g.Id));
        Assert.Empty(session.Find("xylofoon ").Closest!);
    }

    [Fact]
    public async Task Search_word_no_guide_contains_finds_nothing()
    {
        _content.AddGuide(Guides.Simple("gids", "Gids", "Begin hier."));
        using var session = await StartAsync();

        var result = session.Find("xylofoon");

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
    }

    [Fact]
    public async Task Search_over_an_empty_content_folder_finds_nothing()
    {
        using var session = await StartAsync();

        Assert.Equal(0, session.Initial.GuideCount);
        Assert.Empty(session.Find("paspoort").Hits);
        Assert.Empty(session.Find("pa").Hits);
    }

    public void Dispose()
    {
        _data.Dispose();
        _content.Dispose();
        _log.Dispose();
    }

    /// <summary>Starts over the guides the test wrote, which must all be valid: a test about search must not hinge on a broken guide.</summary>
    private async Task<SearchSession> StartAsync(bool inMemory = false)
    {
        var session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, inMemory: inMemory);
        Assert.Empty(session.Library.Current.Diagnostics);
        return session;
    }
}
