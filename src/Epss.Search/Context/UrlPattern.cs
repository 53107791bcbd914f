namespace Epss.Search.Context;

/// <summary>
/// A URL pattern from a guide's context: <c>*</c> stands for any run of characters, everything else is literal,
/// letter case is ignored. Matching finds the literal parts between the stars in order, leftmost first (no regex,
/// no backtracking: at most pattern × text character comparisons).
/// </summary>
internal sealed class UrlPattern
{
    private readonly string[] _parts;

    private UrlPattern(string pattern)
    {
        _parts = Lower(pattern).Split('*');
        Literals = pattern.Count(c => c != '*');
    }

    /// <summary>How specific the pattern is: the number of literal characters. "*/reisdocument/aanvragen*" beats "*/reisdocument*".</summary>
    public int Literals { get; }

    /// <summary>The pattern prepared for matching many addresses.</summary>
    public static UrlPattern Compile(string pattern) => new(pattern);

    public static bool IsMatch(string pattern, string text) => Compile(pattern).IsMatch(Lower(text));

    public static int Specificity(string pattern) => Compile(pattern).Literals;

    /// <summary>Lowercase as the matching compares: character by character, culture-invariant.</summary>
    public static string Lower(string text) =>
        string.Create(text.Length, text, static (lowered, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                lowered[i] = char.ToLowerInvariant(source[i]);
            }
        });

    /// <summary>Whether the address, lowered by <see cref="Lower"/>, fits the pattern.</summary>
    public bool IsMatch(ReadOnlySpan<char> loweredText)
    {
        var first = _parts[0];
        if (_parts.Length == 1)
        {
            return loweredText.SequenceEqual(first);
        }
        // No star before the first part: the address starts with it; none after the last: it ends with it.
        if (!loweredText.StartsWith(first, StringComparison.Ordinal))
        {
            return false;
        }
        var last = _parts[^1];
        var rest = loweredText[first.Length..];
        if (rest.Length < last.Length || !rest.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }
        rest = rest[..^last.Length];
        // The parts between stars, each as early as it can be: if they fit at all, they fit so.
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var at = rest.IndexOf(_parts[i], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }
            rest = rest[(at + _parts[i].Length)..];
        }
        return true;
    }
}
