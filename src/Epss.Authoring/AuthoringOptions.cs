using System.ComponentModel.DataAnnotations;

namespace Epss.Authoring;

/// <summary>Where the guides' history lives, bound from the <c>Epss</c> section.</summary>
public sealed class AuthoringOptions
{
    public const string SectionName = "Epss";

    /// <summary>The server's data folder: <c>history.db</c> lives here unless the history is in PostgreSQL.</summary>
    [Required]
    public string DataPath { get; set; } = Epss.Storage.DataFolder.Default();
}
