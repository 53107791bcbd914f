using System.Net;
using System.Text;
using Epss.Server.Tests.Support;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR.Client;

namespace Epss.Server.Tests;

/// <summary>The experts' flag API over real HTTP with an expert's bearer token: list, one flag, answer, close.</summary>
public sealed class FlagApiTests : ServerWithExpert
{
    [Fact]
    public async Task ListFlags_gives_flags_newest_first_filtered_by_guide_step_and_status_and_never_who_raised_them()
    {
        await using var panel = await Panels.ConnectAsync(Server, HubProtocol.Json, Ct, clientId: "browser-list-0001");
        var first = await Flag(panel, "pasfoto-beoordelen", "ouderdom", "Termijn klopt niet.");
        var second = await Flag(panel, "pasfoto-beoordelen", "fotomatrix", "Matrix is verouderd.");
        var third = await Flag(panel, "pasfoto-beoordelen", "ouderdom", "Nog iets over de termijn.");
        var missing = await panel.InvokeAsync<FlagResponse>("ReportMissing", new MissingTopicRequest("verhuizen", "Niets over verhuizing"), Ct);

        var all = await Expert.GetJsonAsync("/api/flags", Ct);
        var ofGuide = await Expert.GetJsonAsync("/api/flags?guideId=pasfoto-beoordelen", Ct);
        var ofStep = await Expert.GetJsonAsync("/api/flags?guideId=pasfoto-beoordelen&stepId=ouderdom&status=open", Ct);
        var limited = await Expert.GetJsonAsync("/api/flags?guideId=pasfoto-beoordelen&limit=1", Ct);
        var answered = await Expert.GetJsonAsync("/api/flags?status=answered", Ct);

        Assert.Equal([missing.Id, third.Id, second.Id, first.Id], all.Ids());
        Assert.Equal([third.Id, second.Id, first.Id], ofGuide.Ids());
        Assert.Equal([third.Id, first.Id], ofStep.Ids());
        Assert.Equal([third.Id], limited.Ids());
        Assert.Empty(answered.EnumerateArray());
        Assert.Equal(["id", "guideId", "stepId", "guideVersion", "query", "text", "createdAt", "status"], ofGuide[0].PropertyNames());
        Assert.Equal(("Nog iets over de termijn.", "open"), (ofGuide[0].GetProperty("text").GetString(), ofGuide[0].GetProperty("status").GetString()));
        Assert.DoesNotContain("p_", all.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerFlag_stores_the_answer_with_the_experts_name_and_a_second_answer_is_refused_with_409()
    {
        await using var panel = await Panels.ConnectAsync(Server, HubProtocol.Json, Ct, clientId: "browser-answer-01");
        var flag = await Flag(panel, "pasfoto-beoordelen", "ouderdom", "Termijn klopt niet.");

        using var answer = await Post($"/api/flags/{flag.Id}/answer", """{"text":"Klopt, het is 6 maanden. Bel 0612345678 niet.","fixedInVersion":"abc123","close":true}""");
        using var again = await Post($"/api/flags/{flag.Id}/answer", """{"text":"Klopt, het is 6 maanden. Bel 0612345678 niet.","fixedInVersion":"abc123"}""");
        using var other = await Post($"/api/flags/{flag.Id}/answer", """{"text":"Toch iets anders."}""");
        using var close = await Post($"/api/flags/{flag.Id}/close", null);
        var read = await Expert.GetJsonAsync($"/api/flags/{flag.Id}", Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var problem = await other.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.StartsWith("Deze melding is al beantwoord door inhoud op ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("answered", read.GetProperty("status").GetString());
        Assert.Equal("Klopt, het is 6 maanden. Bel ##### niet.", read.GetProperty("answer").GetString());
        Assert.Equal("inhoud", read.GetProperty("answeredBy").GetString());
        Assert.Equal("abc123", read.GetProperty("fixedInVersion").GetString());
        Assert.True(read.GetProperty("answeredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(read.ToString(), (await answer.ReadJsonAsync(Ct)).ToString());
    }

    [Fact]
    public async Task CloseFlag_closes_without_answer_and_an_answer_afterwards_is_refused()
    {
        await using var panel = await Panels.ConnectAsync(Server, HubProtocol.Json, Ct, clientId: "browser-close-001");
        var flag = await Flag(panel, "pasfoto-beoordelen", "fotomatrix", "Dubbel gemeld.");

        using var close = await Post($"/api/flags/{flag.Id}/close", null);
        using var answer = await Post($"/api/flags/{flag.Id}/answer", """{"text":"Alsnog."}""");

        var closed = await close.ReadJsonAsync(Ct);
        Assert.Equal(("closed", "inhoud", false), (closed.GetProperty("status").GetString(), closed.GetProperty("answeredBy").GetString(), closed.TryGetProperty("answer", out _)));
        var problem = await answer.AssertProblemAsync(HttpStatusCode.Conflict, Ct);
        Assert.Contains("gesloten zonder antwoord", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/flags?status=weg", null, HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/flags?limit=0", null, HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/flags?guideId=Geen%20Slug", null, HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/flags/bestaat-niet", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/flags/geen%20id", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/flags/bestaat-niet/answer", """{"text":"Antwoord."}""", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/flags/bestaat-niet/close", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/flags/bestaat-niet/answer", """{"text":"   "}""", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/flags/bestaat-niet/answer", """{"text":"Antwoord.","close":false}""", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/flags/bestaat-niet/answer", """{"text":"Antwoord.","fixedInVersion":"een versie"}""", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/flags/bestaat-niet/answer", """{"text":""", HttpStatusCode.BadRequest)]
    public async Task Flags_bad_requests_answer_problem_json(string method, string url, string? body, HttpStatusCode status)
    {
        using var response = method == "GET" ? await Expert.GetAsync(new Uri(url, UriKind.Relative), Ct) : await Post(url, body);

        await response.AssertProblemAsync(status, Ct);
    }

    [Fact]
    public async Task OpenApi_documents_the_flag_endpoints()
    {
        var document = await Server.Client.GetJsonAsync("/openapi/v1.json", Ct);

        var paths = document.GetProperty("paths");
        Assert.Equal("ListFlags", paths.GetProperty("/api/flags").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("GetFlag", paths.GetProperty("/api/flags/{id}").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("AnswerFlag", paths.GetProperty("/api/flags/{id}/answer").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal("CloseFlag", paths.GetProperty("/api/flags/{id}/close").GetProperty("post").GetProperty("operationId").GetString());
        var parameters = paths.GetProperty("/api/flags").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()!.ToLowerInvariant());
        Assert.Equal(["guideid", "stepid", "status", "limit"], parameters);
        // The refusals a handler can give are in its type, so in the document: an answer to a flag closed before is a 409.
        Assert.True(paths.GetProperty("/api/flags/{id}/answer").GetProperty("post").GetProperty("responses").GetProperty("409")
            .GetProperty("content").TryGetProperty("application/problem+json", out _));
        // And a guide's save: 409 (someone saved meanwhile) and 422 (the text has errors), each its own type.
        var save = paths.GetProperty("/api/guides/{id}/source").GetProperty("put").GetProperty("responses");
        Assert.True(save.TryGetProperty("409", out _) && save.TryGetProperty("422", out _), save.ToString());
    }

    private static Task<FlagResponse> Flag(HubConnection panel, string guideId, string stepId, string text) =>
        panel.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest(guideId, stepId, text), Ct);

    private Task<HttpResponseMessage> Post(string url, string? json) =>
        Expert.PostAsync(new Uri(url, UriKind.Relative), json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"), Ct);
}
