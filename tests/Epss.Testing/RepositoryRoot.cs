namespace Epss.Testing;

/// <summary>The checkout the tests run from, found by walking up to Epss.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Epss.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Epss.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Root.Value;

    public static string ContentPath => System.IO.Path.Combine(Path, "content");
}
