namespace Epss.Usage;

/// <summary>What one retention pass deleted.</summary>
public sealed record RetentionResult(DateTimeOffset Cutoff, long EventsDeleted, long FlagsDeleted);

public abstract partial class SqlUsageStore
{
    /// <summary>Rows per delete statement: short transactions, so the recorder's writer (SQLite) and other servers' writes never wait long.</summary>
    private const int RetentionChunk = 5_000;

    /// <summary>
    /// Deletes the usage events that happened before <paramref name="cutoff"/>, and the flags raised before it that are
    /// answered or closed and were so before it too (an answer stays until it is itself that old). Open flags are kept
    /// whatever their age: no expert has seen them yet.
    /// </summary>
    public async Task<RetentionResult> DeleteExpiredAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
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
        return new RetentionResult(cutoff, events, flags);
    }

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
