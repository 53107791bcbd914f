using System.Net;
using System.Text.Json;
using Epss.Server.Tests.Support;

namespace Epss.Server.Tests;

/// <summary><c>GET /api/context</c>: the guides that fit the page an official is on, with the reason.</summary>
public sealed class ContextApiTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Context_url_of_a_page_suggests_the_guide_made_for_it_first_with_the_reason()
    {
        var result = await Context("url=" + Uri.EscapeDataString("https://gemeente.example/burgerzaken/vermissing/nieuw"));

        Assert.Equal(["suggestions"], result.PropertyNames());
        var suggestions = result.GetProperty("suggestions");
        var first = suggestions[0];
        Assert.Equal(["id", "title", "summary", "reason"], first.PropertyNames());
        Assert.Equal("vermissing-melden", first.GetProperty("id").GetString());
        Assert.Equal("Vermissing van een document melden", first.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("summary").GetString()));
        Assert.Equal("past bij deze pagina", first.GetProperty("reason").GetString());
        Assert.Contains("geen-geldig-identiteitsbewijs", suggestions.Ids());
        Assert.DoesNotContain("rijbewijs-uitreiken", suggestions.Ids());
    }

    [Fact]
    public async Task Context_title_only_suggests_guides_by_page_title()
    {
        var result = await Context("title=" + Uri.EscapeDataString("Rijbewijs uitreiken - Burgerzaken"));

        var suggestions = result.GetProperty("suggestions");
        Assert.Equal("rijbewijs-uitreiken", suggestions[0].GetProperty("id").GetString());
        Assert.All(suggestions.EnumerateArray(), s => Assert.Equal("past bij de paginatitel", s.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Context_limit_caps_the_suggestions()
    {
        var url = Uri.EscapeDataString("https://gemeente.example/burgerzaken/reisdocument/aanvragen/1");

        var all = await Context("url=" + url + "&limit=50");
        var three = await Context("url=" + url + "&limit=3");

        Assert.True(all.GetProperty("suggestions").GetArrayLength() > 3);
        Assert.Equal(all.GetProperty("suggestions").Ids()[..3], three.GetProperty("suggestions").Ids());
    }

    [Fact]
    public async Task Context_page_no_guide_is_made_for_suggests_nothing()
    {
        var result = await Context("url=" + Uri.EscapeDataString("https://gemeente.example/belastingen/aanslag") + "&title=Aanslag");

        Assert.Equal(0, result.GetProperty("suggestions").GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?url=&title=")]
    [InlineData("?url=%20&title=%20")]
    [InlineData("?app=burgerzaken")]
    public async Task Context_without_url_or_title_answers_validation_problem(string queryString)
    {
        var problem = await _client.GetProblemAsync("/api/context" + queryString, HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), $"No error for 'url' in {problem}");
    }

    [Fact]
    public async Task Context_url_longer_than_2048_characters_answers_validation_problem()
    {
        var problem = await _client.GetProblemAsync(
            "/api/context?url=https://x/" + new string('a', 2100), HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
    }

    [Fact]
    public async Task Context_limit_out_of_range_answers_validation_problem()
    {
        var problem = await _client.GetProblemAsync("/api/context?title=Klanten&limit=0", HttpStatusCode.BadRequest, TestContext.Current.CancellationToken);

        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    public void Dispose() => fixture.AssertNoNewErrors();

    private Task<JsonElement> Context(string queryString) =>
        _client.GetJsonAsync("/api/context?" + queryString, TestContext.Current.CancellationToken);
}
