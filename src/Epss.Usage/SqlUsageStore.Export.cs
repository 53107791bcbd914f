namespace Epss.Usage;

/// <summary>
/// A place in the stored events in the order they were received: the received time and the id of the last event
/// read. The next page starts after it, so an export or a push can stop anywhere and go on later.
/// </summary>
public sealed record UsageEventPosition(DateTimeOffset ReceivedAt, string Id)
{
    public static UsageEventPosition After(UsageEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new UsageEventPosition(e.ReceivedAt, e.Id);
    }
}

/// <summary>
/// One page of stored events to read, all filters optional: after <see cref="After"/>, occurred in
/// [<see cref="OccurredFrom"/>, <see cref="OccurredBefore"/>), received no later than <see cref="ReceivedUntil"/>;
/// at most <see cref="Limit"/> events.
/// </summary>
public sealed record UsageEventPageQuery(
    UsageEventPosition? After = null,
    DateTimeOffset? OccurredFrom = null,
    DateTimeOffset? OccurredBefore = null,
    DateTimeOffset? ReceivedUntil = null,
    int Limit = UsageEventPageQuery.DefaultLimit)
{
    public const int DefaultLimit = 500;
    public const int MaximumLimit = 100_000;
}

public abstract partial class SqlUsageStore
{
    /// <summary>
    /// Stored events in a stable order (received_at, then id), for exports that read in pages: each page starts after
    /// the position of the last event of the one before, so no event is read twice or skipped while events are added.
    /// </summary>
    /// <remarks>
    /// Received order rather than occurred order: a panel may send events that happened hours ago (it keeps them
    /// offline), and those must still come after a cursor that has passed their occurred time.
    /// </remarks>
    public async Task<IReadOnlyList<UsageEvent>> ReadEventPageAsync(UsageEventPageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, UsageEventPageQuery.MaximumLimit);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (query.After is { } after)
        {
            // The ">=" first gives an index on (received_at, id) a range to seek to; the OR alone makes SQLite scan it
            // (measured: 0.8 ms against 120 ms per page of 500 at 1M events).
            conditions.Add("received_at >= @after_received AND (received_at > @after_received OR id > @after_id)");
            Add(command, "@after_received", after.ReceivedAt.ToUnixTimeMilliseconds());
            Add(command, "@after_id", after.Id);
        }
        if (query.OccurredFrom is { } from)
        {
            conditions.Add("occurred_at >= @from");
            Add(command, "@from", from.ToUnixTimeMilliseconds());
        }
        if (query.OccurredBefore is { } before)
        {
            conditions.Add("occurred_at < @before");
            Add(command, "@before", before.ToUnixTimeMilliseconds());
        }
        if (query.ReceivedUntil is { } until)
        {
            conditions.Add("received_at <= @until");
            Add(command, "@until", until.ToUnixTimeMilliseconds());
        }
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {EventColumns} FROM usage_events {where} ORDER BY received_at, id LIMIT @limit";
        Add(command, "@limit", query.Limit);
        return await ReadListAsync(command, ReadEvent, cancellationToken);
    }
}
