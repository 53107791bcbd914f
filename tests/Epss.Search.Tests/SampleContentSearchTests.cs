using Epss.Search.Context;
using Epss.Search.Tests.Support;

namespace Epss.Search.Tests;

/// <summary>
/// Searches over the repository's sample guides, as front-desk officials type them: the guide they mean comes
/// first, also with typos, synonyms, half-typed words and Dutch word forms.
/// </summary>
public sealed class SampleContentSearchTests(SampleContentFixture fixture) : IClassFixture<SampleContentFixture>
{
    private SearchSession Session => fixture.Session;

    [Theory]
    [InlineData("paspoort kwijt", "vermissing-melden")]
    [InlineData("vingerafdrukken", "vingerafdrukken-afnemen")]
    [InlineData("id-kaart aanvragen", "identiteitskaart-aanvragen")]
    [InlineData("nik aanvragen", "identiteitskaart-aanvragen")]
    [InlineData("pasfoto", "pasfoto-beoordelen")]
    [InlineData("foto te oud", "pasfoto-beoordelen")]
    [InlineData("spoed reisdocument", "spoedaanvraag")]
    [InlineData("noodpaspoort", "spoedaanvraag")]
    [InlineData("C5", "echtheid-document-controleren")]
    [InlineData("vals paspoort", "echtheid-document-controleren")]
    [InlineData("minderjarig", "aanvraag-minderjarige")]
    [InlineData("toestemming ouders", "aanvraag-minderjarige")]
    [InlineData("kind paspoort", "aanvraag-minderjarige")]
    [InlineData("rijbewijs ophalen", "rijbewijs-uitreiken")]
    [InlineData("paspoort ophalen", "reisdocument-uitreiken")]
    [InlineData("paspoort vernieuwen", "paspoort-aanvragen")]
    [InlineData("signalering", "signalering-register")]
    [InlineData("rps hit", "signalering-register")]
    [InlineData("geen legitimatie", "geen-geldig-identiteitsbewijs")]
    [InlineData("gestolen", "vermissing-melden")]
    [InlineData("id-kaart kwijt", "vermissing-melden")]
    [InlineData("twijfel", "twijfel-aan-identiteit")]
    [InlineData("vier ogen", "twijfel-aan-identiteit")]
    [InlineData("gezicht vergelijken", "gezichtsvergelijking")]
    [InlineData("identiteit vaststellen", "identiteit-vaststellen-aanvraag")]
    [InlineData("geen id", "geen-geldig-identiteitsbewijs")]
    public void Search_query_an_official_types_puts_the_expected_guide_first(string query, string expected)
    {
        var result = Session.Find(query);

        Assert.Equal(expected, result.Hits[0].Id);
    }

