namespace Epss.Search.Context;

/// <summary>
/// A URL pattern from a guide's context: <c>*</c> stands for any run of characters, everything else is literal,
/// letter case is ignored. Matching is iterative (no regex, no backtracking blow-up on hostile input).
/// </summary>
internal static class UrlPattern
{
    public static bool IsMatch(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>How specific a pattern is: the number of literal characters. "*/reisdocument/aanvragen*" beats "*/reisdocument*".</summary>
    public static int Specificity(string pattern) => pattern.Count(c => c != '*');
}
