using Epss.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Epss.Search.Querying;

/// <summary>The best match of one guide: its guide document's score and its best step document.</summary>
internal sealed class GuideMatch(string guideId)
{
    public string GuideId { get; } = guideId;

    public float GuideScore { get; set; }

    public int GuideDoc { get; set; } = -1;

    public float StepScore { get; set; }

    public int StepDoc { get; set; } = -1;

    /// <summary>The best step's id, read from doc values only for the hits that are shown.</summary>
    public SortedDocValues? StepIds { get; set; }

    public int StepLocalDoc { get; set; } = -1;

    public string? StepId
    {
        get
        {
            if (StepIds is null || StepLocalDoc < 0)
            {
                return null;
            }
            var ordinal = StepIds.GetOrd(StepLocalDoc);
            if (ordinal < 0)
            {
                return null;
            }
            var id = new BytesRef();
            StepIds.LookupOrd(ordinal, id);
            return id.Utf8ToString();
        }
    }

    /// <summary>A step is named when its own text matches better than the guide's title, synonyms and summary.</summary>
    public bool StepMatchedBest => StepDoc >= 0 && StepScore > GuideScore;

    /// <summary>
    /// The guide's rank: the stronger of its two matches, plus a share of the weaker, so that a guide whose title
    /// and one of whose steps both match ranks above one where only one of them does.
    /// </summary>
    public float Score => Math.Max(GuideScore, StepScore) + (WeakerShare * Math.Min(GuideScore, StepScore));

    private const float WeakerShare = 0.25f;

}

/// <summary>
/// Collects every matching document and keeps, per guide, the guide document and the best step: one hit per
/// guide, whichever of its documents matched.
/// </summary>
internal sealed class GuideCollapsingCollector : ICollector
{
    private readonly Dictionary<string, GuideMatch> _matches = new(StringComparer.Ordinal);
    private readonly BytesRef _scratch = new();
    private SortedDocValues? _guideIds;
    private NumericDocValues? _isStep;
    private SortedDocValues? _stepIds;
    private string?[] _idsByOrdinal = [];
    private Scorer? _scorer;
    private int _docBase;

    public IReadOnlyCollection<GuideMatch> Matches => _matches.Values;

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        _docBase = context.DocBase;
        _guideIds = context.AtomicReader.GetSortedDocValues(IndexFields.Guide);
        _isStep = context.AtomicReader.GetNumericDocValues(IndexFields.IsStep);
        _stepIds = context.AtomicReader.GetSortedDocValues(IndexFields.Step);
        _idsByOrdinal = new string?[_guideIds?.ValueCount ?? 0];
    }

    public void Collect(int doc)
    {
        if (_guideIds is null || _isStep is null || _scorer is null)
        {
            return;
        }
        var ordinal = _guideIds.GetOrd(doc);
        if (ordinal < 0)
        {
            return;
        }
        var id = _idsByOrdinal[ordinal];
        if (id is null)
        {
            _guideIds.LookupOrd(ordinal, _scratch);
            id = _idsByOrdinal[ordinal] = _scratch.Utf8ToString();
        }
        if (!_matches.TryGetValue(id, out var match))
        {
            _matches[id] = match = new GuideMatch(id);
        }
        var score = _scorer.GetScore();
        if (_isStep.Get(doc) == 1)
        {
            if (score > match.StepScore)
            {
                match.StepScore = score;
                match.StepDoc = _docBase + doc;
                match.StepIds = _stepIds;
                match.StepLocalDoc = doc;
            }
        }
        else
        {
            match.GuideScore = score;
            match.GuideDoc = _docBase + doc;
        }
    }
}
