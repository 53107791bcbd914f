using Epss.EndToEnd.Tests.Layer.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Layer;

/// <summary>
/// Issue 16, point 14 in Chromium: a page of a configured host application may frame the panel; a page of any other
/// origin that frames it gets the browser's refusal (the server's CSP frame-ancestors), not the panel. The host
/// application is the demo application with the overlay at 127.0.0.1 (<see cref="LayerSession"/> names it in
/// Epss:HostApplications); the other site is the very same application reached as localhost, another origin.
/// </summary>
public sealed class PanelFramingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ILocator Launcher(IPage host) => host.GetByRole(AriaRole.Button, new() { Name = "Hulp bij deze taak", Exact = true });

    private static IFrameLocator Panel(IPage host) => host.FrameLocator("epss-overlay iframe");

    [Fact]
    public async Task Panel_runs_in_a_frame_of_a_host_application_and_not_in_one_of_another_site()
    {
        await using var session = await LayerSession.StartAsync(extension: false, overlay: true, Ct);

        var host = await session.OpenHostAsync("/reisdocument/aanvragen");
        await Launcher(host).ClickAsync();
        await Assertions.Expect(Panel(host).GetByRole(AriaRole.Searchbox)).ToBeVisibleAsync();

        var stranger = await session.Context.NewPageAsync();
        stranger.SetDefaultTimeout(10_000);
        var elsewhere = new UriBuilder(session.Host.Page("/reisdocument/aanvragen")) { Host = "localhost" }.Uri;
        await stranger.GotoAsync(elsewhere.ToString());
        var refused = stranger.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("frame-ancestors", StringComparison.Ordinal) });
        await Launcher(stranger).ClickAsync();
        var message = await refused;
        Assert.Contains(session.Server.Address.ToString(), message.Text, StringComparison.Ordinal);
        Assert.Equal(0, await Panel(stranger).GetByRole(AriaRole.Searchbox).CountAsync());
        session.AssertNoErrors("frame-ancestors");
    }
}
