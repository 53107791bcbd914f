using System.Text;

namespace Epss.Search.Querying;

/// <summary>
/// Snippets for hits: the passage of a text where most of the matched words are, with those words in
/// <c>&lt;mark&gt;</c> and everything else HTML-encoded. Only the terms the query actually matched (collected once per
/// query) are marked, so no prefix or fuzzy query is expanded again per hit; where the words are comes from
/// <see cref="TextTokens"/>, which analyses each text once and keeps the result while the text is in the library.
/// </summary>
internal sealed class SnippetBuilder(MatchedWords matched)
{
    public const int FragmentLength = 160;

    /// <summary>Between the blocks of a step (a sentence, a check, a decision's option), so they do not run together.</summary>
    public const string BlockSeparator = " · ";

    /// <summary>How much text to show before the first marked word of the passage.</summary>
    private const int LeadIn = 24;

    /// <summary>A phrase's words may stand one word apart, as in the query.</summary>
    private const int PhraseSlop = 1;

    /// <summary>The passage of <paramref name="text"/> with the matched words marked; null when none of them occur in it.</summary>
    public string? Highlight(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || (matched.Terms.Count == 0 && matched.Phrases.Count == 0))
        {
            return null;
        }
        var spans = Spans(TextTokens.Of(text));
        if (spans.Count == 0)
        {
            return null;
        }
        var (from, to) = Window(text, spans);
        var html = new StringBuilder(FragmentLength + 64);
        if (from > 0)
        {
            html.Append('…');
        }
        var at = from;
        foreach (var (start, end, _) in spans)
        {
            if (start < at || end > to)
            {
                continue;
            }
            MinimalHtmlEncoder.Append(html, text.AsSpan(at, start - at));
            html.Append("<mark>");
            MinimalHtmlEncoder.Append(html, text.AsSpan(start, end - start));
            html.Append("</mark>");
            at = end;
        }
        MinimalHtmlEncoder.Append(html, text.AsSpan(at, to - at));
        if (to < text.Length)
        {
            html.Append('…');
        }
        return html.ToString().ReplaceLineEndings(BlockSeparator);
    }

    /// <summary>The beginning of <paramref name="text"/>, encoded, for a hit whose words are not in the text shown.</summary>
    public static string Beginning(string? text)
    {
        var flat = (text ?? string.Empty).Trim().ReplaceLineEndings(BlockSeparator);
        return MinimalHtmlEncoder.Encode(flat.Length <= FragmentLength ? flat : flat[..FragmentLength].TrimEnd() + "…");
    }

    /// <summary>Where the matched terms, and the matched phrases' words standing together, occur, in text order.</summary>
    private List<(int Start, int End, int Term)> Spans(TextTokens tokens)
    {
        var spans = new List<(int Start, int End, int Term)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (matched.Terms.Contains(tokens.Stems[i]))
            {
                spans.Add((tokens.Starts[i], tokens.Ends[i], tokens.Stems[i].GetHashCode(StringComparison.Ordinal)));
            }
        }
        for (var p = 0; p < matched.Phrases.Count; p++)
        {
            AddPhrase(matched.Phrases[p], -1 - p, tokens, spans);
        }
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        // A word can be both a term and part of a phrase: mark it once.
        return [.. spans.DistinctBy(s => s.Start)];
    }

    private static void AddPhrase(string[] phrase, int number, TextTokens tokens, List<(int Start, int End, int Term)> spans)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!string.Equals(tokens.Stems[i], phrase[0], StringComparison.Ordinal))
            {
                continue;
            }
            var found = new List<int> { i };
            for (var j = i + 1; j < tokens.Count && found.Count < phrase.Length; j++)
            {
                var gap = tokens.Positions[j] - tokens.Positions[found[^1]];
                if (gap > 1 + PhraseSlop)
                {
                    break;
                }
                if (string.Equals(tokens.Stems[j], phrase[found.Count], StringComparison.Ordinal))
                {
                    found.Add(j);
                }
            }
            if (found.Count == phrase.Length)
            {
                spans.AddRange(found.Select(k => (tokens.Starts[k], tokens.Ends[k], number)));
            }
        }
    }

    /// <summary>The stretch of text, at most <see cref="FragmentLength"/> long and cut at word boundaries, that holds the most different matched words.</summary>
    private static (int From, int To) Window(string text, List<(int Start, int End, int Term)> spans)
    {
        if (text.Length <= FragmentLength)
        {
            return (0, text.Length);
        }
        var bestFrom = 0;
        var bestScore = -1;
        var seen = new HashSet<int>();
        for (var i = 0; i < spans.Count; i++)
        {
            var from = Math.Max(0, spans[i].Start - LeadIn);
            seen.Clear();
            var count = 0;
            for (var j = i; j < spans.Count && spans[j].End <= from + FragmentLength; j++)
            {
                seen.Add(spans[j].Term);
                count++;
            }
            var score = (seen.Count * 100) + count;
            if (score > bestScore)
            {
                bestScore = score;
                bestFrom = from;
            }
        }
        // Start and end on whole words; a passage that would start within the first words starts at the beginning.
        var start = bestFrom <= LeadIn ? 0 : WordStart(text, bestFrom);
        var end = Math.Min(text.Length, start + FragmentLength);
        if (end < text.Length)
        {
            var space = text.LastIndexOfAny([' ', '\n'], end);
            end = space > start ? space : end;
        }
        return (start, end);
    }

    private static int WordStart(string text, int index)
    {
        var space = text.IndexOfAny([' ', '\n'], index);
        return space < 0 || space - index > 20 ? index : space + 1;
    }
}

/// <summary>
/// Encodes only what HTML needs (&amp;, &lt;, &gt;, quotes), leaving accented letters as they are.
/// </summary>
internal static class MinimalHtmlEncoder
{
    public static void Append(StringBuilder builder, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }
    }

    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        Append(builder, text);
        return builder.ToString();
    }
}
