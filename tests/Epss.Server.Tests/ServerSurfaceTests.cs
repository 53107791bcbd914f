using System.Net;
using System.Text.Json;
using Epss.Server.Tests.Support;

namespace Epss.Server.Tests;

/// <summary>Health, content problems, the OpenAPI document and unknown routes, on the sample content plus one broken guide.</summary>
public sealed class ServerSurfaceTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Healthz_ready_server_answers_200()
    {
        using var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ContentProblems_broken_guide_is_reported_with_file_line_and_column()
    {
        var problems = await TestUsers.ContentProblemsAsync(fixture.Server, TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Array, problems.ValueKind);
        var problem = Assert.Single(problems.EnumerateArray(), p => p.GetProperty("level").GetString() == "error");
        Assert.Equal(["file", "line", "column", "level", "code", "message"], problem.PropertyNames());
        Assert.Equal(SampleServerFixture.BrokenId + ".md", problem.GetProperty("file").GetString());
        Assert.Equal(Epss.Testing.GuideTexts.StepWithoutIdLine, problem.GetProperty("line").GetInt32());
        Assert.Equal(1, problem.GetProperty("column").GetInt32());
        Assert.Equal("step-id-missing", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ContentProblems_every_entry_has_a_level_and_a_place()
    {
        var problems = await TestUsers.ContentProblemsAsync(fixture.Server, TestContext.Current.CancellationToken);

        Assert.All(problems.EnumerateArray(), p =>
        {
            Assert.Contains(p.GetProperty("level").GetString(), new[] { "error", "warning" });
            Assert.EndsWith(".md", p.GetProperty("file").GetString(), StringComparison.Ordinal);
            Assert.True(p.GetProperty("line").GetInt32() >= 1);
            Assert.True(p.GetProperty("column").GetInt32() >= 1);
        });
    }

    [Fact]
    public async Task OpenApi_document_lists_the_public_endpoints()
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").PropertyNames().Select(p => p.TrimEnd('/')).ToList();
        Assert.Contains("/api/guides", paths);
        Assert.Contains("/api/guides/{id}", paths);
        Assert.Contains("/api/search", paths);
        Assert.Contains("/api/context", paths);
        Assert.Equal("Epss HTTP API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task OpenApi_search_lists_its_query_parameters()
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        var parameters = document.GetProperty("paths").GetProperty("/api/search").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["q", "url", "title", "app", "limit"], parameters.Select(p => p!.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("/bestaat-niet")]
    [InlineData("/api")]
    [InlineData("/api/gidsen")]
    [InlineData("/api/guides/paspoort-aanvragen/steps")]
    public async Task UnknownRoute_answers_404_problem(string url)
    {
        var problem = await _client.GetProblemAsync(url, HttpStatusCode.NotFound, TestContext.Current.CancellationToken);

        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task KnownRoute_with_wrong_method_answers_405_problem()
    {
        using var response = await _client.PostAsync(new Uri("/api/guides", UriKind.Relative), new StringContent("{}"), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, TestContext.Current.CancellationToken);
    }

    public void Dispose() => fixture.AssertNoNewErrors();
}
