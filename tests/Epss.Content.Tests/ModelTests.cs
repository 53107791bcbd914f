using System.Text;
using Epss.Content.Model;
using Epss.Content.Parsing;
using Epss.Content.Tests.Support;
using Epss.Content.Text;

namespace Epss.Content.Tests;

/// <summary>The guide model as the panel and search use it: where steps lead, checks, plain text, versions, slugs.</summary>
public sealed class ModelTests
{
    private static readonly Guide Sample = ParseGuide("""
        ---
        id: gids
        title: Paspoort aanvragen
        summary: Gebruik dit bij een aanvraag.
        roles: [baliemedewerker]
        tags: [reisdocument, paspoort]
        synonyms: [reispas, pas]
        context:
          urls: ["*/reisdocument/aanvragen*"]
          apps: [burgerzaken]
          titles: [Reisdocument aanvragen]
          first: ["*/reisdocument/aanvragen*"]
        owner: team-reisdocumenten
        review-by: 2027-06-01
        related: [pasfoto-beoordelen, spoedaanvraag]
        ---

        Jij neemt de aanvraag op.

        ## Aanvraag starten {#starten target="#documenttype"}

        Kies **Paspoort** als [documenttype](https://www.rvig.nl "uitleg").

        - [ ] Klant is aanwezig
        - [ ] Documenttype gekozen

        ## Identiteit {#identiteit}

        Lijkt de klant op de foto?

        - [Ja](#opslaan)
        - [Twijfel](guide:twijfel-aan-identiteit#vier-ogen)
        - [Geen document](guide:geen-geldig-identiteitsbewijs)

        ## Opslaan {#opslaan .end}

        Sla op.

        ## Niet opslaan {#niet-opslaan}

        Vertel de klant waarom. Dit stapje bereik je [vanuit de eerste stap](#starten).

        """);

