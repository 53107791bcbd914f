using System.Net;
using System.Text.Json;
using Epss.Server.Tests.Support;

namespace Epss.Server.Tests;

/// <summary><c>GET /api/search</c> over real HTTP on the sample content: ranking, typos, synonyms, the page, and input checks.</summary>
public sealed class SearchApiTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Search_answer_has_query_total_and_hits_with_the_contract_fields()
    {
        var result = await Search("q=paspoort");

        Assert.Equal(["query", "total", "hits"], result.PropertyNames());
        Assert.Equal("paspoort", result.GetProperty("query").GetString());
        var hits = result.GetProperty("hits");
        Assert.True(hits.GetArrayLength() > 0);
        Assert.True(result.GetProperty("total").GetInt32() >= hits.GetArrayLength());
        foreach (var hit in hits.EnumerateArray())
        {
            var names = hit.PropertyNames();
            Assert.Equal(["id", "title", "snippet", "score"], names.Take(4));
            Assert.True(hit.GetProperty("score").GetSingle() > 0);
            Assert.All(hit.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind));
        }
    }

    [Fact]
    public async Task Search_with_a_typo_finds_the_guide_first()
    {
        var result = await Search("q=vingerafdruken");

        Assert.Equal("vingerafdrukken-afnemen", FirstId(result));
    }

    [Theory]
    [InlineData("paspoort kwijt", "vermissing-melden")]
    [InlineData("id-kaart", "identiteitskaart-aanvragen")]
    [InlineData("vingers scannen", "vingerafdrukken-afnemen")]
    [InlineData("rijbewijs ophalen", "rijbewijs-uitreiken")]
    public async Task Search_words_people_use_find_the_right_guide_first(string query, string expected)
    {
        var result = await Search("q=" + Uri.EscapeDataString(query));

        Assert.Equal(expected, FirstId(result));
    }

    [Fact]
    public async Task Search_hit_on_a_step_names_the_step()
    {
        var result = await Search("q=vingerafdruken");

        var stepHit = result.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("id").GetString() == "identiteitskaart-aanvragen");
        Assert.Equal("vingerafdrukken", stepHit.GetProperty("stepId").GetString());
        var guideHit = result.GetProperty("hits")[0];
        Assert.False(guideHit.TryGetProperty("stepId", out _), "A hit on the guide as a whole has no stepId property.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Search_limit_caps_the_hits_but_not_the_total(int limit)
    {
        var result = await Search($"q=paspoort&limit={limit}");

        Assert.Equal(limit, result.GetProperty("hits").GetArrayLength());
        Assert.True(result.GetProperty("total").GetInt32() > limit);
    }

    [Fact]
    public async Task Search_hits_are_ordered_by_score()
    {
        var result = await Search("q=identiteit&limit=50");

        var scores = result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("score").GetSingle()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task Search_url_of_the_page_lifts_the_guide_made_for_that_page()
    {
        var query = "q=" + Uri.EscapeDataString("identiteit vaststellen");
        var handOut = Uri.EscapeDataString("https://gemeente.example/burgerzaken/reisdocument/uitreiken/42");

        var withoutPage = await Search(query);
        var onHandOutPage = await Search(query + "&url=" + handOut);

        Assert.Equal("identiteit-vaststellen-aanvraag", FirstId(withoutPage));
        Assert.Equal("identiteit-vaststellen-uitreiking", FirstId(onHandOutPage));
    }

    [Fact]
    public async Task Search_title_and_app_of_the_page_raise_only_the_guides_made_for_it()
    {
        var query = "q=" + Uri.EscapeDataString("identiteit vaststellen") + "&limit=50";

        var withoutPage = Scores(await Search(query));
        var onHandOutPage = Scores(await Search(query + "&title=" + Uri.EscapeDataString("Reisdocument uitreiken") + "&app=burgerzaken"));

        Assert.True(onHandOutPage["identiteit-vaststellen-uitreiking"] > withoutPage["identiteit-vaststellen-uitreiking"]);
        Assert.Equal(withoutPage["identiteit-vaststellen-aanvraag"], onHandOutPage["identiteit-vaststellen-aanvraag"]);
    }

    [Fact]
    public async Task Search_gibberish_finds_nothing()
    {
        var result = await Search("q=xqzwv%20plorkt");

        Assert.Equal(0, result.GetProperty("total").GetInt32());
        Assert.Equal(0, result.GetProperty("hits").GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?q=")]
    [InlineData("?q=%20%20%20")]
    [InlineData("?q=%09%0A")]
    [InlineData("?limit=5")]
    public async Task Search_without_a_query_answers_validation_problem_for_q(string queryString)
    {
        var problem = await _client.GetProblemAsync("/api/search" + queryString, HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        AssertValidationError(problem, "q");
    }

    [Fact]
    public async Task Search_query_longer_than_200_characters_answers_validation_problem_for_q()
    {
        var problem = await _client.GetProblemAsync("/api/search?q=" + new string('p', 201), HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        var message = AssertValidationError(problem, "q");
        Assert.Contains("200", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_query_of_exactly_200_characters_is_accepted()
    {
        var query = string.Concat(Enumerable.Repeat("paspoort ", 23))[..200];

        var result = await Search("q=" + Uri.EscapeDataString(query));

        Assert.Equal("paspoort-aanvragen", FirstId(result));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("-1")]
    public async Task Search_limit_out_of_range_answers_validation_problem_for_limit(string limit)
    {
        var problem = await _client.GetProblemAsync("/api/search?q=paspoort&limit=" + limit, HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        AssertValidationError(problem, "limit");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    public async Task Search_limit_that_is_not_a_number_answers_validation_problem_for_limit(string limit)
    {
        var problem = await _client.GetProblemAsync("/api/search?q=paspoort&limit=" + limit, HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        Assert.Contains("getal", AssertValidationError(problem, "limit"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("url", 2049)]
    [InlineData("title", 301)]
    [InlineData("app", 101)]
    public async Task Search_page_context_too_long_answers_validation_problem(string parameter, int length)
    {
        var problem = await _client.GetProblemAsync(
            $"/api/search?q=paspoort&{parameter}=" + new string('x', length), HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        AssertValidationError(problem, parameter);
    }

    [Fact]
    public async Task Search_after_invalid_requests_answers_the_next_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await _client.GetProblemAsync("/api/search?q=", HttpStatusCode.BadRequest, ct);
        await _client.GetProblemAsync("/api/search?q=paspoort&limit=abc", HttpStatusCode.BadRequest, ct);
        await _client.GetProblemAsync("/api/search?q=paspoort&url=" + new string('x', 3000), HttpStatusCode.BadRequest, ct);

        var result = await Search("q=paspoort%20kwijt");

        Assert.Equal("vermissing-melden", FirstId(result));
    }

    [Fact]
    public async Task Search_echoes_what_was_typed_as_json_data_and_marks_only_with_mark_tags()
    {
        const string typed = "<script>alert(1)</script> paspoort <img src=x onerror=alert(2)>";
        using var response = await _client.GetAsync(new Uri("/api/search?q=" + Uri.EscapeDataString(typed), UriKind.Relative), TestContext.Current.CancellationToken);
        var result = await response.ReadJsonAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(typed, result.GetProperty("query").GetString());
        Assert.NotEqual(0, result.GetProperty("hits").GetArrayLength());
        AssertSnippetsAreSafe(result);
    }

    [Theory]
    [InlineData("paspoort")]
    [InlineData("vingerafdruken")]
    [InlineData("pasfoto")]
    [InlineData("identiteit vaststellen")]
    [InlineData("<mark>")]
    [InlineData("&lt;b&gt; kind")]
    public async Task Search_snippets_contain_no_markup_but_mark(string query)
    {
        var result = await Search("q=" + Uri.EscapeDataString(query) + "&limit=50");

        AssertSnippetsAreSafe(result);
    }

    public void Dispose() => fixture.AssertNoNewErrors();

    private Task<JsonElement> Search(string queryString) =>
        _client.GetJsonAsync("/api/search?" + queryString, TestContext.Current.CancellationToken);

    private static Dictionary<string, float> Scores(JsonElement result) =>
        result.GetProperty("hits").EnumerateArray().ToDictionary(h => h.GetProperty("id").GetString()!, h => h.GetProperty("score").GetSingle());

    private static string? FirstId(JsonElement result)
    {
        Assert.NotEqual(0, result.GetProperty("hits").GetArrayLength());
        return result.GetProperty("hits")[0].GetProperty("id").GetString();
    }

    private static string AssertValidationError(JsonElement problem, string parameter)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No 'errors' in the problem: {problem}");
        Assert.True(errors.TryGetProperty(parameter, out var messages), $"No error for '{parameter}' in {errors}");
        var message = messages[0].GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    /// <summary>Every '&lt;' in a snippet starts a &lt;mark&gt; or &lt;/mark&gt; tag: the panel may insert snippets as HTML.</summary>
    internal static void AssertSnippetsAreSafe(JsonElement result)
    {
        foreach (var hit in result.GetProperty("hits").EnumerateArray())
        {
            var snippet = hit.GetProperty("snippet").GetString()!;
            for (var at = snippet.IndexOf('<', StringComparison.Ordinal); at >= 0; at = snippet.IndexOf('<', at + 1))
            {
                var rest = snippet.AsSpan(at);
                Assert.True(
                    rest.StartsWith("<mark>", StringComparison.Ordinal) || rest.StartsWith("</mark>", StringComparison.Ordinal),
                    $"Snippet of {hit.GetProperty("id").GetString()} has markup other than <mark> at {at}: {snippet}");
            }
        }
    }
}
