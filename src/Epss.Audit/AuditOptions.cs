using System.ComponentModel.DataAnnotations;

namespace Epss.Audit;

/// <summary>Where the audit log lives and how long it is kept; bound from the <c>Epss</c> section, like the other data.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Epss";

    [Required]
    public string DataPath { get; set; } = Epss.Storage.DataFolder.Default();

    /// <summary>With several servers on SQLite: the shared folder, where <c>accounts.db</c> and so <c>audit.db</c> live.</summary>
    public string? SharedDataPath { get; set; }

    /// <summary>Entries older than this many months are deleted daily: the same setting as the usage data (<c>Epss:RetentionMonths</c>).</summary>
    [Range(1, 1200)]
    public int RetentionMonths { get; set; } = 24;

    /// <summary>The folder of <c>audit.db</c>: beside <c>accounts.db</c>.</summary>
    public string Folder => Path.GetFullPath(string.IsNullOrWhiteSpace(SharedDataPath) ? DataPath : SharedDataPath);
}
