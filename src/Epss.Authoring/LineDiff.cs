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
/// A line diff by Myers' algorithm (shortest edit script, O((N+M)·D)): the lines both texts share stay "same", the
/// rest are "removed" from the old text or "added" in the new one.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = SplitLines(oldText);
        var b = SplitLines(newText);

        // Common start and end need no search.
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++)
        {
            result.Add(new DiffLine(DiffLine.Same, a[i], i + 1, i + 1));
        }
        var middle = Myers(a[prefix..^suffix], b[prefix..^suffix]);
        int oldIndex = prefix, newIndex = prefix;
        foreach (var kind in middle)
        {
            switch (kind)
            {
                case DiffLine.Same:
                    result.Add(new DiffLine(kind, a[oldIndex], oldIndex + 1, newIndex + 1));
                    oldIndex++;
                    newIndex++;
                    break;
                case DiffLine.Removed:
                    result.Add(new DiffLine(kind, a[oldIndex], oldIndex + 1, null));
                    oldIndex++;
                    break;
                default:
                    result.Add(new DiffLine(kind, b[newIndex], null, newIndex + 1));
                    newIndex++;
                    break;
            }
        }
        for (var i = 0; i < suffix; i++)
        {
            result.Add(new DiffLine(DiffLine.Same, a[oldIndex + i], oldIndex + i + 1, newIndex + i + 1));
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

    /// <summary>The edit script from <paramref name="a"/> to <paramref name="b"/> as a list of kinds, in order.</summary>
    private static List<string> Myers(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= max && !found; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }
        }

        // Walk back through the saved frontiers, from the end to the start.
        var script = new List<string>(n + m);
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var frontier = trace[d];
            var k = cx - cy;
            var previousK = k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]) ? k + 1 : k - 1;
            var previousX = d == 0 ? 0 : frontier[offset + previousK];
            var previousY = previousX - previousK;
            while (cx > previousX && cy > previousY && cx > 0 && cy > 0)
            {
                script.Add(DiffLine.Same);
                cx--;
                cy--;
            }
            if (d > 0)
            {
                script.Add(cx == previousX ? DiffLine.Added : DiffLine.Removed);
            }
            cx = previousX;
            cy = previousY;
        }
        script.Reverse();
        return script;
    }
}
