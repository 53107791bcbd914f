using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Epss.Server.ScaleOut;

/// <summary>
/// The settings that turn one server into one of several (README, "Several servers"): read once from the <c>Epss</c>
/// section by <see cref="From"/>, checked there, and handed to every registration that chooses an implementation by
/// them. A setting that cannot be used stops the start with a message that names it.
/// </summary>
public sealed record ScaleOutOptions
{
    public const string SectionName = "Epss";

    /// <summary><c>Epss:Redis</c>: a StackExchange.Redis configuration string; the backplane, the change feed and presence.</summary>
    public string? Redis { get; init; }

    /// <summary>
    /// <c>Epss:RedisPassword</c>: what Redis requires (<c>requirepass</c>, or the ACL user's password); kept apart from
    /// <c>Epss:Redis</c> so that it can come from a secret of its own. Overrides a <c>password=</c> in the string.
    /// </summary>
    public string? RedisPassword { get; init; }

    /// <summary><c>Epss:RedisUser</c>: the ACL user Epss signs in to Redis as (Redis 6 and later); empty: <c>default</c>.</summary>
    public string? RedisUser { get; init; }

    /// <summary>
    /// <c>Epss:RedisCaCertificate</c>: a PEM or DER file with the certificate authority that signed Redis's TLS
    /// certificate (a private one, as docker/'s). Setting it switches TLS on, as <c>ssl=true</c> in the string does.
    /// </summary>
    public string? RedisCaCertificate { get; init; }

    /// <summary><c>Epss:PostgreSql</c>: an Npgsql connection string; usage, flags and the guides' history for all servers.</summary>
    public string? PostgreSql { get; init; }

    /// <summary><c>Epss:SharedDataPath</c>: the folder every server mounts for users, sign-in keys and the pseudonym key.</summary>
    public string? SharedDataPath { get; init; }

    public bool HasRedis => !string.IsNullOrWhiteSpace(Redis);

    public bool HasPostgreSql => !string.IsNullOrWhiteSpace(PostgreSql);

    /// <summary>Binds the settings and checks them.</summary>
    /// <exception cref="OptionsValidationException">A setting cannot be used; the message names it and says why.</exception>
    public static ScaleOutOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<ScaleOutOptions>() ?? new ScaleOutOptions();
        var failures = options.Problems().ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(SectionName, typeof(ScaleOutOptions), failures);
    }

    private IEnumerable<string> Problems()
    {
        if (HasRedis)
        {
            string? problem = null;
            try
            {
                ConfigurationOptions.Parse(Redis!);
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }
            if (problem is not null)
            {
                yield return $"Epss:Redis is not a Redis configuration string (such as 'redis:6379' or 'host:port,password=…'): {problem}";
            }
        }
        if (HasPostgreSql)
        {
            string? problem = null;
            try
            {
                var parsed = new NpgsqlConnectionStringBuilder(PostgreSql);
                if (string.IsNullOrWhiteSpace(parsed.Host))
                {
                    problem = "it names no Host";
                }
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }
            if (problem is not null)
            {
                // The connection string may hold a password: never repeat it.
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"Epss:PostgreSql is not an Npgsql connection string (such as 'Host=db;Database=epss;Username=epss;Password=…'): {problem}");
            }
        }
        if (!string.IsNullOrWhiteSpace(RedisCaCertificate) && !File.Exists(RedisCaCertificate))
        {
            yield return $"Epss:RedisCaCertificate '{RedisCaCertificate}' does not exist.";
        }
        if (!string.IsNullOrWhiteSpace(SharedDataPath) && SharedDataPath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"Epss:SharedDataPath '{SharedDataPath}' is not a folder path.";
        }
    }
}
