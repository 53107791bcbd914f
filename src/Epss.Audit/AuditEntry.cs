namespace Epss.Audit;

/// <summary>
/// Who did what to what, for the audit log. <paramref name="ActorId"/> is the stable id (the account id, or the
/// identity provider's <c>sub</c>; null when nobody is known, as at a failed sign-in); <paramref name="ActorName"/>
/// is the name a person recognises (a login name, or what was typed at a failed sign-in); <paramref name="Address"/>
/// the client's IP address, when it came over the network. <paramref name="Subject"/> names what was acted on (a
/// guide id, a user's login name, a period); <paramref name="Detail"/> is a short remark (a version, roles). Never a
/// password, a token or anything a citizen said.
/// </summary>
public sealed record AuditEntry(string Action, string? ActorId, string ActorName, string? Address, string? Subject = null, string? Detail = null);

/// <summary>An entry as stored: its number (the order it was recorded in) and when.</summary>
public sealed record AuditRecord(
    long Id, DateTimeOffset At, string Action, string? ActorId, string ActorName, string? Address, string? Subject, string? Detail);

/// <summary>Which entries to read: a period (from inclusive, to exclusive), one action, one actor's id or name, newest first, at most <paramref name="Limit"/>.</summary>
public sealed record AuditQuery(
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? Action = null, string? Actor = null, long? Before = null, int Limit = 200);

/// <summary>
/// The kinds of entry. An action name is stored as it is and never renamed (old entries keep theirs): add a new kind as
/// a new constant here, with a line in the README's audit table.
/// </summary>
public static class AuditActions
{
    public const string SignedIn = "signed-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignInThrottled = "sign-in-throttled";
    public const string SignedOut = "signed-out";
    public const string Published = "published";
    public const string SentBack = "sent-back";
    public const string Restored = "restored";
    public const string Withdrawn = "withdrawn";
    public const string Exported = "exported";
    public const string UserCreated = "user-created";
    public const string UserDisabled = "user-disabled";
    public const string UserEnabled = "user-enabled";
    public const string RolesChanged = "roles-changed";
    public const string PasswordChanged = "password-changed";
    public const string SessionsRevoked = "sessions-revoked";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";

    /// <summary>Every kind, for the filter of the admin view and the command line.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SignedIn, SignInFailed, SignInThrottled, SignedOut, Published, SentBack, Restored, Withdrawn, Exported,
        UserCreated, UserDisabled, UserEnabled, RolesChanged, PasswordChanged, SessionsRevoked, TokenCreated, TokenRevoked,
    ];
}
