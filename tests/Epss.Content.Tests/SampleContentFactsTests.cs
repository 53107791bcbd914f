using System.Text.RegularExpressions;
using Epss.Content.Library;
using Epss.Content.Model;
using Epss.Content.Tests.Support;
using Epss.Testing;

namespace Epss.Content.Tests;

/// <summary>
/// What the sample guides say at the counter, read against the Paspoortwet, the RvIG, the RDW and the corrections in
/// issue 15 (one test per point of its section 1, named after it). Where a lint rule expresses the point, the strict
/// lint of the sample content (<see cref="SampleContentTests"/>) and the spec files test it; these tests hold what only
/// the content can say. Each would fail on the text the issue quotes.
/// </summary>
public sealed partial class SampleContentFactsTests : IAsyncLifetime
{
    private readonly TestLog _log = new();
    private GuideLibrarySnapshot _snapshot = GuideLibrarySnapshot.Empty;

    public async ValueTask InitializeAsync()
    {
        using var library = TestGuides.Library(RepositoryRoot.ContentPath, _log, today: TestGuides.SampleContentDay);
        _snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;
    }

    [Fact]
    public void Point_1_1_driving_licence_path_checks_eu_nationality_and_no_travel_document_register()
    {
        var guide = Guide("identiteit-vaststellen-aanvraag");
        var brp = Step(guide, "brp");

        var licence = StepsFrom(guide, Option(brp, "rijbewijs").StepId!);
        var travel = StepsFrom(guide, Option(brp, "paspoort").StepId!);

        Assert.DoesNotContain(licence.SelectMany(s => s.Checks), c => NationalityOrCategory12().IsMatch(c.Text));
        Assert.Contains(licence.SelectMany(s => s.Checks), c => c.Text.Contains("EU- of EER-nationaliteit", StringComparison.Ordinal));
        Assert.Contains(travel.SelectMany(s => s.Checks), c => c.Text.Contains("Nederlandse nationaliteit", StringComparison.Ordinal));
        Assert.Contains(travel.SelectMany(s => s.Checks), c => c.Text.Contains("categorie 12", StringComparison.Ordinal));
    }

    [Fact]
    public void Point_1_2_identity_guide_leads_a_client_not_registered_here_or_not_dutch_elsewhere()
    {
        var guide = Guide("identiteit-vaststellen-aanvraag");

        Assert.Equal("niet-ingezetene", Option(Step(guide, "brp"), "niet in onze gemeente").GuideId);
        var notDutch = Option(Step(guide, "brp-reisdocument"), "niet de Nederlandse nationaliteit");
        Assert.True(Step(guide, notDutch.StepId!).IsEnd);
        Assert.Contains(Step(guide, notDutch.StepId!).Sources, s => s.Id == "ppw-28");
        Assert.Contains(Guide("niet-ingezetene").Sources, s => s.Label == "Paspoortwet art. 26");
    }

