using Epss.Usage.Tests.Support;
using Epss.Testing;

namespace Epss.Usage.Tests;

/// <summary>
/// The panels' own path into the recorder (<see cref="UsageRecorder.RecordPanelEventsAsync"/>): what a panel sent is
/// queued as it came and made into events on the writer's thread; acknowledged only once on disk; a bad call answered
/// with its reason without harming the others; a full queue answered busy at once, nothing of that call stored.
/// </summary>
public sealed class PanelIngestTests : IAsyncDisposable
{
    private const int WriteFailed = 3004;

    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();
    private RecorderSession? _session;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static UsageEventRequest Search(string id, string query = "paspoort kwijt") =>
        new(id, UsageEventTypes.Search, UsageTestData.Now.AddMinutes(-1), null, null, null, null, null, null, null, null, null, query, 2, null, null);

    private static Task<IReadOnlyList<UsageAck>> Send(UsageRecorder recorder, params UsageEventRequest?[] requests) =>
        recorder.RecordPanelEventsAsync(requests, UsageTestData.User, "baliemedewerker", "burgerzaken", UsageTestData.Now, Cancel);

    [Fact]
    public async Task Events_are_made_as_PanelUsage_makes_them_acknowledged_in_order_and_on_disk()
    {
        var session = await StartAsync();

        var acks = await Send(session.Recorder, Search("evt-1", "bsn 123456789 paspoort"), Search("evt-2"));

        var expected = PanelUsage.Events([Search("evt-1", "bsn 123456789 paspoort"), Search("evt-2")], UsageTestData.User, "baliemedewerker", "burgerzaken", UsageTestData.Now);
        Assert.Equal(expected.Select(e => e.Id), acks.Select(a => a.Id));
        Assert.All(acks, a => Assert.Equal(UsageWriteStatus.Stored, a.Status));
        var stored = await session.ReadEventsAsync();
        Assert.Equal(expected.Select(e => e.Id).Order(StringComparer.Ordinal), stored.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(stored, e => Assert.Equal((UsageTestData.User, "baliemedewerker", "burgerzaken"), (e.UserPseudonym, e.Role, e.App)));
        Assert.DoesNotContain("123456789", stored.Single(e => e.Id == expected[0].Id).Details.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_call_sent_again_is_acknowledged_as_duplicates()
    {
        var session = await StartAsync();
        await Send(session.Recorder, Search("evt-1"));

        var again = await Send(session.Recorder, Search("evt-1"));

        Assert.Equal(UsageWriteStatus.Duplicate, Assert.Single(again).Status);
        Assert.Single(await session.ReadEventsAsync());
    }

    [Fact]
    public async Task A_call_that_cannot_be_taken_is_answered_with_its_reason_and_the_calls_beside_it_are_stored()
    {
        var session = await StartAsync();
        var good = Enumerable.Range(0, 20).Select(i => Send(session.Recorder, Search($"goed-{i}"))).ToList();
        var bad = Send(session.Recorder, Search("slecht-1"), Search("slecht-2") with { Type = "onbekend" });

        var error = await Assert.ThrowsAsync<InvalidUsageException>(() => bad);
        await Task.WhenAll(good);

        Assert.StartsWith("Gebeurtenis 2:", error.Message, StringComparison.Ordinal);
        var stored = await session.ReadEventsAsync();
        Assert.Equal(20, stored.Count);
        Assert.DoesNotContain(stored, e => e.Id == PanelUsage.OwnId(UsageTestData.User, "slecht-1"));
    }

    [Fact]
    public async Task A_call_without_events_or_with_too_many_is_refused_at_once()
    {
        var session = await StartAsync();
        var tooMany = Enumerable.Range(0, PanelUsage.MaximumEventsPerBatch + 1).Select(i => (UsageEventRequest?)Search($"evt-{i}")).ToArray();

        await Assert.ThrowsAsync<InvalidUsageException>(() => Send(session.Recorder));
        await Assert.ThrowsAsync<InvalidUsageException>(() => Send(session.Recorder, tooMany));
        Assert.Empty(await session.ReadEventsAsync());
    }

    [Fact]
    public async Task A_full_queue_answers_busy_at_once_and_every_call_it_took_is_stored_once_the_disk_is_back()
    {
        // One call may wait; the disk is held by another process (a backup), long enough that the writer waits rather than fails.
        var session = await StartAsync(o =>
        {
            o.UsageQueueCapacity = 1;
            // One call a batch: the writer holds exactly the first, never gathering the second into its batch.
            o.MaximumBatchSize = 1;
            o.BusyTimeout = TimeSpan.FromMinutes(2);
        });
        Task<IReadOnlyList<UsageAck>> first, second;
        UsageUnavailableException busy;
        using (var other = DirectSql.Open(session.Options.DatabasePath))
        {
            DirectSql.Execute(other, "BEGIN IMMEDIATE");
            first = Send(session.Recorder, Search("eerste"));
            // The writer has taken the first call and waits for the disk: the queue is empty again.
            await Eventually.TrueAsync(() => session.Recorder.QueuedWrites == 0 && !first.IsCompleted, "the writer holds the first call", TimeSpan.FromSeconds(30));
            second = Send(session.Recorder, Search("tweede"));
            Assert.Equal(1, session.Recorder.QueuedWrites);

            busy = await Assert.ThrowsAsync<UsageUnavailableException>(() => Send(session.Recorder, Search("derde")));

            Assert.False(first.IsCompleted);
            DirectSql.Execute(other, "ROLLBACK");
        }

        Assert.Equal(UsageUnavailableException.BusyMessage, busy.Message);
        Assert.Equal(UsageWriteStatus.Stored, Assert.Single(await first).Status);
        Assert.Equal(UsageWriteStatus.Stored, Assert.Single(await second).Status);
        var stored = await session.ReadEventsAsync();
        Assert.Equal(
            new[] { "eerste", "tweede" }.Select(id => PanelUsage.OwnId(UsageTestData.User, id)).Order(StringComparer.Ordinal),
            stored.Select(e => e.Id).Order(StringComparer.Ordinal));
        // The busy one was never taken: sent again, it is stored.
        Assert.Equal(UsageWriteStatus.Stored, Assert.Single(await Send(session.Recorder, Search("derde"))).Status);
        Assert.DoesNotContain(_log.Entries, e => e.EventId.Id == WriteFailed);
    }

    [Fact]
    public async Task After_the_stop_a_call_is_refused_as_unavailable_not_busy()
    {
        var session = await StartAsync();
        await session.Recorder.StopAsync(Cancel);

        var error = await Assert.ThrowsAsync<UsageUnavailableException>(() => Send(session.Recorder, Search("te-laat")));

        Assert.NotEqual(UsageUnavailableException.BusyMessage, error.Message);
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
