using Epss.Testing;
using Epss.Usage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Epss.Usage.Tests;

/// <summary>The database file: created with its schema in WAL mode, migrated once, every column kept as written.</summary>
public sealed class UsageStoreTests : IDisposable
{
    private const int DatabaseOpened = 3000;
    private const int SchemaMigrated = 3001;

    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public void Open_in_a_new_folder_creates_the_schema_and_turns_on_wal()
    {
        var folder = Path.Combine(_data.Path, "nieuw");

        using (var store = UsageStore.Open(UsageTestData.Options(folder), _log.For<UsageStore>()))
        {
            Assert.Equal(Path.Combine(folder, "usage.db"), store.DatabasePath);
            Assert.Equal(UsageSchema.LatestVersion, store.SchemaVersion);
            Assert.Equal("wal", store.JournalMode);
        }

        using var connection = DirectSql.Open(Path.Combine(folder, "usage.db"));
        Assert.Equal("wal", DirectSql.Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(
            ["flags", "schema_version", "usage_events"],
            DirectSql.Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
        Assert.Equal(
            ["ix_flags_guide", "ix_flags_status", "ix_flags_user_guide", "ix_usage_events_guide", "ix_usage_events_occurred_at", "ix_usage_events_received", "ix_usage_events_runs",
             "ix_usage_events_step_views", "ix_usage_events_type", "ix_usage_events_user"],
            DirectSql.Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name"));
        Assert.Equal(
            ["id", "type", "occurred_at", "received_at", "user_pseudonym", "role", "app", "run_id", "guide_id", "guide_version", "step_id",
             "via", "check_id", "checked", "to_step_id", "to_guide_id", "query", "hit_count", "opened_guide_id", "opened_rank",
             "selector", "page_url", "target_status"],
            DirectSql.Strings(connection, "SELECT name FROM pragma_table_info('usage_events') ORDER BY cid"));
        Assert.Equal(
            [(1L, "usage events and flags"), (2L, "target-missing: the selector, the page and what became of the highlight"),
             (3L, "flags: the expert's answer, and when the official saw it"), (4L, "analytics: covering indexes for runs and step views"),
             (5L, "xAPI: the push to a Learning Record Store reads in the order events were received")],
            Versions(connection));
        Assert.Contains(_log.Entries, e => e.EventId.Id == DatabaseOpened);
    }

    [Fact]
    public void Open_an_existing_database_applies_no_migration_again()
    {
        UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>()).Dispose();

        using var store = UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>());

        Assert.Equal(UsageSchema.LatestVersion, store.SchemaVersion);
        Assert.Equal(UsageSchema.Migrations.Count, _log.Entries.Count(e => e.EventId.Id == SchemaMigrated));
        Assert.Equal(2, _log.Entries.Count(e => e.EventId.Id == DatabaseOpened));
    }

    [Fact]
    public async Task Open_a_database_of_the_first_schema_migrates_it_and_keeps_its_events()
    {
        // A database as the first release left it: only migration 1, one event in it.
        using (var connection = DirectSql.Open(_data.FullPath("usage.db")))
        {
            DirectSql.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            DirectSql.Execute(connection, UsageSchema.Migrations[0].Sql);
            DirectSql.Execute(connection, "INSERT INTO schema_version (version, description, applied_at) VALUES (1, 'usage events and flags', 0)");
            DirectSql.Execute(connection, $"""
                INSERT INTO usage_events (id, type, occurred_at, received_at, user_pseudonym, guide_id, step_id)
                VALUES ('oud-1', 'step-viewed', {UsageTestData.Now.AddDays(-1).ToUnixTimeMilliseconds()}, {UsageTestData.Now.ToUnixTimeMilliseconds()}, '{UsageTestData.User}', 'paspoort-aanvragen', 'identiteit')
                """);
        }

        using var store = UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>());
        var missing = UsageTestData.TargetMissing();
        store.Write([missing], []);

        Assert.Equal(UsageSchema.LatestVersion, store.SchemaVersion);
        Assert.Equal(UsageSchema.Migrations.Count - 1, _log.Entries.Count(e => e.EventId.Id == SchemaMigrated));
        var read = await store.ReadEventsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["oud-1", missing.Id], read.Select(e => e.Id));
        Assert.Equal(UsageDetails.None, read[0].Details);
        Assert.Equal(missing, read[1]);
    }

    [Fact]
    public void Open_with_another_database_file_name_uses_that_file()
    {
        var options = UsageTestData.Options(_data.Path);
        options.DatabaseFileName = "gebruik.sqlite";

        using var store = UsageStore.Open(options, _log.For<UsageStore>());

        Assert.True(File.Exists(_data.FullPath("gebruik.sqlite")));
        Assert.False(File.Exists(_data.FullPath("usage.db")));
    }

    [Fact]
    public void Open_a_database_of_a_newer_schema_is_refused_with_a_clear_message()
    {
        UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>()).Dispose();
        using (var connection = DirectSql.Open(_data.FullPath("usage.db")))
        {
            DirectSql.Execute(connection, "INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'uit de toekomst', 0)");
        }

        var error = Assert.Throws<InvalidOperationException>(() => UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>()));

        Assert.Contains("schemaversie 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("nieuwer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_a_file_that_is_not_a_database_fails()
    {
        File.WriteAllText(_data.FullPath("usage.db"), "Dit is geen database, maar een tekstbestand dat lang genoeg is om de kop te vullen.".PadRight(200, '.'));

        Assert.Throws<SqliteException>(() => UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>()));
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
            UsageTestData.DecisionTaken(toStepId: null, toGuideId: "twijfel-aan-identiteit"),
            UsageTestData.Event(UsageEventTypes.GuideCompleted, stepId: "verwerken"),
            UsageTestData.Event(UsageEventTypes.GuideAbandoned, stepId: null) with { Role = null, App = null, RunId = null, GuideVersion = null },
            UsageTestData.Search(),
            UsageTestData.Search(query: "rijbewijs kwijt", hitCount: 0, openedGuideId: null, openedRank: null),
            UsageTestData.TargetMissing(status: TargetStatuses.Ambiguous),
        }.Select((e, i) => e with { OccurredAt = UsageTestData.Now.AddSeconds(-100 + i).AddMilliseconds(123) }).ToArray();
        var flag = UsageTestData.Flag();
        using var store = UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>());

        var result = store.Write(events, [flag]);
        var read = await store.ReadEventsAsync(TestContext.Current.CancellationToken);
        var flags = await store.ReadFlagsAsync(TestContext.Current.CancellationToken);

        Assert.All(result.Events, s => Assert.Equal(UsageWriteStatus.Stored, s));
        Assert.Equal([UsageWriteStatus.Stored], result.Flags);
        Assert.Equal(events, read);
        Assert.Equal([flag], flags);
        Assert.Equal(flag, await store.ReadFlagAsync(flag.Id, TestContext.Current.CancellationToken));
        Assert.Null(await store.ReadFlagAsync("bestaat-niet", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Write_an_id_that_is_stored_already_reports_a_duplicate_and_keeps_the_first()
    {
        using var store = UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>());
        var first = UsageTestData.StepViewed(id: "evt-1");
        var second = first with { StepId = "iets-anders" };

        var written = store.Write([first, second], []);
        var again = store.Write([first], []);

        Assert.Equal([UsageWriteStatus.Stored, UsageWriteStatus.Duplicate], written.Events);
        Assert.Equal([UsageWriteStatus.Duplicate], again.Events);
        Assert.Equal([first], await store.ReadEventsAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        _log.Dispose();
        _data.Dispose();
    }

    private static List<(long, string)> Versions(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, description FROM schema_version ORDER BY version";
        using var reader = command.ExecuteReader();
        var values = new List<(long, string)>();
        while (reader.Read())
        {
            values.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return values;
    }
}
