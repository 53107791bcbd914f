namespace Epss.Audit;

/// <summary>
/// The audit log: who published, sent back, restored, withdrew, exported, managed users or signed in, and when
/// (BIO logging). Kept in the same database as the other data (<c>audit.db</c>, or PostgreSQL schema <c>epss_audit</c>)
/// and deleted after <c>Epss:RetentionMonths</c> like the usage data; read by administrators only.
/// </summary>
/// <remarks>
/// To record a new kind of action: add a constant to <see cref="AuditActions"/>, and call
/// <c>await audit.RecordAsync(new AuditEntry(AuditActions.X, actorId, actorName, address, subject, detail), ct)</c>
/// after the action has taken effect (never for an action that was refused, unless the refusal is what is audited,
/// like a failed sign-in). In the server, <c>AuditContext.EntryFor(httpContext, action, …)</c> fills in who and from
/// where. The call waits until the entry is on disk; it throws when it cannot be written, so that an action whose
/// record is lost does not look recorded.
/// </remarks>
public interface IAuditLog
{
    /// <summary>Records <paramref name="entry"/> with the current time, and returns it as stored.</summary>
    Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The entries that match <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken);
}
