using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Nl;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Epss.Search.Analysis;

/// <summary>
/// Dutch analysis for guides and queries: words, lowercase, diacritics folded ("één" and "een" match),
/// Dutch stop words removed, Snowball Dutch stemming ("aanvragen" and "aanvraag" match).
/// </summary>
public static class GuideAnalyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>
    /// Lucene's Dutch stop words, except the ones that carry meaning at the counter: "geen id", "lijkt niet",
    /// "zonder paspoort".
    /// </summary>
    public static CharArraySet StopWords { get; } = CreateStopWords();

    private static CharArraySet CreateStopWords()
    {
        var words = new CharArraySet(Version, DutchAnalyzer.DefaultStopSet.Count, ignoreCase: false);
        foreach (var word in DutchAnalyzer.DefaultStopSet)
        {
            if (word is not ("geen" or "niet" or "zonder" or "niets"))
            {
                words.Add(word);
            }
        }
        return words.AsReadOnly();
    }

    /// <summary>The analyzer every text field is indexed with, and the highlighter re-reads text with.</summary>
    public static Analyzer Create() => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(Version, stream, StopWords);
        stream = new SnowballFilter(stream, new Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer());
        return new TokenStreamComponents(tokenizer, stream);
    });

    /// <summary>The analyzer the index writer uses: <see cref="Create"/> for every field, but words as written for the <c>words</c> field.</summary>
    public static Analyzer CreateForIndexing() =>
        new PerFieldAnalyzerWrapper(Create(), new Dictionary<string, Analyzer> { [Indexing.IndexFields.Words] = CreateFolding() });

    /// <summary>Words as typed, lowercased and folded, stop words kept: what synonym, prefix and typo matching start from.</summary>
    public static Analyzer CreateFolding() => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    });
}
