using Epss.Content.Synonyms;

namespace Epss.Content.Library;

/// <summary>
/// Which files in the content folder are guides: <c>*.md</c>, except README.md and anything whose name or folder
/// starts with '.' or '_' (editor temp files, drafts, hidden folders).
/// </summary>
public static class ContentFiles
{
    public static bool IsGuideFile(string relativePath)
    {
        if (!relativePath.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var parts = relativePath.Split('/', '\\');
        if (parts.Any(p => p.Length == 0 || p[0] is '.' or '_'))
        {
            return false;
        }
        return !string.Equals(parts[^1], "README.md", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsSynonymFile(string relativePath) =>
        string.Equals(relativePath, SynonymList.FileName, StringComparison.Ordinal);

    /// <summary>Guide files under <paramref name="root"/>, as paths relative to it with '/' separators.</summary>
    public static IEnumerable<string> Enumerate(string root)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        foreach (var path in Directory.EnumerateFiles(root, "*.md", options))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (IsGuideFile(relative))
            {
                yield return relative;
            }
        }
    }
}
