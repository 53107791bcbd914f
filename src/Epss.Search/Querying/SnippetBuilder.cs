using Lucene.Net.Index;
using Lucene.Net.Search;
using System.Text;
using Lucene.Net.Util;

namespace Epss.Search.Querying;

/// <summary>
/// Snippets for hits: the passage of a stored field where most of the matched words are, with those words in
/// <c>&lt;mark&gt;</c> and everything else HTML-encoded. Built from the field's term vector: only the terms the query
/// actually matched (collected once per query) are looked up, with their offsets, so nothing is analysed again and
/// no prefix or fuzzy query is expanded again per hit.
/// </summary>
internal sealed class SnippetBuilder(MatchedWords matched)
{
    public const int FragmentLength = 160;

    /// <summary>How much text to show before the first marked word of the passage.</summary>
    private const int LeadIn = 24;

    /// <summary>Every term to look up: the single ones first (their index is their number), then the phrases' words.</summary>
    private readonly string[] _terms = [.. matched.Terms.Order(StringComparer.Ordinal), .. matched.Phrases.SelectMany(p => p).Distinct(StringComparer.Ordinal).Except(matched.Terms)];

    /// <summary>A phrase is at most a few words apart (the query allows one word in between).</summary>
    private const int PhraseSlop = 1;

    /// <summary>The best passage of a hit's stored field with the matched words marked; null when none of them occur in it.</summary>
    public string? Highlight(IndexReader reader, int docId, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || _terms.Length == 0 || reader.GetTermVector(docId, field) is not { } vector)
        {
            return null;
        }
        var spans = Spans(vector, text.Length);
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
        return html.ToString().ReplaceLineEndings(" ");
    }

    /// <summary>The beginning of <paramref name="text"/>, encoded, for a hit whose words are not in the text shown.</summary>
    public static string Beginning(string? text)
    {
        var flat = (text ?? string.Empty).ReplaceLineEndings(" ").Trim();
        return MinimalHtmlEncoder.Encode(flat.Length <= FragmentLength ? flat : flat[..FragmentLength].TrimEnd() + "…");
    }

    /// <summary>Where the matched terms, and the matched phrases' words standing together, occur in the field, in text order.</summary>
    private List<(int Start, int End, int Term)> Spans(Terms vector, int textLength)
    {
        var singles = matched.Terms.Count;
        var occurrences = new Dictionary<string, List<(int Position, int Start, int End)>>(StringComparer.Ordinal);
        var termsEnum = vector.GetEnumerator();
        DocsAndPositionsEnum? positions = null;
        foreach (var term in _terms)
        {
            if (!termsEnum.SeekExact(new BytesRef(term)))
            {
                continue;
            }
            positions = termsEnum.DocsAndPositions(null, positions, DocsAndPositionsFlags.OFFSETS);
            if (positions is null || positions.NextDoc() == DocIdSetIterator.NO_MORE_DOCS)
            {
                continue;
            }
            var list = new List<(int, int, int)>(positions.Freq);
            for (var i = positions.Freq; i > 0; i--)
            {
                var position = positions.NextPosition();
                if (positions.StartOffset >= 0 && positions.EndOffset <= textLength && positions.StartOffset < positions.EndOffset)
                {
                    list.Add((position, positions.StartOffset, positions.EndOffset));
                }
            }
            occurrences[term] = list;
        }

        var spans = new List<(int Start, int End, int Term)>();
        for (var t = 0; t < singles; t++)
        {
            if (occurrences.TryGetValue(_terms[t], out var list))
            {
                spans.AddRange(list.Select(o => (o.Start, o.End, t)));
            }
        }
        for (var p = 0; p < matched.Phrases.Count; p++)
        {
            AddPhrase(matched.Phrases[p], singles + p, occurrences, spans);
        }
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        // A word can be both a term and part of a phrase: mark it once.
        return [.. spans.DistinctBy(s => s.Start)];
    }

    private static void AddPhrase(string[] phrase, int number, Dictionary<string, List<(int Position, int Start, int End)>> occurrences,
        List<(int Start, int End, int Term)> spans)
    {
        if (!phrase.All(occurrences.ContainsKey))
        {
            return;
        }
        foreach (var first in occurrences[phrase[0]])
        {
            var found = new List<(int Start, int End, int Term)> { (first.Start, first.End, number) };
            var previous = first.Position;
            for (var w = 1; w < phrase.Length && found.Count == w; w++)
            {
                foreach (var next in occurrences[phrase[w]])
                {
                    if (next.Position > previous && next.Position <= previous + 1 + PhraseSlop)
                    {
                        found.Add((next.Start, next.End, number));
                        previous = next.Position;
                        break;
                    }
                }
            }
            if (found.Count == phrase.Length)
            {
                spans.AddRange(found);
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
