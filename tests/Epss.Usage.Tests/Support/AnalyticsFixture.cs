using Epss.Testing;
using Epss.Usage.Analytics;
using Epss.UsageGenerator;
using Microsoft.Extensions.Options;

namespace Epss.Usage.Tests.Support;

/// <summary>
/// A generated month of a busy front desk for the sample guides, written to a usage database of its own once for all
/// analytics tests of a class (they only read it), with the events kept to compute the expected answers from. One
/// derived fixture per store.
/// </summary>
public abstract class AnalyticsFixture(StoreKind kind) : IAsyncLifetime
{
    public static readonly DateOnly End = new(2026, 11, 30);
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TestLog _log = new();
    private TestDatabase? _database;

    internal GeneratedUsage Usage { get; private set; } = null!;

    internal GuideCatalog Catalog { get; private set; } = null!;

    internal IUsageStore Store { get; private set; } = null!;

    internal ExpectedAnalytics Expected { get; private set; } = null!;

    public static AnalyticsFilter Month => new(End.AddDays(-29), End);

    internal UsageAnalytics Analytics(int minimumGroupSize = 5) => Create(Store, Catalog, minimumGroupSize);

    internal static UsageAnalytics Create(IUsageStore store, GuideCatalog catalog, int minimumGroupSize = 5) =>
        new(TestDatabase.Queries(store), new FixedGuideCatalogSource(catalog),
            Options.Create(new AnalyticsOptions { MinimumGroupSize = minimumGroupSize }), new FixedTimeProvider(Now));

    public async ValueTask InitializeAsync()
    {
        var guides = SampleGuides.Load(RepositoryRoot.ContentPath);
        Catalog = SampleGuides.Catalog(guides);
        Usage = Epss.UsageGenerator.UsageGenerator.GenerateAll(new GeneratorSettings(End, Days: 30, Events: 60_000, Seed: 11), guides);
        _database = await TestDatabase.CreateAsync(kind);
        await _database.SeedAsync(Usage.Events, Usage.Flags);
        Store = await _database.OpenAsync(_log);
        Expected = new ExpectedAnalytics(Usage.Events, Usage.Flags);
    }

    public ValueTask DisposeAsync()
    {
        Store?.Dispose();
        _database?.Dispose();
        _log.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteAnalyticsFixture() : AnalyticsFixture(StoreKind.Sqlite);

public sealed class PostgreSqlAnalyticsFixture() : AnalyticsFixture(StoreKind.PostgreSql);
