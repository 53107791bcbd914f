using Epss.Testing;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>
/// What every store does alike, run on SQLite and on PostgreSQL: migrated once, refused when newer, every column kept as
/// written, an id stored once, export pages in received order.
/// </summary>
public abstract class UsageStoreTests(StoreKind kind) : IAsyncLifetime
{
    private const int SchemaMigrated = 3001;

    private readonly TestLog _log = new();
    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(kind);

    public ValueTask DisposeAsync()
    {
        _database?.Dispose();
        _log.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Open_an_empty_database_applies_every_migration_once_and_reopening_applies_none()
    {
        using (var first = await _database.OpenAsync(_log))
        {
            Assert.Equal(UsageSchema.LatestVersion, first.SchemaVersion);
        }

        using var again = await _database.OpenAsync(_log);

        Assert.Equal(UsageSchema.LatestVersion, again.SchemaVersion);
        Assert.Equal(
            UsageSchema.Migrations.Select(m => $"schema version {m.Version} ({m.Description})"),
            _log.Entries.Where(e => e.EventId.Id == SchemaMigrated).Select(e => e.Message[e.Message.IndexOf("schema version", StringComparison.Ordinal)..e.Message.LastIndexOf(" in ", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task Open_a_database_of_a_newer_schema_is_refused_with_a_clear_message()
    {
        (await _database.OpenAsync(_log)).Dispose();
        await _database.ExecuteAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'uit de toekomst', 0)");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.OpenAsync(_log));

        Assert.Contains("schemaversie 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("nieuwer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_are_numbered_from_one_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, UsageSchema.Migrations.Count), UsageSchema.Migrations.Select(m => m.Version));
        Assert.All(UsageSchema.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
    }

    [Fact]
    public async Task Write_then_read_keeps_every_column_of_every_type()
    {
        var events = new[]
        {
            UsageTestData.GuideOpened(OpenedVia.Link),
            UsageTestData.StepViewed(),
            UsageTestData.CheckTicked() with { Details = new UsageDetails(CheckId: "document-is-geldig", Checked: false) },
            UsageTestData.CheckTicked(),
            UsageTestData.DecisionTaken(toStepId: null, toGuideId: "twijfel-aan-identiteit"),
            UsageTestData.Event(UsageEventTypes.GuideCompleted, stepId: "verwerken"),
            UsageTestData.Event(UsageEventTypes.GuideAbandoned, stepId: null) with { Role = null, App = null, RunId = null, GuideVersion = null },
            UsageTestData.Search(),
            UsageTestData.Search(query: "rijbewijs kwijt", hitCount: 0, openedGuideId: null, openedRank: null),
            UsageTestData.TargetMissing(status: TargetStatuses.Ambiguous),
        }.Select((e, i) => e with { OccurredAt = UsageTestData.Now.AddSeconds(-100 + i).AddMilliseconds(123) }).ToArray();
        var flag = UsageTestData.Flag();
        var answered = UsageTestData.Flag(guideId: null, stepId: null, query: "apostille") with
        {
            CreatedAt = UsageTestData.Now.AddSeconds(-1), Status = StepFlag.StatusAnswered, Answer = "Zie de gids Legalisatie.", AnsweredBy = "inhoud",
            AnsweredAt = UsageTestData.Now, FixedInVersion = "v2", AnswerSeenAt = UsageTestData.Now.AddMinutes(1),
        };
        using var store = await _database.OpenAsync(_log);

        var result = store.Write(events, [flag, answered]);
        var read = await store.ReadEventsAsync(Ct);
        var flags = await store.ReadFlagsAsync(Ct);

        Assert.All(result.Events, s => Assert.Equal(UsageWriteStatus.Stored, s));
        Assert.Equal([UsageWriteStatus.Stored, UsageWriteStatus.Stored], result.Flags);
        Assert.Equal(events, read);
        Assert.Equal([flag, answered], flags);
        Assert.Equal(flag, await store.ReadFlagAsync(flag.Id, Ct));
        Assert.Null(await store.ReadFlagAsync("bestaat-niet", Ct));
    }

    [Fact]
    public async Task Write_an_id_that_is_stored_already_reports_a_duplicate_and_keeps_the_first()
    {
        using var store = await _database.OpenAsync(_log);
        var first = UsageTestData.StepViewed(id: "evt-1");
        var second = first with { StepId = "iets-anders" };
        var flag = UsageTestData.Flag(id: "melding-1");

        var written = store.Write([first, second], [flag, flag with { Text = "Anders." }]);
        var again = store.Write([first, UsageTestData.StepViewed(id: "evt-2")], [flag]);

        Assert.Equal([UsageWriteStatus.Stored, UsageWriteStatus.Duplicate], written.Events);
        Assert.Equal([UsageWriteStatus.Stored, UsageWriteStatus.Duplicate], written.Flags);
        Assert.Equal([UsageWriteStatus.Duplicate, UsageWriteStatus.Stored], again.Events);
        Assert.Equal([UsageWriteStatus.Duplicate], again.Flags);
        Assert.Equal(["evt-1", "evt-2"], (await store.ReadEventsAsync(Ct)).Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(first, (await store.ReadEventsAsync(Ct)).Single(e => e.Id == "evt-1"));
        Assert.Equal([flag], await store.ReadFlagsAsync(Ct));
    }

    [Fact]
    public async Task ReadEventPage_pages_through_every_event_in_received_order_once_and_filters_by_time()
    {
        // Several events per received moment, ids that sort differently as text than as numbers ("e-10" before "e-9").
        var events = Enumerable.Range(0, 25)
            .Select(i => UsageTestData.StepViewed(id: $"e-{i}", at: UsageTestData.Now.AddMinutes(-30 + i)) with { ReceivedAt = UsageTestData.Now.AddSeconds(-(i % 4)) })
            .ToArray();
        using var store = await _database.OpenAsync(_log);
        store.Write(events, []);

        var read = new List<UsageEvent>();
        UsageEventPosition? after = null;
        while (true)
        {
            var page = await store.ReadEventPageAsync(new UsageEventPageQuery(after, Limit: 7), Ct);
            read.AddRange(page);
            if (page.Count < 7)
            {
                break;
            }
            after = UsageEventPosition.After(page[^1]);
        }
        var inRange = await store.ReadEventPageAsync(new UsageEventPageQuery(
            OccurredFrom: UsageTestData.Now.AddMinutes(-25), OccurredBefore: UsageTestData.Now.AddMinutes(-20), ReceivedUntil: UsageTestData.Now.AddSeconds(-1)), Ct);

        Assert.Equal(events.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id, StringComparer.Ordinal), read);
        Assert.Equal(["e-5", "e-6", "e-7", "e-9"], inRange.Select(e => e.Id).Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadEventPageAsync(new UsageEventPageQuery(Limit: 0), Ct));
    }
}

public sealed class UsageStoreTestsOnSqlite() : UsageStoreTests(StoreKind.Sqlite);

public sealed class UsageStoreTestsOnPostgreSql() : UsageStoreTests(StoreKind.PostgreSql);
