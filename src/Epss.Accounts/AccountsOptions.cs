using System.ComponentModel.DataAnnotations;

namespace Epss.Accounts;

/// <summary>Settings of the accounts store, bound from the <c>Epss</c> configuration section.</summary>
public sealed class AccountsOptions
{
    public const string SectionName = "Epss";

    /// <summary>The SQLite file of users and tokens in <see cref="AccountsPath"/>.</summary>
    public const string DatabaseFileName = "accounts.db";

    /// <summary>The server's data folder (shared with the index and the usage database).</summary>
    [Required]
    public string DataPath { get; set; } = Epss.Storage.DataFolder.Default();

    /// <summary>
    /// With several servers: a folder they all share (a volume mounted on each), for what must be the same on all of
    /// them — users and tokens, the sign-in keys, the pseudonym key. Unset, <see cref="DataPath"/> holds them.
    /// </summary>
    public string? SharedDataPath { get; set; }

    /// <summary>Where users, tokens and sign-in keys live: <see cref="SharedDataPath"/> when set, else <see cref="DataPath"/>.</summary>
    public string AccountsPath => Path.GetFullPath(string.IsNullOrWhiteSpace(SharedDataPath) ? DataPath : SharedDataPath);

    /// <summary>How long a write waits for the database while another process (the command-line tool) holds it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public string DatabasePath => Path.Combine(AccountsPath, DatabaseFileName);
}
