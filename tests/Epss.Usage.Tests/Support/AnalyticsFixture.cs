using Epss.Testing;
using Epss.Usage.Analytics;
using Epss.UsageGenerator;
using Microsoft.Extensions.Options;

namespace Epss.Usage.Tests.Support;

/// <summary>
/// A generated month of a busy front desk for the sample guides, written to a usage database of its own once for all
/// analytics tests of a class (they only read it), with the events kept to compute the expected answers from.
/// </summary>
public sealed class AnalyticsFixture : IAsyncLifetime
{
    public static readonly DateOnly End = new(2026, 11, 30);
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDataFolder _folder = new("epss-analytics-");

    internal GeneratedUsage Usage { get; private set; } = null!;

    internal GuideCatalog Catalog { get; private set; } = null!;

    internal UsageStore Store { get; private set; } = null!;

    internal ExpectedAnalytics Expected { get; private set; } = null!;

    public static AnalyticsFilter Month => new(End.AddDays(-29), End);

    internal UsageAnalytics Analytics(int minimumGroupSize = 5) => Create(Store, Catalog, minimumGroupSize);

    internal static UsageAnalytics Create(UsageStore store, GuideCatalog catalog, int minimumGroupSize = 5) =>
        new(new SqliteAnalyticsQueries(store), new FixedGuideCatalogSource(catalog),
            Options.Create(new AnalyticsOptions { MinimumGroupSize = minimumGroupSize }), new FixedTimeProvider(Now));

    public ValueTask InitializeAsync()
    {
        var guides = SampleGuides.Load(RepositoryRoot.ContentPath);
        Catalog = SampleGuides.Catalog(guides);
        Usage = Epss.UsageGenerator.UsageGenerator.GenerateAll(new GeneratorSettings(End, Days: 30, Events: 60_000, Seed: 11), guides);
        UsageDatabaseWriter.Write(_folder.Path, Usage.Events, () => Usage.Flags);
        Store = UsageStore.Open(new UsageOptions { DataPath = _folder.Path });
        Expected = new ExpectedAnalytics(Usage.Events, Usage.Flags);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
