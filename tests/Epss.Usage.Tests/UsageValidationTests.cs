using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>Each rule for events and flags, with the reason an official reads; and the scrubbing of free text.</summary>
public sealed class UsageValidationTests
{
    private static readonly DateTimeOffset Now = UsageTestData.Now;

    private static readonly Dictionary<string, UsageEvent> Valid = new()
    {
        ["guide-opened"] = UsageTestData.GuideOpened(),
        ["guide-opened via resume"] = UsageTestData.GuideOpened(OpenedVia.Resume),
        ["step-viewed"] = UsageTestData.StepViewed(),
        ["check-ticked"] = UsageTestData.CheckTicked(),
        ["decision to a step"] = UsageTestData.DecisionTaken(),
        ["decision to a guide"] = UsageTestData.DecisionTaken(toStepId: null, toGuideId: "twijfel-aan-identiteit"),
        ["guide-completed without step"] = UsageTestData.Event(UsageEventTypes.GuideCompleted, stepId: null),
        ["guide-abandoned at a step"] = UsageTestData.Event(UsageEventTypes.GuideAbandoned),
        ["search with an opened hit"] = UsageTestData.Search(),
        ["search without hits"] = UsageTestData.Search(hitCount: 0, openedGuideId: null, openedRank: null),
        ["search with hits, none opened"] = UsageTestData.Search(hitCount: 12, openedGuideId: null, openedRank: null),
        ["uuid id"] = UsageTestData.StepViewed(id: Guid.NewGuid().ToString()),
        ["64 character id"] = UsageTestData.StepViewed(id: new string('a', 64)),
        ["no role, app, run or version"] = UsageTestData.StepViewed() with { Role = null, App = null, RunId = null, GuideVersion = null },
        ["4 minutes ahead"] = UsageTestData.StepViewed(at: Now.AddMinutes(4)),
        ["29 days old"] = UsageTestData.StepViewed(at: Now.AddDays(-29)),
        ["target-missing"] = UsageTestData.TargetMissing(),
        ["target-missing, two elements"] = UsageTestData.TargetMissing(status: TargetStatuses.Ambiguous),
        ["target-missing, not CSS"] = UsageTestData.TargetMissing(selector: "#", status: TargetStatuses.Invalid),
        ["80 character guide id"] = UsageTestData.StepViewed() with { GuideId = string.Join('-', Enumerable.Repeat("abcdefghi", 8)) },
    };

