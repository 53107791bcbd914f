using System.Net;
using Epss.Authoring;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Microsoft.Data.Sqlite;
using static Epss.Server.Tests.Support.Editing;

namespace Epss.Server.Tests;

/// <summary>history.db from before reviews existed (schema version 1) opened by this server, and one from a newer Epss.</summary>
public sealed class GuideHistoryMigrationTests
{
    /// <summary>Migration 1 of GuideHistory.cs, as a database made by an Epss without reviews has it.</summary>
    private const string SchemaVersion1 = """
        CREATE TABLE schema_version (
            version     INTEGER NOT NULL PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  INTEGER NOT NULL
        );
        CREATE TABLE guide_versions (
            seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            guide_id    TEXT    NOT NULL,
            version     TEXT    NOT NULL,
            text        TEXT    NOT NULL,
            author      TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            note        TEXT    NOT NULL,
            source      TEXT    NOT NULL,
            file        TEXT    NOT NULL
        );
        CREATE INDEX guide_versions_by_guide ON guide_versions (guide_id, seq);
        INSERT INTO schema_version (version, description, applied_at) VALUES (1, 'guide versions', 1767225600000);
        """;

    private const string Served = "gediende-gids";
    private const string Old = "oude-gids";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_schema_1_migrates_to_2_and_lists_every_old_version_but_the_broken_one_as_published_by_its_author()
    {
        using var data = new TempDataFolder();
        var served = GuideTexts.Valid(Served, "Gediende gids", "paspoort");
        var first = GuideTexts.Valid(Old, "Oude gids", "eerste");
        var second = GuideTexts.Valid(Old, "Oude gids", "tweede");
        var broken = GuideTexts.WithStepWithoutId(Old, "Oude gids");
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using (var connection = OpenDatabase(data.Path))
        {
            Execute(connection, SchemaVersion1);
            Insert(connection, Old, first, "anna", created, "eerste versie", "editor");
            Insert(connection, Old, second, "bram", created.AddHours(1), "", "editor");
            Insert(connection, Old, broken, "buiten de editor", created.AddHours(2), GuideFolderRecorder.UnservedNote, "watcher");
            Insert(connection, Served, served, "carla", created.AddHours(3), "", "editor");
        }

        await using (var server = await StartWithGuidesAsync(HistoryDatabases.InSqlite, Ct, data.Path, (Served, served)))
        {
            using var expert = await ExpertAsync(server, "lezer", Ct);

            var old = await expert.GetJsonAsync($"/api/guides/{Old}/history", Ct);
            Assert.Equal([VersionOf(broken), VersionOf(second), VersionOf(first)], old.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
            Assert.False(old[0].TryGetProperty("publishedBy", out _));
            Assert.False(old[0].TryGetProperty("publishedAt", out _));
            Assert.Equal(("bram", created.AddHours(1)), (old[1].GetProperty("publishedBy").GetString(), old[1].GetProperty("publishedAt").GetDateTimeOffset()));
            Assert.Equal(("anna", created, "eerste versie"),
                (old[2].GetProperty("publishedBy").GetString(), old[2].GetProperty("publishedAt").GetDateTimeOffset(), old[2].GetProperty("note").GetString()));
            Assert.All(old.EnumerateArray(), v => Assert.False(v.GetProperty("current").GetBoolean()));
            // The served guide's text was recorded before: the start records nothing new, and it stays carla's publication.
            var current = Assert.Single((await expert.GetJsonAsync($"/api/guides/{Served}/history", Ct)).EnumerateArray());
            Assert.Equal((VersionOf(served), "carla", true),
                (current.GetProperty("version").GetString(), current.GetProperty("publishedBy").GetString(), current.GetProperty("current").GetBoolean()));
            await expert.GetProblemAsync($"/api/guides/{Old}/review", HttpStatusCode.NotFound, Ct);
            Assert.DoesNotContain(Old, (await expert.GetJsonAsync("/api/editor/guides", Ct)).Ids());
        }

        using (var connection = OpenDatabase(data.Path))
        {
            // Migrated to the newest schema, every step recorded.
            Assert.Equal(Enumerable.Range(1, GuideHistory.LatestSchemaVersion).Select(v => (long)v), Query(connection, "SELECT version FROM schema_version ORDER BY version"));
            Assert.Equal([4L], Query(connection, "SELECT COUNT(*) FROM guide_versions"));
        }
    }

    /// <summary>A schema version no Epss knows yet.</summary>
    private const long Future = 99;

    [Fact]
    public async Task Open_schema_newer_than_known_fails_with_a_clear_message_and_changes_nothing()
    {
        using var data = new TempDataFolder();
        using (var connection = OpenDatabase(data.Path))
        {
            Execute(connection, SchemaVersion1);
            Execute(connection, $"INSERT INTO schema_version (version, description, applied_at) VALUES (2, 'review', 0), ({Future}, 'from the future', 0);");
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GuideHistory.OpenAsync(data.Path, TimeProvider.System, TestContext.Current.CancellationToken));

        Assert.Contains($"schemaversie {Future}", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"({GuideHistory.LatestSchemaVersion})", failure.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(data.Path, GuideHistory.FileName), failure.Message, StringComparison.Ordinal);
        Assert.Contains("nieuwere Epss", failure.Message, StringComparison.Ordinal);
        using var after = OpenDatabase(data.Path);
        Assert.Equal([1L, 2L, Future], Query(after, "SELECT version FROM schema_version ORDER BY version"));
        Assert.Equal([0L], Query(after, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'changes'"));
    }

    private static SqliteConnection OpenDatabase(string dataPath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataPath, GuideHistory.FileName), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Insert(SqliteConnection connection, string guideId, string text, string author, DateTimeOffset createdAt, string note, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO guide_versions (guide_id, version, text, author, created_at, note, source, file) " +
            "VALUES ($id, $version, $text, $author, $created, $note, $source, $file)";
        command.Parameters.AddWithValue("$id", guideId);
        command.Parameters.AddWithValue("$version", VersionOf(text));
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$author", author);
        command.Parameters.AddWithValue("$created", createdAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$note", note);
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$file", guideId + ".md");
        command.ExecuteNonQuery();
    }

    private static List<long> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }
        return values;
    }
}
