using System.Net;
using System.Text.RegularExpressions;
using Epss.Accounts;
using Epss.Server.Tests.Support;
using Epss.Testing;

namespace Epss.Server.Tests;

/// <summary>
/// The editor page lets CodeMirror add its style elements through a nonce, fresh per request, instead of allowing
/// every inline style element (issue 16, point 13: the CSP names what is allowed, nothing wider).
/// </summary>
public sealed partial class EditorStyleNonceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Editor_page_carries_a_fresh_style_nonce_and_allows_no_other_style_element()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);
        var expert = await TestUsers.AddAsync(server, "deskundige", Ct, EpssRoles.Expert);
        using var browser = new SignInClient(server);
        await browser.SignInOkAsync(expert.Name, expert.Password, Ct);

        var first = await EditorPageAsync(browser);
        var second = await EditorPageAsync(browser);

        Assert.NotEqual(first.Nonce, second.Nonce);
        foreach (var (policy, nonce, html) in new[] { first, second })
        {
            var styles = Directive(policy, "style-src");
            Assert.Equal($"style-src 'self' 'nonce-{nonce}'", styles);
            Assert.Equal("style-src-attr 'unsafe-inline'", Directive(policy, "style-src-attr"));
            Assert.Contains($"<meta name=\"epss-style-nonce\" content=\"{nonce}\">", html, StringComparison.Ordinal);
            Assert.True(Convert.FromBase64String(nonce).Length >= 16, "a nonce of at least 128 bits");
        }
    }

    [Fact]
    public async Task Editor_scripts_and_the_dashboard_allow_no_inline_style_at_all()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);

        using var script = await server.Client.GetAsync(new Uri("/editor/editor.js", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        var policy = Assert.Single(script.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("style-src 'self'", Directive(policy, "style-src"));
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    private static async Task<(string Policy, string Nonce, string Html)> EditorPageAsync(SignInClient browser)
    {
        using var response = await browser.Http.GetAsync(new Uri("/editor", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = NonceInPolicy().Match(policy).Groups[1].Value;
        Assert.NotEqual(string.Empty, nonce);
        return (policy, nonce, await response.Content.ReadAsStringAsync(Ct));
    }

    private static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d == name || d.StartsWith(name + " ", StringComparison.Ordinal));

    [GeneratedRegex("'nonce-([A-Za-z0-9+/=]+)'")]
    private static partial Regex NonceInPolicy();
}
