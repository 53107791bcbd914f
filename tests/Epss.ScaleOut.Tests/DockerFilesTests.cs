using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Epss.Testing;

namespace Epss.ScaleOut.Tests;

/// <summary>
/// docker/ cannot run on the build machines (no Docker engine), so what can be checked without it is checked here:
/// every setting the files give the server is one the server documents, and the files agree with each other and with
/// the server on ports, paths and the health check.
/// </summary>
public sealed partial class DockerFilesTests
{
    private static readonly string Docker = Path.Combine(RepositoryRoot.Path, "docker");

    private static string Read(string file) => File.ReadAllText(Path.Combine(Docker, file));

    [Fact]
    public void Every_Epss_setting_in_the_docker_files_is_in_the_READMEs_configuration_table()
    {
        var documented = ConfigurationTable();
        var given = EnvironmentKey().Matches(Read("Dockerfile") + Read("compose.yaml"))
            .Select(m => m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Epss:Redis", given);
        Assert.Contains("Epss:PostgreSql", given);
        Assert.Contains("Epss:SharedDataPath", given);
        Assert.All(given, key => Assert.True(documented.Contains(key), $"{key} is given in docker/ but not in the README's configuration table"));
    }

    [Fact]
    public void The_image_the_compose_file_and_the_proxy_agree_on_port_health_path_and_folders()
    {
        var dockerfile = Read("Dockerfile");
        var compose = Read("compose.yaml");
        var haproxy = Read("haproxy.cfg");

        Assert.Contains("ASPNETCORE_URLS=http://+:8080", dockerfile, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8080/healthz", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"USER \$APP_UID", dockerfile);
        Assert.Contains("server epss-a epss-a:8080", haproxy, StringComparison.Ordinal);
        Assert.Contains("server epss-b epss-b:8080", haproxy, StringComparison.Ordinal);
        Assert.Contains("uri /healthz", haproxy, StringComparison.Ordinal);
        // Sticky sessions for SignalR, and WebSocket tunnels that outlive the default timeouts.
        Assert.Contains("cookie EPSS_SERVER insert", haproxy, StringComparison.Ordinal);
        Assert.Contains("timeout tunnel", haproxy, StringComparison.Ordinal);
        // The folders the image declares are the ones the compose file mounts, with the content and shared folder shared.
        foreach (var folder in new[] { "/content", "/data", "/shared" })
        {
            Assert.Contains($"\"{folder}\"", dockerfile, StringComparison.Ordinal);
            Assert.Contains($":{folder}", compose, StringComparison.Ordinal);
        }
        // Both servers (and the administrators' CLI) mount the same content and shared volumes; each its own data.
        Assert.True(Regex.Count(compose, "- content:/content") >= 2, "the content volume is mounted on both servers");
        Assert.True(Regex.Count(compose, "- shared:/shared") >= 2, "the shared volume is mounted on both servers");
        Assert.Contains("data-a:/data", compose, StringComparison.Ordinal);
        Assert.Contains("data-b:/data", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_scrapes_both_servers_which_admit_its_address_and_the_proxy_refuses_metrics_from_outside()
    {
        var compose = Read("compose.yaml");
        var prometheus = Read("prometheus.yml");
        var haproxy = Read("haproxy.cfg");
        var telemetry = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Epss.Server", "Telemetry", "TelemetrySetup.cs"));

        Assert.Contains("MetricsPath = \"/metrics\"", telemetry, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", prometheus, StringComparison.Ordinal);
        Assert.Contains("targets: [\"epss-a:8080\", \"epss-b:8080\"]", prometheus, StringComparison.Ordinal);
        Assert.Contains("/etc/prometheus/epss-alerts.yml", prometheus, StringComparison.Ordinal);
        Assert.Contains("./prometheus-alerts.yml:/etc/prometheus/epss-alerts.yml:ro", compose, StringComparison.Ordinal);
        // Prometheus's fixed address is the one network besides loopback the servers admit to /metrics, and the servers
        // answer the host names it scrapes by.
        var address = Regex.Match(compose, @"prometheus:\n(?:.*\n)*?\s+ipv4_address: (?<ip>[0-9.]+)").Groups["ip"].Value;
        Assert.Equal("172.30.0.20", address);
        Assert.Contains($"Epss__Metrics__AllowedNetworks: \"127.0.0.0/8;::1/128;{address}/32\"", compose, StringComparison.Ordinal);
        Assert.Matches(@"AllowedHosts: "".*;epss-a;epss-b""", compose);
        Assert.Contains("http-request deny deny_status 404 if { path /metrics }", haproxy, StringComparison.Ordinal);
        // Prometheus's own port only on the host's loopback.
        Assert.Contains("\"127.0.0.1:9090:9090\"", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void The_health_path_in_the_docker_files_is_the_servers()
    {
        var setup = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Epss.Server", "Hosting", "ServerSetup.cs"));
        Assert.Contains("MapHealthChecks(\"/healthz\"", setup, StringComparison.Ordinal);
    }

    [Fact]
    public void Proxy_terminates_tls_by_default_and_logs_requests_without_the_query_string()
    {
        var haproxy = Read("haproxy.cfg");
        var compose = Read("compose.yaml");

        Assert.Matches(@"bind :443 ssl crt /usr/local/etc/haproxy/tls/epss\.pem", haproxy);
        Assert.Contains("http-request redirect scheme https", haproxy, StringComparison.Ordinal);
        Assert.Contains("./tls/epss.pem:/usr/local/etc/haproxy/tls/epss.pem:ro", compose, StringComparison.Ordinal);
        Assert.Contains("\"443:443\"", compose, StringComparison.Ordinal);
        // The WebSocket's access_token is in the query: the log names the path only (%HPO), never the request line
        // (%r, what "option httplog" logs), the URI (%HU) or the query (%HQ).
        var logFormat = Assert.Single(Regex.Matches(haproxy, "^\\s*log-format (.*)$", RegexOptions.Multiline)).Groups[1].Value;
        Assert.Contains("%HPO", logFormat, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"%\{[^}]*\}r|%r\b|%HU|%HQ", logFormat);
        Assert.DoesNotContain("option httplog", haproxy, StringComparison.Ordinal);
        // What the client says about forwarding is dropped; the servers believe only the proxy's fixed address.
        Assert.Contains("http-request del-header X-Forwarded-For", haproxy, StringComparison.Ordinal);
        Assert.Contains("http-request set-header X-Forwarded-Proto https", haproxy, StringComparison.Ordinal);
        var proxyAddress = Regex.Match(compose, @"ipv4_address: (?<ip>[0-9.]+)").Groups["ip"].Value;
        Assert.Contains($"Epss__ForwardedHeaders__KnownProxies__0: {proxyAddress}", compose, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts: \"${EPSS_HOST", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_requires_a_password_and_tls_and_the_servers_bring_both()
    {
        var compose = Read("compose.yaml");

        Assert.Contains("--requirepass \"$$REDIS_PASSWORD\"", compose, StringComparison.Ordinal);
        Assert.Contains("--port 0 --tls-port 6379", compose, StringComparison.Ordinal);
        Assert.Contains("Epss__Redis: \"redis:6379,ssl=true,sslHost=redis\"", compose, StringComparison.Ordinal);
        Assert.Contains("Epss__RedisPassword: ${EPSS_REDIS_PASSWORD:?", compose, StringComparison.Ordinal);
        Assert.Contains("Epss__RedisCaCertificate: /tls/ca.crt", compose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_self_signed_script_makes_certificates_the_proxy_redis_and_servers_can_use_and_none_is_committed()
    {
        var folder = Directory.CreateTempSubdirectory("epss-tls-").FullName;
        try
        {
            File.Copy(Path.Combine(Docker, "tls", "make-self-signed.sh"), Path.Combine(folder, "make-self-signed.sh"));
            var start = new System.Diagnostics.ProcessStartInfo("sh", [Path.Combine(folder, "make-self-signed.sh"), "epss.gemeente.test"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            start.Environment["EPSS_DATAPROTECTION_PASSWORD"] = "wachtwoord-van-de-test";
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.True(process.ExitCode == 0, errors);
            }

            using var proxy = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "epss.pem"));
            Assert.True(proxy.HasPrivateKey);
            Assert.True(proxy.MatchesHostname("epss.gemeente.test"));
            using var authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "ca.crt"));
            using var redis = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "redis.crt"), Path.Combine(folder, "redis.key"));
            Assert.True(redis.MatchesHostname("redis"));
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(redis), "redis.crt is signed by ca.crt");
            using var dataProtection = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(folder, "dataprotection.pfx"), "wachtwoord-van-de-test");
            Assert.True(dataProtection.HasPrivateKey);
            Assert.False(File.Exists(Path.Combine(folder, "ca.key")), "the authority's key is not kept");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        var ignore = File.ReadAllLines(Path.Combine(Docker, "tls", ".gitignore")).Where(l => l.Length > 0 && l[0] != '#');
        Assert.Equal(["*", "!.gitignore", "!make-self-signed.sh"], ignore);
    }

    /// <summary>The first column of the README's configuration table, with "a, b" rows split and short names completed.</summary>
    private static HashSet<string> ConfigurationTable()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match row in TableKeys().Matches(readme[start..end]))
        {
            foreach (Match key in Regex.Matches(row.Groups["cell"].Value, "`(?<key>[^`]+)`"))
            {
                keys.Add(key.Groups["key"].Value);
            }
        }
        return keys;
    }

    [GeneratedRegex(@"\b(?<key>Epss__[A-Za-z_]+[A-Za-z])\b")]
    private static partial Regex EnvironmentKey();

    [GeneratedRegex(@"^\| (?<cell>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex TableKeys();
}
