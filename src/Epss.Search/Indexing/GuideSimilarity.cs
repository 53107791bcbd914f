using Lucene.Net.Index;
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

    /// <summary>
    /// The BM25 constants of one field in one reader: what <c>ComputeWeight</c> works out afresh (and allocates) for
    /// every term of every query, worked out once per searcher for <see cref="Querying.FieldTermQuery"/>.
    /// </summary>
    internal FieldScoring ScoringOf(CollectionStatistics collectionStats)
    {
        var averageLength = AvgFieldLength(collectionStats);
        var norms = new float[256];
        for (var i = 0; i < norms.Length; i++)
        {
            // As BM25Similarity.ComputeWeight computes it, so that scores are the same to the bit.
            norms[i] = K1 * ((1 - B) + (B * DecodeNormValue((byte)i) / averageLength));
        }
        return new FieldScoring(this, DocumentsWithField(collectionStats), norms);
    }

    internal float IdfOf(long docFreq, long documents) => Idf(docFreq, documents);

    private static long DocumentsWithField(CollectionStatistics collectionStats) =>
        collectionStats.DocCount > 0 ? collectionStats.DocCount : collectionStats.MaxDoc;
}

/// <summary>BM25 for one field of one reader: <c>k1</c>, the length part of every norm value, and idf.</summary>
internal sealed class FieldScoring(GuideSimilarity similarity, long documents, float[] norms)
{
    public float K1 => similarity.K1;

    /// <summary><c>k1 · (1 − b + b · length / average length)</c> for each encoded norm.</summary>
    public float[] Norms { get; } = norms;

    public float Idf(long docFreq) => similarity.IdfOf(docFreq, documents);

    /// <summary>BM25's score of a document, as BM25Similarity's document scorer computes it.</summary>
    /// <param name="weight">idf · boosts · (k1 + 1).</param>
    public float Score(float weight, float freq, NumericDocValues? norms, int doc)
    {
        var norm = norms is null ? K1 : Norms[(sbyte)norms.Get(doc) & 0xFF];
        return weight * freq / (freq + norm);
    }
}
