using Epss.Testing;
using Epss.Usage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Epss.Usage.Tests;

/// <summary>
/// Recording: every event stored exactly once however often and however concurrently it is sent, bursts written in
/// few transactions, nothing acknowledged that is not on disk, nothing taken lost when the host stops.
/// </summary>
public sealed class UsageRecorderTests : IAsyncDisposable
{
    private const int BatchWritten = 3003;
    private const int WriteFailed = 3004;

    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();
    private RecorderSession? _session;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_writer_runs_on_a_thread_of_its_own_behind_the_threads_that_answer_officials()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "thread niceness is read from /proc");
        var session = await StartAsync();
        await session.RecordAsync(UsageTestData.StepViewed());

        // /proc/self/task/<tid>/stat: the name (cut to 15 characters) in brackets, then the nice value as field 19.
        var writers = Directory.GetDirectories("/proc/self/task")
            .Select(task => File.ReadAllText(Path.Combine(task, "stat")))
            .Where(stat => stat.Contains("(Epss usage writ)", StringComparison.Ordinal))
            .Select(NiceValue)
            .ToList();
        // Other tests' recorders may be running in this process too: every writer thread is lowered.
        Assert.NotEmpty(writers);
        Assert.All(writers, nice => Assert.Equal(BackgroundPriority.Niceness, nice));
        // And only they: this thread, the test's own, is as the threads that answer officials.
        Assert.Equal(0, NiceValue(File.ReadAllText("/proc/thread-self/stat")));

        static int NiceValue(string stat) =>
            int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task RecordAsync_the_same_event_twice_in_one_call_stores_it_once()
    {
        var session = await StartAsync();
        var e = UsageTestData.StepViewed();

        var acks = await session.RecordAsync(e, e);

        Assert.Equal([new UsageAck(e.Id, UsageWriteStatus.Stored), new UsageAck(e.Id, UsageWriteStatus.Duplicate)], acks);
        Assert.Equal([e], await session.ReadEventsAsync());
    }

    [Fact]
    public async Task RecordAsync_an_event_sent_again_later_is_acknowledged_as_a_duplicate_and_not_changed()
    {
        var session = await StartAsync();
        var e = UsageTestData.StepViewed();
        await session.RecordAsync(e);

        var again = await session.Recorder.RecordAsync(e with { StepId = "andere-stap" }, Cancel);

        Assert.Equal(new UsageAck(e.Id, UsageWriteStatus.Duplicate), again);
        Assert.Equal([e], await session.ReadEventsAsync());
        Assert.Equal((1, 1), (session.Recorder.StoredEvents, session.Recorder.DuplicateEvents));
    }

    [Fact]
    public async Task RecordAsync_after_a_restart_still_knows_the_events_stored_before()
    {
        var e = UsageTestData.StepViewed();
        await using (var first = await RecorderSession.StartAsync(_data.Path, _log))
        {
            await first.RecordAsync(e);
        }

        var session = await StartAsync();
        var acks = await session.RecordAsync(e);

        Assert.Equal(UsageWriteStatus.Duplicate, Assert.Single(acks).Status);
    }

    [Fact]
    public async Task RecordAsync_the_same_events_from_many_tasks_at_once_stores_each_once()
    {
        var session = await StartAsync();
        var events = Enumerable.Range(0, 100).Select(i => UsageTestData.StepViewed(id: $"gedeeld-{i}")).ToArray();

        // 25 panels resend the same 100 events at the same moment, each in its own order and in calls of 10.
        var calls = Enumerable.Range(0, 25).SelectMany(task =>
            events.OrderBy(_ => Random.Shared.Next()).Chunk(10).Select(chunk => Task.Run(() => session.Recorder.RecordAsync(chunk, Cancel), Cancel)));
        var acks = (await Task.WhenAll(calls)).SelectMany(a => a).ToList();

        Assert.Equal(2_500, acks.Count);
        Assert.All(acks.GroupBy(a => a.Id), g => Assert.Single(g, a => a.Status == UsageWriteStatus.Stored));
        Assert.Equal(events.Select(e => e.Id).Order(), (await session.ReadEventsAsync()).Select(e => e.Id).Order());
    }

    [Fact]
    public async Task RecordAsync_a_burst_of_20000_events_from_50_callers_is_all_acknowledged_stored_once_and_batched()
    {
        const int callers = 50;
        const int perCaller = 400;
        var session = await StartAsync();

        // Every caller sends its events one per call, without waiting for the previous acknowledgement.
        var acks = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, perCaller).Select(i => session.Recorder.RecordAsync(UsageTestData.StepViewed(id: $"c{caller}-e{i}"), Cancel));
            return await Task.WhenAll(mine);
        }, Cancel)));

        var all = acks.SelectMany(a => a).ToList();
        Assert.Equal(callers * perCaller, all.Count);
        Assert.All(all, a => Assert.Equal(UsageWriteStatus.Stored, a.Status));
        var stored = await session.ReadEventsAsync();
        Assert.Equal(callers * perCaller, stored.Count);
        Assert.Equal(callers * perCaller, stored.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all.Select(a => a.Id).Order(), stored.Select(e => e.Id).Order());

        var batches = session.Recorder.CommittedBatches;
        Assert.InRange(batches, callers * perCaller / session.Options.MaximumBatchSize, callers * perCaller / 20);
        Assert.Equal(batches, _log.Entries.Count(e => e.EventId.Id == BatchWritten));
        Assert.Equal(callers * perCaller, session.Recorder.StoredEvents);
    }

    [Fact]
    public async Task RecordAsync_one_call_larger_than_the_batch_size_is_written_whole_in_one_transaction()
    {
        var session = await StartAsync(o => o.MaximumBatchSize = 100);
        var events = Enumerable.Range(0, 1_200).Select(i => UsageTestData.StepViewed(id: $"groot-{i}")).ToArray();

        var acks = await session.RecordAsync(events);

        Assert.Equal(events.Select(e => e.Id), acks.Select(a => a.Id));
        Assert.All(acks, a => Assert.Equal(UsageWriteStatus.Stored, a.Status));
        Assert.Equal(1, session.Recorder.CommittedBatches);
        Assert.Equal(1_200, (await session.ReadEventsAsync()).Count);
    }

    [Fact]
    public async Task StopAsync_writes_every_event_taken_before_the_stop()
    {
        // A long window: the stop must not wait for it, nor drop what is still gathering.
        var session = await StartAsync(o => o.BatchWindow = TimeSpan.FromSeconds(2));
        var events = Enumerable.Range(0, 2_000).Select(i => UsageTestData.StepViewed(id: $"laatste-{i}")).ToArray();

        var pending = events.Select(e => session.Recorder.RecordAsync(e, Cancel)).ToList();
        await session.Recorder.StopAsync(Cancel);

        Assert.All(await Task.WhenAll(pending), a => Assert.Equal(UsageWriteStatus.Stored, a.Status));
        Assert.False(File.Exists(session.Options.DatabasePath + "-wal"), "the database is closed (and its WAL folded in) once stopped");
        using var reopened = await UsageStore.OpenAsync(session.Options, _log.For<UsageStore>(), TestContext.Current.CancellationToken);
        Assert.Equal(events.Select(e => e.Id).Order(), (await reopened.ReadEventsAsync(Cancel)).Select(e => e.Id).Order());
    }

    [Fact]
    public async Task RecordAsync_after_the_stop_is_refused_as_unavailable()
    {
        var session = await StartAsync();
        await session.Recorder.StopAsync(Cancel);

        var error = await Assert.ThrowsAsync<UsageUnavailableException>(() => session.RecordAsync(UsageTestData.StepViewed()));

        Assert.Equal(UsageUnavailableException.DefaultMessage, error.Message);
    }

    [Fact]
    public async Task RecordAsync_before_the_start_is_refused_as_unavailable()
    {
        await using var recorder = new UsageRecorder(UsageTestData.Wrap(UsageTestData.Options(_data.Path)), new FixedTimeProvider(UsageTestData.Now),
            _log.For<UsageRecorder>());

        await Assert.ThrowsAsync<UsageUnavailableException>(() => recorder.RecordAsync([UsageTestData.StepViewed()], Cancel));
        Assert.Throws<InvalidOperationException>(() => recorder.Store);
    }

    [Fact]
    public async Task StartAsync_when_the_database_cannot_be_opened_fails()
    {
        Directory.CreateDirectory(_data.FullPath("usage.db"));
        await using var recorder = new UsageRecorder(UsageTestData.Wrap(UsageTestData.Options(_data.Path)), new FixedTimeProvider(UsageTestData.Now),
            _log.For<UsageRecorder>());

        await Assert.ThrowsAsync<SqliteException>(() => recorder.StartAsync(Cancel));
        await Assert.ThrowsAsync<UsageUnavailableException>(() => recorder.RecordAsync([UsageTestData.StepViewed()], Cancel));
    }

    [Fact]
    public async Task RecordAsync_while_another_process_holds_the_database_fails_and_works_again_once_it_is_released()
    {
        _log.ExpectErrors(e => e.EventId.Id == WriteFailed);
        var session = await StartAsync(o => o.BusyTimeout = TimeSpan.FromSeconds(1));
        var e = UsageTestData.StepViewed();

        using (var other = DirectSql.Open(session.Options.DatabasePath))
        {
            DirectSql.Execute(other, "BEGIN IMMEDIATE");
            var error = await Assert.ThrowsAsync<UsageUnavailableException>(() => session.RecordAsync(e));
            Assert.IsType<SqliteException>(error.InnerException);
            DirectSql.Execute(other, "ROLLBACK");
        }

        var acks = await session.RecordAsync(e);

        Assert.Equal(UsageWriteStatus.Stored, Assert.Single(acks).Status);
        Assert.Contains(_log.Entries, entry => entry.EventId.Id == WriteFailed);
    }

    [Fact]
    public async Task RecordAsync_with_one_invalid_event_is_refused_whole_with_the_reason()
    {
        var session = await StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            session.RecordAsync(UsageTestData.StepViewed(), UsageTestData.Event(UsageEventTypes.StepViewed, stepId: null)));

        Assert.StartsWith("Bij deze gebeurtenis hoort het id van de stap", error.Message, StringComparison.Ordinal);
        Assert.Empty(await session.ReadEventsAsync());
    }

    [Fact]
    public async Task RecordAsync_an_event_with_a_raw_identity_instead_of_a_pseudonym_is_refused()
    {
        var session = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => session.RecordAsync(UsageTestData.StepViewed(user: "jan.jansen@gemeente.nl")));

        Assert.Empty(await session.ReadEventsAsync());
    }

    [Fact]
    public async Task RecordAsync_stores_search_queries_without_long_numbers()
    {
        var session = await StartAsync();
        var search = UsageTestData.Search(query: "  bsn 123456789   paspoort  ");

        await session.RecordAsync(search);

        Assert.Equal("bsn ##### paspoort", Assert.Single(await session.ReadEventsAsync()).Details.Query);
    }

    [Fact]
    public async Task AddFlagAsync_stores_the_flag_and_its_flag_event_together()
    {
        var session = await StartAsync();
        var flag = UsageTestData.Flag(text: "  Klopt niet: klant 123456789 had\r\n\r\n\r\n\r\neen ander document.  ");

        var stored = await session.Recorder.AddFlagAsync(flag, Cancel);

        Assert.Equal(flag with { Text = "Klopt niet: klant ##### had\n\neen ander document." }, stored);
        Assert.Equal([stored], await session.Recorder.Store.ReadFlagsAsync(Cancel));
        var flagEvent = Assert.Single(await session.ReadEventsAsync());
        Assert.Equal(
            new UsageEvent("flag-" + flag.Id, UsageEventTypes.Flag, flag.CreatedAt, UsageTestData.Now, flag.UserPseudonym, flag.Role, flag.App,
                null, flag.GuideId, flag.GuideVersion, flag.StepId, UsageDetails.None),
            flagEvent);
        Assert.Equal(1, session.Recorder.CommittedBatches);
    }

    [Fact]
    public async Task AddFlagAsync_the_same_flag_twice_stores_it_once_and_returns_the_stored_one()
    {
        var session = await StartAsync();
        var flag = UsageTestData.Flag();
        var first = await session.Recorder.AddFlagAsync(flag, Cancel);

        var second = await session.Recorder.AddFlagAsync(flag with { Text = "Nog een keer, anders." }, Cancel);

        Assert.Equal(first, second);
        Assert.Equal([first], await session.Recorder.Store.ReadFlagsAsync(Cancel));
        Assert.Single(await session.ReadEventsAsync());
    }

    [Fact]
    public async Task AddFlagAsync_about_a_search_that_found_nothing_is_stored_without_a_guide()
    {
        var session = await StartAsync();
        var flag = UsageTestData.Flag(guideId: null, stepId: null, query: "uittreksel  0612345678", text: "Ik zocht hoe een uittreksel werkt.");

        var stored = await session.Recorder.AddFlagAsync(flag, Cancel);

        Assert.Equal("uittreksel #####", stored.Query);
        var flagEvent = Assert.Single(await session.ReadEventsAsync());
        Assert.Equal((UsageEventTypes.Flag, (string?)null, "uittreksel #####"), (flagEvent.Type, flagEvent.GuideId, flagEvent.Details.Query));
    }

    [Fact]
    public async Task AddFlagAsync_without_text_is_refused_with_the_reason()
    {
        var session = await StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => session.Recorder.AddFlagAsync(UsageTestData.Flag(text: "   "), Cancel));

        Assert.StartsWith("Beschrijf het probleem in 1 tot 1000 tekens.", error.Message, StringComparison.Ordinal);
        Assert.Empty(await session.Recorder.Store.ReadFlagsAsync(Cancel));
    }

    [Fact]
    public async Task RecordAsync_and_AddFlagAsync_from_many_tasks_at_once_keep_every_flag_with_its_event()
    {
        var session = await StartAsync();
        var flags = Enumerable.Range(0, 200).Select(i => UsageTestData.Flag(id: $"melding-{i}")).ToArray();

        await Task.WhenAll(
            Task.WhenAll(flags.Select(f => Task.Run(() => session.Recorder.AddFlagAsync(f, Cancel), Cancel))),
            Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => session.RecordAsync(UsageTestData.StepViewed(id: $"stap-{i}")), Cancel))));

        var stored = await session.Recorder.Store.ReadFlagsAsync(Cancel);
        var events = await session.ReadEventsAsync();
        Assert.Equal(200, stored.Count);
        Assert.Equal(400, events.Count);
        Assert.Equal(flags.Select(f => "flag-" + f.Id).Order(), events.Where(e => e.Type == UsageEventTypes.Flag).Select(e => e.Id).Order());
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
        _log.Dispose();
        _data.Dispose();
    }

    private async Task<RecorderSession> StartAsync(Action<UsageOptions>? configure = null)
    {
        _session = await RecorderSession.StartAsync(_data.Path, _log, configure);
        return _session;
    }
}
