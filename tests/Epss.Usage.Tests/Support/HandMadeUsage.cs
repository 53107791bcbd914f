using Epss.Testing;
using Epss.Usage.Analytics;
using Epss.UsageGenerator;

namespace Epss.Usage.Tests.Support;

/// <summary>A few events made by hand for one test, in a usage database of their own of <paramref name="kind"/>, with the sample catalogue.</summary>
internal sealed class HandMadeUsage(StoreKind kind) : IDisposable
{
    private readonly List<UsageEvent> _events = [];
    private readonly List<StepFlag> _flags = [];
    private readonly TestLog _log = new();
    private int _number;
    private TestDatabase? _database;
    private IUsageStore? _store;

    public static string User(int n) => Epss.UsageGenerator.UsageGenerator.Pseudonym(1000 + n);

    /// <summary>A run of <paramref name="guideId"/> by user <paramref name="user"/>: opened at <paramref name="at"/>, the steps viewed a minute apart, then completed if asked.</summary>
    public HandMadeUsage Run(int user, DateTimeOffset at, string guideId = "paspoort-aanvragen", bool completed = false, string role = "baliemedewerker",
        string app = "burgerzaken", params string[] steps)
    {
        var run = $"run-{++_number}";
        Add(UsageEventTypes.GuideOpened, user, at, run, guideId, null, new UsageDetails(Via: OpenedVia.Suggestion), role, app);
        for (var i = 0; i < steps.Length; i++)
        {
            Add(UsageEventTypes.StepViewed, user, at.AddMinutes(i + 1), run, guideId, steps[i], UsageDetails.None, role, app);
        }
        if (completed)
        {
            Add(UsageEventTypes.GuideCompleted, user, at.AddMinutes(steps.Length + 1), run, guideId, null, UsageDetails.None, role, app);
        }
        return this;
    }

    public HandMadeUsage Search(int user, DateTimeOffset at, string query, int hitCount = 0)
    {
        Add(UsageEventTypes.Search, user, at, null, null, null, new UsageDetails(Query: query, HitCount: hitCount));
        return this;
    }

    public HandMadeUsage Flag(StepFlag flag)
    {
        _flags.Add(flag);
        return this;
    }

    public HandMadeUsage Add(string type, int user, DateTimeOffset at, string? run, string? guideId, string? stepId, UsageDetails details,
        string role = "baliemedewerker", string app = "burgerzaken")
    {
        _events.Add(new UsageEvent($"ev-{++_number}", type, at, at, User(user), role, app, run, guideId, guideId is null ? null : "v1", stepId, details));
        return this;
    }

    /// <summary>Writes what was added into a new database (once) and returns it.</summary>
    public async Task<TestDatabase> WriteAsync()
    {
        if (_database is null)
        {
            _database = await TestDatabase.CreateAsync(kind);
            await _database.SeedAsync(_events, _flags);
        }
        return _database;
    }

    /// <summary>Writes what was added and opens the store.</summary>
    public async Task<IUsageStore> StoreAsync() => _store ??= await (await WriteAsync()).OpenAsync(_log);

    public async Task<UsageAnalytics> AnalyticsAsync(int minimumGroupSize = 5) =>
        AnalyticsFixture.Create(await StoreAsync(), SampleGuides.Catalog(SampleGuides.Load(RepositoryRoot.ContentPath)), minimumGroupSize);

    public void Dispose()
    {
        _store?.Dispose();
        _database?.Dispose();
        _log.Dispose();
    }
}
