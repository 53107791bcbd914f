using System.Net;
using System.Text.Json;
using Epss.Server.Tests.Support;

namespace Epss.Server.Tests;

/// <summary><c>GET /api/guides</c> and <c>GET /api/guides/{id}</c> over real HTTP, on the sample content plus one broken guide.</summary>
public sealed class GuideApiTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task ListGuides_sample_content_lists_every_served_guide_with_the_contract_fields()
    {
        var guides = await _client.GetJsonAsync("/api/guides", TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Array, guides.ValueKind);
        Assert.Equal(SampleServerFixture.SampleGuideCount, guides.GetArrayLength());
        foreach (var guide in guides.EnumerateArray())
        {
            var names = guide.PropertyNames();
            foreach (var field in new[] { "id", "title", "summary", "tags", "roles", "version", "reviewBy" })
            {
                Assert.Contains(field, names);
            }
            Assert.False(string.IsNullOrWhiteSpace(guide.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(guide.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(guide.GetProperty("version").GetString()));
            Assert.Equal(JsonValueKind.Array, guide.GetProperty("tags").ValueKind);
            Assert.Equal(JsonValueKind.Array, guide.GetProperty("roles").ValueKind);
        }
    }

    [Fact]
    public async Task ListGuides_one_guide_has_its_front_matter_values_in_camel_case()
    {
        var guides = await _client.GetJsonAsync("/api/guides", TestContext.Current.CancellationToken);

        var guide = guides.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "vingerafdrukken-afnemen");
        Assert.Equal("Vingerafdrukken afnemen", guide.GetProperty("title").GetString());
        Assert.StartsWith("Gebruik dit als je bij een aanvraag", guide.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(["biometrie", "vingerafdrukken", "aanvraag"], guide.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["baliemedewerker"], guide.GetProperty("roles").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("2027-12-01", guide.GetProperty("reviewBy").GetString());
        Assert.All(guide.PropertyNames(), name => Assert.True(char.IsLower(name[0]), $"'{name}' is not camelCase"));
    }

    [Fact]
    public async Task ListGuides_broken_guide_in_folder_is_left_out_and_the_others_are_listed()
    {
        var guides = await _client.GetJsonAsync("/api/guides", TestContext.Current.CancellationToken);

        var ids = guides.Ids();
        Assert.DoesNotContain(SampleServerFixture.BrokenId, ids);
        Assert.Contains("paspoort-aanvragen", ids);
        Assert.Contains("vermissing-melden", ids);
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task GetGuide_known_id_returns_the_guide_with_its_steps()
    {
        var guide = await _client.GetJsonAsync("/api/guides/vingerafdrukken-afnemen", TestContext.Current.CancellationToken);

        Assert.Equal("vingerafdrukken-afnemen", guide.GetProperty("id").GetString());
        Assert.Equal("Vingerafdrukken afnemen", guide.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(guide.GetProperty("summary").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(guide.GetProperty("version").GetString()));
        var steps = guide.GetProperty("steps");
        Assert.Equal(["leeftijd", "vingers", "voorbereiden", "afnemen", "beperking", "klaar", "niet-nodig"], steps.Ids());
        foreach (var step in steps.EnumerateArray())
        {
            var names = step.PropertyNames();
            foreach (var field in new[] { "id", "title", "html", "checks", "target", "next" })
            {
                Assert.Contains(field, names);
            }
        }
    }

    [Fact]
    public async Task GetGuide_has_the_guide_s_sources_and_each_step_the_sources_it_names()
    {
        var guide = await _client.GetJsonAsync("/api/guides/signalering-register", TestContext.Current.CancellationToken);

        var sources = guide.GetProperty("sources").EnumerateArray().ToList();
        var article44 = Assert.Single(sources, s => s.GetProperty("id").GetString() == "ppw-44");
        Assert.Equal(["id", "title", "article", "url", "checked", "label"], article44.PropertyNames());
        Assert.Equal(("Paspoortwet", "art. 44", "Paspoortwet art. 44", "2026-12-07"),
            (article44.GetProperty("title").GetString(), article44.GetProperty("article").GetString(), article44.GetProperty("label").GetString(), article44.GetProperty("checked").GetString()));
        Assert.Equal("https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44", article44.GetProperty("url").GetString());
        var withoutAddress = Assert.Single(sources, s => s.GetProperty("id").GetString() == "hup-inhouding");
        Assert.DoesNotContain("url", withoutAddress.PropertyNames());
        Assert.Equal(["ppw-44"], Step(guide, "voornemen").GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Empty(Step(guide, "soort").GetProperty("sources").EnumerateArray());
        Assert.DoesNotContain("Paspoortwet art. 44", Step(guide, "voornemen").GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGuide_version_matches_the_version_in_the_list()
    {
        var ct = TestContext.Current.CancellationToken;
        var guides = await _client.GetJsonAsync("/api/guides", ct);
        var listed = guides.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "paspoort-aanvragen");

        var guide = await _client.GetJsonAsync("/api/guides/paspoort-aanvragen", ct);

        Assert.Equal(listed.GetProperty("version").GetString(), guide.GetProperty("version").GetString());
    }

    [Fact]
    public async Task GetGuide_step_has_rendered_html_checks_and_target()
    {
        var guide = await _client.GetJsonAsync("/api/guides/vingerafdrukken-afnemen", TestContext.Current.CancellationToken);

        var step = Step(guide, "afnemen");
        Assert.Equal("Afdrukken opnemen", step.GetProperty("title").GetString());
        Assert.Equal("#vingerafdruk-status", step.GetProperty("target").GetString());
        Assert.Contains("<strong>2 tot 3</strong>", step.GetProperty("html").GetString(), StringComparison.Ordinal);
        var checks = step.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(3, checks.Count);
        Assert.All(checks, check =>
        {
            Assert.Equal(["id", "text"], check.PropertyNames());
            Assert.False(string.IsNullOrWhiteSpace(check.GetProperty("id").GetString()));
        });
        Assert.Equal("Per vinger zijn 2 tot 3 opnames gemaakt", checks[0].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, Step(guide, "vingers").GetProperty("target").ValueKind);
        Assert.Equal(JsonValueKind.Null, step.GetProperty("page").ValueKind);
    }

    [Fact]
    public async Task GetGuide_step_done_on_another_page_names_that_page()
    {
        var guide = await _client.GetJsonAsync("/api/guides/identiteit-vaststellen-aanvraag", TestContext.Current.CancellationToken);

        var step = Step(guide, "brp");
        Assert.Equal("#klant-zoeken", step.GetProperty("target").GetString());
        Assert.Equal("*/klanten*", step.GetProperty("page").GetString());
    }

    [Fact]
    public async Task GetGuide_decision_lists_every_option_with_step_or_guide_and_no_nulls()
    {
        var guide = await _client.GetJsonAsync("/api/guides/geen-geldig-identiteitsbewijs", TestContext.Current.CancellationToken);

        var next = Step(guide, "rijbewijs").GetProperty("next").EnumerateArray().ToList();

        Assert.Equal(2, next.Count);
        Assert.Equal(["label", "stepId"], next[0].PropertyNames());
        Assert.Equal("Ja, de identiteit staat vast", next[0].GetProperty("label").GetString());
        Assert.Equal("vastleggen", next[0].GetProperty("stepId").GetString());
        Assert.Equal(["label", "guideId"], next[1].PropertyNames());
        Assert.Equal("Nee, of ik twijfel", next[1].GetProperty("label").GetString());
        Assert.Equal("twijfel-aan-identiteit", next[1].GetProperty("guideId").GetString());
    }

    [Fact]
    public async Task GetGuide_option_to_a_step_of_another_guide_has_both_step_and_guide()
    {
        var guide = await _client.GetJsonAsync("/api/guides/aanvraag-minderjarige", TestContext.Current.CancellationToken);

        var next = Step(guide, "toestemming-nodig").GetProperty("next").EnumerateArray().ToList();

        Assert.Equal(2, next.Count);
        Assert.Equal("gezag", next[0].GetProperty("stepId").GetString());
        Assert.False(next[0].TryGetProperty("guideId", out _));
        Assert.Equal("identiteitskaart-aanvragen", next[1].GetProperty("guideId").GetString());
        Assert.Equal("pasfoto", next[1].GetProperty("stepId").GetString());
    }

    [Fact]
    public async Task GetGuide_step_without_decision_leads_to_the_next_step_and_end_step_leads_nowhere()
    {
        var guide = await _client.GetJsonAsync("/api/guides/vingerafdrukken-afnemen", TestContext.Current.CancellationToken);

        var next = Step(guide, "vingers").GetProperty("next").EnumerateArray().ToList();
        Assert.Equal("voorbereiden", Assert.Single(next).GetProperty("stepId").GetString());
        Assert.Equal(0, Step(guide, "klaar").GetProperty("next").GetArrayLength());
    }

    [Theory]
    [InlineData("bestaat-niet")]
    [InlineData(SampleServerFixture.BrokenId)]
    [InlineData("Paspoort-Aanvragen")]
    [InlineData("paspoort_aanvragen")]
    public async Task GetGuide_unknown_id_answers_404_problem_in_dutch(string id)
    {
        var problem = await _client.GetProblemAsync("/api/guides/" + id, HttpStatusCode.NotFound, TestContext.Current.CancellationToken);

        Assert.Equal("Gids niet gevonden.", problem.GetProperty("title").GetString());
        Assert.Contains("Er is geen gids met id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..%2F..%2Fappsettings.json")]
    [InlineData("..%2Fpaspoort-aanvragen")]
    [InlineData("paspoort-aanvr%C3%A1gen")]
    [InlineData("%E2%9C%88%EF%B8%8F-reis")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    public async Task GetGuide_id_with_odd_characters_answers_404_problem(string encodedId)
    {
        var problem = await _client.GetProblemAsync("/api/guides/" + encodedId, HttpStatusCode.NotFound, TestContext.Current.CancellationToken);

        Assert.Contains("Er is geen gids met id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/guides/%2E%2E")]
    [InlineData("/api/guides/..%2F..%2F..%2Fcontent%2Fpaspoort-aanvragen.md")]
    [InlineData("/api/guides/paspoort-aanvragen.md")]
    public async Task GetGuide_path_that_points_at_a_file_answers_404_problem(string url)
    {
        await _client.GetProblemAsync(url, HttpStatusCode.NotFound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task GetGuide_very_long_id_answers_404_with_a_shortened_detail()
    {
        var id = new string('a', 4000);

        var problem = await _client.GetProblemAsync("/api/guides/" + id, HttpStatusCode.NotFound, TestContext.Current.CancellationToken);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Er is geen gids met id", detail, StringComparison.Ordinal);
        Assert.True(detail.Length < 200, $"The detail repeats the whole id ({detail.Length} characters).");
    }

    public void Dispose() => fixture.AssertNoNewErrors();

    private static JsonElement Step(JsonElement guide, string id) =>
        guide.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
}
