using System.Net;
using System.Text.Json;
using Epss.Server.Tests.Support;
using Epss.Testing;

namespace Epss.Server.Tests;

/// <summary>
/// Editing the content folder while the server runs: each test has a server of its own and changes a guide file,
/// then polls the HTTP API until the change shows (or fails after <see cref="Eventually.DefaultTimeout"/>).
/// </summary>
public sealed class LiveUpdateTests
{
    private const string Id = "levende-gids";
    private const string File = Id + ".md";

    [Fact]
    public async Task LiveUpdate_new_guide_file_is_listed_and_found_by_search()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithOtherGuideAsync(ct);

        server.Content.Write(File, GuideTexts.Valid(Id, "Levende gids", "kwartelkoning"));

        await Eventually.TrueAsync(async () => (await ListedIds(server, ct)).Contains(Id), "the new guide is listed");
        await Eventually.TrueAsync(async () => await FirstHitAsync(server, "kwartelkoning", ct) == Id, "search finds the new guide");
        var guide = await server.Client.GetJsonAsync("/api/guides/" + Id, ct);
        Assert.Equal("Levende gids", guide.GetProperty("title").GetString());
    }

    [Fact]
    public async Task LiveUpdate_changed_guide_is_served_at_a_new_version_with_its_new_text_searchable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithGuideAsync(ct);
        var before = await VersionAsync(server, ct);

        server.Content.Write(File, GuideTexts.Valid(Id, "Levende gids, herzien", "roerdomp"));

        await Eventually.TrueAsync(async () => await VersionAsync(server, ct) != before, "the guide's version changes");
        var guide = await server.Client.GetJsonAsync("/api/guides/" + Id, ct);
        Assert.Equal("Levende gids, herzien", guide.GetProperty("title").GetString());
        Assert.Contains("roerdomp", guide.GetProperty("steps")[0].GetProperty("html").GetString(), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await FirstHitAsync(server, "roerdomp", ct) == Id, "search finds the new text");
        var listed = (await server.Client.GetJsonAsync("/api/guides", ct)).EnumerateArray().Single(g => g.GetProperty("id").GetString() == Id);
        Assert.Equal(guide.GetProperty("version").GetString(), listed.GetProperty("version").GetString());
    }

    [Fact]
    public async Task LiveUpdate_changed_guide_is_no_longer_found_by_its_old_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithGuideAsync(ct);
        Assert.Equal(Id, await FirstHitAsync(server, "kwartelkoning", ct));

        server.Content.Write(File, GuideTexts.Valid(Id, "Levende gids", "roerdomp"));

        await Eventually.TrueAsync(async () => await FirstHitAsync(server, "roerdomp", ct) == Id, "search finds the new text");
        var old = await server.Client.GetJsonAsync("/api/search?q=kwartelkoning", ct);
        Assert.DoesNotContain(Id, old.GetProperty("hits").Ids());
    }

    [Fact]
    public async Task LiveUpdate_broken_guide_keeps_its_last_good_version_and_reports_the_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithGuideAsync(ct);
        var good = await VersionAsync(server, ct);

        server.Content.Write(File, GuideTexts.WithStepWithoutId(Id));

        JsonElement problem = default;
        await Eventually.TrueAsync(
            async () =>
            {
                var problems = await TestUsers.ContentProblemsAsync(server, ct);
                problem = problems.EnumerateArray().FirstOrDefault(p => p.GetProperty("file").GetString() == File && p.GetProperty("level").GetString() == "error");
                return problem.ValueKind == JsonValueKind.Object;
            },
            "/api/content/problems reports the broken guide");
        Assert.Equal(GuideTexts.StepWithoutIdLine, problem.GetProperty("line").GetInt32());
        Assert.Equal("step-id-missing", problem.GetProperty("code").GetString());
        Assert.Equal(good, await VersionAsync(server, ct));
        Assert.Contains(Id, await ListedIds(server, ct));
        Assert.Equal(Id, await FirstHitAsync(server, "kwartelkoning", ct));
    }

    [Fact]
    public async Task LiveUpdate_repaired_guide_is_served_again_and_its_problem_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithGuideAsync(ct);
        server.Content.Write(File, GuideTexts.WithStepWithoutId(Id));
        await Eventually.TrueAsync(async () => await HasProblemAsync(server, ct), "the broken guide is reported");

        server.Content.Write(File, GuideTexts.Valid(Id, "Levende gids", "roerdomp"));

        await Eventually.TrueAsync(async () => !await HasProblemAsync(server, ct), "the problem is gone");
        await Eventually.TrueAsync(async () => await FirstHitAsync(server, "roerdomp", ct) == Id, "the repaired text is searchable");
    }

    [Fact]
    public async Task LiveUpdate_deleted_guide_answers_404_and_leaves_the_list_and_search()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithGuideAsync(ct);

        server.Content.Delete(File);

        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await server.Client.GetAsync(new Uri("/api/guides/" + Id, UriKind.Relative), ct);
                return response.StatusCode == HttpStatusCode.NotFound;
            },
            "the deleted guide answers 404");
        await server.Client.GetProblemAsync("/api/guides/" + Id, HttpStatusCode.NotFound, ct);
        Assert.DoesNotContain(Id, await ListedIds(server, ct));
        Assert.Contains("andere-gids", await ListedIds(server, ct));
        await Eventually.TrueAsync(async () => await FirstHitAsync(server, "kwartelkoning", ct) is null, "search no longer finds it");
    }

    private static async Task<RunningServer> StartWithOtherGuideAsync(CancellationToken ct)
    {
        var content = new TempContentFolder();
        content.Write("andere-gids.md", GuideTexts.Valid("andere-gids", "Andere gids", "grutto"));
        return await RunningServer.StartAsync(content, ct);
    }

    private static async Task<RunningServer> StartWithGuideAsync(CancellationToken ct)
    {
        var content = new TempContentFolder();
        content.Write("andere-gids.md", GuideTexts.Valid("andere-gids", "Andere gids", "grutto"));
        content.Write(File, GuideTexts.Valid(Id, "Levende gids", "kwartelkoning"));
        return await RunningServer.StartAsync(content, ct);
    }

    private static async Task<string[]> ListedIds(RunningServer server, CancellationToken ct) =>
        (await server.Client.GetJsonAsync("/api/guides", ct)).Ids();

    private static async Task<string?> VersionAsync(RunningServer server, CancellationToken ct) =>
        (await server.Client.GetJsonAsync("/api/guides/" + Id, ct)).GetProperty("version").GetString();

    private static async Task<string?> FirstHitAsync(RunningServer server, string query, CancellationToken ct)
    {
        var result = await server.Client.GetJsonAsync("/api/search?q=" + Uri.EscapeDataString(query), ct);
        var hits = result.GetProperty("hits");
        return hits.GetArrayLength() == 0 ? null : hits[0].GetProperty("id").GetString();
    }

    private static async Task<bool> HasProblemAsync(RunningServer server, CancellationToken ct) =>
        (await TestUsers.ContentProblemsAsync(server, ct)).EnumerateArray()
            .Any(p => p.GetProperty("file").GetString() == File && p.GetProperty("level").GetString() == "error");
}
