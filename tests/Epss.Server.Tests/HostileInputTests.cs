using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Epss.Server.Tests.Support;
using Epss.Testing;

namespace Epss.Server.Tests;

/// <summary>
/// Whatever a client sends, the server answers with a client error at worst and keeps serving; nothing typed comes
/// back as markup. The flood of requests has a server of its own; single odd requests share one and check it
/// still serves after each.
/// </summary>
public sealed class HostileInputTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>, IDisposable
{
    private static readonly string[] Pieces =
    [
        "%C3%28", "%FF", "%FE%FF", "%ED%A0%80", "%F0%9F%98", "%C0%AF", "%00", "%01", "%07", "%1B%5B31m", "%7F", "%0D%0A",
        "%25", "%", "%zz", "%2F..%2F..", "..", "%5C", "%22", "%27", "%3C", "%3E", "%26", "%3D", "%2B", "+", "*", "?", "~", "~1",
        "%E2%80%AE", "%EF%BB%BF", "%F0%9F%98%80", "%E6%BC%A2", "paspoort", "AND", "OR", "NOT", "(", ")", "[", "]", "{", "}", "^",
        "%5E", "%7E2", "%2A%3F", "\\", "%2Fapi%2Fguides", "-", "--", ":", "%3A", "title:", "id:*", "\"\"", "%22%22",
    ];

    [Fact]
    public async Task Server_many_concurrent_garbage_requests_answers_each_below_500_and_stays_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), ct);
        var random = new Random(20260301);
        var urls = Enumerable.Range(0, 400).Select(i => GarbageUrl(random, i)).ToList();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();

        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (url, token) =>
        {
            using var response = await server.Client.GetAsync(new Uri(url, UriKind.Relative), token);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500)
            {
                failures.Enqueue($"{(int)response.StatusCode} {Shorten(url)}");
            }
        });

        TestContext.Current.TestOutputHelper?.WriteLine("Answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.Empty(failures);
        await AssertStillServingAsync(server, ct);
    }

    [Theory]
    [InlineData("/api/search?q=%C3%28")]
    [InlineData("/api/search?q=paspoort%C3%28%FF%FE")]
    [InlineData("/api/search?q=%ED%A0%80paspoort")]
    [InlineData("/api/search?q=%00%01%02%1B%7F")]
    [InlineData("/api/search?q=paspoort&url=%C3%28&title=%FF&app=%00")]
    [InlineData("/api/search?q=*")]
    [InlineData("/api/search?q=%22paspoort")]
    [InlineData("/api/search?q=paspoort~2%5E10")]
    [InlineData("/api/search?q=(((((((((((paspoort")]
    [InlineData("/api/search?q=title%3Apaspoort%20AND%20id%3A*")]
    [InlineData("/api/context?url=%C3%28&title=%FF%FE")]
    [InlineData("/api/context?url=*%2F*%2F*%2F*%2F*%2F*%2F*%2F*%2F*%2F*%2F*%2F*%2F*%2F*")]
    [InlineData("/api/search?q=paspoort&q=kwijt")]
    [InlineData("/api/search?q=paspoort&limit=5&limit=6")]
    public async Task Server_odd_but_short_input_answers_200_or_400_and_stays_up(string url)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = fixture.Server;

        using var response = await server.Client.GetAsync(new Uri(url, UriKind.Relative), ct);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
            $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        var body = await response.ReadJsonAsync(ct);
        if (response.StatusCode == HttpStatusCode.OK && body.TryGetProperty("hits", out _))
        {
            SearchApiTests.AssertSnippetsAreSafe(body);
        }
        await AssertStillServingAsync(server, ct);
    }

    [Theory]
    [InlineData("/api/search?q=")]
    [InlineData("/api/context?url=")]
    [InlineData("/api/guides/")]
    public async Task Server_ten_thousand_character_input_is_refused_and_server_stays_up(string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = fixture.Server;

        using var response = await server.Client.GetAsync(new Uri(prefix + new string('x', 10_000), UriKind.Relative), ct);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertStillServingAsync(server, ct);
    }

    public void Dispose() => fixture.AssertNoNewErrors();

    private static async Task AssertStillServingAsync(RunningServer server, CancellationToken ct)
    {
        using var health = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var result = await server.Client.GetJsonAsync("/api/search?q=paspoort%20kwijt", ct);
        Assert.Equal("vermissing-melden", result.GetProperty("hits")[0].GetProperty("id").GetString());
    }

    private static string GarbageUrl(Random random, int i)
    {
        var value = GarbageValue(random, i % 20 == 0 ? 10_000 : random.Next(1, 60));
        return (i % 5) switch
        {
            0 => "/api/search?q=" + value,
            1 => "/api/search?q=paspoort&limit=" + value,
            2 => "/api/search?q=" + value + "&url=" + GarbageValue(random, 20) + "&title=" + GarbageValue(random, 20) + "&app=" + GarbageValue(random, 10),
            3 => "/api/context?url=" + value + "&title=" + GarbageValue(random, 30),
            _ => "/api/guides/" + value.Replace("?", "%3F", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal),
        };
    }

    private static string GarbageValue(Random random, int length)
    {
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(random.Next(4) switch
            {
                0 => Pieces[random.Next(Pieces.Length)],
                1 => "%" + random.Next(256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
                2 => (char)random.Next('a', 'z' + 1),
                _ => "%20",
            });
        }
        return text.ToString();
    }

    private static string Shorten(string url) => url.Length <= 120 ? url : url[..120] + "…";
}
