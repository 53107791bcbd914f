using System.Net;
using System.Net.Sockets;
using Epss.Cli.Tests.Support;
using Epss.Testing;

namespace Epss.Cli.Tests;

/// <summary>The demo Burgerzaken application, started once for the check-targets tests.</summary>
public sealed class DemoHostFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium, which check-targets drives by default.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private DemoHostProcess? _host;

    public Uri Address => (_host ?? throw new InvalidOperationException("The demo host did not start.")).Address;

    /// <summary>The address as given on the command line (no trailing slash).</summary>
    public string Host => Address.AbsoluteUri.TrimEnd('/');

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"Chromium is missing ({Chromium}): tools/test.sh installs it (apt-get install chromium).");
        }
        _host = await DemoHostProcess.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>
/// <c>epss check-targets</c> against the real demo host in the system's Chromium: every target of the sample guides is
/// on its page exactly once; a missing, doubled or invalid selector is reported with guide, step and selector.
/// </summary>
public sealed class CheckTargetsCommandTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    [Fact]
    public void CheckTargets_sample_content_on_the_demo_host_finds_every_target_and_exits_0()
    {
        var result = EpssCli.Run("check-targets", "--host", demo.Host, RepositoryRoot.ContentPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Assert.Single(result.OutputLines);
        Assert.Matches(@"^\d+ targets checked on 14 pages: 0 problems$", summary);
        Assert.True(int.Parse(summary.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) >= 40, summary);
    }

    [Fact]
    public void CheckTargets_missing_target_is_reported_with_guide_step_selector_and_page_and_exits_1()
    {
        using var content = new TempContentFolder();
        content.Write("doel-ontbreekt.md", Guide("doel-ontbreekt", """
            ## Klant zoeken {#zoeken target="#klant-zoeken"}

            Zoek de klant.

            ## Bestaat niet {#ontbreekt target="#bestaat-niet" .end}

            Dit veld is er niet.
            """));

        var result = EpssCli.Run("check-targets", "--host", demo.Host, content.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            ["doel-ontbreekt#ontbreekt: selector \"#bestaat-niet\" on /klanten: not found", "2 targets checked on 1 page: 1 problem"],
            result.OutputLines);
    }

    [Fact]
    public void CheckTargets_selector_matching_two_elements_and_an_invalid_selector_are_reported()
    {
        using var content = new TempContentFolder();
        content.Write("dubbel-doel.md", Guide("dubbel-doel", """
            ## Soort document {#soort target="#documenttype option[value^='v']" page="*/reisdocument/aanvragen*"}

            Kies het document.

            ## In het apparaat {#apparaat target="#vingerafdruk-status" page="*/reisdocument/aanvragen*"}

            In het frame van de scanner.

            ## Ongeldig {#ongeldig target="p:bestaat-niet" .end}

            Geen geldige selector.
            """));

        var result = EpssCli.Run("check-targets", "--host", demo.Host, content.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        // Two of the form's kinds of document start with a v: vluchteling and vreemdeling.
        Assert.Contains("dubbel-doel#soort: selector \"#documenttype option[value^='v']\" on /reisdocument/aanvragen: found 2 times", result.OutputLines);
        Assert.Contains(result.OutputLines, l => l.StartsWith("dubbel-doel#ongeldig: selector \"p:bestaat-niet\" is invalid: ", StringComparison.Ordinal));
        Assert.DoesNotContain(result.OutputLines, l => l.StartsWith("dubbel-doel#apparaat", StringComparison.Ordinal));
        Assert.Equal("3 targets checked on 2 pages: 2 problems", result.OutputLines[^1]);
    }

    [Fact]
    public void CheckTargets_page_that_does_not_load_is_reported_for_each_of_its_steps()
    {
        using var content = new TempContentFolder();
        content.Write("kapotte-pagina.md", Guide("kapotte-pagina", """
            ## Een {#een target="#a" page="*/js/bestaat-niet.js*"}

            Eerste.

            ## Twee {#twee target="#b" page="*/js/bestaat-niet.js*" .end}

            Tweede.
            """));

        var result = EpssCli.Run("check-targets", "--host", demo.Host, content.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("kapotte-pagina#een: selector \"#a\" on /js/bestaat-niet.js: page did not load (HTTP 404)", result.OutputLines);
        Assert.Contains("kapotte-pagina#twee: selector \"#b\" on /js/bestaat-niet.js: page did not load (HTTP 404)", result.OutputLines);
    }

    [Fact]
    public void CheckTargets_unreachable_host_exits_2_with_a_clear_message()
    {
        var host = $"http://127.0.0.1:{ClosedPort()}";

        var result = EpssCli.Run("check-targets", "--host", host, RepositoryRoot.ContentPath);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"De applicatie op {host}/ is niet bereikbaar", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData]
    [InlineData("--host", "niet-een-adres")]
    [InlineData("--host", "ftp://example.org")]
    public void CheckTargets_without_a_usable_host_exits_2(params string[] hostArguments)
    {
        var result = EpssCli.Run(["check-targets", .. hostArguments, RepositoryRoot.ContentPath]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public void CheckTargets_help_describes_the_command_and_its_options_in_dutch()
    {
        var result = EpssCli.Run("check-targets", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Open elke pagina van de applicatie", result.Output, StringComparison.Ordinal);
        Assert.Contains("--host", result.Output, StringComparison.Ordinal);
        Assert.Contains("De map met gidsen (standaard: content).", result.Output, StringComparison.Ordinal);
    }

    private static string Guide(string id, string steps) => $"""
        ---
        id: {id}
        title: Gids {id}
        summary: Een gids voor check-targets.
        context:
          urls: ["*/klanten*"]
        owner: team-test
        review-by: 2099-12-31
        ---

        {steps}

        """;

    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
