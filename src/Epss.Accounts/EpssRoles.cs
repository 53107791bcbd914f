namespace Epss.Accounts;

/// <summary>
/// The roles a user can have. A user may have several; each role grants its own rights, none includes another
/// (an administrator who also edits guides has <see cref="Admin"/> and <see cref="Expert"/>).
/// </summary>
public static class EpssRoles
{
    /// <summary>Baliemedewerker: follows guides in the panel, records usage, flags steps.</summary>
    public const string Official = "official";

    /// <summary>Inhoudsdeskundige: writes, reviews and publishes guides, answers flags.</summary>
    public const string Expert = "expert";

    /// <summary>Analist: sees how the guides are used.</summary>
    public const string Analyst = "analyst";

    /// <summary>Beheerder: manages users and the server.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, in this order (also the order in which they are shown).</summary>
    public static IReadOnlyList<string> All { get; } = [Official, Expert, Analyst, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>The roles in the canonical order, each once; unknown roles are refused.</summary>
    /// <exception cref="AccountException">A role is not one of <see cref="All"/>.</exception>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var given = roles.Select(r => r.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (given.FirstOrDefault(r => !IsKnown(r)) is { } unknown)
        {
            throw new AccountException(AccountError.UnknownRole,
                $"De rol '{unknown}' bestaat niet. Kies uit: {string.Join(", ", All)}.");
        }
        return [.. All.Where(given.Contains)];
    }
}
