using System.Text.RegularExpressions;

namespace Epss.Search.Tests.Support;

/// <summary>What every snippet must be: HTML-encoded text in which the only tags are <c>&lt;mark&gt;</c> pairs.</summary>
internal static partial class SnippetAssert
{
    /// <summary>Every '&lt;' starts <c>&lt;mark&gt;</c> or <c>&lt;/mark&gt;</c>, and the marks are balanced and not nested.</summary>
    public static void OnlyMarks(string snippet)
    {
        Assert.DoesNotMatch(OtherTag(), snippet);
        Assert.DoesNotContain(">", MarkTag().Replace(snippet, string.Empty));
        var depth = 0;
        foreach (Match tag in MarkTag().Matches(snippet))
        {
            depth += tag.Value == "<mark>" ? 1 : -1;
            Assert.InRange(depth, 0, 1);
        }
        Assert.Equal(0, depth);
    }

    /// <summary>The snippet marks exactly this text (case as it stands in the guide).</summary>
    public static void Marks(string snippet, string text)
    {
        OnlyMarks(snippet);
        Assert.Contains($"<mark>{text}</mark>", snippet, StringComparison.Ordinal);
    }

    /// <summary>The words the snippet marks, in order.</summary>
    public static IReadOnlyList<string> Marked(string snippet) =>
        [.. MarkedWord().Matches(snippet).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<(?!/?mark>)")]
    private static partial Regex OtherTag();

    [GeneratedRegex("</?mark>")]
    private static partial Regex MarkTag();

    [GeneratedRegex("<mark>(.*?)</mark>")]
    private static partial Regex MarkedWord();
}
