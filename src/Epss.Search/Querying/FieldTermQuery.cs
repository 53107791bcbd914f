using Epss.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Epss.Search.Querying;

/// <summary>
/// A term in one field, scored with BM25 exactly as a <see cref="TermQuery"/> under <see cref="GuideSimilarity"/>
/// scores it, but reading the index through a <see cref="PostingsPool"/> and the field's BM25 constants that the
/// searcher worked out once (<see cref="GuideSearcher.Scoring"/>), instead of new enumerators, a 256-entry norm
/// table and an explanation text per term, field and search.
/// </summary>
internal sealed class FieldTermQuery(string field, BytesRef term, PostingsPool postings) : Query
{
    public string Field { get; } = field;

    public BytesRef Term { get; } = term;

    public PostingsPool Postings { get; } = postings;

    public override Weight CreateWeight(IndexSearcher searcher)
    {
        var guideSearcher = searcher as GuideSearcher
            ?? throw new InvalidOperationException($"{nameof(FieldTermQuery)} runs on a {nameof(GuideSearcher)}.");
        var leaves = searcher.IndexReader.Leaves;
        var states = new TermState?[leaves.Count];
        long docFreq = 0;
        for (var i = 0; i < leaves.Count; i++)
        {
            var segment = leaves[i];
            if (Postings.Terms(segment, Field) is { } terms && terms.SeekExact(Term))
            {
                states[segment.Ord] = terms.GetTermState();
                docFreq += terms.DocFreq;
            }
        }
        return new FieldTermWeight(this, guideSearcher.Scoring(Field), states, docFreq);
    }

    public override void ExtractTerms(ISet<Term> terms) => terms.Add(new Term(Field, Term));

    public override string ToString(string field) =>
        (field == Field ? string.Empty : Field + ":") + Term.Utf8ToString() + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj) =>
        obj is FieldTermQuery other && other.Boost.Equals(Boost) && other.Field == Field && other.Term.Equals(Term);

    public override int GetHashCode() => HashCode.Combine(Boost, Field, Term);

    private sealed class FieldTermWeight(FieldTermQuery query, FieldScoring scoring, TermState?[] states, long docFreq)
        : FieldWeight(query, scoring, scoring.Idf(docFreq))
    {
        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs)
        {
            if (states[context.Ord] is not { } state || query.Postings.Terms(context, query.Field) is not { } terms)
            {
                return null;
            }
            terms.SeekExact(query.Term, state);
            var docs = query.Postings.Postings(context, terms, acceptDocs);
            return new FieldTermScorer(this, docs, context.AtomicReader.GetNormValues(query.Field), Scoring, Value);
        }
    }

    private sealed class FieldTermScorer(Weight weight, DocsEnum docs, NumericDocValues? norms, FieldScoring scoring, float weightValue) : Scorer(weight)
    {
        public override int DocID => docs.DocID;

        public override int Freq => docs.Freq;

        public override int NextDoc() => docs.NextDoc();

        public override int Advance(int target) => docs.Advance(target);

        public override long GetCost() => docs.GetCost();

        public override float GetScore() => scoring.Score(weightValue, docs.Freq, norms, docs.DocID);
    }
}
