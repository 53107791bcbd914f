using Epss.Content.Library;
using Epss.Content.Model;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Epss.Search.Indexing;

/// <summary>
/// A searcher that knows which library snapshot its index reader holds, and the reader's dictionaries of words:
/// everything a search plans with belongs to the same moment of the index.
/// </summary>
internal sealed class GuideSearcher : IndexSearcher
{
    private readonly Dictionary<string, FieldScoring> _scoring = new(StringComparer.Ordinal);
    private readonly SegmentDocuments[] _documents;
    private SearcherGuides _guides;

    public GuideSearcher(IndexReader reader, GuideLibrarySnapshot guides)
        : base(reader)
    {
        var similarity = new GuideSimilarity();
        Similarity = similarity;
        _guides = new SearcherGuides(reader, guides);
        _documents = [.. reader.Leaves.Select(SegmentDocuments.Of)];
        Stems = TermDictionary.Read(reader, IndexFields.All);
        Words = TermDictionary.Read(reader, IndexFields.Words);
        foreach (var (field, _) in IndexFields.Weighted)
        {
            _scoring[field] = similarity.ScoringOf(CollectionStatistics(field));
        }
    }

    /// <summary>BM25's constants for one of the <see cref="IndexFields.Weighted"/> fields in this reader.</summary>
    public FieldScoring Scoring(string field) =>
        _scoring.TryGetValue(field, out var scoring) ? scoring : throw new ArgumentException($"{field} is not a searched field.", nameof(field));

    /// <summary>The library snapshot whose guides this reader holds.</summary>
    public GuideLibrarySnapshot Guides
    {
        get => Volatile.Read(ref _guides).Snapshot;
        set => Volatile.Write(ref _guides, new SearcherGuides(IndexReader, value));
    }

    /// <summary>The snapshot's guides by the ordinals of this reader's segments; one object until the snapshot is replaced.</summary>
    public SearcherGuides GuidesByOrdinal => Volatile.Read(ref _guides);

    /// <summary>Every stem the guides contain (<see cref="IndexFields.All"/>).</summary>
    public TermDictionary Stems { get; }

    /// <summary>Every word as written in the guides (<see cref="IndexFields.Words"/>).</summary>
    public TermDictionary Words { get; }

    /// <summary>For one segment: each document's guide ordinal and kind, read from its doc values once per segment.</summary>
    public SegmentDocuments DocumentsOf(AtomicReaderContext segment) => _documents[segment.Ord];
}

/// <summary>
/// For each segment of a reader: the guide of each ordinal of the <see cref="IndexFields.Guide"/> doc values (null
/// where the snapshot does not serve it), so that collecting hits needs neither the id's text nor a lookup.
/// </summary>
internal sealed class SearcherGuides
{
    private readonly Guide?[][] _bySegment;

    public SearcherGuides(IndexReader reader, GuideLibrarySnapshot snapshot)
    {
        Snapshot = snapshot;
        var id = new BytesRef();
        _bySegment = new Guide?[reader.Leaves.Count][];
        foreach (var segment in reader.Leaves)
        {
            var ids = segment.AtomicReader.GetSortedDocValues(IndexFields.Guide);
            var guides = new Guide?[ids?.ValueCount ?? 0];
            for (var ordinal = 0; ordinal < guides.Length; ordinal++)
            {
                ids!.LookupOrd(ordinal, id);
                guides[ordinal] = snapshot.Find(id.Utf8ToString());
            }
            _bySegment[segment.Ord] = guides;
        }
    }

    public GuideLibrarySnapshot Snapshot { get; }

    public int SegmentCount => _bySegment.Length;

    /// <summary>The guides of one segment by ordinal.</summary>
    public Guide?[] Of(int segment) => _bySegment[segment];
}
