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
    public void The_health_path_in_the_docker_files_is_the_servers()
    {
        var setup = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Epss.Server", "Hosting", "ServerSetup.cs"));
        Assert.Contains("MapHealthChecks(\"/healthz\"", setup, StringComparison.Ordinal);
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
