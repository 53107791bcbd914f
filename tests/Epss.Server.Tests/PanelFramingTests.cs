using System.Net;
using Epss.Server.Tests.Support;
using Epss.Testing;

namespace Epss.Server.Tests;

/// <summary>
/// Issue 16, point 14 over HTTP: the panel may be framed only by this server, the configured host applications and the
/// pinned extension (CSP frame-ancestors), never by any page; the sign-in page not at all. The browser's side (a page of
/// another origin gets no panel) is tests/Epss.EndToEnd.Tests/Layer/PanelFramingTests.cs.
/// </summary>
public sealed class PanelFramingTests
{
    private const string HostApplication = "https://burgerzaken.gemeente.test";
    private const string Extension = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] FrameAncestors(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Content-Security-Policy")).Split(';', StringSplitOptions.TrimEntries)
            .Single(d => d.StartsWith("frame-ancestors ", StringComparison.Ordinal)).Split(' ')[1..];

    [Theory]
    [InlineData("/panel")]
    [InlineData("/panel/index.html")]
    [InlineData("/panel/panel.js")]
    public async Task Panel_may_be_framed_by_this_server_the_host_applications_and_the_extension_only(string path)
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: new Dictionary<string, string?>
        {
            ["Epss:HostApplications:0"] = HostApplication + "/",
            ["Epss:ExtensionOrigins:0"] = Extension,
        });

        using var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["'self'", HostApplication, Extension], FrameAncestors(response));
    }

    [Fact]
    public async Task Sign_in_page_is_never_framed()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: new Dictionary<string, string?>
        {
            ["Epss:HostApplications:0"] = HostApplication,
            ["Epss:ExtensionOrigins:0"] = Extension,
        });

        using var response = await server.Client.GetAsync(new Uri("/signin", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["'none'"], FrameAncestors(response));
    }
}
