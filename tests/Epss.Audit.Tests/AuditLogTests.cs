using Epss.Testing;
using Epss.Testing.Services;
using Microsoft.Extensions.Time.Testing;

namespace Epss.Audit.Tests;

/// <summary>The audit log on both databases it runs on: entries kept in order, filtered, capped, and deleted only when older than the retention.</summary>
public sealed class AuditLogTests : IDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    private readonly TempDataFolder _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(PostgreSql)]
    public async Task Recorded_entries_are_read_back_newest_first_and_filtered(string store)
    {
        using var log = await OpenAsync(store);
        await log.RecordAsync(new AuditEntry(AuditActions.SignInFailed, null, "anna", "192.0.2.7"), Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await log.RecordAsync(new AuditEntry(AuditActions.SignedIn, "id-anna", "anna", "192.0.2.7"), Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        var published = await log.RecordAsync(new AuditEntry(AuditActions.Published, "id-bram", "bram", "192.0.2.8", "paspoort-aanvragen", "versie abc"), Ct);

        var all = await log.ReadAsync(new AuditQuery(), Ct);
        Assert.Equal([AuditActions.Published, AuditActions.SignedIn, AuditActions.SignInFailed], all.Select(e => e.Action));
        Assert.Equal(published, all[0]);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 2, 0, TimeSpan.Zero), all[0].At);
        Assert.Equal(["paspoort-aanvragen"], (await log.ReadAsync(new AuditQuery(Action: AuditActions.Published), Ct)).Select(e => e.Subject));
        Assert.Equal(2, (await log.ReadAsync(new AuditQuery(Actor: "anna"), Ct)).Count);
        Assert.Equal([AuditActions.SignedIn], (await log.ReadAsync(new AuditQuery(Actor: "id-anna"), Ct)).Select(e => e.Action));
        Assert.Equal([AuditActions.SignedIn], (await log.ReadAsync(
            new AuditQuery(From: _time.GetUtcNow().AddMinutes(-1), To: _time.GetUtcNow()), Ct)).Select(e => e.Action));
        Assert.Equal([AuditActions.SignInFailed], (await log.ReadAsync(new AuditQuery(Before: all[1].Id), Ct)).Select(e => e.Action));
        Assert.Single(await log.ReadAsync(new AuditQuery(Limit: 1), Ct));
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(PostgreSql)]
    public async Task Retention_deletes_only_entries_older_than_the_cutoff(string store)
    {
        using var log = await OpenAsync(store);
        await log.RecordAsync(new AuditEntry(AuditActions.UserCreated, null, "cli:root", null, "anna"), Ct);
        _time.Advance(TimeSpan.FromDays(40));
        await log.RecordAsync(new AuditEntry(AuditActions.UserDisabled, null, "cli:root", null, "anna"), Ct);

        Assert.Equal(1, await log.DeleteOlderThanAsync(_time.GetUtcNow().AddDays(-30), Ct));

        Assert.Equal([AuditActions.UserDisabled], (await log.ReadAsync(new AuditQuery(), Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task A_name_typed_at_a_failed_sign_in_is_kept_capped_never_longer()
    {
        using var log = await OpenAsync(Sqlite);
        var typed = new string('x', 10_000);

        var stored = await log.RecordAsync(new AuditEntry(AuditActions.SignInFailed, null, typed, "192.0.2.7", Detail: typed), Ct);

        Assert.Equal(AuditLog.MaximumNameLength + 1, stored.ActorName.Length);
        Assert.Equal(stored, Assert.Single(await log.ReadAsync(new AuditQuery(), Ct)));
    }

    [Fact]
    public async Task The_log_in_a_folder_is_shared_by_two_processes_opening_it()
    {
        // The command-line tool and the server both open audit.db in the accounts folder.
        using var server = await OpenAsync(Sqlite);
        using var tool = AuditLog.CreateSqlite(_data.Path, _time);
        await tool.RecordAsync(new AuditEntry(AuditActions.UserCreated, null, "cli:beheer", null, "anna"), Ct);

        Assert.Equal("anna", Assert.Single(await server.ReadAsync(new AuditQuery(), Ct)).Subject);
    }

    public void Dispose() => _data.Dispose();

    private async Task<AuditLog> OpenAsync(string store)
    {
        var log = store == Sqlite
            ? AuditLog.CreateSqlite(_data.Path, _time)
            : AuditLog.CreatePostgreSql(await CreatePostgreSqlDatabaseAsync(), _time);
        await log.EnsureOpenAsync(Ct);
        return log;
    }

    private static async Task<string> CreatePostgreSqlDatabaseAsync()
    {
        if (PostgresServer.FindBinaries() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Skip("PostgreSQL is not installed (apt-get install postgresql); these tests run on CI.");
        }
        return await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("audit");
    }
}
