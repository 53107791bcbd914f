using System.ComponentModel.DataAnnotations;

namespace Epss.Usage;

/// <summary>Settings of usage recording, bound from the <c>Epss</c> configuration section.</summary>
public sealed class UsageOptions
{
    public const string SectionName = "Epss";

    /// <summary>
    /// The folder for the server's own data (shared with the search index): the usage database and the pseudonym key
    /// live here, so a backup of this one folder keeps events and key together.
    /// </summary>
    [Required]
    public string DataPath { get; set; } = Epss.Storage.DataFolder.Default();

    /// <summary>The SQLite file in <see cref="DataPath"/>; a plain file name, no folders.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", ErrorMessage = "Epss:DatabaseFileName is een gewone bestandsnaam, zonder mappen.")]
    public string DatabaseFileName { get; set; } = "usage.db";

    /// <summary>At most this many events go into one transaction (a single call is never split, so it may be more).</summary>
    [Range(1, 100_000)]
    public int MaximumBatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer waits for more events after the first one of a batch arrives. A short wait turns a burst of
    /// single events into one transaction; the panel does not wait on it (it keeps its events until acknowledged).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Calls that may wait for the writer at once (<c>Epss:UsageQueueCapacity</c>). A panel's call beyond this is
    /// answered at once with "busy, send again later" (<see cref="UsageUnavailableException"/>; the panel keeps its
    /// events), so that a slow disk costs bounded memory and never holds the threads that answer searches.
    /// </summary>
    [Range(1, 1_000_000)]
    public int UsageQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long a write waits for the database while another process holds it (a backup, a second server on the same
    /// folder) before the events are refused with <see cref="UsageUnavailableException"/>. Counted in whole seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Usage events older than this many months are deleted by the daily retention job (<see cref="RetentionService"/>),
    /// and so are flags that old once answered or closed; open flags expire after <see cref="OpenFlagMonths"/>.
    /// Bound from <c>Epss:RetentionMonths</c>.
    /// </summary>
    [Range(1, 1200)]
    public int RetentionMonths { get; set; } = 24;

    /// <summary>
    /// Open flags that no expert answered or closed in this many months are deleted by the retention job: what an
    /// official wrote is not kept for ever. Bound from <c>Epss:OpenFlagMonths</c>.
    /// </summary>
    [Range(1, 1200)]
    public int OpenFlagMonths { get; set; } = 6;

    /// <summary>
    /// Open flags raised by a client that did not sign in are deleted after this many days (anyone who reaches the
    /// server with anonymous reading on can raise them). Bound from <c>Epss:AnonymousOpenFlagDays</c>.
    /// </summary>
    [Range(1, 36_500)]
    public int AnonymousOpenFlagDays { get; set; } = 30;

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataPath), DatabaseFileName);

    /// <summary>
    /// With several servers: the folder they all share (<c>Epss:SharedDataPath</c>). The pseudonym key lives there, so
    /// that an official is one pseudonym whichever server their panel reaches.
    /// </summary>
    public string? SharedDataPath { get; set; }

    public string PseudonymKeyPath =>
        Path.Combine(Path.GetFullPath(string.IsNullOrWhiteSpace(SharedDataPath) ? DataPath : SharedDataPath), Pseudonymizer.KeyFileName);
}
