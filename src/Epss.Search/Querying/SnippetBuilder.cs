using System.Buffers;
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

    private static readonly SearchValues<char> WordEnds = SearchValues.Create(" \n");

    /// <summary>Where the matched words are in the text being highlighted; one list per thread, used again for every snippet.</summary>
    [ThreadStatic]
    private static List<(int Start, int End, int Term)>? t_spans;

    /// <summary>The passage of <paramref name="text"/> with the matched words marked; null when none of them occur in it.</summary>
    public string? Highlight(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || (matched.Terms.Count == 0 && matched.Phrases.Count == 0))
        {
            return null;
        }
        var spans = t_spans ??= [];
        spans.Clear();
        Spans(TextTokens.Of(text), spans);
        if (spans.Count == 0)
        {
            return null;
        }
        var (from, to) = Window(text, spans);
        var html = HtmlBuilder.Rent();
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
        spans.Clear();
        return HtmlBuilder.ToStringAndReturn(html);
    }

    /// <summary>The beginning of <paramref name="text"/>, encoded, for a hit whose words are not in the text shown.</summary>
    public static string Beginning(string? text)
    {
        var flat = (text ?? string.Empty).Trim().ReplaceLineEndings(BlockSeparator);
        return MinimalHtmlEncoder.Encode(flat.Length <= FragmentLength ? flat : flat[..FragmentLength].TrimEnd() + "…");
    }

    /// <summary>Where the matched terms, and the matched phrases' words standing together, occur, in text order, each place once.</summary>
    private void Spans(TextTokens tokens, List<(int Start, int End, int Term)> spans)
    {
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
        // In text order, the earlier found first where two start at the same place (a word both a term and in a
        // phrase): a stable insertion sort, as the lists are short; then each place once.
        for (var i = 1; i < spans.Count; i++)
        {
            var span = spans[i];
            var j = i - 1;
            for (; j >= 0 && spans[j].Start > span.Start; j--)
            {
                spans[j + 1] = spans[j];
            }
            spans[j + 1] = span;
        }
        var kept = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            if (kept == 0 || spans[kept - 1].Start != spans[i].Start)
            {
                spans[kept++] = spans[i];
            }
        }
        spans.RemoveRange(kept, spans.Count - kept);
    }

    private static void AddPhrase(string[] phrase, int number, TextTokens tokens, List<(int Start, int End, int Term)> spans)
    {
        Span<int> found = stackalloc int[phrase.Length];
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!string.Equals(tokens.Stems[i], phrase[0], StringComparison.Ordinal))
            {
                continue;
            }
            found[0] = i;
            var count = 1;
            for (var j = i + 1; j < tokens.Count && count < phrase.Length; j++)
            {
                var gap = tokens.Positions[j] - tokens.Positions[found[count - 1]];
                if (gap > 1 + PhraseSlop)
                {
                    break;
                }
                if (string.Equals(tokens.Stems[j], phrase[count], StringComparison.Ordinal))
                {
                    found[count++] = j;
                }
            }
            if (count == phrase.Length)
            {
                foreach (var k in found)
                {
                    spans.Add((tokens.Starts[k], tokens.Ends[k], number));
                }
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
        for (var i = 0; i < spans.Count; i++)
        {
            var from = Math.Max(0, spans[i].Start - LeadIn);
            var different = 0;
            var count = 0;
            for (var j = i; j < spans.Count && spans[j].End <= from + FragmentLength; j++)
            {
                different += IsFirstOfTerm(spans, i, j) ? 1 : 0;
                count++;
            }
            var score = (different * 100) + count;
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
            var space = text.AsSpan(0, end + 1).LastIndexOfAny(WordEnds);
            end = space > start ? space : end;
        }
        return (start, end);
    }

    /// <summary>Whether span <paramref name="j"/> is the first of its term from span <paramref name="from"/> on.</summary>
    private static bool IsFirstOfTerm(List<(int Start, int End, int Term)> spans, int from, int j)
    {
        for (var k = from; k < j; k++)
        {
            if (spans[k].Term == spans[j].Term)
            {
                return false;
            }
        }
        return true;
    }

    private static int WordStart(string text, int index)
    {
        var space = text.AsSpan(index).IndexOfAny(WordEnds);
        return space < 0 || space > 20 ? index : index + space + 1;
    }
}

/// <summary>A string builder per thread for snippets: a search makes ten of them, each a fresh string in the end.</summary>
internal static class HtmlBuilder
{
    [ThreadStatic]
    private static StringBuilder? t_builder;

    public static StringBuilder Rent()
    {
        var builder = t_builder ?? new StringBuilder(SnippetBuilder.FragmentLength + 64);
        t_builder = null;
        return builder.Clear();
    }

    public static string ToStringAndReturn(StringBuilder builder)
    {
        var text = builder.ToString();
        t_builder = builder;
        return text;
    }
}

/// <summary>
/// Encodes only what HTML needs (&amp;, &lt;, &gt;, quotes), leaving accented letters as they are.
/// </summary>
internal static class MinimalHtmlEncoder
{
    /// <summary>Appends <paramref name="text"/> encoded, each line ending (as <see cref="string.ReplaceLineEndings(string)"/> knows them) as <see cref="SnippetBuilder.BlockSeparator"/>.</summary>
    public static void Append(StringBuilder builder, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                '\r' when i + 1 < text.Length && text[i + 1] == '\n' => builder,
                '\r' or '\n' or '\f' or '\u0085' or '\u2028' or '\u2029' => builder.Append(SnippetBuilder.BlockSeparator),
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
