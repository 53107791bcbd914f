using Epss.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Epss.Search.Querying;

/// <summary>
/// The weight of a BM25 query on one field, normalised as BM25Similarity's weights are: the query norm is ignored,
/// the boosts of the queries around this one are kept.
/// </summary>
internal abstract class FieldWeight(Query query, FieldScoring scoring, float idf) : Weight
{
    public override Query Query => query;

    protected FieldScoring Scoring => scoring;

    /// <summary>idf · the query's boost · the boosts around it · (k1 + 1): what a document's BM25 term frequency part is multiplied by.</summary>
    protected float Value { get; private set; }

    public override float GetValueForNormalization()
    {
        var queryWeight = idf * query.Boost;
        return queryWeight * queryWeight;
    }

    public override void Normalize(float norm, float topLevelBoost) => Value = idf * query.Boost * topLevelBoost * (scoring.K1 + 1);

    public override Explanation Explain(AtomicReaderContext context, int doc)
    {
        if (GetScorer(context, context.AtomicReader.LiveDocs) is { } scorer && scorer.Advance(doc) == doc)
        {
            return new Explanation(scorer.GetScore(), $"BM25 of {query} (freq {scorer.Freq}, idf {idf})");
        }
        return new ComplexExplanation(false, 0f, $"no match for {query}");
    }
}
