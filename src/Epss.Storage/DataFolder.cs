namespace Epss.Storage;

/// <summary>Where a server keeps its own data when <c>Epss:DataPath</c> is not set.</summary>
public static class DataFolder
{
    /// <summary>Per-user application data (on Linux ~/.local/share/Epss), for every store and the search index alike.</summary>
    public static string Default() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Epss");
}
