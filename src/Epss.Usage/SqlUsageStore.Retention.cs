namespace Epss.Usage;

/// <summary>
/// What one retention pass deletes: usage events before <see cref="Cutoff"/> and flags answered or closed before it;
/// open flags raised before <see cref="OpenFlags"/>, and open flags of clients that did not sign in raised before
/// <see cref="AnonymousOpenFlags"/>: nobody handled them in that time, and what an official wrote is not kept for ever.
/// </summary>
public sealed record RetentionCutoffs(DateTimeOffset Cutoff, DateTimeOffset OpenFlags, DateTimeOffset AnonymousOpenFlags);

/// <summary>What one retention pass deleted.</summary>
public sealed record RetentionResult(DateTimeOffset Cutoff, long EventsDeleted, long FlagsDeleted, long OpenFlagsDeleted = 0);

public abstract partial class SqlUsageStore
{
    /// <summary>Rows per delete statement: short transactions, so the recorder's writer (SQLite) and other servers' writes never wait long.</summary>
    private const int RetentionChunk = 5_000;

    /// <summary>
    /// Deletes the usage events that happened before the cutoff, and the flags raised before it that are answered or
    /// closed and were so before it too (an answer stays until it is itself that old); open flags raised before
    /// <see cref="RetentionCutoffs.OpenFlags"/> (or, from clients that did not sign in, <see cref="RetentionCutoffs.AnonymousOpenFlags"/>).
    /// </summary>
    public async Task<RetentionResult> DeleteExpiredAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        var cutoff = cutoffs.Cutoff;
        var before = cutoff.ToUnixTimeMilliseconds();
        var events = await DeleteInChunksAsync(
            $"DELETE FROM usage_events WHERE id IN (SELECT id FROM usage_events WHERE occurred_at < @before LIMIT {RetentionChunk})", before, cancellationToken);
        var flags = await DeleteInChunksAsync(
            $"""
            DELETE FROM flags WHERE id IN (
                SELECT id FROM flags
                WHERE status <> 'open' AND created_at < @before AND COALESCE(answered_at, created_at) < @before
                LIMIT {RetentionChunk})
            """, before, cancellationToken);
        var open = await DeleteInChunksAsync(
            $"DELETE FROM flags WHERE id IN (SELECT id FROM flags WHERE status = 'open' AND created_at < @before LIMIT {RetentionChunk})",
            cutoffs.OpenFlags.ToUnixTimeMilliseconds(), cancellationToken);
        open += await DeleteInChunksAsync(
            $"""
            DELETE FROM flags WHERE id IN (
                SELECT id FROM flags WHERE status = 'open' AND substr(user_pseudonym, 1, 2) = 'a_' AND created_at < @before LIMIT {RetentionChunk})
            """, cutoffs.AnonymousOpenFlags.ToUnixTimeMilliseconds(), cancellationToken);
        await AfterDeleteAsync(events + flags + open, cancellationToken);
        return new RetentionResult(cutoff, events, flags, open);
    }

    /// <summary>
    /// After a retention pass that deleted <paramref name="deleted"/> rows: make sure what was deleted is gone from the
    /// files too, not only from the tables (SQLite rewrites its file; PostgreSQL leaves it to autovacuum).
    /// </summary>
    protected virtual Task AfterDeleteAsync(long deleted, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<long> DeleteInChunksAsync(string sql, long before, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var connection = await OpenWriterAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Add(command, "@before", before);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < RetentionChunk)
            {
                return total;
            }
        }
    }
}
