using System.ComponentModel.DataAnnotations;

namespace Epss.Authoring;

/// <summary>Where the guides' history lives, bound from the <c>Epss</c> section.</summary>
public sealed class AuthoringOptions
{
    public const string SectionName = "Epss";

    /// <summary>The server's data folder: <c>history.db</c> lives here unless the history is in PostgreSQL.</summary>
    [Required]
    public string DataPath { get; set; } = DefaultDataPath();

    /// <summary>Per-user application data (on Linux ~/.local/share/Epss), the same default as the index and usage.</summary>
    public static string DefaultDataPath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Epss");
}
