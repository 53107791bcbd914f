using Epss.Testing;
using Epss.Usage.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Epss.Usage.Tests;

/// <summary>The retention job on SQLite and on PostgreSQL.</summary>
public abstract class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = Now.AddMonths(-24);

    private readonly TestLog _log = new();
    private readonly HandMadeUsage _usage;
    private readonly StoreKind _kind;

    protected RetentionTests(StoreKind kind)
    {
        _kind = kind;
        _usage = new HandMadeUsage(kind);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _usage.Dispose();
        _log.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Retention_deletes_old_events_old_answered_or_closed_flags_and_open_flags_nobody_handled()
    {
        _usage.Run(1, Cutoff.AddMinutes(-2), steps: ["starten"])   // 2 events just too old
            .Run(2, Cutoff)                                             // 1 event just young enough
            .Flag(Flag("oud-open", Cutoff.AddDays(-100), StepFlag.StatusOpen))
            .Flag(Flag("open-7-maanden", Now.AddMonths(-7), StepFlag.StatusOpen))
            .Flag(Flag("open-5-maanden", Now.AddMonths(-5), StepFlag.StatusOpen))
            .Flag(Flag("anoniem-open-40-dagen", Now.AddDays(-40), StepFlag.StatusOpen) with { UserPseudonym = "a_" + new string('A', 22) })
            .Flag(Flag("anoniem-open-20-dagen", Now.AddDays(-20), StepFlag.StatusOpen) with { UserPseudonym = "a_" + new string('B', 22) })
            .Flag(Flag("oud-beantwoord", Cutoff.AddDays(-100), StepFlag.StatusAnswered, answeredAt: Cutoff.AddDays(-90)))
            .Flag(Flag("oud-gesloten", Cutoff.AddDays(-100), StepFlag.StatusClosed, answeredAt: Cutoff.AddDays(-99)))
            .Flag(Flag("oud-laat-beantwoord", Cutoff.AddDays(-100), StepFlag.StatusAnswered, answeredAt: Now.AddDays(-3)))
            .Flag(Flag("nieuw-gesloten", Now.AddDays(-10), StepFlag.StatusClosed, answeredAt: Now.AddDays(-9)));
        var database = await _usage.WriteAsync();
        var time = new FakeTimeProvider(Now);
        await using var recorder = await StartRecorderAsync(database, time);
        using var retention = new RetentionService(recorder, UsageTestData.Wrap(database.Options), time, _log.For<RetentionService>());

        var result = await retention.RunOnceAsync(Ct);

        Assert.Equal((2L, 2L, 3L), (result.EventsDeleted, result.FlagsDeleted, result.OpenFlagsDeleted));
        var events = await recorder.Store.ReadEventsAsync(Ct);
        Assert.All(events, e => Assert.True(e.OccurredAt >= Cutoff));
        Assert.Single(events);
        // Open flags expire after Epss:OpenFlagMonths (6), those of clients that did not sign in after AnonymousOpenFlagDays (30).
        Assert.Equal(["anoniem-open-20-dagen", "nieuw-gesloten", "open-5-maanden", "oud-laat-beantwoord"],
            (await recorder.Store.ReadFlagsAsync(Ct)).Select(f => f.Id).Order());
        Assert.Contains(_log.Entries, e => e.EventId.Id == 3100 && e.Message.Contains("deleted 2 usage events and 2 answered or closed flags", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retention_runs_at_start_and_again_a_day_later()
    {
        _usage.Run(1, Cutoff.AddMinutes(-5)).Run(2, Cutoff.AddHours(12));
        var database = await _usage.WriteAsync();
        var time = new FakeTimeProvider(Now);
        await using var recorder = await StartRecorderAsync(database, time);
        using var retention = new RetentionService(recorder, UsageTestData.Wrap(database.Options), time, _log.For<RetentionService>());

        await retention.StartAsync(Ct);
        await Eventually.TrueAsync(() => _log.Entries.Count(e => e.EventId.Id == 3100) == 1, "the first pass at start");
        Assert.Single(await recorder.Store.ReadEventsAsync(Ct));

        time.Advance(TimeSpan.FromHours(23));
        time.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(() => _log.Entries.Count(e => e.EventId.Id == 3100) == 2, "the second pass a day later");

        // The second pass is the one a day after the first (its cutoff says when it ran), not one after 23 hours.
        var second = _log.Entries.Where(e => e.EventId.Id == 3100).Last();
        Assert.Contains(RetentionService.Cutoff(Now.AddDays(1), 24).ToString("o", System.Globalization.CultureInfo.InvariantCulture), second.Message, StringComparison.Ordinal);

        Assert.Empty(await recorder.Store.ReadEventsAsync(Ct));
        await retention.StopAsync(Ct);
    }

    [Fact]
    public async Task Retention_leaves_nothing_of_what_it_deleted_in_the_database_files()
    {
        // PostgreSQL keeps dead rows until autovacuum reuses their space: see the README's privacy section.
        Assert.SkipWhen(_kind != StoreKind.Sqlite, "A SQLite file's bytes; PostgreSQL's storage is its own.");
        const string Secret = "Mevrouw Zwanenburg-Oosterhout";
        var old = Cutoff.AddDays(-3);
        // Many rows, so that whole pages are freed as well as parts of pages.
        for (var i = 0; i < 400; i++)
        {
            _usage.Search(i % 7, old.AddSeconds(i), $"{Secret} {i}");
        }
        _usage.Flag(Flag("geheim-open", Now.AddMonths(-8), StepFlag.StatusOpen) with { Text = Secret + " twijfelt" });
        var database = await _usage.WriteAsync();
        var time = new FakeTimeProvider(Now);
        await using var recorder = await StartRecorderAsync(database, time);
        using var retention = new RetentionService(recorder, UsageTestData.Wrap(database.Options), time, _log.For<RetentionService>());

        var result = await retention.RunOnceAsync(Ct);

        Assert.Equal((400L, 1L), (result.EventsDeleted, result.OpenFlagsDeleted));
        // Read while the server still has it open, as someone who copies the folder would: the file and its write-ahead log.
        var files = Directory.GetFiles(database.Options.DataPath, "usage.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            var at = IndexOf(bytes, System.Text.Encoding.UTF8.GetBytes("Zwanenburg"));
            Assert.True(at < 0, $"{Path.GetFileName(file)} still holds deleted text at byte {at} (page {at / 4096 + 1})");
        }
    }

    [Fact]
    public void Retention_period_is_a_setting_of_24_months_by_default()
    {
        Assert.Equal(24, new UsageOptions().RetentionMonths);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 3, 0, 0, TimeSpan.Zero), RetentionService.Cutoff(Now, 18));
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private async Task<UsageRecorder> StartRecorderAsync(TestDatabase database, TimeProvider time)
    {
        var recorder = new UsageRecorder(UsageTestData.Wrap(database.Options), database.Factory, time, _log.For<UsageRecorder>());
        await recorder.StartAsync(Ct);
        return recorder;
    }

    private static StepFlag Flag(string id, DateTimeOffset created, string status, DateTimeOffset? answeredAt = null) => new(
        id, "paspoort-aanvragen", "identiteit", "v1", null, "Klopt niet.", HandMadeUsage.User(1), "baliemedewerker", "burgerzaken", created, status,
        Answer: status == StepFlag.StatusAnswered ? "Aangepast." : null, AnsweredBy: answeredAt is null ? null : "inhoud", AnsweredAt: answeredAt);
}

public sealed class RetentionTestsOnSqlite() : RetentionTests(StoreKind.Sqlite);

public sealed class RetentionTestsOnPostgreSql() : RetentionTests(StoreKind.PostgreSql);
