using Epss.Content.Diagnostics;
using Epss.Content.Parsing;
using Epss.Content.Synonyms;
using Epss.Content.Tests.Support;
using Epss.Testing;

namespace Epss.Content.Tests;

/// <summary>
/// Each problem the parser can find, with the file, line and column it is reported at and a Dutch message an expert
/// can act on. Problems that need the whole library (other guides) are in <see cref="GuideLibraryTests"/>.
/// </summary>
public sealed class ValidationTests
{
    private const int Body = TestGuides.BodyOffset;

    [Fact]
    public void Parse_file_without_front_matter_reports_error_at_first_line()
    {
        var result = TestGuides.Parse("## Starten {#starten .end}\n\nBegin.\n");

        AssertOnly(result, "gids.md:1:1: error: front-matter-missing", "begint niet met front matter");
        Assert.Null(result.Guide);
    }

    [Fact]
    public void Parse_end_step_with_a_decision_warns_and_the_decision_wins()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", """
            ## Kiezen {#kiezen .end}

            Welke kant op?

            - [Links](#links)
            - [Rechts](#rechts)

            ## Links {#links .end}

            Links.

            ## Rechts {#rechts .end}

            Rechts.

            """));

        AssertOnly(result, $"gids.md:{TestGuides.BodyOffset + 1}:1: warning: decision-on-end-step", "is .end maar eindigt met een keuze");
        var step = result.Guide!.Steps[0];
        Assert.False(step.IsEnd);
        Assert.True(step.IsDecision);
        Assert.Equal(["links", "rechts"], step.Next.Select(n => n.StepId));
    }

    [Fact]
    public void Parse_unclosed_front_matter_reports_error_at_first_line()
    {
        var result = TestGuides.Parse("---\nid: gids\ntitle: Titel\n\n## Starten {#starten .end}\n\nBegin.\n");

        AssertOnly(result, "gids.md:1:1: error: front-matter-unclosed", "zet een regel '---' onder het laatste veld");
    }

    [Fact]
    public void Parse_yaml_syntax_error_reports_line_and_column_in_the_file()
    {
        var result = TestGuides.Parse("---\nid: gids\ntitle: Titel\nsummary: Let op: fout\n---\n\n## Starten {#starten .end}\n\nBegin.\n");

        AssertOnly(result, "gids.md:4:16: error: front-matter-invalid", "geen geldige YAML");
    }

    [Fact]
    public void Parse_unclosed_flow_list_before_more_fields_reports_error_at_the_list()
    {
        // YamlDotNet throws InvalidOperationException here instead of a YamlException; it once escaped the parser.
        var result = TestGuides.Parse("---\nid: gids\ntitle: Titel\ntags: [paspoort, reispas\nowner: team\n---\n\n## Starten {#starten .end}\n\nBegin.\n");

        var diagnostic = AssertOnly(result, "front-matter-invalid");
        Assert.Equal(4, diagnostic.Line);
        Assert.Contains("niet gesloten", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_front_matter_that_is_a_list_reports_error_at_the_list()
    {
        var result = TestGuides.Parse("---\n- id: gids\n- title: Titel\n---\n\n## Starten {#starten .end}\n\nBegin.\n");

        AssertOnly(result, "gids.md:2:1: error: front-matter-invalid", "'veld: waarde'");
    }

    [Fact]
    public void Parse_unknown_field_reports_warning_at_its_key()
    {
        var result = TestGuides.Parse(TestGuides.TwoSteps("gids").Replace("owner:", "auteur: Piet\nowner:", StringComparison.Ordinal));

        AssertOnly(result, "gids.md:5:1: warning: field-unknown", "Onbekend veld 'auteur' in de front matter wordt genegeerd");
        Assert.NotNull(result.Guide);
    }

    [Fact]
    public void Parse_front_matter_without_id_and_title_reports_errors_and_warnings_at_its_first_line()
    {
        var result = TestGuides.Parse("---\ntags: [paspoort]\n---\n\n## Starten {#starten .end}\n\nBegin.\n");

        Assert.Equal(
            [
                "gids.md:2:1: error: field-missing: Het veld 'id' ontbreekt in de front matter.",
                "gids.md:2:1: error: field-missing: Het veld 'title' ontbreekt of is leeg.",
                "gids.md:2:1: warning: field-missing: Het veld 'summary' ontbreekt: de samenvatting helpt baliemedewerkers de juiste gids te kiezen.",
                "gids.md:2:1: warning: field-missing: Het veld 'owner' ontbreekt: wie is verantwoordelijk voor deze gids?",
                "gids.md:2:1: warning: field-missing: Het veld 'review-by' ontbreekt: zonder datum raakt niemand gewaarschuwd als de gids verouderd is.",
                "gids.md:2:1: warning: sources-missing: De gids noemt geen bronnen. Zet onder 'sources' de wet, regeling of werkinstructie waarop de gids rust, met title, article, url en checked.",
            ],
            result.Diagnostics.Select(d => $"{Format(d)}: {d.Message}"));
        Assert.Null(result.Guide);
    }

    [Fact]
    public void Parse_id_not_in_kebab_case_reports_error_with_suggestion()
    {
        var result = TestGuides.Parse(TestGuides.TwoSteps("Paspoort_Aanvragen"), "paspoort-aanvragen.md");

        AssertOnly(result, "paspoort-aanvragen.md:2:5: error: id-invalid", "zoals 'paspoort-aanvragen'");
    }

    [Fact]
    public void Parse_id_different_from_file_name_reports_warning_and_still_yields_guide()
    {
        var result = TestGuides.Parse(TestGuides.TwoSteps("paspoort-aanvragen"), "sub/paspoort.md");

        AssertOnly(result, "sub/paspoort.md:2:5: warning: id-file-name-mismatch", "noem het bestand 'paspoort-aanvragen.md'");
        Assert.Equal("paspoort-aanvragen", result.Guide?.Id);
    }

    [Fact]
    public void Parse_review_by_that_is_no_date_reports_error_with_an_example_a_year_from_today()
    {
        var result = TestGuides.Parse(TestGuides.TwoSteps("gids").Replace("review-by: 2099-12-31", "review-by: 1 juni 2027", StringComparison.Ordinal));

        // The example date comes from the parser's clock (2026-03-01), not from the machine's.
        AssertOnly(result, "gids.md:6:12: error: review-by-invalid", "bijvoorbeeld 2027-03-01");
    }

    [Theory]
    [InlineData("2026-02-28", true)]
    [InlineData("2026-03-01", false)]
    [InlineData("2026-03-02", false)]
    public void Parse_review_by_before_today_reports_warning(string reviewBy, bool passed)
    {
        var result = TestGuides.Parse(TestGuides.TwoSteps("gids").Replace("review-by: 2099-12-31", "review-by: " + reviewBy, StringComparison.Ordinal));

        if (passed)
        {
            AssertOnly(result, "gids.md:6:12: warning: review-by-passed", "De gids is verouderd");
        }
        else
        {
            Assert.Empty(result.Diagnostics);
        }
        Assert.Equal(DateOnly.Parse(reviewBy, System.Globalization.CultureInfo.InvariantCulture), result.Guide?.ReviewBy);
    }

    [Fact]
    public void Parse_unknown_role_reports_warning_listing_the_known_roles()
    {
        var parser = new GuideParser(
            new GuideParserOptions { KnownRoles = new HashSet<string>(StringComparer.Ordinal) { "baliemedewerker", "backoffice" } },
            new FixedTimeProvider(TestGuides.Today));
        var text = TestGuides.TwoSteps("gids").Replace("owner:", "roles: [baliemedewerker, burgemeester]\nowner:", StringComparison.Ordinal);

        var result = parser.Parse("gids.md", text);

        AssertOnly(result, "gids.md:5:8: warning: role-unknown", "Onbekende rol 'burgemeester'. Bekende rollen: backoffice, baliemedewerker.");
    }

    [Fact]
    public void Parse_related_invalid_self_and_duplicate_are_reported_at_each_entry()
    {
        var text = TestGuides.TwoSteps("gids").Replace("owner:", "related: [Pasfoto, gids, spoedaanvraag, spoedaanvraag]\nowner:", StringComparison.Ordinal);

        var result = TestGuides.Parse(text);

        Assert.Equal(
            [
                "gids.md:5:11: error: related-invalid: 'Pasfoto' in related is geen geldig gids-id.",
                "gids.md:5:20: warning: related-invalid: De gids noemt zichzelf in related.",
                "gids.md:5:41: warning: related-invalid: 'spoedaanvraag' staat twee keer in related.",
            ],
            result.Diagnostics.OrderBy(d => d.Column).Select(d => $"{Format(d)}: {d.Message}"));
    }

    [Fact]
    public void Parse_url_pattern_matching_every_page_reports_error()
    {
        var text = TestGuides.TwoSteps("gids").Replace("owner:", "context:\n  urls: [\"**\"]\nowner:", StringComparison.Ordinal);

        AssertOnly(TestGuides.Parse(text), "gids.md:6:9: error: context-pattern-invalid", "past op elke pagina");
    }

    [Fact]
    public void Parse_first_task_page_not_among_the_guides_pages_reports_warning()
    {
        var text = TestGuides.TwoSteps("gids").Replace(
            "owner:", "context:\n  urls: [\"*/reisdocument/aanvragen*\"]\n  first: [\"*/rijbewijs/aanvragen*\"]\nowner:", StringComparison.Ordinal);

        AssertOnly(TestGuides.Parse(text), "gids.md:7:10: warning: context-pattern-invalid", "staat niet in 'context.urls'");
    }

    [Fact]
    public void Parse_first_task_page_among_the_guides_pages_is_clean()
    {
        var text = TestGuides.TwoSteps("gids").Replace(
            "owner:", "context:\n  urls: [\"*/reisdocument/aanvragen*\"]\n  first: [\"*/reisdocument/aanvragen*\"]\nowner:", StringComparison.Ordinal);

        var result = TestGuides.Parse(text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["*/reisdocument/aanvragen*"], result.Guide!.Context.First);
    }

    [Fact]
    public void Parse_title_that_is_a_list_reports_field_invalid_at_the_value()
    {
        var text = TestGuides.TwoSteps("gids").Replace("title: Titel", "title: [a, b]", StringComparison.Ordinal);

        var result = TestGuides.Parse(text);

        var invalid = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.FieldInvalid);
        Assert.Equal("gids.md:3:8: error: field-invalid", Format(invalid));
        Assert.Contains("moet één tekstwaarde zijn", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_step_without_id_reports_error_at_heading_suggesting_a_slug()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "Inleiding.\n\n## Één foto bekijken {.end}\n\nBekijk de foto.\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:1: error: step-id-missing", "De stap 'Één foto bekijken' heeft geen id. Zet achter de kop: {#een-foto-bekijken}");
    }

    [Fact]
    public void Parse_step_id_with_capitals_reports_error_suggesting_a_slug()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Foto {#FotoBekijken .end}\n\nBekijk de foto.\n"));

        AssertOnly(result, $"gids.md:{Body + 1}:1: error: step-id-invalid", "zoals 'fotobekijken'");
    }

    [Fact]
    public void Parse_duplicate_step_id_reports_error_at_the_second_heading()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Foto {#foto}\n\nA.\n\n## Nog eens {#foto .end}\n\nB.\n"));

        AssertOnly(result, $"gids.md:{Body + 5}:1: error: step-id-duplicate", "Stap-id 'foto' komt al eerder in deze gids voor");
    }

    [Fact]
    public void Parse_step_with_empty_title_reports_error()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## {#leeg .end}\n\nTekst.\n"));

        AssertOnly(result, $"gids.md:{Body + 1}:1: error: step-title-empty", "Deze stap heeft geen titel.");
    }

    [Fact]
    public void Parse_step_without_content_reports_warning()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Leeg {#leeg}\n\n## Vol {#vol .end}\n\nTekst.\n"));

        AssertOnly(result, $"gids.md:{Body + 1}:1: warning: step-empty", "De stap 'Leeg' heeft geen inhoud.");
        Assert.NotNull(result.Guide);
    }

    [Fact]
    public void Parse_unknown_step_attribute_reports_warning_naming_it()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end kleur=\"rood\"}\n\nTekst.\n"));

        AssertOnly(result, $"gids.md:{Body + 1}:1: warning: attribute-ignored", "Attribuut 'kleur' op een stap wordt genegeerd");
    }

    [Fact]
    public void Parse_empty_target_reports_error()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "Inleiding.\n\n## Stap {#stap .end target=\" \"}\n\nTekst.\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:1: error: step-target-empty", "Het attribuut target is leeg");
    }

    [Fact]
    public void Parse_guide_without_steps_reports_error_at_last_line()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "Alleen tekst.\n\nNog meer tekst.\n\n\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:1: error: no-steps", "De gids heeft geen stappen");
    }

    [Fact]
    public void Parse_level_one_heading_reports_warning()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "# Titel\n\n## Stap {#stap .end}\n\nTekst.\n"));

        AssertOnly(result, $"gids.md:{Body + 1}:1: warning: heading-level-one", "Een kop met één # is niet nodig");
    }

    [Fact]
    public void Parse_check_before_first_step_reports_warning()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "Inleiding.\n\n- [ ] Klant is aanwezig\n\n## Stap {#stap .end}\n\nTekst.\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:1: warning: check-outside-step", "vóór de eerste stap");
    }

    [Fact]
    public void Parse_check_ticked_in_source_reports_warning()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\n- [ ] Open\n- [x] Dicht\n"));

        AssertOnly(result, $"gids.md:{Body + 4}:1: warning: check-ticked", "Schrijf '- [ ]'");
    }

    [Fact]
    public void Parse_text_after_decision_reports_warning_at_that_text()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Klopt alles? {#keuze}\n\n- [Ja](#klaar)\n- [Nee](#klaar)\n\n> [!TIP]\n> Te laat.\n\n## Klaar {#klaar .end}\n\nKlaar.\n"));

        AssertOnly(result, $"gids.md:{Body + 6}:1: warning: decision-not-last", "Zet de keuze onderaan de stap");
    }

    [Fact]
    public void Parse_decision_option_without_label_reports_error_at_the_link()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Klopt alles? {#keuze}\n\n- [Ja](#klaar)\n-   [](#klaar)\n\n## Klaar {#klaar .end}\n\nKlaar.\n"));

        AssertOnly(result, $"gids.md:{Body + 4}:5: error: decision-label-empty", "Een keuze heeft geen tekst");
    }

    [Fact]
    public void Parse_link_to_unknown_step_reports_error_at_the_link()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\nGa naar [stap twee](#twee).\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:9: error: link-step-unknown", "De link naar '#twee' wijst naar een stap die niet in deze gids staat.");
    }

    [Fact]
    public void Parse_javascript_link_reports_error_naming_the_danger()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\nKlik [hier](javascript:alert(1)).\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:6: error: link-scheme-not-allowed", "javascript:-links kunnen code uitvoeren");
    }

    [Fact]
    public void Parse_raw_html_reports_error_at_the_tag()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\nDit is <u>belangrijk</u>.\n"));

        Assert.Equal(
            [$"gids.md:{Body + 3}:8: error: raw-html", $"gids.md:{Body + 3}:21: error: raw-html"],
            result.Diagnostics.Select(Format));
        Assert.Contains("HTML wordt niet getoond ('<u>')", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_unknown_alert_kind_reports_warning()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\n> [!GEVAAR]\n> Pas op.\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:1: warning: alert-kind-unknown", "Onbekende soort melding [!GEVAAR]");
    }

    [Fact]
    public void Parse_image_from_disallowed_source_reports_error_at_the_image()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\nZo: ![voorbeeld](plaatjes/foto.png)\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:5: error: image-source-not-allowed", "Afbeelding 'plaatjes/foto.png' wordt niet getoond");
    }

    [Fact]
    public void Parse_attribute_on_paragraph_reports_warning_naming_the_attributes()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\nTekst {#eigen onclick=\"x\"}\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:1: warning: attribute-ignored", "Attributen '#eigen', 'onclick' worden niet getoond");
    }

    [Fact]
    public void Parse_positions_count_characters_not_bytes()
    {
        // 'Één' is three characters but five bytes in UTF-8; the column must point at the link all the same.
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap .end}\n\nÉén [x](#nergens)\n"));

        AssertOnly(result, $"gids.md:{Body + 3}:5: error: link-step-unknown");
    }

    [Fact]
    public void Diagnostic_to_string_uses_the_compiler_format()
    {
        var diagnostic = new ContentDiagnostic("map/gids.md", 12, 3, DiagnosticLevel.Warning, DiagnosticCodes.StepEmpty, "De stap 'X' heeft geen inhoud.");

        Assert.Equal("map/gids.md:12:3: warning: De stap 'X' heeft geen inhoud.", diagnostic.ToString());
    }

    [Fact]
    public void Synonym_line_with_fewer_than_two_terms_reports_warning_at_its_line()
    {
        var (list, diagnostics) = SynonymList.Parse("synoniemen.txt", "# kop\npaspoort, reispas\nalleen\n\nrijbewijs,,roze pasje\nid, ID, Id\n");

        Assert.Equal(
            [
                "synoniemen.txt:3:1: warning: synonym-line-invalid: Een synoniemenregel heeft ten minste twee termen nodig, gescheiden door komma's, zoals: paspoort, reispas.",
                "synoniemen.txt:5:1: warning: synonym-line-invalid: Lege term in de synoniemenregel (twee komma's achter elkaar?).",
                "synoniemen.txt:6:1: warning: synonym-line-invalid: Een synoniemenregel heeft ten minste twee termen nodig, gescheiden door komma's, zoals: paspoort, reispas.",
            ],
            diagnostics.Select(d => $"{Format(d)}: {d.Message}"));
        Assert.Equal(["paspoort|reispas", "rijbewijs|roze pasje"], list.Groups.Select(g => string.Join('|', g)));
    }

    [Fact]
    public void Synonym_terms_are_folded_and_comments_skipped()
    {
        var (list, diagnostics) = SynonymList.Parse("synoniemen.txt", "Identiteitskaart,  ID-kaart , Één   kaart # uitleg\r\n# alles commentaar, ook dit\r\n");

        Assert.Empty(diagnostics);
        Assert.Equal(["identiteitskaart|id-kaart|een kaart"], list.Groups.Select(g => string.Join('|', g)));
    }

    private static string Format(ContentDiagnostic d) => $"{d.File}:{d.Line}:{d.Column}: {(d.IsError ? "error" : "warning")}: {d.Code}";

    /// <summary>Asserts that the result holds exactly one diagnostic, in the given place, and returns it.</summary>
    private static ContentDiagnostic AssertOnly(GuideParseResult result, string expected, string? messagePart = null)
    {
        var diagnostic = Assert.Single(result.Diagnostics);
        if (expected.Contains(':', StringComparison.Ordinal))
        {
            Assert.Equal(expected, Format(diagnostic));
        }
        else
        {
            Assert.Equal(expected, diagnostic.Code);
        }
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, diagnostic.Message, StringComparison.Ordinal);
        }
        return diagnostic;
    }
}
