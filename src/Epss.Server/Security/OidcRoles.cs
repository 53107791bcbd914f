using System.Security.Claims;

namespace Epss.Server.Security;

/// <summary>Turns the role values an identity provider sends into Epss role claims, by <see cref="OidcOptions.RoleMapping"/>.</summary>
public static class OidcRoles
{
    /// <summary>
    /// Adds a <see cref="ClaimTypes.Role"/> claim for each Epss role that the provider's <see cref="OidcOptions.RoleClaim"/>
    /// values map to, and marks the identity as coming from OpenID Connect. Role claims the provider sent under
    /// <see cref="ClaimTypes.Role"/> itself are removed first: only the mapping decides.
    /// </summary>
    public static void Apply(ClaimsIdentity identity, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        var values = identity.FindAll(options.RoleClaim).Select(c => c.Value).ToList();
        foreach (var claim in identity.FindAll(ClaimTypes.Role).ToList())
        {
            identity.RemoveClaim(claim);
        }
        var mapping = new Dictionary<string, string>(options.RoleMapping, StringComparer.OrdinalIgnoreCase);
        foreach (var role in values.Select(v => mapping.GetValueOrDefault(v)).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }
        identity.AddClaim(new Claim(EpssClaims.Source, EpssClaims.OidcSource));
    }
}
