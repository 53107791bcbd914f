namespace Epss.Testing;

/// <summary>A folder of a test's own for what a server keeps (index, database), removed when the test ends.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder(string? prefix = null)
    {
        Path = Directory.CreateTempSubdirectory(prefix ?? "epss-data-").FullName;
    }

    public string Path { get; }

    public string FullPath(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be held open for a moment; the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
