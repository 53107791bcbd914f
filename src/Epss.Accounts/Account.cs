namespace Epss.Accounts;

/// <summary>
/// A user of Epss. <paramref name="Id"/> is stable and random (the pseudonym of usage events is made from it);
/// <paramref name="Name"/> is the login name (lowercase, kebab-case). Never carries the password hash.
/// </summary>
public sealed record Account(
    string Id,
    string Name,
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool Disabled,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string SecurityStamp = "")
{
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>A user as <c>users list</c> shows them: the account and how many API tokens it has that are not revoked.</summary>
public sealed record AccountSummary(Account Account, int TokenCount);

/// <summary>An API token as stored: its name and times, never the token itself (only its SHA-256 hash is kept).</summary>
public sealed record ApiTokenInfo(long Id, string UserName, string Name, DateTimeOffset Created, DateTimeOffset? LastUsed, DateTimeOffset? Revoked);

/// <summary>A token just made: <paramref name="Token"/> is shown once and cannot be recovered afterwards.</summary>
public sealed record IssuedToken(string Token, ApiTokenInfo Info);

/// <summary>What a new user is made of.</summary>
public sealed record NewAccount(string Name, string? DisplayName, IReadOnlyList<string> Roles, string Password);

/// <summary>
/// What became of a sign-in with a password: the user when it succeeded; otherwise null, and, when the account is
/// locked after too many failures (now or by this one), until when.
/// </summary>
public sealed record PasswordCheck(Account? Account, DateTimeOffset? LockedUntil);

/// <summary>A request signed in with an API token: whose, and which token.</summary>
public sealed record TokenSignIn(Account Account, long TokenId);
