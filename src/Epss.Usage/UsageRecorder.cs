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
/// A singleton and the hosted service that runs the writer: <see cref="StartAsync"/> opens (and migrates) the
/// database through the <see cref="IUsageStoreFactory"/> (SQLite unless configured otherwise), <see cref="StopAsync"/> stops taking events and returns once everything already taken is written.
/// </remarks>
public sealed class UsageRecorder : IHostedService, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Calls that may wait for the writer. Beyond this a caller waits to be queued rather than the queue growing
    /// without limit while the disk is slow; the panel keeps its events meanwhile.
    /// </summary>
    private const int QueueCapacity = 10_000;

    private readonly UsageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageRecorder> _logger;
    private readonly IUsageStoreFactory _storeFactory;
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
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
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
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
            _queue.Writer.TryComplete(e);
            while (reader.TryRead(out var waiting))
            {
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
            batch.Add(write);
            size += write.Size;
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

    private sealed class PendingWrite(IReadOnlyList<UsageEvent> events, StepFlag? flag)
    {
        public IReadOnlyList<UsageEvent> Events { get; } = events;

        public StepFlag? Flag { get; } = flag;

        public TaskCompletionSource<UsageWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Size => Events.Count + (Flag is null ? 0 : 1);

        public void Fail(Exception error) => Completion.TrySetException(new UsageUnavailableException(error));
    }
}
