using Epss.Testing;
using Epss.Usage.Analytics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Usage.Tests;

/// <summary>AddEpssUsageAnalytics and AddEpssUsageRetention as the server calls them.</summary>
public sealed class AnalyticsServiceCollectionTests : IDisposable
{
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    public void Dispose()
    {
        _log.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task AddEpssUsageAnalytics_answers_reports_over_the_recorders_store_with_the_servers_catalogue()
    {
        await using var provider = Build(new() { ["Epss:DataPath"] = _data.Path, ["Epss:Analytics:MinimumGroupSize"] = "3" }, services =>
            services.AddSingleton<IGuideCatalogSource>(new FixedGuideCatalogSource(new GuideCatalog(
                [new GuideInfo("paspoort-aanvragen", "Paspoort aanvragen", "team-reisdocumenten", new DateOnly(2027, 6, 1), [])]))));
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        var analytics = provider.GetRequiredService<UsageAnalytics>();
        var report = await analytics.GuideUseAsync(analytics.DefaultFilter(), TestContext.Current.CancellationToken);

        Assert.Equal(3, report.MinimumGroupSize);
        Assert.Equal("Europe/Amsterdam", report.Period.TimeZone);
        // The default 30 days, widened to whole weeks (issue 16).
        Assert.Equal((DayOfWeek.Monday, DayOfWeek.Sunday), (report.Period.From.DayOfWeek, report.Period.To.DayOfWeek));
        Assert.InRange(report.Period.To.DayNumber - report.Period.From.DayNumber + 1, 35, 42);
        Assert.Equal(new GuideUseRow("paspoort-aanvragen", "Paspoort aanvragen", 0, 0, 0, null, null, 0, false), Assert.Single(report.Guides));
        Assert.Contains(hosted, s => s is RetentionService);
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task AddEpssUsageAnalytics_refuses_an_unknown_time_zone_at_start()
    {
        await using var provider = Build(new() { ["Epss:DataPath"] = _data.Path, ["Epss:Analytics:TimeZone"] = "Europe/Atlantis" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value);

        Assert.Contains("tijdzone", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(_log);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddEpssUsage();
        services.AddEpssUsageRetention();
        services.AddEpssUsageAnalytics();
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
