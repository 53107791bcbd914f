using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Usage;

/// <summary>
/// Records usage events and flags. Callers hand over events and wait for the acknowledgement; one writer takes
/// whatever has queued up and commits it in one transaction (group commit), so a burst of thousands of events from
/// many officials becomes a few transactions and costs the hub nothing but the wait for its own acknowledgement.
/// An acknowledgement is given only after the commit: an acknowledged event is on disk.
/// </summary>
/// <remarks>
/// Panels' events take their own path (<see cref="RecordPanelEventsAsync"/>): the hub hands over what the panel sent
/// as it is, and the writer's thread, below the threads that answer searches, checks it, makes the stored events
/// (ids, scrubbing) and writes them; a full queue is answered at once as busy rather than waited on.
/// </remarks>
/// <remarks>
/// A singleton and the hosted service that runs the writer: <see cref="StartAsync"/> opens (and migrates) the
/// database through the <see cref="IUsageStoreFactory"/> (SQLite unless configured otherwise), <see cref="StopAsync"/> stops taking events and returns once everything already taken is written.
/// </remarks>
public sealed class UsageRecorder : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly UsageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageRecorder> _logger;
    private readonly IUsageStoreFactory _storeFactory;
    /// <summary>
    /// The calls waiting for the writer, at most <see cref="UsageOptions.UsageQueueCapacity"/>: beyond that a panel is
    /// answered busy (<see cref="RecordPanelEventsAsync"/>) and other callers wait to be queued, rather than the queue
    /// growing without limit while the disk is slow.
    /// </summary>
    private readonly Channel<PendingWrite> _queue;
    private volatile bool _closing;
    private IUsageStore? _store;
    private Task? _writer;
    private long _batches;
    private long _stored;
    private long _duplicates;

    /// <summary>A recorder on the SQLite file of <paramref name="options"/>.</summary>
    public UsageRecorder(IOptions<UsageOptions> options, TimeProvider timeProvider, ILogger<UsageRecorder> logger)
        : this(options, new SqliteUsageStoreFactory(options), timeProvider, logger)
    {
    }

    /// <summary>A recorder on the store <paramref name="storeFactory"/> opens (the batch settings still come from <paramref name="options"/>).</summary>
    public UsageRecorder(IOptions<UsageOptions> options, IUsageStoreFactory storeFactory, TimeProvider timeProvider, ILogger<UsageRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storeFactory);
        _options = options.Value;
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(_options.UsageQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _storeFactory = storeFactory;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>The database, for reading (analyses, exports, flags, tests); available once started.</summary>
    public IUsageStore Store => Volatile.Read(ref _store) ?? throw new InvalidOperationException("De gebruiksregistratie is nog niet gestart.");

    /// <summary>Transactions committed since start: far fewer than events under load, which is the point.</summary>
    public long CommittedBatches => Interlocked.Read(ref _batches);

    /// <summary>Events written since start (flag events included).</summary>
    public long StoredEvents => Interlocked.Read(ref _stored);

    /// <summary>Events refused since start because their id was stored already.</summary>
    public long DuplicateEvents => Interlocked.Read(ref _duplicates);

    /// <summary>Calls waiting for the writer now (not those in the batch it is writing).</summary>
    public int QueuedWrites => _queue.Reader.Count;

    /// <summary>
    /// Stores the events, each only if its id is new, and returns per event (in the order given) whether it was
    /// <see cref="UsageWriteStatus.Stored"/> now or a <see cref="UsageWriteStatus.Duplicate"/> of one stored before
    /// (also earlier in the same call). Completes once the transaction holding them is committed.
    /// </summary>
    /// <remarks>
    /// Search queries are scrubbed (<see cref="UsageValidation.ScrubQuery"/>) before they are stored. Cancelling stops the
    /// wait, not the write: events already queued are still stored, and sending them again gives
    /// <see cref="UsageWriteStatus.Duplicate"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">An event is not acceptable (<see cref="UsageValidation.Problem(UsageEvent, DateTimeOffset)"/>); nothing was stored.</exception>
    /// <exception cref="UsageUnavailableException">The recorder is not running or the database refused the write; nothing was acknowledged.</exception>
    public async Task<IReadOnlyList<UsageAck>> RecordAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }
        var now = _time.GetUtcNow();
        var accepted = new UsageEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException("Een gebeurtenis ontbreekt.", nameof(events));
            if (UsageValidation.Problem(e, now) is { } problem)
            {
                throw new ArgumentException(problem, nameof(events));
            }
            accepted[i] = e.Details.Query is { } query ? e with { Details = e.Details with { Query = UsageValidation.ScrubQuery(query) } } : e;
        }

        var result = await EnqueueAsync(new PendingWrite(accepted, null), cancellationToken).ConfigureAwait(false);
        var acks = new UsageAck[accepted.Length];
        for (var i = 0; i < accepted.Length; i++)
        {
            acks[i] = new UsageAck(accepted[i].Id, result.Events[i]);
        }
        return acks;
    }

    /// <summary>
    /// Stores what a panel sent (<see cref="PanelUsage.Events"/>: checked, ids made per pseudonym, scrubbed; all or
    /// none) and returns per event whether it was stored now or before, once the transaction holding them is committed.
    /// The caller's thread only queues the call: the checking and making happen on the writer's thread, so that a
    /// stream of events costs the threads that answer searches as little as possible.
    /// </summary>
    /// <param name="receivedAt">When the call arrived (the events' received time, and the default of their occurred time).</param>
    /// <exception cref="InvalidUsageException">What the panel sent cannot be taken (the Dutch reason); nothing was stored.</exception>
    /// <exception cref="UsageUnavailableException">
    /// The queue is full (<see cref="UsageUnavailableException.BusyMessage"/>), the recorder is not running or the
    /// database refused the write; nothing was acknowledged, and sending the events again is safe.
    /// </exception>
    public async Task<IReadOnlyList<UsageAck>> RecordPanelEventsAsync(
        IReadOnlyList<UsageEventRequest?>? requests, string userPseudonym, string? role, string? app, DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userPseudonym);
        PanelUsage.CheckCount(requests);
        if (_writer is null)
        {
            throw new UsageUnavailableException(new InvalidOperationException("The usage recorder has not been started."));
        }
        var write = new PendingWrite(new PanelEvents(requests, userPseudonym, role, app, receivedAt));
        if (!_queue.Writer.TryWrite(write))
        {
            if (_closing)
            {
                throw new UsageUnavailableException(new InvalidOperationException("The usage recorder has stopped."));
            }
            UsageTelemetry.Busy();
            throw new UsageUnavailableException(UsageUnavailableException.BusyMessage);
        }
        UsageTelemetry.Queued();
        var result = await write.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var events = write.Events;
        var acks = new UsageAck[events.Count];
        for (var i = 0; i < acks.Length; i++)
        {
            acks[i] = new UsageAck(events[i].Id, result.Events[i]);
        }
        return acks;
    }

    /// <summary>Stores one event; see <see cref="RecordAsync(IReadOnlyList{UsageEvent}, CancellationToken)"/>.</summary>
    public async Task<UsageAck> RecordAsync(UsageEvent usageEvent, CancellationToken cancellationToken) =>
        (await RecordAsync([usageEvent], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Stores a flag and, in the same transaction, a usage event of type <see cref="UsageEventTypes.Flag"/> with id
    /// "flag-" + the flag's id (same user, guide, step and query), so that analyses count flags with the other events.
    /// Returns the flag as stored (text and query scrubbed); a flag whose id was stored before is not changed, and
    /// the stored one is returned.
    /// </summary>
    /// <exception cref="ArgumentException">The flag is not acceptable (<see cref="UsageValidation.Problem(StepFlag)"/>).</exception>
    /// <exception cref="UsageUnavailableException">The recorder is not running or the database refused the write.</exception>
    public async Task<StepFlag> AddFlagAsync(StepFlag flag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (UsageValidation.Problem(flag) is { } problem)
        {
            throw new ArgumentException(problem, nameof(flag));
        }
        var stored = flag with
        {
            Text = UsageValidation.ScrubText(flag.Text),
            Query = flag.Query is null ? null : UsageValidation.ScrubQuery(flag.Query),
        };
        var flagEvent = new UsageEvent(
            FlagEventId(flag.Id), UsageEventTypes.Flag, stored.CreatedAt, _time.GetUtcNow(), stored.UserPseudonym, stored.Role, stored.App,
            RunId: null, stored.GuideId, stored.GuideVersion, stored.StepId, new UsageDetails(Query: stored.Query));

        var result = await EnqueueAsync(new PendingWrite([flagEvent], stored), cancellationToken).ConfigureAwait(false);
        return result.Flags[0] == UsageWriteStatus.Stored
            ? stored
            : await Store.ReadFlagAsync(flag.Id, cancellationToken).ConfigureAwait(false) ?? stored;
    }

    /// <summary>The id of the usage event stored with a flag.</summary>
    public static string FlagEventId(string flagId) => "flag-" + flagId;

    /// <summary>Opens the database (applying migrations) and starts the writer.</summary>
    /// <remarks>The store's exception when the database cannot be opened: the host does not start.</remarks>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            throw new InvalidOperationException("De gebruiksregistratie is al gestart.");
        }
        var store = await _storeFactory.OpenAsync(_logger, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _store, store);
        _writer = StartWriterThread();
    }

    /// <summary>
    /// Takes no more events and returns when the events already taken are written (or when
    /// <paramref name="cancellationToken"/> says the host will not wait longer; the writer then still finishes).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _closing = true;
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.ConfigureAwait(false);
        }
        else
        {
            Volatile.Read(ref _store)?.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<UsageWriteResult> EnqueueAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            throw new UsageUnavailableException(new InvalidOperationException("The usage recorder has not been started."));
        }
        try
        {
            await _queue.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new UsageUnavailableException(new InvalidOperationException("The usage recorder has stopped.", e));
        }
        UsageTelemetry.Queued();
        return await write.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The writer runs on a thread of its own at a lower priority (<see cref="BackgroundPriority"/>), so that the
    /// database's CPU never delays the hub's answers to officials. Completes when the loop ends.
    /// </summary>
    private Task StartWriterThread()
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            if (!BackgroundPriority.LowerCurrentThread())
            {
                Log.WriterPriorityUnchanged(_logger);
            }
            try
            {
                WriteLoop();
                ended.SetResult();
            }
            catch (Exception e)
            {
                ended.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Epss usage writer",
        };
        thread.Start();
        return ended.Task;
    }

    /// <summary>
    /// Until the queue is closed and empty: take what has queued up (waiting up to the batch window for more, up to
    /// the batch size), write it in one transaction, answer each caller. Blocks its own thread while it waits.
    /// </summary>
    private void WriteLoop()
    {
        var store = Store;
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>();
        try
        {
            while (Wait(reader.WaitToReadAsync()))
            {
                var size = Take(reader, batch, 0);
                if (size < _options.MaximumBatchSize && _options.BatchWindow > TimeSpan.Zero)
                {
                    Gather(reader, batch, size);
                }
                Write(store, batch);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            // Only a fault of this loop itself gets here (writes catch their own): answer every waiting caller rather
            // than leave them hanging, and refuse new ones.
            _closing = true;
            _queue.Writer.TryComplete(e);
            while (reader.TryRead(out var waiting))
            {
                UsageTelemetry.Dequeued();
                batch.Add(waiting);
            }
            foreach (var write in batch)
            {
                write.Fail(e);
            }
            Log.WriteFailed(_logger, batch.Count, batch.Count, batch.Sum(w => w.Events.Count), e);
        }
        finally
        {
            store.Dispose();
            Log.RecorderStopped(_logger, StoredEvents, DuplicateEvents, CommittedBatches);
        }
    }

    private int Take(ChannelReader<PendingWrite> reader, List<PendingWrite> batch, int size)
    {
        while (size < _options.MaximumBatchSize && reader.TryRead(out var write))
        {
            UsageTelemetry.Dequeued();
            // A panel's call is checked and made into events here, on this thread; one that cannot be taken is
            // answered with the reason and leaves the batch.
            if (write.Prepare())
            {
                batch.Add(write);
                size += write.Size;
            }
        }
        return size;
    }

    private static bool Wait(ValueTask<bool> waiting) =>
        waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();

    private void Gather(ChannelReader<PendingWrite> reader, List<PendingWrite> batch, int size)
    {
        using var window = new CancellationTokenSource(_options.BatchWindow);
        try
        {
            // A closed queue (the host is stopping) answers at once, so the final batches are written without waiting.
            while (size < _options.MaximumBatchSize && Wait(reader.WaitToReadAsync(window.Token)))
            {
                size = Take(reader, batch, size);
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
            // The window has passed: write what there is.
        }
    }

    private void Write(IUsageStore store, List<PendingWrite> batch)
    {
        try
        {
            Commit(store, batch);
        }
        catch (Exception e) when (batch.Count > 1 && store.IsCausedByData(e))
        {
            // One call's events may be what the database refused: write each call alone, so the others still get in.
            var failed = 0;
            var lastError = e;
            foreach (var write in batch)
            {
                try
                {
                    Commit(store, [write]);
                }
                catch (Exception one)
                {
                    write.Fail(one);
                    failed++;
                    lastError = one;
                }
            }
            Log.WriteFailed(_logger, failed, batch.Count, batch.Sum(w => w.Events.Count), lastError);
        }
        catch (Exception e)
        {
            // The database itself is unavailable (locked, full, gone): every caller hears so, and sends again later.
            foreach (var write in batch)
            {
                write.Fail(e);
            }
            Log.WriteFailed(_logger, batch.Count, batch.Count, batch.Sum(w => w.Events.Count), e);
        }
    }

    private void Commit(IUsageStore store, IReadOnlyList<PendingWrite> writes)
    {
        var stopwatch = Stopwatch.StartNew();
        var events = new List<UsageEvent>();
        var flags = new List<StepFlag>();
        foreach (var write in writes)
        {
            events.AddRange(write.Events);
            if (write.Flag is { } flag)
            {
                flags.Add(flag);
            }
        }

        var result = store.Write(events, flags);

        var stored = result.Events.Count(s => s == UsageWriteStatus.Stored);
        UsageTelemetry.BatchWritten(stopwatch.Elapsed, stored, events.Count - stored);
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _duplicates, events.Count - stored);
        var batchNumber = Interlocked.Increment(ref _batches);
        Log.BatchWritten(_logger, batchNumber, stored, events.Count - stored, flags.Count, writes.Count, stopwatch.Elapsed.TotalMilliseconds);

        var eventOffset = 0;
        var flagOffset = 0;
        foreach (var write in writes)
        {
            var eventStatuses = new UsageWriteStatus[write.Events.Count];
            for (var i = 0; i < eventStatuses.Length; i++)
            {
                eventStatuses[i] = result.Events[eventOffset++];
            }
            UsageWriteStatus[] flagStatuses = write.Flag is null ? [] : [result.Flags[flagOffset++]];
            write.Completion.TrySetResult(new UsageWriteResult(eventStatuses, flagStatuses));
        }
    }

    /// <summary>What a panel sent, as it came, with who sent it and when (from the connection).</summary>
    private sealed record PanelEvents(IReadOnlyList<UsageEventRequest?> Requests, string UserPseudonym, string? Role, string? App, DateTimeOffset ReceivedAt);

    private sealed class PendingWrite
    {
        private readonly PanelEvents? _panel;

        public PendingWrite(IReadOnlyList<UsageEvent> events, StepFlag? flag)
        {
            Events = events;
            Flag = flag;
        }

        public PendingWrite(PanelEvents panel)
        {
            _panel = panel;
            Events = [];
        }

        /// <summary>The events to write; a panel's are made by <see cref="Prepare"/> on the writer's thread.</summary>
        public IReadOnlyList<UsageEvent> Events { get; private set; }

        public StepFlag? Flag { get; }

        // Completed on the writer's thread; the caller continues on the thread pool, never on the writer.
        public TaskCompletionSource<UsageWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Size => Events.Count + (Flag is null ? 0 : 1);

        /// <summary>Makes a panel's events; false (the caller answered with the reason) when they cannot be taken.</summary>
        public bool Prepare()
        {
            if (_panel is null || Events.Count > 0)
            {
                return true;
            }
            try
            {
                Events = PanelUsage.Events(_panel.Requests, _panel.UserPseudonym, _panel.Role, _panel.App, _panel.ReceivedAt);
                return true;
            }
            catch (Exception e)
            {
                // InvalidUsageException carries the Dutch reason to the panel; anything else is the hub's to log.
                Completion.TrySetException(e);
                return false;
            }
        }

        public void Fail(Exception error) => Completion.TrySetException(new UsageUnavailableException(error));
    }
}
