using DiffPlex;

namespace Epss.Authoring;

/// <summary>One line of a line diff: the same in both texts, only in the new one (added) or only in the old one (removed).</summary>
/// <param name="OldNumber">1-based line number in the old text; null for an added line.</param>
/// <param name="NewNumber">1-based line number in the new text; null for a removed line.</param>
public sealed record DiffLine(
    string Kind,
    string Line,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? OldNumber,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? NewNumber)
{
    public const string Same = "same";
    public const string Added = "added";
    public const string Removed = "removed";
}

/// <summary>
/// A line diff of two versions of a guide: DiffPlex's (Myers' algorithm, shortest edit script), told what a line is,
/// turned into the editor's shape: the lines both texts share stay "same", the rest are "removed" from the old text
/// or "added" in the new one, each with its line number.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var diff = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, Lines.Instance);
        IReadOnlyList<string> a = diff.PiecesOld, b = diff.PiecesNew;
        var result = new List<DiffLine>(a.Count + b.Count);
        int oldIndex = 0, newIndex = 0;
        foreach (var block in diff.DiffBlocks)
        {
            for (; oldIndex < block.DeleteStartA; oldIndex++, newIndex++)
            {
                result.Add(new DiffLine(DiffLine.Same, a[oldIndex], oldIndex + 1, newIndex + 1));
            }
            for (var i = 0; i < block.DeleteCountA; i++, oldIndex++)
            {
                result.Add(new DiffLine(DiffLine.Removed, a[oldIndex], oldIndex + 1, null));
            }
            for (var i = 0; i < block.InsertCountB; i++, newIndex++)
            {
                result.Add(new DiffLine(DiffLine.Added, b[newIndex], null, newIndex + 1));
            }
        }
        for (; oldIndex < a.Count; oldIndex++, newIndex++)
        {
            result.Add(new DiffLine(DiffLine.Same, a[oldIndex], oldIndex + 1, newIndex + 1));
        }
        return result;
    }

    /// <summary>Lines without their ends; "\r\n", "\n" and "\r" all end a line, and a final line end adds no empty line.</summary>
    internal static string[] SplitLines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    /// <summary>DiffPlex's own line chunker keeps a final empty line; the editor numbers lines as <see cref="SplitLines"/> does.</summary>
    private sealed class Lines : IChunker
    {
        public static readonly Lines Instance = new();

        public IReadOnlyList<string> Chunk(string text) => SplitLines(text);
    }
}
