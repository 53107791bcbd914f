using System.Net;

namespace Epss.Server.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c> and where traces go (<c>Epss:Metrics</c>, <c>Epss:Traces</c>; checked at start).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Loopback only: a Prometheus on this machine, or a proxy on it that passes the client's address on.</summary>
    public const string DefaultAllowedNetworks = "127.0.0.0/8;::1/128";

    /// <summary>
    /// The networks whose requests may read <c>/metrics</c> without signing in, separated by <c>;</c> (<c>10.0.5.0/24;127.0.0.1/32</c>).
    /// Administrators may read it from anywhere; empty: administrators only. The address is the client's as
    /// <c>Epss:ForwardedHeaders</c> establishes it, so a request through a trusted proxy counts as its client's.
    /// </summary>
    public string AllowedNetworks { get; set; } = DefaultAllowedNetworks;

    /// <summary>An OpenTelemetry collector's OTLP address (<c>http://otel-collector:4317</c>); empty: no traces are exported.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The parsed <see cref="AllowedNetworks"/>.</summary>
    public IReadOnlyList<IPNetwork> Networks { get; private set; } = [];

    /// <summary>Reads both settings; throws with the Dutch reasons when they cannot be used.</summary>
    public static TelemetryOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TelemetryOptions
        {
            AllowedNetworks = configuration["Epss:Metrics:AllowedNetworks"] ?? DefaultAllowedNetworks,
            OtlpEndpoint = configuration["Epss:Traces:OtlpEndpoint"] is { Length: > 0 } otlp ? otlp.Trim() : null,
        };
        var problems = new List<string>();
        var networks = new List<IPNetwork>();
        foreach (var entry in options.AllowedNetworks.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add($"Epss:Metrics:AllowedNetworks: '{entry}' is geen netwerk als 10.0.0.0/8 of 127.0.0.1/32.");
            }
        }
        if (options.OtlpEndpoint is { } endpoint && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add($"Epss:Traces:OtlpEndpoint moet een http- of https-adres zijn (nu '{endpoint}').");
        }
        if (problems.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(nameof(TelemetryOptions), typeof(TelemetryOptions), problems);
        }
        options.Networks = networks;
        return options;
    }

    /// <summary>Whether <paramref name="address"/> lies in one of <see cref="Networks"/> (an IPv4 address mapped to IPv6 counts as IPv4).</summary>
    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in Networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
