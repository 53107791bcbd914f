using System.Text;

namespace Epss.Testing;

/// <summary>A content folder of a test's own, removed when the test ends.</summary>
public sealed class TempContentFolder : IDisposable
{
    public TempContentFolder(string? prefix = null)
    {
        Path = Directory.CreateTempSubdirectory(prefix ?? "epss-test-").FullName;
    }

    public string Path { get; }

    /// <summary>Copies every guide and the synonym list of the repository's sample content into this folder.</summary>
    public TempContentFolder WithSampleContent()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.ContentPath))
        {
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
        return this;
    }

    public string FullPath(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public string Write(string relativePath, string text) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var full = FullPath(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public void Delete(string relativePath) => File.Delete(FullPath(relativePath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the OS cleans the temp folder.
        }
    }
}
