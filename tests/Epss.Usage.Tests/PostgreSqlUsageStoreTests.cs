using Epss.Testing;
using Epss.Usage.Analytics;
using Epss.Usage.PostgreSql;
using Epss.Usage.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Epss.Usage.Tests;

/// <summary>
/// What only the PostgreSQL store has to get right: a schema like SQLite's, made by the first of several servers that
/// start at once, and writes from several servers into one database.
/// </summary>
public sealed class PostgreSqlUsageStoreTests : IAsyncLifetime
{
    private const int SchemaMigrated = 3001;

    private readonly TestLog _log = new();
    private string _connectionString = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _connectionString = await TestDatabase.NewPostgreSqlDatabaseAsync();

    public ValueTask DisposeAsync()
    {
        _log.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Open_an_empty_database_creates_the_tables_columns_indexes_and_versions_of_the_sqlite_schema()
    {
        using var store = await OpenAsync();

        Assert.Equal(UsageSchema.LatestVersion, store.SchemaVersion);
        Assert.Equal(UsageSchema.Migrations.Select(m => (m.Version, m.Description)), PostgreSqlUsageSchema.Migrations.Select(m => (m.Version, m.Description)));
        Assert.Equal(["flags", "schema_version", "usage_events"],
            await StringsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"));
        Assert.Equal(SqlUsageStore.EventColumns.Split(", "),
            await StringsAsync("SELECT column_name FROM information_schema.columns WHERE table_name = 'usage_events' ORDER BY ordinal_position"));
        Assert.Equal(SqlUsageStore.FlagColumns.Split(", "),
            await StringsAsync("SELECT column_name FROM information_schema.columns WHERE table_name = 'flags' ORDER BY ordinal_position"));
        Assert.Equal(
            ["ix_flags_guide", "ix_flags_status", "ix_flags_user_guide", "ix_usage_events_guide", "ix_usage_events_occurred_at", "ix_usage_events_received",
             "ix_usage_events_runs", "ix_usage_events_step_views", "ix_usage_events_type"],
            await StringsAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix_%' ORDER BY indexname"));
        Assert.Equal(UsageSchema.Migrations.Select(m => $"{m.Version} {m.Description}"),
            await StringsAsync("SELECT version || ' ' || description FROM schema_version ORDER BY version"));
        Assert.Contains(_log.Entries, e => e.EventId.Id == 3200 && e.Message.Contains("PostgreSQL 127.0.0.1:", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("Username", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Open_by_several_servers_at_once_on_an_empty_database_migrates_once_and_all_succeed()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(OpenAsync, Ct)));
        try
        {
            Assert.All(stores, s => Assert.Equal(UsageSchema.LatestVersion, s.SchemaVersion));
            Assert.Equal(UsageSchema.Migrations.Count, _log.Entries.Count(e => e.EventId.Id == SchemaMigrated));
            Assert.Equal(UsageSchema.Migrations.Select(m => m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                await StringsAsync("SELECT version::text FROM schema_version ORDER BY version"));
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    [Fact]
    public async Task Write_of_the_same_events_by_two_servers_at_once_stores_each_exactly_once()
    {
        using var first = await OpenAsync();
        using var second = await OpenAsync();
        var events = Enumerable.Range(0, 2_000).Select(i => UsageTestData.StepViewed(id: $"e-{i}")).ToArray();

        var results = await Task.WhenAll(
            Task.Run(() => first.Write(events, []), Ct),
            Task.Run(() => second.Write([.. events.Reverse()], []), Ct));

        Assert.Equal(events.Length, results.Sum(r => r.Events.Count(s => s == UsageWriteStatus.Stored)));
        Assert.Equal(events.Select(e => e.Id).Order(StringComparer.Ordinal), (await first.ReadEventsAsync(Ct)).Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Write_of_a_value_postgresql_cannot_store_fails_as_caused_by_the_data_and_stores_nothing()
    {
        using var store = await OpenAsync();
        var good = UsageTestData.StepViewed();
        // PostgreSQL's text cannot hold U+0000 (SQLite's can): the recorder must write the other calls of the batch alone.
        var bad = UsageTestData.Search(query: "nul\0teken");

        var error = Assert.ThrowsAny<Exception>(() => store.Write([good, bad], []));

        Assert.True(store.IsCausedByData(error), error.ToString());
        Assert.False(store.IsCausedByData(new NpgsqlException("connection refused")));
        Assert.Empty(await store.ReadEventsAsync(Ct));
    }

    /// <remarks>
    /// How many a second is a benchmark's question (README, "Usage analytics and ingest": the load tool's ingest run),
    /// not a test's: on a shared machine a rate bound fails by luck. What is tested is that every event of many callers
    /// at once is stored once, in transactions that each take many calls (group commit).
    /// </remarks>
    [Fact]
    public async Task Recorder_on_postgresql_stores_every_event_of_fifty_callers_at_once_once_in_shared_transactions()
    {
        const int callers = 50;
        const int perCaller = 400;
        const int perCall = 10;
        var options = UsageTestData.Options(Path.GetTempPath());
        var recorder = new UsageRecorder(UsageTestData.Wrap(options), new PostgreSqlUsageStoreFactory(_connectionString),
            new FixedTimeProvider(UsageTestData.Now), _log.For<UsageRecorder>());
        await recorder.StartAsync(Ct);
        await using (recorder)
        {
            await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < perCaller; i += perCall)
                {
                    await recorder.RecordAsync([.. Enumerable.Range(i, perCall).Select(n => UsageTestData.StepViewed(id: $"c{c}-{n}"))], Ct);
                }
            }, Ct)));

            Assert.Equal(callers * perCaller, recorder.StoredEvents);
            Assert.Equal(callers * perCaller, (await recorder.Store.ReadEventsAsync(Ct)).Select(e => e.Id).Distinct().Count());
            // Calls waiting together share a commit: never one transaction per call.
            Assert.True(recorder.CommittedBatches < callers * perCaller / perCall, $"{recorder.CommittedBatches} transactions for {callers * perCaller / perCall} calls");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddEpssUsagePostgreSql_before_or_after_AddEpssUsage_records_and_analyses_in_postgresql(bool postgreSqlFirst)
    {
        using var data = new TempDataFolder();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Epss:DataPath"] = data.Path }).Build());
        services.AddSingleton<ILoggerFactory>(_log);
        services.AddLogging();
        if (postgreSqlFirst)
        {
            services.AddEpssUsagePostgreSql(_connectionString);
        }
        services.AddEpssUsage().AddEpssUsageAnalytics();
        if (!postgreSqlFirst)
        {
            services.AddEpssUsagePostgreSql(_connectionString);
        }
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(Ct);
        }

        var recorder = provider.GetRequiredService<UsageRecorder>();
        await recorder.RecordAsync([UsageTestData.GuideOpened() with { OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) }], Ct);
        var analytics = provider.GetRequiredService<UsageAnalytics>();
        var report = await analytics.GuideUseAsync(analytics.DefaultFilter() with { GuideId = "paspoort-aanvragen" }, Ct);
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(Ct);
        }

        Assert.IsType<PostgreSqlAnalyticsQueries>(provider.GetRequiredService<IUsageAnalyticsQueries>());
        Assert.StartsWith("PostgreSQL ", recorder.Store.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(data.FullPath("usage.db")));
        Assert.Equal(["1"], await StringsAsync("SELECT COUNT(*)::text FROM usage_events"));
        Assert.True(Assert.Single(report.Guides).Suppressed, "one user is below the threshold: the row comes from the database and is suppressed");
    }

    [Fact]
    public void AddEpssUsagePostgreSql_refuses_a_connection_string_that_is_not_one()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddEpssUsagePostgreSql("Host=localhost;Onbekend=ja"));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddEpssUsagePostgreSql(" "));
    }

    private async Task<IUsageStore> OpenAsync() => await PostgreSqlUsageStore.OpenAsync(_connectionString, _log.For<IUsageStore>(), Ct);

    private async Task<List<string>> StringsAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