    [Theory]
    [InlineData("roze pasje", "rijbewijs-aanvragen", "rijbewijs-uitreiken")]
    [InlineData("look-alike", "gezichtsvergelijking", "twijfel-aan-identiteit")]
    [InlineData("identiteit vaststellen", "identiteit-vaststellen-aanvraag", "identiteit-vaststellen-uitreiking")]
    [InlineData("spoed", "rijbewijs-spoed", "spoedaanvraag")] // a passport and a driving licence can both be needed in a hurry
    public void Search_query_that_fits_two_guides_puts_both_on_top(string query, string first, string second)
    {
        var top = Session.Ids(query, limit: 2);

        Assert.Equal([first, second], top.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("C5", "echtheid-document-controleren", "c5", "C5")]
    [InlineData("noodpaspoort", "spoedaanvraag", "noodpaspoort", "noodpaspoort")]
    [InlineData("id-desk", "echtheid-document-controleren", "id-desk", "ID")]
    [InlineData("cbr", "rijbewijs-aanvragen", "cbr", "CBR")]
    [InlineData("inhouden", "signalering-register", "inhouden", null)] // matches the step title "Document inhouden" only
    public void Search_word_that_belongs_to_one_step_names_that_step(string query, string guideId, string stepId, string? marked)
    {
        var hit = Session.Find(query).Hits[0];

        Assert.Equal(guideId, hit.Id);
        Assert.Equal(stepId, hit.StepId);
        Assert.Equal(Session.Library.Current.Find(guideId)!.FindStep(stepId)!.Title, hit.StepTitle);
        if (marked is not null)
        {
            SnippetAssert.Marks(hit.Snippet, marked);
        }
    }

    [Theory]
    [InlineData("vingerafdruken", "vingerafdrukken-afnemen")] // one letter missing
    [InlineData("paspoot", "paspoort-aanvragen")] // one letter missing, and the stemmer cuts the misspelt word differently
    [InlineData("pasfto", "pasfoto-beoordelen")] // one letter missing in a short word
    [InlineData("rijbewys", "rijbewijs-uitreiken")] // ij typed as y
    [InlineData("pasoport", "paspoort-aanvragen")] // two letters swapped
    [InlineData("vingerafrdukken", "vingerafdrukken-afnemen")] // two letters swapped
    [InlineData("fingerafdrukken", "vingerafdrukken-afnemen")] // wrong first letter
    [InlineData("vimgeraffdrukken", "vingerafdrukken-afnemen")] // two typos in one long word
    [InlineData("idnetiteitskart", "identiteitskaart-aanvragen")] // two typos in one long word
    [InlineData("paspoot kwjit", "vermissing-melden")] // one typo in each of two words
    [InlineData("paspoort kwyt", "vermissing-melden")] // ij typed as y
    [InlineData("kwyt", "vermissing-melden")]
    [InlineData("spoet paspoort", "spoedaanvraag")]
    [InlineData("vingrafdrukkn", "vingerafdrukken-afnemen")]
    [InlineData("vermisign", "vermissing-melden")]
    public void Search_with_typos_still_finds_the_guide(string query, string expected)
    {
        var result = Session.Find(query);

        Assert.NotEmpty(result.Hits);
        Assert.Equal(expected, result.Hits[0].Id);
    }

    [Theory]
    [InlineData("vingerafdruken", "vingerafdrukken")]
    [InlineData("kwyt", "kwijt")]
    [InlineData("pasfto", "pasfoto")]
    public void Search_with_a_typo_marks_the_word_as_it_stands_in_the_guide(string query, string word)
    {
        var hit = Session.Find(query).Hits[0];

        SnippetAssert.Marks(hit.Snippet, word);
        Assert.DoesNotContain($"<mark>{query}</mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zakkenroller", "vermissing-melden", "gestolen")]
    [InlineData("beroofd", "vermissing-melden", "gestolen")]
    [InlineData("vermissingsverklaring", "vermissing-melden", null)]
    [InlineData("urgent", "spoedaanvraag", null)]
    public void Search_word_found_only_in_the_shared_synonym_list_finds_the_guide(string query, string expected, string? marked)
    {
        Assert.DoesNotContain(Session.Library.Current.Guides.Values,
            g => AllText(g).Contains(query, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Session.Library.Current.Synonyms.Groups, g => g.Contains(query));

        var hit = Session.Find(query).Hits[0];

        Assert.Equal(expected, hit.Id);
        if (marked is not null)
        {
            SnippetAssert.Marks(hit.Snippet, marked);
        }
    }

    [Fact]
    public void Search_as_you_type_finds_the_guide_from_the_first_letters()
    {
        var hit = Session.Find("vinge").Hits[0];

        Assert.Equal("vingerafdrukken-afnemen", hit.Id);
        SnippetAssert.Marks(hit.Snippet, "vingerafdrukken");
    }

    [Theory]
    [InlineData("vingerafdr", "vingerafdrukken-afnemen")]
    [InlineData("spoedaanv", "spoedaanvraag")]
    [InlineData("paspoort kw", "vermissing-melden")]
    [InlineData("rijbewijs oph", "rijbewijs-uitreiken")]
    public void Search_as_you_type_completes_only_the_last_word(string query, string expected)
    {
        Assert.Equal(expected, Session.Ids(query)[0]);
    }

    [Fact]
    public void Search_with_a_trailing_space_treats_the_last_word_as_finished()
    {
        var typing = Session.Find("vinge");
        var finished = Session.Find("vinge ");

        Assert.Contains("vingerafdrukken-afnemen", typing.Hits.Select(h => h.Id));
        Assert.DoesNotContain("vingerafdrukken-afnemen", finished.Hits.Select(h => h.Id));
        Assert.DoesNotContain(finished.Hits.SelectMany(h => SnippetAssert.Marked(h.Snippet)),
            w => w.StartsWith("vinger", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("vinge", finished.Query);
    }

    [Theory]
    [InlineData("v")]
    [InlineData("vi")]
    [InlineData("pa")]
    [InlineData("a")]
    [InlineData("ij")]
    [InlineData("12")]
    public void Search_with_one_or_two_letters_answers_without_error(string query)
    {
        var result = Session.Find(query);

        Assert.InRange(result.Hits.Count, 0, SearchRequest.DefaultLimit);
        Assert.True(result.Total >= result.Hits.Count);
        Assert.All(result.Hits, h => SnippetAssert.OnlyMarks(h.Snippet));
    }

    [Fact]
    public void Search_with_two_letters_completes_to_the_most_common_words()
    {
        var result = Session.Find("pa");

        // "pasfoto" and "paspoort" are the most common words starting with "pa"; their guides come first.
        Assert.Equal(["pasfoto-beoordelen", "paspoort-aanvragen"], result.Hits.Take(2).Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Contains(result.Hits.Take(3), h => SnippetAssert.Marked(h.Snippet).Contains("paspoort"));
    }

    [Theory]
    [InlineData("aanvragen", "aanvraag")]
    [InlineData("twijfel", "twijfels")]
    [InlineData("gezicht", "gezichten")]
    [InlineData("vingerafdruk", "vingerafdrukken")]
    [InlineData("uitreiken", "uitreiking")]
    public void Search_word_forms_with_the_same_stem_give_the_same_result(string one, string other)
    {
        // A trailing space: the words are finished, so neither is also completed as a prefix.
        var result = Session.Ids(one + " ");

        Assert.NotEmpty(result);
        Assert.Equal(result, Session.Ids(other + " "));
    }

    [Theory]
    [InlineData("één verklaring")]
    [InlineData("ÉÉN VERKLARING")]
    [InlineData("Een Verklaring")]
    public void Search_ignores_case_and_diacritics(string query)
    {
        var result = Session.Find(query);

        Assert.Equal(Session.Ids("een verklaring"), result.Hits.Select(h => h.Id));
        // "Verklaring van Geschiktheid" is in a guide's title, so that guide comes first; the declaration of loss is
        // the step of its guide that matches.
        Assert.Equal(["rijbewijs-75-plus", "vermissing-melden"], result.Hits.Take(2).Select(h => h.Id));
        Assert.Equal("verklaring", result.Hits[1].StepId);
    }

    [Theory]
    [InlineData("de het een")]
    [InlineData("één")]
    [InlineData("ÉÉN")]
    [InlineData("en of")]
    public void Search_of_only_stop_words_finds_nothing(string query)
    {
        var result = Session.Find(query);

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        Assert.Equal(query, result.Query);
    }

    [Theory]
    [InlineData("paspoort kwijt")]
    [InlineData("look-alike")]
    [InlineData("spoed")]
    [InlineData("vinge")]
    [InlineData("paspoot kwjit")]
    [InlineData("C5")]
    [InlineData("rps hit")]
    public void Search_hits_are_ranked_unique_and_safely_marked(string query)
    {
        var result = Session.Find(query);

        Assert.NotEmpty(result.Hits);
        Assert.True(result.Total >= result.Hits.Count);
        Assert.Equal(result.Hits.Count, result.Hits.Select(h => h.Id).Distinct().Count());
        Assert.Equal(result.Hits.Select(h => h.Score).OrderDescending(), result.Hits.Select(h => h.Score));
        Assert.All(result.Hits, h =>
        {
            SnippetAssert.OnlyMarks(h.Snippet);
            Assert.Equal(Session.Library.Current.Find(h.Id)!.Title, h.Title);
            Assert.Equal(h.StepId is null, h.StepTitle is null);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Search_empty_query_is_refused(string query)
    {
        var error = Assert.Throws<ArgumentException>(() => Session.Find(query));

        Assert.Equal("request", error.ParamName);
    }

    [Fact]
    public void Search_query_longer_than_the_maximum_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Session.Find(new string('a', SearchRequest.MaximumQueryLength + 1)));
        Assert.Throws<ArgumentException>(() => Session.Find("paspoort " + new string('x', SearchRequest.MaximumQueryLength)));
    }

    [Fact]
    public void Search_query_of_the_maximum_length_is_answered()
    {
        var query = string.Join(' ', Enumerable.Repeat("paspoort", 30))[..SearchRequest.MaximumQueryLength];

        var result = Session.Find(query);

        Assert.Equal("paspoort-aanvragen", result.Hits[0].Id);
    }

    [Fact]
    public void Search_query_is_answered_trimmed()
    {
        Assert.Equal("paspoort kwijt", Session.Find("  paspoort kwijt ").Query);
    }

    [Fact]
    public void Search_null_request_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Session.Search.Search(null!));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    public void Search_limit_is_kept_at_least_one(int limit, int expected)
    {
        var result = Session.Find("paspoort", limit);

        Assert.Equal(expected, result.Hits.Count);
        Assert.Equal(Session.Find("paspoort").Total, result.Total);
        Assert.Equal("paspoort-aanvragen", result.Hits[0].Id);
    }

    [Fact]
    public void Suggest_page_for_vermissing_suggests_the_guides_made_for_it()
    {
        var suggestions = Session.Search.Suggest(new PageContext("https://bz.gemeente.nl/vermissing/nieuw?bsn=1", "Vermissing melden", "burgerzaken"));

        Assert.Equal(["vermissing-melden", "geen-geldig-identiteitsbewijs", "begeleider-voert-het-woord"], suggestions.Select(s => s.Id));
        Assert.All(suggestions, s => Assert.Equal("past bij deze pagina", s.Reason));
        Assert.Equal(Session.Library.Current.Find("vermissing-melden")!.Summary, suggestions[0].Summary);
    }

    [Theory]
    [InlineData("/klanten/niet-ingezetene", "Niet-ingezetene zoeken (RNI)", "niet-ingezetene")]
    [InlineData("/reisdocument/aan-huis?klant=11", "Aanvraag aan huis", "aanvraag-buiten-het-gemeentehuis")]
    [InlineData("/reisdocument/inleveren", "Reisdocument inleveren", "document-overledene")]
    [InlineData("/backoffice/eindcontrole", "Eindcontrole reisdocumenten", "eindcontrole-verstrekken")]
    [InlineData("/backoffice/inklaren", "Documenten inklaren", "documenten-inklaren")]
    [InlineData("/rijbewijs/aanvragen?klant=4&soort=geschiktheid", "Rijbewijs vernieuwen met Verklaring van Geschiktheid", "rijbewijs-75-plus")]
    [InlineData("/rijbewijs/aanvragen?soort=omwisselen", "Rijbewijs omwisselen", "buitenlands-rijbewijs-omwisselen")]
    [InlineData("/rijbewijs/aanvragen?klant=12&soort=vernieuwing&spoed=ja", "Spoedaanvraag rijbewijs", "rijbewijs-spoed")]
    [InlineData("/reisdocument/aanvragen?klant=1&soort=tweede-paspoort", "Tweede paspoort aanvragen", "tweede-paspoort")]
    [InlineData("/reisdocument/aanvragen?soort=vluchteling", "Reisdocument voor vluchtelingen aanvragen", "reisdocument-vluchteling-vreemdeling")]
    [InlineData("/reisdocument/aanvragen?soort=vreemdeling", "Reisdocument voor vreemdelingen aanvragen", "reisdocument-vluchteling-vreemdeling")]
    public void Suggest_page_of_the_demo_application_puts_the_guide_made_for_it_first(string path, string title, string expected)
    {
        // As the demo application's pages are addressed and titled (tools/demo-host): a form in another mode (a second
        // passport, an exchange, spoed) puts the mode in the address and the title. The page's first task, chosen by
        // the experts (context.first: identity verification on application and hand-out pages), comes before it.
        var suggestions = Session.Search.Suggest(new PageContext("http://localhost:5090" + path, title + " – Burgerzaken", "burgerzaken"));

        Assert.Equal(expected, suggestions.First(s => s.Reason != ContextMatcher.ReasonFirst).Id);
        Assert.True(suggestions.TakeWhile(s => s.Reason == ContextMatcher.ReasonFirst).Count() <= 1, "at most one first task per page");
    }

    [Theory]
    [InlineData("/reisdocument/aanvragen", "Reisdocument aanvragen", "identiteit-vaststellen-aanvraag", null)]
    [InlineData("/reisdocument/aanvragen?klant=1&soort=tweede-paspoort", "Tweede paspoort aanvragen", "identiteit-vaststellen-aanvraag", "tweede-paspoort")]
    [InlineData("/rijbewijs/aanvragen", "Rijbewijs aanvragen", "identiteit-vaststellen-aanvraag", "rijbewijs-aanvragen")]
    [InlineData("/reisdocument/uitreiken", "Reisdocument uitreiken", "identiteit-vaststellen-uitreiking", "reisdocument-uitreiken")]
    [InlineData("/rijbewijs/uitreiken", "Rijbewijs uitreiken", "identiteit-vaststellen-uitreiking", "rijbewijs-uitreiken")]
    public void Suggest_application_and_hand_out_pages_lead_with_identity_verification(string path, string title, string first, string? second)
    {
        // Without context.first the identity guide was 9th of 15 on "Reisdocument aanvragen" (5 are shown), so every
        // official had to search for the first task of that page.
        var suggestions = Session.Search.Suggest(new PageContext("http://localhost:5090" + path, title + " – Burgerzaken", "burgerzaken"));

        Assert.Equal(first, suggestions[0].Id);
        Assert.Equal(ContextMatcher.ReasonFirst, suggestions[0].Reason);
        if (second is not null)
        {
            Assert.Equal(second, suggestions[1].Id);
        }
        Assert.Equal(1, suggestions.Count(s => s.Reason == ContextMatcher.ReasonFirst));
    }

    [Fact]
    public void Suggest_first_task_leads_only_on_the_pages_it_names()
    {
        // The identity guide is suggested on the client list too, but is not that page's first task.
        var suggestions = Session.Search.Suggest(new PageContext("http://localhost:5090/klanten/niet-ingezetene", "Niet-ingezetene zoeken (RNI) – Burgerzaken", "burgerzaken"));

        Assert.Equal("niet-ingezetene", suggestions[0].Id);
        Assert.DoesNotContain(suggestions, s => s.Reason == ContextMatcher.ReasonFirst);
    }

    [Theory]
    [InlineData("/klanten", "Klanten", "toestemming-ingetrokken")]
    [InlineData("/klanten", "Klanten", "begeleider-voert-het-woord")]
    [InlineData("/vermissing", "Vermissing melden", "begeleider-voert-het-woord")]
    public void Suggest_counter_page_offers_the_guide_for_an_unusual_situation(string path, string title, string expected)
    {
        var suggestions = Session.Search.Suggest(new PageContext("http://localhost:5090" + path, title + " – Burgerzaken", "burgerzaken"));

        Assert.Contains(expected, suggestions.Select(s => s.Id));
    }

    [Fact]
    public void Suggest_page_titled_like_a_guide_puts_that_guide_right_after_the_first_task()
    {
        var suggestions = Session.Search.Suggest(
            new PageContext("https://bz.gemeente.nl/reisdocument/aanvragen/123", "Reisdocument aanvragen - Vingerafdrukken afnemen", "burgerzaken"), limit: 50);

        // Right after the page's first task (identity verification, context.first on every application page).
        Assert.Equal(["identiteit-vaststellen-aanvraag", "vingerafdrukken-afnemen"], suggestions.Take(2).Select(s => s.Id));
        Assert.Equal(
            Session.Library.Current.Guides.Values.Where(g => g.Context.Urls.Contains("*/reisdocument/aanvragen*")).Select(g => g.Id).Order(StringComparer.Ordinal),
            suggestions.Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    private static string AllText(Content.Model.Guide guide) =>
        string.Join('\n', [guide.Title, guide.Summary, guide.IntroHtml, .. guide.Synonyms, .. guide.Tags, .. guide.Steps.Select(s => s.Title + "\n" + s.Text)]);
}
