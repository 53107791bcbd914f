using Epss.Accounts;

namespace Epss.Server.Security;

/// <summary>Who may do what without signing in, and how long a sign-in lasts; bound from the <c>Epss</c> section.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Epss";

    /// <summary>
    /// Anyone who can reach the server may read published guides, search, get page suggestions, open the panel and
    /// use the hub's guidance methods (recording usage and flags) without signing in; their events carry the panel's
    /// random per-browser pseudonym. Off unless set (the shipped appsettings.json sets it for the sample set-up).
    /// </summary>
    public bool AllowAnonymousReading { get; set; }

    /// <summary>How long a sign-in on the web pages lasts without use (the cookie slides while in use).</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(9);

    /// <summary>How long a sign-in lasts at most, in use or not (then the user signs in again); its open hub connections close then too.</summary>
    public TimeSpan SignInAbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often open hub connections are checked against their user (disabled, sessions revoked, token revoked, absolute lifetime).</summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in tries per minute from one address (ASP.NET Core's rate limiter); more are answered 429.</summary>
    public int SignInAttemptsPerMinutePerAddress { get; set; } = 20;

    /// <summary>Sign-in tries per minute for one typed user name, whoever sends them; more are answered 429.</summary>
    public int SignInAttemptsPerMinutePerName { get; set; } = 10;

    /// <summary>Sign-in through the municipality's own identity provider; off while <see cref="OidcOptions.Authority"/> is empty.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>OpenID Connect settings (<c>Epss:Oidc:*</c>).</summary>
public sealed class OidcOptions
{
    /// <summary>The identity provider's issuer URL (its <c>/.well-known/openid-configuration</c> is read from it). Empty: no OpenID Connect.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim in the ID token that carries the user's roles or groups at the provider.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// The provider's role values (keys, compared without regard to case) and the Epss role each gives
    /// (<c>official</c>, <c>expert</c>, <c>analyst</c>, <c>admin</c>). A provider value that is not listed gives nothing.
    /// </summary>
    public Dictionary<string, string> RoleMapping { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The Dutch reasons why these settings cannot work; empty when they can.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (!IsEnabled)
        {
            return [];
        }
        var problems = new List<string>();
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback))
        {
            problems.Add($"Epss:Oidc:Authority moet een https-adres zijn (nu '{Authority}').");
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("Epss:Oidc:ClientId ontbreekt: geef de client-id die de identity provider voor Epss heeft uitgegeven.");
        }
        if (string.IsNullOrWhiteSpace(RoleClaim))
        {
            problems.Add("Epss:Oidc:RoleClaim is leeg: noem de claim met de rollen of groepen (bijvoorbeeld 'roles' of 'groups').");
        }
        foreach (var (value, role) in RoleMapping)
        {
            if (!EpssRoles.IsKnown(role))
            {
                problems.Add($"Epss:Oidc:RoleMapping:{value} noemt de rol '{role}', die niet bestaat. Kies uit: {string.Join(", ", EpssRoles.All)}.");
            }
        }
        return problems;
    }
}
