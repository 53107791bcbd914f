using System.Net;
using System.Text.Json;

namespace Epss.Server.Tests.Support;

/// <summary>Reading the server's JSON answers, and checking their status and media type on the way.</summary>
public static class HttpAssertions
{
    /// <summary>GETs <paramref name="url"/>, expects 200 with <c>application/json</c>, and returns the body.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
        var body = await response.ReadJsonAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>GETs <paramref name="url"/>, expects a problem+json answer with <paramref name="status"/>, and returns the problem.</summary>
    public static async Task<JsonElement> GetProblemAsync(this HttpClient client, string url, HttpStatusCode status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
        return await response.AssertProblemAsync(status, cancellationToken);
    }

    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} with a body that is not JSON ({e.Message}): {body}");
            throw;
        }
    }

    /// <summary>The names of an object's properties, in order.</summary>
    public static string[] PropertyNames(this JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    /// <summary>The <c>id</c> of every element of an array.</summary>
    public static string[] Ids(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
}
