using System.Security.Claims;
using Epss.Accounts;

namespace Epss.Server.Security;

/// <summary>The claims Epss puts in a signed-in user's identity, and how it reads them back.</summary>
public static class EpssClaims
{
    /// <summary>Where the user was authenticated: <see cref="LocalSource"/> (accounts.db) or <see cref="OidcSource"/>.</summary>
    public const string Source = "epss:source";

    public const string LocalSource = "local";
    public const string OidcSource = "oidc";

    public const string DisplayName = "epss:display_name";

    /// <summary>A local account's security stamp when the sign-in was made: a cookie with another stamp than the account's is refused.</summary>
    public const string SecurityStamp = "epss:stamp";

    /// <summary>When the user signed in (Unix seconds), kept across the cookie's renewals: the start of the absolute lifetime.</summary>
    public const string SignedInAt = "epss:signed_in_at";

    /// <summary>The id of the API token a request came with (its connections are checked against it later).</summary>
    public const string TokenId = "epss:token_id";

    /// <summary>The identity of a local account: its stable id as the name identifier (the hub's user id), its roles as role claims.</summary>
    public static ClaimsPrincipal For(Account account, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(account);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id),
            new(ClaimTypes.Name, account.Name),
            new(DisplayName, account.DisplayName),
            new(Source, LocalSource),
            new(SecurityStamp, account.SecurityStamp),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The Epss roles of a user, in the canonical order.</summary>
    public static IReadOnlyList<string> Roles(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return [.. EpssRoles.All.Where(user.IsInRole)];
    }

    /// <summary>
    /// The one role recorded with a signed-in user's usage events: the first of official, expert, analyst, admin that
    /// they have (someone who is both official and expert works at the counter when they use the panel). Null when
    /// the user has no Epss role.
    /// </summary>
    public static string? EventRole(ClaimsPrincipal user) => Roles(user) is { Count: > 0 } roles ? roles[0] : null;

    public static bool IsSignedIn(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true;

    /// <summary>When the user signed in, from <see cref="SignedInAt"/>; null when the identity does not say.</summary>
    public static DateTimeOffset? SignedInTime(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return long.TryParse(user.FindFirstValue(SignedInAt), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <summary>
    /// The user's stable id, the same at every sign-in whatever their name: <c>local:</c> and the account id, or
    /// <c>oidc:</c> and the provider's <c>sub</c>. Null when the identity has none (an identity provider that sends no
    /// subject): such a user is nobody the editor can tell apart, and may not edit.
    /// </summary>
    public static string? StableId(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id && user.FindFirstValue(Source) is { Length: > 0 } source
            ? source + ":" + id
            : null;
    }

    /// <summary>The name others see: the login name (or the provider's preferred_username), else the display name, else "onbekend".</summary>
    public static string NameOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name is { Length: > 0 } name ? name
            : user.FindFirstValue(DisplayName) ?? user.FindFirstValue("name") ?? "onbekend";
    }
}
