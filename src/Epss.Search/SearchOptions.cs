using System.ComponentModel.DataAnnotations;

namespace Epss.Search;

/// <summary>Settings of the search index, bound from the <c>Epss</c> configuration section.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Epss";

    /// <summary>The folder for the server's own data; the index lives in its <c>index</c> subfolder.</summary>
    [Required]
    public string DataPath { get; set; } = DefaultDataPath();

    /// <summary>Keep the index in memory only (rebuilt at every start) instead of in <see cref="DataPath"/>.</summary>
    public bool InMemoryIndex { get; set; }

    /// <summary>
    /// How many recent search results are kept for the current state of the index (0: none). Each saved guide or
    /// synonym list starts afresh, so a result is never older than the guides.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SearchCacheSize { get; set; } = 2048;

    public string IndexPath => Path.Combine(Path.GetFullPath(DataPath), "index");

    /// <summary>Per-user application data (on Linux ~/.local/share/Epss), so a first run writes nothing into the checkout.</summary>
    public static string DefaultDataPath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Epss");
}
