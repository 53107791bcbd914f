using Epss.Testing;
using Epss.Usage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Epss.Usage.Tests;

/// <summary>The SQLite file: created with its schema in WAL mode, migrated from older schemas, refused when not a database.</summary>
public sealed class SqliteUsageStoreTests : IDisposable
{
    private const int DatabaseOpened = 3000;
    private const int SchemaMigrated = 3001;

    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Open_in_a_new_folder_creates_the_schema_and_turns_on_wal()
    {
        var folder = Path.Combine(_data.Path, "nieuw");

        using (var store = await UsageStore.OpenAsync(UsageTestData.Options(folder), _log.For<UsageStore>(), TestContext.Current.CancellationToken))
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
             "ix_usage_events_step_views", "ix_usage_events_type"],
            DirectSql.Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name"));
        Assert.Equal(
            ["id", "type", "occurred_at", "received_at", "user_pseudonym", "role", "app", "run_id", "guide_id", "guide_version", "step_id",
             "via", "check_id", "checked", "to_step_id", "to_guide_id", "query", "hit_count", "opened_guide_id", "opened_rank",
             "selector", "page_url", "target_status"],
            DirectSql.Strings(connection, "SELECT name FROM pragma_table_info('usage_events') ORDER BY cid"));
        Assert.Equal(
            [(1L, "usage events and flags"), (2L, "target-missing: the selector, the page and what became of the highlight"),
             (3L, "flags: the expert's answer, and when the official saw it"), (4L, "analytics: covering indexes for runs and step views"),
             (5L, "xAPI: the push to a Learning Record Store reads in the order events were received"), (6L, "ingest: the index by user is dropped")],
            Versions(connection));
        Assert.Contains(_log.Entries, e => e.EventId.Id == DatabaseOpened);
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

        using var store = await UsageStore.OpenAsync(UsageTestData.Options(_data.Path), _log.For<UsageStore>(), TestContext.Current.CancellationToken);
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
    public async Task Open_with_another_database_file_name_uses_that_file()
    {
        var options = UsageTestData.Options(_data.Path);
        options.DatabaseFileName = "gebruik.sqlite";

        using var store = await UsageStore.OpenAsync(options, _log.For<UsageStore>(), TestContext.Current.CancellationToken);

        Assert.True(File.Exists(_data.FullPath("gebruik.sqlite")));
        Assert.False(File.Exists(_data.FullPath("usage.db")));
    }

    [Fact]
    public async Task Open_a_file_that_is_not_a_database_fails()
    {
        File.WriteAllText(_data.FullPath("usage.db"), "Dit is geen database, maar een tekstbestand dat lang genoeg is om de kop te vullen.".PadRight(200, '.'));

        await Assert.ThrowsAsync<SqliteException>(() => UsageStore.OpenAsync(UsageTestData.Options(_data.Path), _log.For<UsageStore>(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Open_a_database_of_the_second_schema_keeps_its_flags_open_and_answerable()
    {
        // A database as the release before flag answers left it: migrations 1 and 2, one open flag in it.
        using (var connection = DirectSql.Open(_data.FullPath("usage.db")))
        {
            DirectSql.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            foreach (var migration in UsageSchema.Migrations.Take(2))
            {
                DirectSql.Execute(connection, migration.Sql);
                DirectSql.Execute(connection, $"INSERT INTO schema_version (version, description, applied_at) VALUES ({migration.Version}, '{migration.Description}', 0)");
            }
            DirectSql.Execute(connection, $"""
                INSERT INTO flags (id, guide_id, step_id, guide_version, text, user_pseudonym, created_at, status)
                VALUES ('oud-1', 'paspoort-aanvragen', 'identiteit', 'v1', 'Klopt niet.', '{UsageTestData.User}', {UsageTestData.Now.ToUnixTimeMilliseconds()}, 'open')
                """);
        }

        using var store = await UsageStore.OpenAsync(UsageTestData.Options(_data.Path), _log.For<UsageStore>(), TestContext.Current.CancellationToken);
        var before = await store.ReadFlagAsync("oud-1", TestContext.Current.CancellationToken);
        var answered = await store.AnswerFlagAsync("oud-1", "Aangepast.", "inhoud", "v2", UsageTestData.Now.AddHours(1), TestContext.Current.CancellationToken);

        Assert.Equal(6, UsageSchema.LatestVersion);
        Assert.Equal(UsageSchema.LatestVersion, store.SchemaVersion);
        // Migration 6 dropped the index by user that migration 1 made (every insert paid for it; nothing read it).
        using (var connection = DirectSql.Open(_data.FullPath("usage.db")))
        {
            Assert.Equal(0L, DirectSql.Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_usage_events_user'"));
            Assert.Equal(1L, DirectSql.Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_usage_events_received'"));
        }
        Assert.Equal(
            new StepFlag("oud-1", "paspoort-aanvragen", "identiteit", "v1", null, "Klopt niet.", UsageTestData.User, null, null, UsageTestData.Now, StepFlag.StatusOpen),
            before);
        Assert.Equal(FlagUpdateOutcome.Updated, answered.Outcome);
        Assert.Equal(["oud-1"], (await store.ReadUnseenAnswersAsync(UsageTestData.User, "paspoort-aanvragen", TestContext.Current.CancellationToken)).Select(f => f.Id));
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
