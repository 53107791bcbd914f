using Epss.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Epss.Search.Querying;

/// <summary>
/// A phrase of different terms in one field, its words at most <see cref="Slop"/> positions out of place: a synonym
/// of several words ("aanvraag doen"). Matches and scores exactly as a sloppy <see cref="PhraseQuery"/> under
/// <see cref="GuideSimilarity"/> (the same search for the closest arrangement in each document, BM25 over the
/// sloppy frequency, idf summed over the terms), but reads through a <see cref="PostingsPool"/> and the searcher's
/// BM25 constants: Lucene's PhraseQuery made term and position enumerators (about 8 KB) per term, field and
/// search, 100–150 KB for a query with one synonym phrase. A phrase with a repeated term is left to PhraseQuery.
/// </summary>
internal sealed class FieldPhraseQuery : Query
{
    private readonly BytesRef[] _terms;

    private FieldPhraseQuery(string field, BytesRef[] terms, int slop, PostingsPool postings)
    {
        Field = field;
        _terms = terms;
        Slop = slop;
        Postings = postings;
    }

    public string Field { get; }

    public int Slop { get; }

    public PostingsPool Postings { get; }

    /// <summary>This query for <paramref name="terms"/> (two or more, all different), else Lucene's PhraseQuery.</summary>
    public static Query For(string field, IReadOnlyList<BytesRef> terms, int slop, PostingsPool postings)
    {
        if (terms.Count >= 2 && terms.Distinct().Count() == terms.Count)
        {
            return new FieldPhraseQuery(field, [.. terms], slop, postings);
        }
        var phrase = new PhraseQuery { Slop = slop };
        foreach (var term in terms)
        {
            phrase.Add(new Term(field, term));
        }
        return phrase;
    }