    private static readonly Dictionary<string, UsageEvent> Invalid = new()
    {
        ["empty id"] = UsageTestData.StepViewed(id: ""),
        ["65 character id"] = UsageTestData.StepViewed(id: new string('a', 65)),
        ["id with a space"] = UsageTestData.StepViewed(id: "evt 1"),
        ["id with a slash"] = UsageTestData.StepViewed(id: "../evt"),
        ["unknown type"] = UsageTestData.Event("guide-printed"),
        ["flag type"] = UsageTestData.Event(UsageEventTypes.Flag),
        ["6 minutes ahead"] = UsageTestData.StepViewed(at: Now.AddMinutes(6)),
        ["31 days old"] = UsageTestData.StepViewed(at: Now.AddDays(-31)),
        ["raw identity"] = UsageTestData.StepViewed(user: "jan.jansen@gemeente.nl"),
        ["long role"] = UsageTestData.StepViewed() with { Role = new string('r', 65) },
        ["app with a line break"] = UsageTestData.StepViewed() with { App = "burger\nzaken" },
        ["odd guide version"] = UsageTestData.StepViewed() with { GuideVersion = "v1 <script>" },
        ["bad run id"] = UsageTestData.StepViewed() with { RunId = "run/1" },
        ["no guide"] = UsageTestData.StepViewed() with { GuideId = null },
        ["guide id in capitals"] = UsageTestData.StepViewed() with { GuideId = "Paspoort-Aanvragen" },
        ["guide id with double hyphen"] = UsageTestData.StepViewed() with { GuideId = "paspoort--aanvragen" },
        ["81 character guide id"] = UsageTestData.StepViewed() with { GuideId = new string('a', 81) },
        ["no step on step-viewed"] = UsageTestData.Event(UsageEventTypes.StepViewed, stepId: null),
        ["step id with underscore"] = UsageTestData.Event(UsageEventTypes.StepViewed, stepId: "stap_1"),
        ["no via"] = UsageTestData.GuideOpened() with { Details = UsageDetails.None },
        ["unknown via"] = UsageTestData.GuideOpened("email"),
        ["no check id"] = UsageTestData.CheckTicked(checkId: null),
        ["decision to nowhere"] = UsageTestData.DecisionTaken(toStepId: null),
        ["decision to a bad step id"] = UsageTestData.DecisionTaken(toStepId: "Verwerken!"),
        ["search without query"] = UsageTestData.Search(query: null),
        ["search with blank query"] = UsageTestData.Search(query: "   "),
        ["search with 201 character query"] = UsageTestData.Search(query: new string('q', 201)),
        ["search without hit count"] = UsageTestData.Search(hitCount: null),
        ["negative hit count"] = UsageTestData.Search(hitCount: -1, openedGuideId: null, openedRank: null),
        ["absurd hit count"] = UsageTestData.Search(hitCount: 100_001, openedGuideId: null, openedRank: null),
        ["opened rank 0"] = UsageTestData.Search(openedRank: 0),
        ["opened rank past the hits"] = UsageTestData.Search(hitCount: 3, openedRank: 4),
        ["opened rank without guide"] = UsageTestData.Search(openedGuideId: null, openedRank: 1),
        ["search step without guide"] = UsageTestData.Search() with { StepId = "identiteit" },
        ["no details"] = UsageTestData.StepViewed() with { Details = null! },
        ["target-missing without selector"] = UsageTestData.TargetMissing(selector: null),
        ["target-missing without page"] = UsageTestData.TargetMissing(pageUrl: null),
        ["target-missing without status"] = UsageTestData.TargetMissing(status: null),
        ["target-missing with an unknown status"] = UsageTestData.TargetMissing(status: "weg"),
        ["target-missing without step"] = UsageTestData.TargetMissing() with { StepId = null },
        ["target-missing with a 501 character selector"] = UsageTestData.TargetMissing(selector: new string('#', 501)),
        ["target-missing with a page address over two lines"] = UsageTestData.TargetMissing(pageUrl: "https://bz.example/\nklanten"),
        ["step with a long query"] = UsageTestData.StepViewed() with { Details = new UsageDetails(Query: new string('q', 201)) },
        ["step with an unknown via"] = UsageTestData.StepViewed() with { Details = new UsageDetails(Via: "email") },
        ["step with a bad check id"] = UsageTestData.StepViewed() with { Details = new UsageDetails(CheckId: "Check 1") },
        ["step with a negative hit count"] = UsageTestData.StepViewed() with { Details = new UsageDetails(HitCount: -5) },
    };

    public static TheoryData<string> ValidCases => [.. Valid.Keys];

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Problem_of_a_valid_event_is_none(string name)
    {
        Assert.Null(UsageValidation.Problem(Valid[name], Now));
    }

