using Epss.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Usage.Tests;

/// <summary>AddEpssUsage as the server uses it: options from the Epss section, checked at start, one recorder that is also the hosted service.</summary>
public sealed class ServiceCollectionTests : IDisposable
{
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task AddEpssUsage_registers_one_recorder_and_pseudonymizer_that_start_as_hosted_services()
    {
        await using var provider = Build(new() { ["Epss:DataPath"] = _data.Path });

        var hosted = provider.GetServices<IHostedService>().ToList();
        var recorder = provider.GetRequiredService<UsageRecorder>();
        var pseudonymizer = provider.GetRequiredService<Pseudonymizer>();
        Assert.Equal([pseudonymizer, recorder], hosted.Cast<object>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());

        foreach (var service in hosted)
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }
        var acks = await recorder.RecordAsync(
            [Support.UsageTestData.StepViewed(user: pseudonymizer.Pseudonymize("jan.jansen@gemeente.nl"), at: DateTimeOffset.UtcNow)],
            TestContext.Current.CancellationToken);
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(UsageWriteStatus.Stored, Assert.Single(acks).Status);
        Assert.True(File.Exists(_data.FullPath("usage.db")));
        Assert.True(File.Exists(_data.FullPath(Pseudonymizer.KeyFileName)));
    }

    [Fact]
    public async Task AddEpssUsage_binds_the_Epss_section_and_lets_code_override_it()
    {
        await using var provider = Build(
            new() { ["Epss:DataPath"] = _data.Path, ["Epss:DatabaseFileName"] = "gebruik.db", ["Epss:MaximumBatchSize"] = "50", ["Epss:BatchWindow"] = "00:00:00.005" },
            o => o.MaximumBatchSize = 70);

        var options = provider.GetRequiredService<IOptions<UsageOptions>>().Value;

        Assert.Equal((_data.Path, "gebruik.db", 70, TimeSpan.FromMilliseconds(5)), (options.DataPath, options.DatabaseFileName, options.MaximumBatchSize, options.BatchWindow));
        Assert.Equal(Path.Combine(_data.Path, "gebruik.db"), options.DatabasePath);
    }

    [Fact]
    public void UsageOptions_by_default_use_the_data_folder_of_the_search_index()
    {
        var options = new UsageOptions();

        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Epss"), options.DataPath);
        Assert.Equal(("usage.db", 500, TimeSpan.FromMilliseconds(20)), (options.DatabaseFileName, options.MaximumBatchSize, options.BatchWindow));
    }

    [Theory]
    [InlineData("Epss:MaximumBatchSize", "0")]
    [InlineData("Epss:BatchWindow", "00:01:00")]
    [InlineData("Epss:DatabaseFileName", "../elders.db")]
    [InlineData("Epss:BusyTimeout", "00:00:00")]
    public async Task AddEpssUsage_with_invalid_settings_fails_at_start(string key, string value)
    {
        await using var provider = Build(new() { ["Epss:DataPath"] = _data.Path, [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key["Epss:".Length..], error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _log.Dispose();
        _data.Dispose();
    }

    private ServiceProvider Build(Dictionary<string, string?> settings, Action<UsageOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<ILoggerFactory>(_log);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddEpssUsage(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