    [Fact]
    public void Point_1_3_personal_appearance_has_its_exception_for_serious_reasons()
    {
        var arrival = Step(Guide("identiteit-vaststellen-aanvraag"), "aanwezig");

        Assert.Equal("aanvraag-buiten-het-gemeentehuis", Option(arrival, "ernstige reden").GuideId);
        var exception = Guide("aanvraag-buiten-het-gemeentehuis");
        Assert.Contains(exception.Steps[0].Sources, s => s.Label == "Paspoortwet art. 28");
        Assert.Contains("bedlegerig", exception.Steps[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Point_1_4_rps_hit_contacts_the_listing_authority_and_names_the_terms_of_article_44()
    {
        var guide = Guide("signalering-register");
        var hit = Step(guide, "rps-aanvraag");
        var branch = StepsFrom(guide, "rps-aanvraag");

        Assert.Contains(hit.Sources, s => s.Label == "Paspoortwet art. 44");
        Assert.Contains(hit.Checks, c => c.Text.Contains("signalerende instantie", StringComparison.Ordinal));
        Assert.DoesNotContain(branch, s => s.Text.Contains("werkinstructie 24b", StringComparison.OrdinalIgnoreCase));
        var contact = Step(guide, "instantie");
        Assert.True(contact.IsDecision);
        Assert.Contains("meteen contact", contact.Text, StringComparison.Ordinal);
        var intent = Step(guide, "voornemen");
        Assert.Contains("binnen 4 weken na de aanvraag", intent.Text, StringComparison.Ordinal);
        Assert.Contains("8 weken aan te houden", intent.Text, StringComparison.Ordinal);
        Assert.Contains(intent.Sources, s => s.Id == "ppw-44");
    }

    [Fact]
    public void Point_1_5_identity_at_hand_out_goes_back_to_the_document_checks_before_it_jumps_on()
    {
        var guide = Guide("identiteit-vaststellen-uitreiking");
        var first = guide.Steps[0];

        Assert.True(first.IsDecision);
        Assert.Contains(first.Next, n => n.GuideId == "reisdocument-uitreiken" && n.StepId is null);
        Assert.Contains(first.Next, n => n.GuideId == "rijbewijs-uitreiken" && n.StepId is null);
        // The hand-out guide itself checks withholding, misprints and the three months before identity.
        var document = Step(Guide("reisdocument-uitreiken"), "document");
        Assert.Contains(document.Checks, c => c.Text.Contains("in te houden", StringComparison.Ordinal));
        Assert.Contains(document.Checks, c => c.Text.Contains("3 maanden", StringComparison.Ordinal));
        Assert.Contains(document.Checks, c => c.Text.Contains("beschadigd", StringComparison.Ordinal));
    }

    [Fact]
    public void Point_1_6_no_valid_id_leads_back_to_the_register_checks_and_covers_no_earlier_applications()
    {
        var guide = Guide("geen-geldig-identiteitsbewijs");

        Assert.Contains("data-guide-id=\"identiteit-vaststellen-aanvraag\" data-step-id=\"brp\"", Step(guide, "vastleggen").Html, StringComparison.Ordinal);
        var none = Option(Step(guide, "administratie"), "genaturaliseerd");
        Assert.Contains("besluit over de naturalisatie", Step(guide, none.StepId!).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Point_1_7_renewal_at_75_or_with_c_d_or_medical_limits_needs_a_fitness_declaration()
    {
        var kind = Step(Guide("rijbewijs-aanvragen"), "soort");

        Assert.DoesNotContain(Guide("rijbewijs-aanvragen").Steps.SelectMany(s => s.Next), n => n.Label.Contains("gewone vernieuwing", StringComparison.Ordinal));
        Assert.Equal("rijbewijs-75-plus", Option(kind, "vanaf 75 jaar").GuideId);
        var fitness = Guide("rijbewijs-75-plus");
        Assert.Contains(fitness.Steps, s => s.Text.Contains("categorie C of D", StringComparison.Ordinal));
        Assert.True(Step(fitness, "gezondheidsverklaring").IsEnd);
    }

    [Fact]
    public void Point_1_8_a_driving_licence_never_goes_the_question_route_without_an_identity_document()
    {
        Assert.DoesNotContain(Guide("rijbewijs-aanvragen").Links, l => l.GuideId == "geen-geldig-identiteitsbewijs");
        var noId = Guide("geen-geldig-identiteitsbewijs");
        var licence = Step(noId, Option(noId.Steps[0], "rijbewijs").StepId!);
        Assert.True(licence.IsEnd);
        Assert.Contains("niet", licence.Text, StringComparison.Ordinal);
        Assert.Contains(licence.Sources, s => s.Id == "rdw-rijbewijs");
    }

    [Fact]
    public void Point_1_9_control_questions_never_ask_the_birthplace_and_say_the_same_in_both_guides()
    {
        var advice = new[] { Step(Guide("twijfel-aan-identiteit"), "controlevragen"), Step(Guide("geen-geldig-identiteitsbewijs"), "vragen") }
            .Select(s => QuestionAdvice().Match(s.Text).Value)
            .ToList();

        Assert.All(advice, a => Assert.Contains("Vraag niet naar de geboorteplaats", a, StringComparison.Ordinal));
        Assert.Single(advice.Distinct(StringComparer.Ordinal));
        Assert.DoesNotContain(AllSteps(), s => Regex.IsMatch(s.Text, @"zoals geboorteplaats|over geboorteplaats", RegexOptions.IgnoreCase));
    }

    [Fact]
    public void Point_1_10_every_extension_of_the_four_weeks_is_told_in_writing_before_the_first_term_ends()
    {
        var extensions = AllSteps().Where(s => s.Text.Contains("4 weken", StringComparison.Ordinal) && s.Text.Contains("verlengd", StringComparison.Ordinal)).ToList();

        Assert.True(extensions.Count >= 3, $"{extensions.Count} steps name the extension");
        Assert.All(extensions, s =>
        {
            Assert.Contains("schriftelijk", s.Text, StringComparison.Ordinal);
            Assert.Contains("vóórdat de eerste 4 weken voorbij zijn", s.Text, StringComparison.Ordinal);
            Assert.Contains(s.Sources, source => source.Id == "ppw-41");
        });
    }

    [Fact]
    public void Point_1_11_authenticity_names_the_features_and_keeps_c5_to_dutch_travel_documents()
    {
        var guide = Guide("echtheid-document-controleren");
        var text = string.Join('\n', guide.Steps.Select(s => s.Title + "\n" + s.Text));

        foreach (var feature in new[] { "kinegram", "hologram", "gelaserde", "tweede, kleinere foto", "microtekst", "reliëf", "leesstrook", "MRZ", "UV" })
        {
            Assert.Contains(feature, text, StringComparison.Ordinal);
        }
        Assert.Contains("Nederlandse paspoorten en identiteitskaarten", Step(guide, "c5").Text, StringComparison.Ordinal);
        Assert.Equal("ander-document", Option(Step(guide, "tweede-persoon"), "rijbewijs").StepId);
        Assert.Contains("Heb je geen hulpmiddel", Step(guide, "hulpmiddel").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Point_1_12_a_lost_driving_licence_has_its_own_path_and_no_guide_names_the_verificatieregister()
    {
        var guide = Guide("vermissing-melden");
        var licence = Step(guide, Option(Step(guide, "welk-document"), "rijbewijs").StepId!);

        Assert.Contains("rijbewijzenregister", licence.Text, StringComparison.Ordinal);
        Assert.Contains("26 mei 2018", licence.Text, StringComparison.Ordinal);
        Assert.Contains("geldt voor reisdocumenten", licence.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(AllSteps(), s => s.Text.Contains("Verificatieregister", StringComparison.Ordinal));
        Assert.Contains("Documentverificatiedienst", Step(guide, "misbruik-kopie").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Point_1_13_emergency_passport_needs_a_sealed_envelope_and_both_parents_for_a_child()
    {
        var guide = Guide("spoedaanvraag");
        var emergency = Step(guide, "noodpaspoort");

        Assert.Contains("gesloten, verzegelde envelop", emergency.Text, StringComparison.Ordinal);
        Assert.Contains("beide ouders", emergency.Text, StringComparison.Ordinal);
        Assert.Contains("binnen een week", Step(guide, "reisdatum").Text, StringComparison.Ordinal);
        Assert.True(guide.ReviewBy > TestGuides.SampleContentDay);
    }

    [Fact]
    public void Point_1_14_photo_check_knows_the_exceptions_for_babies_headwear_and_medical_reasons()
    {
        var guide = Guide("pasfoto-beoordelen");
        var exceptions = Step(guide, "uitzonderingen");

        Assert.Contains("jonger dan 6 jaar", exceptions.Text, StringComparison.Ordinal);
        Assert.Contains("geloofsredenen", exceptions.Text, StringComparison.Ordinal);
        Assert.Contains("medische reden", exceptions.Text, StringComparison.Ordinal);
        Assert.Contains("?", Step(guide, "accepteren").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Point_1_15_consent_compares_the_signature_and_names_the_date_of_joint_custody_by_acknowledgement()
    {
        var guide = Guide("aanvraag-minderjarige");

        Assert.Contains(Step(guide, "toestemming").Checks, c => c.Text.Contains("handtekening", StringComparison.Ordinal) && c.Text.Contains("kopie", StringComparison.Ordinal));
        Assert.Contains("Sinds 1 januari 2023", Step(guide, "gezag").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Point_1_16_a_driving_licence_not_collected_in_three_months_lapses_and_needs_a_new_application()
    {
        var guide = Guide("rijbewijs-uitreiken");
        var lapsed = Step(guide, Option(Step(guide, "termijn"), "langer dan 3 maanden").StepId!);

        Assert.True(lapsed.IsEnd);
        Assert.Contains("vervalt", lapsed.Text, StringComparison.Ordinal);
        Assert.Contains("data-guide-id=\"rijbewijs-aanvragen\"", lapsed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(guide.Steps, s => s.Text.Contains("Overleg met de backoffice", StringComparison.Ordinal));
    }

    [Fact]
    public void Point_1_17_the_fraud_helpline_has_its_full_name_and_number()
    {
        foreach (var (guideId, stepId) in new[] { ("twijfel-aan-identiteit", "misbruik"), ("vermissing-melden", "misbruik-kopie") })
        {
            var text = Step(Guide(guideId), stepId).Text;
            Assert.Contains("Centraal Meldpunt Identiteitsfraude en -fouten (CMI)", text, StringComparison.Ordinal);
            Assert.Contains("088 900 10 00", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Point_1_18_one_word_for_the_citizen_throughout()
    {
        var words = new[] { "aanvrager", "houder", "inwoner" };

        Assert.All(_snapshot.Guides.Values, guide =>
        {
            var text = string.Join('\n', new[] { guide.Title, guide.Summary }.Concat(guide.Steps.SelectMany(s => new[] { s.Title, s.Text }.Concat(s.Checks.Select(c => c.Text)).Concat(s.Next.Select(n => n.Label)))));
            Assert.DoesNotMatch(new Regex($@"(?<![\p{{L}}-])({string.Join('|', words)})s?(?![\p{{L}}-])", RegexOptions.IgnoreCase), text);
        });
    }

    [Fact]
    public void Point_1_19_validity_periods_are_stated_with_their_source()
    {
        foreach (var guideId in new[] { "paspoort-aanvragen", "identiteitskaart-aanvragen" })
        {
            var age = Step(Guide(guideId), "leeftijd");
            Assert.Contains("10 jaar geldig", age.Text, StringComparison.Ordinal);
            Assert.Contains("5 jaar geldig", age.Text, StringComparison.Ordinal);
            Assert.Contains(age.Sources, s => s.Id == "ro-paspoort");
        }
        var licence = Step(Guide("rijbewijs-aanvragen"), "opslaan");
        Assert.Contains("10 jaar geldig is, en vanaf 75 jaar 5 jaar", licence.Text, StringComparison.Ordinal);
        Assert.Contains(licence.Sources, s => s.Id == "ro-rijbewijs");
    }

    [Fact]
    public void Point_1_20_identity_checks_live_in_one_guide_that_the_application_guides_lead_to()
    {
        foreach (var guideId in new[] { "paspoort-aanvragen", "identiteitskaart-aanvragen", "rijbewijs-aanvragen" })
        {
            var identity = Step(Guide(guideId), "identiteit");
            Assert.Empty(identity.Checks);
            Assert.Contains(identity.Next, n => n.GuideId == "identiteit-vaststellen-aanvraag");
        }
        // And the identity guide hands each of them back after its own last step.
        Assert.Equal(
            ["identiteitskaart-aanvragen", "paspoort-aanvragen", "rijbewijs-aanvragen"],
            Guide("identiteit-vaststellen-aanvraag").Links.Where(l => l.StepId is not null && l.GuideId.EndsWith("-aanvragen", StringComparison.Ordinal))
                .Select(l => l.GuideId).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>Issue 15, section 3: each new guide is reached from the guides where its situation comes up.</summary>
    [Theory]
    [InlineData("aanvraag-buiten-het-gemeentehuis", "identiteit-vaststellen-aanvraag")]
    [InlineData("niet-ingezetene", "identiteit-vaststellen-aanvraag")]
    [InlineData("eindcontrole-verstrekken", "paspoort-aanvragen identiteitskaart-aanvragen reisdocument-uitreiken")]
    [InlineData("documenten-inklaren", "eindcontrole-verstrekken reisdocument-uitreiken")]
    [InlineData("rijbewijs-spoed", "rijbewijs-aanvragen")]
    [InlineData("buitenlands-rijbewijs-omwisselen", "rijbewijs-aanvragen")]
    [InlineData("rijbewijs-75-plus", "rijbewijs-aanvragen")]
    [InlineData("toestemming-ingetrokken", "aanvraag-minderjarige")]
    [InlineData("tweede-paspoort", "paspoort-aanvragen")]
    [InlineData("reisdocument-vluchteling-vreemdeling", "identiteit-vaststellen-aanvraag")]
    [InlineData("document-overledene", "vermissing-melden")]
    [InlineData("begeleider-voert-het-woord", "identiteit-vaststellen-aanvraag twijfel-aan-identiteit")]
    public void Section_3_each_new_guide_is_reached_from_the_guides_where_its_situation_comes_up(string guideId, string from)
    {
        Assert.NotNull(_snapshot.Find(guideId));
        foreach (var source in from.Split(' '))
        {
            Assert.Contains(Guide(source).Links, link => link.GuideId == guideId);
        }
    }

    private Guide Guide(string id) => _snapshot.Find(id) ?? throw new InvalidOperationException($"No guide '{id}'.");

    private static Step Step(Guide guide, string id) => guide.FindStep(id) ?? throw new InvalidOperationException($"No step '{id}' in {guide.Id}.");

    private static NextStep Option(Step step, string labelPart) =>
        Assert.Single(step.Next, n => n.Label.Contains(labelPart, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<Step> AllSteps() => _snapshot.Guides.Values.SelectMany(g => g.Steps);

    /// <summary>The steps of the guide reachable from <paramref name="stepId"/> without leaving the guide, that step included.</summary>
    private static List<Step> StepsFrom(Guide guide, string stepId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { stepId };
        var queue = new Queue<string>([stepId]);
        var steps = new List<Step>();
        while (queue.TryDequeue(out var id))
        {
            var step = Step(guide, id);
            steps.Add(step);
            foreach (var next in step.Next.Where(n => n.GuideId is null && n.StepId is not null && seen.Add(n.StepId)))
            {
                queue.Enqueue(next.StepId!);
            }
        }
        return steps;
    }

    [GeneratedRegex("Nederlandse nationaliteit|Nederlanderschap|categorie 12")]
    private static partial Regex NationalityOrCategory12();

    [GeneratedRegex(@"Vraag naar wat.*?ja-neevragen\.", RegexOptions.Singleline)]
    private static partial Regex QuestionAdvice();

    public ValueTask DisposeAsync()
    {
        _log.Dispose();
        return ValueTask.CompletedTask;
    }
}
