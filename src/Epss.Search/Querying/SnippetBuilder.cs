using Epss.Search.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Epss.Search.Querying;

/// <summary>
/// Snippets for hits: the best passage of the matched text with the matched words in <c>&lt;mark&gt;</c>, the rest
/// HTML-encoded. The highlighter scores only the terms the query actually matched (collected once per query), so
/// it never expands prefix or fuzzy queries again for every hit.
/// </summary>
internal sealed class SnippetBuilder
{
    public const int FragmentLength = 160;

    private readonly Analyzer _analyzer;
    private readonly Highlighter _highlighter;

    public SnippetBuilder(Analyzer analyzer, IReadOnlySet<string> matchedTerms)
    {
        _analyzer = analyzer;
        var terms = new BooleanQuery();
        foreach (var term in matchedTerms)
        {
            terms.Add(new TermQuery(new Term(IndexFields.Body, term)), Occur.SHOULD);
        }
        _highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new MinimalHtmlEncoder(), new QueryTermScorer(terms))
        {
            TextFragmenter = new SimpleFragmenter(FragmentLength),
        };
    }

    /// <summary>The best passage of <paramref name="text"/> with the matched words marked, or its beginning when none occur in it.</summary>
    public string For(string? text) =>
        Highlight(text) ?? MinimalHtmlEncoder.Encode(Beginning(text ?? string.Empty));

    /// <summary>The best passage with the matched words marked; null when none of them occur in <paramref name="text"/>.</summary>
    public string? Highlight(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var fragment = _highlighter.GetBestFragment(_analyzer, IndexFields.Body, text.ReplaceLineEndings(" "));
        return string.IsNullOrEmpty(fragment) ? null : fragment.Trim();
    }

    private static string Beginning(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= FragmentLength ? flat : flat[..FragmentLength].TrimEnd() + "…";
    }
}

/// <summary>
/// Encodes only what HTML needs (&amp;, &lt;, &gt;, quotes); Lucene's SimpleHTMLEncoder also turns every accented
/// letter into a numeric entity, which is valid but unreadable in JSON.
/// </summary>
internal sealed class MinimalHtmlEncoder : IEncoder
{
    public string EncodeText(string originalText) => Encode(originalText);

    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }
        var builder = new System.Text.StringBuilder(text.Length + 16);
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
        return builder.ToString();
    }
}
