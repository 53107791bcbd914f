using System.ComponentModel.DataAnnotations;

namespace Epss.Content;

/// <summary>Settings of the guide library, bound from the <c>Epss</c> configuration section.</summary>
public sealed class ContentOptions
{
    public const string SectionName = "Epss";

    /// <summary>The folder that holds the guides (<c>*.md</c>) and <c>synoniemen.txt</c>.</summary>
    [Required]
    public string ContentPath { get; set; } = "content";

    /// <summary>Pick up added, changed and removed files while running.</summary>
    public bool WatchContent { get; set; } = true;

    /// <summary>A guide file larger than this is refused.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaximumGuideBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The audiences a guide's <c>roles</c> may name; empty means the defaults (baliemedewerker, backoffice).
    /// (Empty by default because configuration binding appends to an array instead of replacing it.)
    /// </summary>
    public string[] KnownRoles { get; set; } = [];
}
