using Epss.Content.Model;
using Epss.Search.Context;
using Epss.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Epss.Search.Querying;

/// <summary>One of the best guides of a search: its rank, and its best step when a step matched better than the guide.</summary>
internal readonly record struct GuideHit(Guide Guide, float Score, string? StepId);

/// <summary>
/// Collects the matching documents of a search into one match per guide (its guide document and its best step) and
/// keeps only the best guides, in one pass and without an object per match: a guide's documents are one block
/// of consecutive document numbers (added together by <c>IndexWriter.UpdateDocuments</c>, kept together by merges),
/// so, collected in order, a guide is complete as soon as a document of another guide comes.
/// </summary>
internal sealed class TopGuidesCollector(GuideSearcher searcher, int limit, ContextMatcher.Page? page, PageLifts? pageLifts) : ICollector
{
    /// <summary>A guide scores as the stronger of its two matches plus this share of the weaker.</summary>
    private const float WeakerShare = 0.25f;

    private readonly Entry[] _best = new Entry[limit];
    private readonly SearcherGuides _searcherGuides = searcher.GuidesByOrdinal;
    private readonly SortedDocValues?[] _stepIds = new SortedDocValues?[searcher.IndexReader.Leaves.Count];
    private int _count;
    private Scorer? _scorer;
    private SegmentDocuments? _documents;
    private Guide?[] _guides = [];
    private int _segment = -1;

    // The guide being collected.
    private int _ordinal = -1;
    private float _guideScore;
    private float _stepScore;
    private int _stepDoc = -1;

    /// <summary>How many guides matched.</summary>
    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        Complete();
        _segment = context.Ord;
        _documents = searcher.DocumentsOf(context);
        _stepIds[_segment] = context.AtomicReader.GetSortedDocValues(IndexFields.Step);
        _guides = _searcherGuides.Of(context.Ord);
    }

    public void Collect(int doc)
    {
        if (_documents is null || _scorer is null)
        {
            return;
        }
        var ordinal = _documents.Ordinal(doc);
        if (ordinal < 0)
        {
            return;
        }
        if (ordinal != _ordinal)
        {
            Complete();
            _ordinal = ordinal;
        }
        var score = _scorer.GetScore();
        if (_documents.IsStep(doc))
        {
            // The first of equally good steps (the earlier in the guide) stays.
            if (score > _stepScore)
            {
                _stepScore = score;
                _stepDoc = doc;
            }
        }
        else
        {
            _guideScore = score;
        }
    }

    /// <summary>The best guides, best first (equal scores by id, so results are stable). Call after the search.</summary>
    public IReadOnlyList<GuideHit> Best()
    {
        Complete();
        var hits = new GuideHit[_count];
        for (var i = 0; i < _count; i++)
        {
            var entry = _best[i];
            hits[i] = new GuideHit(entry.Guide, entry.Score, entry.StepDoc >= 0 ? StepId(entry) : null);
        }
        return hits;
    }

    /// <summary>Ranks the guide collected so far, and starts afresh.</summary>
    private void Complete()
    {
        if (_ordinal < 0)
        {
            return;
        }
        Total++;
        if (_guides[_ordinal] is { } guide)
        {
            var score = Math.Max(_guideScore, _stepScore) + (WeakerShare * Math.Min(_guideScore, _stepScore));
            // A step is named when its own text matches better than the guide's title, synonyms and summary.
            var stepDoc = _stepDoc >= 0 && _stepScore > _guideScore ? _stepDoc : -1;
            if (pageLifts is not null)
            {
                score *= pageLifts.Of(_segment, _ordinal, guide);
            }
            else if (page is not null && !guide.Context.IsEmpty && (_count < _best.Length || score * PageLifts.MaximumLift >= _best[^1].Score))
            {
                // Without the page's table, the lift is worked out only for a guide that it could bring among the best.
                score *= PageLifts.Lift(guide, page);
            }
            Offer(new Entry(guide, score, _segment, stepDoc));
        }
        _ordinal = -1;
        _guideScore = 0;
        _stepScore = 0;
        _stepDoc = -1;
    }

    private void Offer(Entry entry)
    {
        var at = _count;
        while (at > 0 && IsBetter(entry, _best[at - 1]))
        {
            at--;
        }
        if (at >= _best.Length)
        {
            return;
        }
        for (var i = Math.Min(_count, _best.Length - 1); i > at; i--)
        {
            _best[i] = _best[i - 1];
        }
        _best[at] = entry;
        _count = Math.Min(_count + 1, _best.Length);
    }

    private static bool IsBetter(Entry a, Entry b) =>
        a.Score > b.Score || (a.Score == b.Score && string.CompareOrdinal(a.Guide.Id, b.Guide.Id) < 0);

    private string? StepId(Entry entry)
    {
        if (_stepIds[entry.Segment] is not { } stepIds || stepIds.GetOrd(entry.StepDoc) is var ordinal && ordinal < 0)
        {
            return null;
        }
        var id = new BytesRef();
        stepIds.LookupOrd(ordinal, id);
        return id.Utf8ToString();
    }

    private readonly record struct Entry(Guide Guide, float Score, int Segment, int StepDoc);
}