    [Theory]
    [InlineData("empty id", "Het id van een gebeurtenis heeft 1 tot 64 tekens: letters, cijfers en streepjes.")]
    [InlineData("65 character id", "Het id van een gebeurtenis heeft 1 tot 64 tekens")]
    [InlineData("id with a space", "Het id van een gebeurtenis heeft 1 tot 64 tekens")]
    [InlineData("id with a slash", "Het id van een gebeurtenis heeft 1 tot 64 tekens")]
    [InlineData("unknown type", "Onbekend soort gebeurtenis. Bekend zijn: check-ticked, decision-taken, guide-abandoned, guide-completed, guide-opened, search, step-viewed, target-missing.")]
    [InlineData("flag type", "Een probleem meld je met 'Meld een probleem'")]
    [InlineData("6 minutes ahead", "Het tijdstip van de gebeurtenis ligt meer dan 5 minuten in de toekomst.")]
    [InlineData("31 days old", "De gebeurtenis is meer dan 30 dagen oud")]
    [InlineData("raw identity", "De gebruiker is niet gepseudonimiseerd")]
    [InlineData("long role", "De rol heeft 1 tot 64 tekens.")]
    [InlineData("app with a line break", "De naam van de applicatie heeft 1 tot 100 tekens.")]
    [InlineData("odd guide version", "De versie van de gids heeft 1 tot 64 tekens")]
    [InlineData("bad run id", "Het id van de doorloop (runId)")]
    [InlineData("no guide", "Bij deze gebeurtenis hoort het id van de gids (guideId).")]
    [InlineData("guide id in capitals", "Het id van de gids is ongeldig: kleine letters, cijfers en enkele streepjes, hoogstens 80 tekens.")]
    [InlineData("guide id with double hyphen", "Het id van de gids is ongeldig")]
    [InlineData("81 character guide id", "Het id van de gids is ongeldig")]
    [InlineData("no step on step-viewed", "Bij deze gebeurtenis hoort het id van de stap (stepId).")]
    [InlineData("step id with underscore", "Het id van de stap is ongeldig")]
    [InlineData("no via", "Geef aan hoe de gids is geopend: link, recent, restart, resume, search, suggestion.")]
    [InlineData("unknown via", "Geef aan hoe de gids is geopend")]
    [InlineData("no check id", "Bij het afvinken hoort het id van het controlepunt (checkId).")]
    [InlineData("decision to nowhere", "Bij een keuze hoort de stap of gids waar die naartoe leidt")]
    [InlineData("decision to a bad step id", "Het id van de stap is ongeldig")]
    [InlineData("search without query", "Bij een zoekactie hoort de zoekvraag.")]
    [InlineData("search with blank query", "Een zoekvraag heeft 1 tot 200 tekens.")]
    [InlineData("search with 201 character query", "Een zoekvraag heeft 1 tot 200 tekens.")]
    [InlineData("search without hit count", "Bij een zoekactie hoort het aantal resultaten (hitCount).")]
    [InlineData("negative hit count", "Het aantal resultaten ligt tussen 0 en 100000.")]
    [InlineData("absurd hit count", "Het aantal resultaten ligt tussen 0 en 100000.")]
    [InlineData("opened rank 0", "De plaats van het geopende resultaat ligt tussen 1 en het aantal resultaten.")]
    [InlineData("opened rank past the hits", "De plaats van het geopende resultaat ligt tussen 1 en het aantal resultaten.")]
    [InlineData("opened rank without guide", "Bij de plaats van het geopende resultaat hoort het id van de geopende gids")]
    [InlineData("search step without guide", "Het id van de stap is ongeldig")]
    [InlineData("no details", "De gegevens bij de gebeurtenis ontbreken.")]
    [InlineData("target-missing without selector", "Bij een ontbrekend veld horen de selector, het adres van de pagina en wat er met het veld is")]
    [InlineData("target-missing without page", "Bij een ontbrekend veld horen de selector")]
    [InlineData("target-missing without status", "Bij een ontbrekend veld horen de selector")]
    [InlineData("target-missing with an unknown status", "Wat er met het veld is, is een van: ambiguous, invalid, missing.")]
    [InlineData("target-missing without step", "Bij deze gebeurtenis hoort het id van de stap (stepId).")]
    [InlineData("target-missing with a 501 character selector", "De selector heeft 1 tot 500 tekens.")]
    [InlineData("target-missing with a page address over two lines", "Het adres van de pagina heeft 1 tot 2000 tekens.")]
    [InlineData("step with a long query", "Een zoekvraag heeft 1 tot 200 tekens.")]
    [InlineData("step with an unknown via", "Geef aan hoe de gids is geopend")]
    [InlineData("step with a bad check id", "Het id van het controlepunt is ongeldig")]
    [InlineData("step with a negative hit count", "Het aantal resultaten ligt tussen 0 en 100000.")]
    public void Problem_of_an_invalid_event_gives_the_reason(string name, string expected)
    {
        var problem = UsageValidation.Problem(Invalid[name], Now);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_case_is_checked_by_the_theory()
    {
        var tested = typeof(UsageValidationTests).GetMethod(nameof(Problem_of_an_invalid_event_gives_the_reason))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>().Select(a => (string)a.Data[0]!);

        Assert.Equal(Invalid.Keys.Order(), tested.Order());
    }

    [Theory]
    [InlineData("https://bz.example/reisdocument/aanvragen", "https://bz.example/reisdocument/aanvragen")]
    [InlineData("https://bz.example/klanten?zoek=jansen&bsn=123456789", "https://bz.example/klanten")]
    [InlineData("https://bz.example/klanten#rij-4", "https://bz.example/klanten")]
    [InlineData("https://bz.example/klanten/999999990/reisdocument", "https://bz.example/klanten/#####/reisdocument")]
    public void ScrubPageUrl_drops_query_and_fragment_and_long_numbers(string url, string expected)
    {
        Assert.Equal(expected, UsageValidation.ScrubPageUrl(url));
    }

    [Fact]
    public void Problem_without_a_time_uses_the_clock_of_now()
    {
        var recent = UsageTestData.StepViewed(at: DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.Null(UsageValidation.Problem(recent));
        Assert.NotNull(UsageValidation.Problem(recent with { OccurredAt = DateTimeOffset.UtcNow.AddHours(1) }));
    }

    [Theory]
    [InlineData("bsn 123456789", "bsn #####")]
    [InlineData("123 456 789 paspoort", "##### paspoort")]
    [InlineData("bel 06-12345678 terug", "bel ##### terug")]
    [InlineData("documentnummer NW1234567", "documentnummer NW#####")]
    [InlineData("12345", "#####")]
    [InlineData("１２３４５６７８９ volledig breed", "##### volledig breed")]
    [InlineData("postcode 1234 AB huisnummer 12", "postcode 1234 AB huisnummer 12")]
    [InlineData("paspoort 2026", "paspoort 2026")]
    [InlineData("  paspoort \t\n  verlopen  ", "paspoort verlopen")]
    [InlineData("rij\u0000bewijs\u200Bkwijt", "rij bewijs kwijt")]
    [InlineData("", "")]
    public void ScrubQuery_removes_long_numbers_and_collapses_whitespace(string query, string expected)
    {
        Assert.Equal(expected, UsageValidation.ScrubQuery(query));
    }

    [Fact]
    public void ScrubQuery_of_a_scrubbed_query_changes_nothing()
    {
        var once = UsageValidation.ScrubQuery(" bsn 123456789 en   0612345678 ");

        Assert.Equal(once, UsageValidation.ScrubQuery(once));
    }

    [Fact]
    public void ScrubText_keeps_line_breaks_but_not_long_numbers_or_extra_blank_lines()
    {
        Assert.Equal("Eerste regel ##### hier\n\nTweede alinea.",
            UsageValidation.ScrubText("  Eerste   regel 123456789 hier  \r\n\r\n\r\n\r\n  Tweede alinea.\n  "));
    }

    [Theory]
    [InlineData("valid", null)]
    [InlineData("search flag", null)]
    [InlineData("guide flag without step", null)]
    [InlineData("empty id", "Het id van een melding heeft 1 tot 59 tekens")]
    [InlineData("60 character id", "Het id van een melding heeft 1 tot 59 tekens")]
    [InlineData("blank text", "Beschrijf het probleem in 1 tot 1000 tekens.")]
    [InlineData("1001 character text", "Beschrijf het probleem in 1 tot 1000 tekens.")]
    [InlineData("huge text", "Beschrijf het probleem in 1 tot 1000 tekens.")]
    [InlineData("no guide and no query", "Een melding hoort bij een stap van een gids of bij een zoekvraag.")]
    [InlineData("bad guide id", "Het id van de gids is ongeldig")]
    [InlineData("bad step id", "Het id van de stap is ongeldig")]
    [InlineData("step without guide", "Het id van de stap is ongeldig")]
    [InlineData("long query", "Een zoekvraag heeft 1 tot 200 tekens.")]
    [InlineData("raw identity", "De gebruiker is niet gepseudonimiseerd")]
    [InlineData("no status", "De status van een melding ontbreekt of is ongeldig.")]
    public void Problem_of_a_flag_gives_the_reason_or_none(string name, string? expected)
    {
        var flag = UsageTestData.Flag(id: "melding-1");
        flag = name switch
        {
            "valid" => flag,
            "search flag" => UsageTestData.Flag(guideId: null, stepId: null, query: "uittreksel"),
            "guide flag without step" => flag with { StepId = null },
            "empty id" => flag with { Id = "" },
            "60 character id" => flag with { Id = new string('a', 60) },
            "blank text" => flag with { Text = " \n\t " },
            "1001 character text" => flag with { Text = new string('t', 1001) },
            "huge text" => flag with { Text = new string('t', 1_000_000) },
            "no guide and no query" => flag with { GuideId = null, StepId = null },
            "bad guide id" => flag with { GuideId = "Paspoort" },
            "bad step id" => flag with { StepId = "stap 1" },
            "step without guide" => UsageTestData.Flag(guideId: null, query: "uittreksel"),
            "long query" => UsageTestData.Flag(guideId: null, stepId: null, query: new string('q', 201)),
            "raw identity" => flag with { UserPseudonym = "jan" },
            "no status" => flag with { Status = "" },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var problem = UsageValidation.Problem(flag);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("paspoort-aanvragen", true)]
    [InlineData("a", true)]
    [InlineData("stap-2", true)]
    [InlineData("-begin", false)]
    [InlineData("eind-", false)]
    [InlineData("twee--streepjes", false)]
    [InlineData("Hoofdletter", false)]
    [InlineData("één", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsSlug_accepts_kebab_case_only(string? value, bool expected)
    {
        Assert.Equal(expected, UsageValidation.IsSlug(value));
    }
}
