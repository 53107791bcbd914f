using System.Net;

namespace Epss.Server.Security;

/// <summary>
/// Where the server is reached and who may talk to it from a browser (bound from the <c>Epss</c> section, checked at
/// start): its public origin, the host applications whose pages may use the panel's hub, the browser extension's
/// origins, the proxies whose forwarded headers count, and the certificate that protects the data-protection keys.
/// </summary>
public sealed class SiteOptions
{
    public const string SectionName = "Epss";

    /// <summary>
    /// This server's public address as browsers reach it (<c>https://epss.gemeente.example</c>): the xAPI accounts'
    /// home page when <c>Epss:Xapi:HomePage</c> is not set, and an origin the cross-site check always accepts. Empty:
    /// the origin the request came in on (its host checked by <c>AllowedHosts</c>) for the check, the first of
    /// <c>Urls</c> for xAPI; never the <c>Host</c> header.
    /// </summary>
    public string? PublicOrigin { get; set; }

    /// <summary>
    /// Origins of the municipal applications that run the overlay or the extension's content script
    /// (<c>https://burgerzaken.gemeente.example</c>): accepted on the guidance hub (<c>/hubs/guidance</c>) only.
    /// </summary>
    public List<string> HostApplications { get; set; } = [];

    /// <summary>The browser extension's origins (<c>chrome-extension://&lt;id&gt;</c>): accepted on every request.</summary>
    public List<string> ExtensionOrigins { get; set; } = [];

    /// <summary>
    /// Origins a guide's images may come from (<c>https://intranet.gemeente.example</c>), besides this server: the
    /// panel's, editor's and dashboard's <c>img-src</c>. Any other image a guide names is not loaded, so that a guide
    /// cannot have every official's browser call a third party.
    /// </summary>
    public List<string> ImageSources { get; set; } = [];

    /// <summary>The pages' CSP <c>img-src</c>: this server, inline data and <see cref="ImageSources"/>.</summary>
    public string ImageSourceList => string.Join(' ', ["'self'", "data:", .. ImageSources.Select(Origin).OfType<string>()]);

    /// <summary>Which proxies' <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the server believes.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>The certificate that encrypts the data-protection keys (which protect sign-in cookies) at rest.</summary>
    public DataProtectionSettings DataProtection { get; set; } = new();

    /// <summary>
    /// <see cref="PublicOrigin"/>, else the first of <c>Urls</c> that names a host, else <c>http://localhost</c>: where
    /// this server says it is (the xAPI home page) when nothing else is configured. Set at start, not bound.
    /// </summary>
    public string ServerAddress { get; internal set; } = "http://localhost";

    /// <summary>The Dutch reasons why these settings cannot work; empty when they can.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(PublicOrigin) && Origin(PublicOrigin) is null)
        {
            problems.Add($"Epss:PublicOrigin moet een adres als https://epss.gemeente.example zijn, zonder pad (nu '{PublicOrigin}').");
        }
        foreach (var origin in HostApplications.Where(o => Origin(o) is null))
        {
            problems.Add($"Epss:HostApplications noemt '{origin}': geef een origin als https://burgerzaken.gemeente.example, zonder pad of *.");
        }
        foreach (var origin in ExtensionOrigins.Where(o => Origin(o) is null))
        {
            problems.Add($"Epss:ExtensionOrigins noemt '{origin}': geef de origin van de extensie, zoals chrome-extension://abcdefghijklmnopabcdefghijklmnop.");
        }
        foreach (var origin in ImageSources.Where(o => Origin(o) is null || !o.StartsWith("http", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"Epss:ImageSources noemt '{origin}': geef een origin als https://intranet.gemeente.example, zonder pad of *.");
        }
        foreach (var proxy in ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            problems.Add($"Epss:ForwardedHeaders:KnownProxies noemt '{proxy}', geen IP-adres.");
        }
        foreach (var network in ForwardedHeaders.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            problems.Add($"Epss:ForwardedHeaders:KnownNetworks noemt '{network}', geen netwerk als 10.0.0.0/8.");
        }
        if (!string.IsNullOrWhiteSpace(DataProtection.CertificatePath) && !File.Exists(DataProtection.CertificatePath))
        {
            problems.Add($"Epss:DataProtection:CertificatePath '{DataProtection.CertificatePath}' bestaat niet.");
        }
        return problems;
    }

    /// <summary>The origin (<c>scheme://host[:port]</c>, lowercase, default port left out) of an absolute URL without path, query or user; else null.</summary>
    public static string? Origin(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('*', StringComparison.Ordinal)
            || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0
            || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}";
    }
}

/// <summary><c>Epss:ForwardedHeaders</c>. Both empty: loopback only (ASP.NET Core's default, a proxy on the same machine).</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>IP addresses of the reverse proxies (HAProxy in docker/).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) the reverse proxies are in.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary><c>Epss:DataProtection</c>.</summary>
public sealed class DataProtectionSettings
{
    /// <summary>A PFX (PKCS #12) file with the certificate and its private key; the same on every server.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}