    [Fact]
    public void Guide_front_matter_fields_are_read()
    {
        Assert.Equal(("gids", "Paspoort aanvragen", "Gebruik dit bij een aanvraag.", "team-reisdocumenten"), (Sample.Id, Sample.Title, Sample.Summary, Sample.Owner));
        Assert.Equal(["baliemedewerker"], Sample.Roles);
        Assert.Equal(["reisdocument", "paspoort"], Sample.Tags);
        Assert.Equal(["reispas", "pas"], Sample.Synonyms);
        Assert.Equal(["*/reisdocument/aanvragen*"], Sample.Context.Urls);
        Assert.Equal(["burgerzaken"], Sample.Context.Apps);
        Assert.Equal(["Reisdocument aanvragen"], Sample.Context.Titles);
        Assert.Equal(["*/reisdocument/aanvragen*"], Sample.Context.First);
        Assert.Equal(new DateOnly(2027, 6, 1), Sample.ReviewBy);
        Assert.Equal(["pasfoto-beoordelen", "spoedaanvraag"], Sample.Related);
        Assert.Equal("<p>Jij neemt de aanvraag op.</p>", Sample.IntroHtml);
        Assert.Equal(["starten", "identiteit", "opslaan", "niet-opslaan"], Sample.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Guide_sources_are_read_and_each_step_names_its_own()
    {
        var guide = ParseGuide("""
            ---
            id: gids
            title: Signalering
            summary: Bij een hit.
            owner: team-test
            review-by: 2099-12-31
            sources:
              - id: ppw-44
                title: Paspoortwet
                article: art. 44
                url: https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44
                checked: 2026-02-20
              - id: hup
                title: Handleiding Uitvoeringsprocedures
                checked: 2026-01-05
            ---

            ## Hit {#hit source="ppw-44"}

            Binnen 4 weken.

            ## Klaar {#klaar .end}

            Klaar.
            """);

        var ppw = new Source("ppw-44", "Paspoortwet", "art. 44", "https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44", new DateOnly(2026, 2, 20));
        Assert.Equal([ppw, new Source("hup", "Handleiding Uitvoeringsprocedures", null, null, new DateOnly(2026, 1, 5))], guide.Sources);
        Assert.Equal("Paspoortwet art. 44", ppw.Label);
        Assert.Equal("Handleiding Uitvoeringsprocedures", guide.Sources[1].Label);
        Assert.Equal([ppw], guide.Steps[0].Sources);
        Assert.Empty(guide.Steps[1].Sources);
    }

    [Fact]
    public void Step_without_decision_leads_to_the_next_step()
    {
        var step = Sample.Steps[0];

        Assert.Equal([new NextStep("Volgende stap", "identiteit", null)], step.Next);
        Assert.Equal(GuideParser.ImplicitNextLabel, step.Next[0].Label);
        Assert.False(step.IsDecision);
        Assert.False(step.IsEnd);
        Assert.Equal("#documenttype", step.Target);
        Assert.Equal(20, step.Line);
    }

    [Fact]
    public void Step_with_decision_leads_to_its_options()
    {
        var step = Sample.FindStep("identiteit")!;

        Assert.Equal(
            [
                new NextStep("Ja", "opslaan", null),
                new NextStep("Twijfel", "vier-ogen", "twijfel-aan-identiteit"),
                new NextStep("Geen document", null, "geen-geldig-identiteitsbewijs"),
            ],
            step.Next);
        Assert.True(step.IsDecision);
        Assert.False(step.IsEnd);
        Assert.Null(step.Target);
    }

    [Fact]
    public void Step_marked_end_leads_nowhere_even_before_other_steps()
    {
        var step = Sample.FindStep("opslaan")!;

        Assert.Empty(step.Next);
        Assert.True(step.IsEnd);
        Assert.False(step.IsDecision);
    }

    [Fact]
    public void Last_step_without_decision_ends_the_guide()
    {
        var step = Sample.Steps[^1];

        Assert.Empty(step.Next);
        Assert.True(step.IsEnd);
    }

    [Fact]
    public void Last_step_with_decision_does_not_end_the_guide()
    {
        var guide = ParseGuide(TestGuides.Guide("gids", "## Keuze {#keuze}\n\n- [Opnieuw](#keuze)\n- [Verder](guide:andere)\n"));

        var step = Assert.Single(guide.Steps);
        Assert.False(step.IsEnd);
        Assert.True(step.IsDecision);
        Assert.Equal(["Opnieuw", "Verder"], step.Next.Select(n => n.Label));
    }

    [Fact]
    public void Step_checks_have_ids_from_their_text()
    {
        Assert.Equal(
            [new Check("klant-is-aanwezig", "Klant is aanwezig"), new Check("documenttype-gekozen", "Documenttype gekozen")],
            Sample.Steps[0].Checks);
        Assert.Empty(Sample.FindStep("identiteit")!.Checks);
    }

    [Fact]
    public void Check_id_is_cut_at_sixty_characters()
    {
        var text = string.Join(' ', Enumerable.Repeat("controleer", 10));
        var guide = ParseGuide(TestGuides.Guide("gids", $"## Stap {{#stap}}\n\n- [ ] {text}\n"));

        var check = Assert.Single(guide.Steps[0].Checks);
        Assert.Equal(60, check.Id.Length);
        Assert.True(Slug.IsValid(check.Id));
        Assert.Equal(text, check.Text);
    }

    [Fact]
    public void Step_text_is_plain_text_without_markup()
    {
        Assert.Equal("Kies Paspoort als documenttype.\nKlant is aanwezig\nDocumenttype gekozen", Sample.Steps[0].Text);
        Assert.Equal("Lijkt de klant op de foto?\nJa\nTwijfel\nGeen document", Sample.FindStep("identiteit")!.Text);
    }

    [Fact]
    public void Step_html_is_the_body_without_the_heading()
    {
        Assert.Equal(
            "<p>Kies <strong>Paspoort</strong> als <a href=\"https://www.rvig.nl\" rel=\"noopener noreferrer\" target=\"_blank\" title=\"uitleg\">documenttype</a>.</p>\n"
            + "<ul class=\"epss-checks\">\n"
            + "<li class=\"epss-check\" data-check-id=\"klant-is-aanwezig\"><label><input type=\"checkbox\" data-check-id=\"klant-is-aanwezig\" /> Klant is aanwezig</label></li>\n"
            + "<li class=\"epss-check\" data-check-id=\"documenttype-gekozen\"><label><input type=\"checkbox\" data-check-id=\"documenttype-gekozen\" /> Documenttype gekozen</label></li>\n"
            + "</ul>",
            Sample.Steps[0].Html.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Guide_version_is_a_hash_of_the_bytes_and_changes_with_every_edit()
    {
        var text = TestGuides.TwoSteps("gids");
        var parser = TestGuides.Parser();

        var first = parser.Parse("gids.md", Encoding.UTF8.GetBytes(text)).Guide!;
        var again = parser.Parse("gids.md", Encoding.UTF8.GetBytes(text)).Guide!;
        var edited = parser.Parse("gids.md", Encoding.UTF8.GetBytes(text + " ")).Guide!;

        Assert.Equal(first.Version, again.Version);
        Assert.NotEqual(first.Version, edited.Version);
        Assert.Matches("^[0-9a-f]{16}$", first.Version);
        Assert.Equal(GuideParser.VersionOf(Encoding.UTF8.GetBytes(text)), first.Version);
        Assert.Equal(first.Version, parser.Parse("gids.md", text).Version);
    }

    [Theory]
    [InlineData("2027-05-31", false)]
    [InlineData("2027-06-01", false)]
    [InlineData("2027-06-02", true)]
    public void Guide_is_outdated_only_after_its_review_by_date(string today, bool outdated)
    {
        Assert.Equal(outdated, Sample.IsOutdated(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Guide_without_review_by_is_never_outdated()
    {
        var guide = Sample with { ReviewBy = null };

        Assert.False(guide.IsOutdated(DateOnly.MaxValue));
    }

    [Fact]
    public void FindStep_returns_null_for_an_unknown_id()
    {
        Assert.Same(Sample.Steps[1], Sample.FindStep("identiteit"));
        Assert.Null(Sample.FindStep("Identiteit"));
    }

    [Theory]
    [InlineData("paspoort-aanvragen", true)]
    [InlineData("stap2", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Paspoort", false)]
    [InlineData("paspoort_aanvragen", false)]
    [InlineData("-paspoort", false)]
    [InlineData("paspoort-", false)]
    [InlineData("paspoort--aanvragen", false)]
    [InlineData("één", false)]
    [InlineData("pas poort", false)]
    public void Slug_IsValid_accepts_only_kebab_case(string? value, bool valid)
    {
        Assert.Equal(valid, Slug.IsValid(value));
    }

    [Fact]
    public void Slug_IsValid_refuses_more_than_eighty_characters()
    {
        Assert.True(Slug.IsValid(new string('a', Slug.MaxLength)));
        Assert.False(Slug.IsValid(new string('a', Slug.MaxLength + 1)));
    }

    [Theory]
    [InlineData("Één foto", "een-foto")]
    [InlineData("Foto lijkt op de persoon", "foto-lijkt-op-de-persoon")]
    [InlineData("  --Curatele?  Ja!-- ", "curatele-ja")]
    [InlineData("Naïeve café-eigenaar", "naieve-cafe-eigenaar")]
    [InlineData("RPS-hit (signalering)", "rps-hit-signalering")]
    [InlineData("!!!", "")]
    public void Slug_From_makes_kebab_case_without_diacritics(string text, string expected)
    {
        Assert.Equal(expected, Slug.From(text));
    }

    [Fact]
    public void Slug_From_stops_at_the_maximum_length_without_a_trailing_hyphen()
    {
        Assert.Equal("abcd", Slug.From("abcd efgh", maxLength: 5));
        Assert.Equal("abcd-e", Slug.From("abcd efgh", maxLength: 6));
        Assert.Equal("abcd-efgh", Slug.From("abcd efgh ijkl", maxLength: 10));
        Assert.All(Enumerable.Range(1, 20), max => Assert.True(Slug.From("ab cd ef gh ij kl mn", max).Length <= max));
    }

    private static Guide ParseGuide(string text)
    {
        var result = TestGuides.Parse(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Guide!;
    }
}
