using System.Net;
using System.Text.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Microsoft.Extensions.Options;

namespace Epss.Server.Tests;

/// <summary>How the server starts: a clear failure for a wrong content folder, and the real process as an administrator runs it.</summary>
public sealed partial class StartupTests
{
    [Fact]
    public async Task Startup_nonexistent_content_folder_fails_with_options_error_naming_the_folder()
    {
        using var data = new TempDataFolder();
        var missing = Path.Combine(data.Path, "bestaat-niet", "content");
        using var log = new TestLog().ExpectErrors(e => e.Category == "Microsoft.Extensions.Hosting.Internal.Host" && e.Exception is OptionsValidationException);
        await using var factory = new EpssServerFactory(missing, data.Path, log);

        var thrown = Record.Exception(() =>
        {
            factory.StartServer();
            using var client = factory.CreateClient();
        });

        var error = Assert.IsType<OptionsValidationException>(Unwrap(thrown), exactMatch: false);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Epss:ContentPath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Epss:PostgreSql", "Host=db;Databank=epss;Password=geheim-wachtwoord")]
    [InlineData("Epss:PostgreSql", "Database=epss")]
    [InlineData("Epss:Redis", "redis:6379,wachtwoord=x")]
    public async Task Startup_scale_out_setting_that_cannot_be_used_fails_with_a_message_naming_it_and_no_secret(string setting, string value)
    {
        using var content = new TempContentFolder();
        using var data = new TempDataFolder();
        using var log = new TestLog();
        await using var factory = new EpssServerFactory(content.Path, data.Path, log, new Dictionary<string, string?> { [setting] = value });

        var thrown = Record.Exception(() =>
        {
            factory.StartServer();
            using var client = factory.CreateClient();
        });

        var error = Assert.IsType<OptionsValidationException>(Unwrap(thrown), exactMatch: false);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("geheim-wachtwoord", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:01:00")]
    [InlineData("2.00:00:00")]
    public async Task Startup_content_feed_rescan_interval_out_of_range_fails_with_a_message_naming_it(string interval)
    {
        using var content = new TempContentFolder();
        using var data = new TempDataFolder();
        // No Redis listens there: the backplane says so while the host starts, before the settings stop it.
        using var log = new TestLog()
            .ExpectErrors(e => e.Category == "Microsoft.Extensions.Hosting.Internal.Host" && e.Exception is OptionsValidationException)
            .ExpectErrors(e => e.Category.StartsWith("Microsoft.AspNetCore.SignalR.StackExchangeRedis", StringComparison.Ordinal));
        await using var factory = new EpssServerFactory(content.Path, data.Path, log, new Dictionary<string, string?>
        {
            ["Epss:Redis"] = "127.0.0.1:1",
            ["Epss:ContentFeed:RescanInterval"] = interval,
        });

        var thrown = Record.Exception(() =>
        {
            factory.StartServer();
            using var client = factory.CreateClient();
        });

        var error = Assert.IsType<OptionsValidationException>(Unwrap(thrown), exactMatch: false);
        Assert.Contains("Epss:ContentFeed:RescanInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_empty_content_folder_serves_no_guides_and_is_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(new TempContentFolder(), ct);

        var guides = await server.Client.GetJsonAsync("/api/guides", ct);

        Assert.Equal(0, guides.GetArrayLength());
    }

    [Fact]
    public async Task Startup_data_folder_of_an_earlier_run_is_opened_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDataFolder();
        await using (var first = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), ct, data.Path))
        {
            Assert.Equal("vingerafdrukken-afnemen", (await first.Client.GetJsonAsync("/api/search?q=vingerafdruken", ct)).GetProperty("hits")[0].GetProperty("id").GetString());
        }

        await using var second = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), ct, data.Path);

        var result = await second.Client.GetJsonAsync("/api/search?q=vingerafdruken", ct);
        Assert.Equal("vingerafdrukken-afnemen", result.GetProperty("hits")[0].GetProperty("id").GetString());
        Assert.Equal(SampleServerFixture.SampleGuideCount, (await second.Client.GetJsonAsync("/api/guides", ct)).GetArrayLength());
    }

    [Fact]
    public void Appsettings_default_address_is_port_5080()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Epss.Server", "appsettings.json")));

        Assert.Equal("http://localhost:5080", settings.RootElement.GetProperty("Urls").GetString());
        Assert.Equal("content", settings.RootElement.GetProperty("Epss").GetProperty("ContentPath").GetString());
    }

    [Fact]
    public async Task Process_built_server_run_from_another_folder_serves_the_repository_content()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workingFolder = new TempDataFolder("epss-cwd-");
        using var data = new TempDataFolder();
        var dll = Path.Combine(AppContext.BaseDirectory, "Epss.Server.dll");

        await using var process = DotnetProcess.Start(dll, ["--urls", "http://127.0.0.1:0", "--Epss:DataPath=" + data.Path], workingFolder.Path);
        var listening = await process.WaitForOutputAsync(ListeningOn(), RunningServer.ReadyTimeout, ct);
        using var client = new HttpClient { BaseAddress = new Uri(listening.Groups["url"].Value) };
        await RunningServer.WaitUntilReadyAsync(client, ct);

        var guides = await client.GetJsonAsync("/api/guides", ct);
        Assert.True(guides.GetArrayLength() >= 17, $"Only {guides.GetArrayLength()} guides served.\n{process.Transcript()}");
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(Directory.EnumerateFiles(Path.Combine(data.Path, "index")).Any(), "The index was not written to Epss:DataPath.");
    }

    private static Exception? Unwrap(Exception? exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException)
        {
            exception = exception.InnerException;
        }
        return exception;
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
