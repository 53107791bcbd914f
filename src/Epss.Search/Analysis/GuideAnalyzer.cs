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

    public static CharArraySet StopWords { get; } = DutchAnalyzer.DefaultStopSet;

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

    /// <summary>Words as typed, lowercased and folded, stop words kept: what synonym, prefix and typo matching start from.</summary>
    public static Analyzer CreateFolding() => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    });
}