    public override Weight CreateWeight(IndexSearcher searcher)
    {
        var guideSearcher = searcher as GuideSearcher
            ?? throw new InvalidOperationException($"{nameof(FieldPhraseQuery)} runs on a {nameof(GuideSearcher)}.");
        var scoring = guideSearcher.Scoring(Field);
        var leaves = searcher.IndexReader.Leaves;
        var states = new TermState?[_terms.Length * leaves.Count];
        var idf = 0f;
        for (var t = 0; t < _terms.Length; t++)
        {
            long docFreq = 0;
            for (var i = 0; i < leaves.Count; i++)
            {
                var segment = leaves[i];
                if (Postings.Terms(segment, Field) is { } terms && terms.SeekExact(_terms[t]))
                {
                    states[(segment.Ord * _terms.Length) + t] = terms.GetTermState();
                    docFreq += terms.DocFreq;
                }
            }
            // As GuideSimilarity explains a phrase's idf: the sum of its terms' idfs, in order.
            idf += scoring.Idf(docFreq);
        }
        return new PhraseWeight(this, scoring, states, idf);
    }

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var term in _terms)
        {
            terms.Add(new Term(Field, term));
        }
    }

    public override string ToString(string field) =>
        (field == Field ? string.Empty : Field + ":") + "\"" + string.Join(' ', _terms.Select(t => t.Utf8ToString())) + "\"~" + Slop + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj) =>
        obj is FieldPhraseQuery other && other.Boost.Equals(Boost) && other.Field == Field && other.Slop == Slop && other._terms.SequenceEqual(_terms);

    public override int GetHashCode() => HashCode.Combine(Boost, Field, Slop, _terms.Length, _terms[0]);

    private sealed class PhraseWeight(FieldPhraseQuery query, FieldScoring scoring, TermState?[] states, float idf)
        : FieldWeight(query, scoring, idf)
    {
        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs)
        {
            var count = query._terms.Length;
            var first = context.Ord * count;
            for (var t = 0; t < count; t++)
            {
                if (states[first + t] is null)
                {
                    return null;
                }
            }
            if (query.Postings.Terms(context, query.Field) is not { } terms)
            {
                return null;
            }
            var positions = new PhrasePositions[count];
            for (var t = 0; t < count; t++)
            {
                terms.SeekExact(query._terms[t], states[first + t]);
                var postings = query.Postings.Positions(context, terms, acceptDocs)
                    ?? throw new InvalidOperationException($"{query.Field} is indexed without positions.");
                positions[t] = new PhrasePositions(postings, t);
            }
            return new SloppyScorer(this, positions, query.Slop, context.AtomicReader.GetNormValues(query.Field), Scoring, Value);
        }
    }

    /// <summary>One term of the phrase in the current document: <see cref="Position"/> is its position less its place in the phrase.</summary>
    private sealed class PhrasePositions(DocsAndPositionsEnum postings, int offset)
    {
        public int Doc { get; private set; } = -1;

        public int Position { get; private set; }

        public int Offset { get; } = offset;

        public PhrasePositions Next { get; set; } = null!;

        private int _count;

        public bool SkipTo(int target)
        {
            Doc = postings.Advance(target);
            return Doc != DocIdSetIterator.NO_MORE_DOCS;
        }

        public void FirstPosition()
        {
            _count = postings.Freq;
            NextPosition();
        }

        public bool NextPosition()
        {
            if (_count-- > 0)
            {
                Position = postings.NextPosition() - Offset;
                return true;
            }
            return false;
        }

        public long Cost => postings.GetCost();

        public void Exhaust() => Doc = DocIdSetIterator.NO_MORE_DOCS;
    }

    /// <summary>Lucene's SloppyPhraseScorer for phrases without repeated terms, step for step.</summary>
    private sealed class SloppyScorer : Scorer
    {
        private readonly PhrasePositions[] _queue;
        private readonly int _slop;
        private readonly NumericDocValues? _norms;
        private readonly FieldScoring _scoring;
        private readonly float _weightValue;
        private readonly long _cost;
        private PhrasePositions _min;
        private PhrasePositions _max;
        private int _queued;
        private int _end;
        private float _sloppyFreq;
        private int _matches;

        public SloppyScorer(Weight weight, PhrasePositions[] positions, int slop, NumericDocValues? norms, FieldScoring scoring, float weightValue)
            : base(weight)
        {
            _queue = new PhrasePositions[positions.Length];
            _slop = slop;
            _norms = norms;
            _scoring = scoring;
            _weightValue = weightValue;
            _cost = positions[0].Cost;
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i].Next = positions[(i + 1) % positions.Length];
            }
            _min = positions[0];
            _max = positions[^1];
        }

        public override int DocID => _max.Doc;

        public override int Freq => _matches;

        public override long GetCost() => _cost;

        public override int NextDoc() => Advance(_max.Doc + 1);

        public override int Advance(int target)
        {
            do
            {
                if (!AdvanceMin(target))
                {
                    return NO_MORE_DOCS;
                }
                while (_min.Doc < _max.Doc)
                {
                    if (!AdvanceMin(_max.Doc))
                    {
                        return NO_MORE_DOCS;
                    }
                }
                // A document with all the terms: is the phrase in it?
                _sloppyFreq = PhraseFreq();
                target = _min.Doc + 1;
            }
            while (_sloppyFreq == 0f);
            return _max.Doc;
        }

        public override float GetScore() => _scoring.Score(_weightValue, _sloppyFreq, _norms, _max.Doc);

        private bool AdvanceMin(int target)
        {
            if (!_min.SkipTo(target))
            {
                _max.Exhaust();
                return false;
            }
            _min = _min.Next;
            _max = _max.Next;
            return true;
        }

        /// <summary>The sum of 1 / (match length + 1) over the arrangements of the terms no longer than the slop.</summary>
        private float PhraseFreq()
        {
            _end = int.MinValue;
            _queued = 0;
            for (PhrasePositions pp = _min, previous = null!; previous != _max; pp = (previous = pp).Next)
            {
                pp.FirstPosition();
                _end = Math.Max(_end, pp.Position);
                _queue[_queued++] = pp;
            }
            var freq = 0f;
            _matches = 0;
            var current = Pop();
            var matchLength = _end - current.Position;
            var next = Top().Position;
            while (AdvancePosition(current))
            {
                if (current.Position > next)
                {
                    // Done making the current match shorter.
                    if (matchLength <= _slop)
                    {
                        freq += SlopFactor(matchLength);
                        _matches++;
                    }
                    _queue[_queued++] = current;
                    current = Pop();
                    next = Top().Position;
                    matchLength = _end - current.Position;
                }
                else
                {
                    matchLength = Math.Min(matchLength, _end - current.Position);
                }
            }
            if (matchLength <= _slop)
            {
                freq += SlopFactor(matchLength);
                _matches++;
            }
            return freq;
        }

        // BM25Similarity.SloppyFreq.
        private static float SlopFactor(int distance) => 1.0f / (distance + 1);

        private bool AdvancePosition(PhrasePositions pp)
        {
            if (!pp.NextPosition())
            {
                return false;
            }
            _end = Math.Max(_end, pp.Position);
            return true;
        }

        /// <summary>Removes and returns the least of the queue.</summary>
        private PhrasePositions Pop()
        {
            var least = Least();
            var pp = _queue[least];
            _queue[least] = _queue[--_queued];
            return pp;
        }

        private PhrasePositions Top() => _queue[Least()];

        /// <summary>Where the least of the queue is, in Lucene's PhraseQueue order: position, then place in the phrase (a phrase has a few words: a scan).</summary>
        private int Least()
        {
            var least = 0;
            for (var i = 1; i < _queued; i++)
            {
                if (IsLess(_queue[i], _queue[least]))
                {
                    least = i;
                }
            }
            return least;
        }

        // All positions compared are of the same document; offsets differ, as the terms do.
        private static bool IsLess(PhrasePositions a, PhrasePositions b) =>
            a.Position != b.Position ? a.Position < b.Position : a.Offset < b.Offset;
    }
}
