using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Epss.Accounts;
using Epss.Content.Parsing;
using Epss.Testing;

namespace Epss.Server.Tests.Support;

/// <summary>The editor's side of a test: a server on a few guides of its own, experts, saves and review steps over real HTTP.</summary>
public static class Editing
{
    /// <summary>The version the library gives a text (a hash of its UTF-8 bytes).</summary>
    public static string VersionOf(string text) => GuideParser.VersionOf(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Starts a server on a content folder of <paramref name="guides"/> (each saved as <c>{id}.md</c>) and waits until
    /// the first guide's text is in the history. The data folder is the server's own unless <paramref name="dataPath"/> is given.
    /// </summary>
    /// <param name="history">The server's history database (<see cref="HistoryDatabases.SettingsAsync"/>).</param>
    public static async Task<RunningServer> StartWithGuidesAsync(
        IReadOnlyDictionary<string, string?> history, CancellationToken ct, string? dataPath, params (string Id, string Text)[] guides)
    {
        var content = new TempContentFolder();
        foreach (var (id, text) in guides)
        {
            content.Write(id + ".md", text);
        }
        var server = await RunningServer.StartAsync(content, ct, dataPath, history);
        using var client = await ExpertAsync(server, "start-" + Guid.NewGuid().ToString("N")[..8], ct);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri($"/api/guides/{guides[0].Id}/history", UriKind.Relative), ct);
            return response.StatusCode == HttpStatusCode.OK;
        }, "the first version is in the history");
        return server;
    }

    /// <summary>A new expert in the server's accounts and a client with their token.</summary>
    public static async Task<HttpClient> ExpertAsync(RunningServer server, string name, CancellationToken ct)
    {
        var user = await TestUsers.AddAsync(server, name, ct, EpssRoles.Expert);
        return TestUsers.Client(server, user.Token);
    }

    public static Task<HttpResponseMessage> SaveAsync(
        this HttpClient client, string id, string text, string? baseVersion, CancellationToken ct, string? mergedWith = null, string note = "") =>
        client.PutAsJsonAsync($"/api/guides/{id}/source", new { text, baseVersion, note, mergedWith }, ct);

    /// <summary>Saves and expects 200; returns the new version.</summary>
    public static async Task<string> SaveOkAsync(this HttpClient client, string id, string text, string? baseVersion, CancellationToken ct, string? mergedWith = null)
    {
        using var response = await client.SaveAsync(id, text, baseVersion, ct, mergedWith);
        var body = await response.AssertOkJsonAsync(ct);
        Assert.Equal(VersionOf(text), body.GetProperty("version").GetString());
        return body.GetProperty("version").GetString()!;
    }

    /// <summary>POSTs to /api/guides/{id}/review/{step} with <paramref name="body"/> as JSON.</summary>
    public static Task<HttpResponseMessage> ReviewAsync(this HttpClient client, string id, string step, object body, CancellationToken ct) =>
        client.PostAsJsonAsync($"/api/guides/{id}/review/{step}", body, ct);

    /// <summary>Sends the change for review and expects 200; returns the change.</summary>
    public static async Task<JsonElement> SubmitOkAsync(this HttpClient client, string id, string version, CancellationToken ct, string note = "")
    {
        using var response = await client.ReviewAsync(id, "submit", new { version, note }, ct);
        return await response.AssertOkJsonAsync(ct);
    }

    /// <summary>Expects 200 with JSON and returns the body.</summary>
    public static async Task<JsonElement> AssertOkJsonAsync(this HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.ReadJsonAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The entry of one guide in GET /api/editor/guides as <paramref name="client"/> sees it.</summary>
    public static async Task<JsonElement> ListedAsync(this HttpClient client, string id, CancellationToken ct) =>
        (await client.GetJsonAsync("/api/editor/guides", ct)).EnumerateArray().Single(g => g.GetProperty("id").GetString() == id);

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
