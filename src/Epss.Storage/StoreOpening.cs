namespace Epss.Storage;

/// <summary>
/// A store's opening (the journal mode, the migrations, a first connection), run once and asynchronously: started by
/// the host as it starts or by the store's first operation, whichever comes first, and awaited by every operation. So
/// a store made by a DI factory needs no synchronous wrapper, and nothing reads a schema that is not migrated yet.
/// </summary>
/// <remarks>
/// The opening runs to its end whoever started it: a migration is one transaction that others wait for, and a request
/// that gives up must not fail it for everyone. Each caller's wait ends with its own token. A failure (a damaged file,
/// a database newer than this Epss) is kept: every later operation fails with the same message.
/// </remarks>
public sealed class StoreOpening(Func<Task> open)
{
    // Task.Run: SQLite's provider does its I/O synchronously, which must not hold the thread of whoever came first.
    private readonly Lazy<Task> _opening = new(() => Task.Run(open), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts the opening when nobody has yet, and waits until it is done (or <paramref name="cancellationToken"/> ends the wait).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _opening.Value.WaitAsync(cancellationToken);
}
