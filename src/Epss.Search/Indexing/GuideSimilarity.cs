using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Epss.Search.Indexing;

/// <summary>
/// BM25 adjusted to an index of two kinds of documents (guides and steps):
/// <list type="bullet">
/// <item>field statistics count only the documents that have the field: Lucene 4.8's BM25 divides by all
/// documents, which makes a guide's two-word title look eight times longer than average (steps have no title)
/// and lets step text outrank the title;</item>
/// <item>matching more of the query's words counts: a guide with "paspoort" and "kwijt" ranks above one that
/// only has "paspoort" many times (BM25 alone does not coordinate).</item>
/// </list>
/// </summary>
internal sealed class GuideSimilarity : BM25Similarity
{
    public override float Coord(int overlap, int maxOverlap) =>
        maxOverlap <= 1 ? 1f : (float)overlap / maxOverlap * ((float)overlap / maxOverlap);

    protected override float AvgFieldLength(CollectionStatistics collectionStats)
    {
        var documents = DocumentsWithField(collectionStats);
        var terms = collectionStats.SumTotalTermFreq;
        return documents <= 0 || terms <= 0 ? 1f : (float)((double)terms / documents);
    }

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats)
    {
        var documents = DocumentsWithField(collectionStats);
        var idf = Idf(termStats.DocFreq, documents);
        return new Explanation(idf, $"idf(docFreq={termStats.DocFreq}, docCount={documents})");
    }

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics[] termStats)
    {
        var explanation = new Explanation { Description = "idf(), sum of:" };
        var total = 0f;
        foreach (var term in termStats)
        {
            var part = IdfExplain(collectionStats, term);
            explanation.AddDetail(part);
            total += part.Value;
        }
        explanation.Value = total;
        return explanation;
    }

    private static long DocumentsWithField(CollectionStatistics collectionStats) =>
        collectionStats.DocCount > 0 ? collectionStats.DocCount : collectionStats.MaxDoc;
}
