using Lucene.Net.Index;

namespace Epss.Search.Querying;

/// <summary>
/// The term and postings enumerators one thread's searches read the index with, kept from search to search. Lucene
/// makes a new one for every term, field and segment of a query (a term enumerator that has sought once is 3–5 KB,
/// a postings enumerator 2 KB): 60–70% of what a search allocated. Rented for one search at a time (<see cref="Rent"/>),
/// used only by the thread that rented it; what a query took is free again when the lease ends.
/// </summary>
internal sealed class PostingsPool : IDisposable
{
    /// <summary>Postings enumerators kept per segment beyond those of one search: enough for the widest query.</summary>
    private const int MaximumFreePerSegment = 128;

    [ThreadStatic]
    private static PostingsPool? t_idle;

    private IndexReader? _reader;
    private Segment[] _segments = [];

    /// <summary>This thread's pool, made ready for <paramref name="reader"/>; give it back with <see cref="Dispose"/>.</summary>
    public static PostingsPool Rent(IndexReader reader)
    {
        // A search within a search (none today) gets a pool of its own rather than sharing enumerators.
        var pool = t_idle ?? new PostingsPool();
        t_idle = null;
        pool.Prepare(reader);
        return pool;
    }

    /// <summary>The term enumerator of <paramref name="field"/> in <paramref name="segment"/>, positioned wherever it was last; null when the segment lacks the field.</summary>
    public TermsEnum? Terms(AtomicReaderContext segment, string field)
    {
        var entry = _segments[segment.Ord];
        if (!entry.Terms.TryGetValue(field, out var terms))
        {
            entry.Terms[field] = terms = segment.AtomicReader.GetTerms(field)?.GetEnumerator();
        }
        return terms;
    }

    /// <summary>The postings of the term <paramref name="terms"/> is positioned on, in an enumerator this pool reuses after the search.</summary>
    public DocsEnum Postings(AtomicReaderContext segment, TermsEnum terms, Lucene.Net.Util.IBits? liveDocs)
    {
        var entry = _segments[segment.Ord];
        entry.Free.TryPop(out var reuse);
        var postings = terms.Docs(liveDocs, reuse, DocsFlags.FREQS);
        if (reuse is not null && !ReferenceEquals(reuse, postings))
        {
            entry.Free.Push(reuse); // not reusable for this field: keep it for another
        }
        entry.InUse.Add(postings);
        return postings;
    }

    /// <summary>The postings with positions of the term <paramref name="terms"/> is positioned on (for phrases), reused after the search.</summary>
    public DocsAndPositionsEnum? Positions(AtomicReaderContext segment, TermsEnum terms, Lucene.Net.Util.IBits? liveDocs)
    {
        var entry = _segments[segment.Ord];
        entry.FreePositions.TryPop(out var reuse);
        var positions = terms.DocsAndPositions(liveDocs, reuse, DocsAndPositionsFlags.NONE);
        if (reuse is not null && !ReferenceEquals(reuse, positions))
        {
            entry.FreePositions.Push(reuse);
        }
        if (positions is not null)
        {
            entry.InUsePositions.Add(positions);
        }
        return positions;
    }

    /// <summary>Ends the lease: every enumerator handed out is free again.</summary>
    public void Dispose()
    {
        foreach (var entry in _segments)
        {
            Release(entry.InUse, entry.Free);
            Release(entry.InUsePositions, entry.FreePositions);
        }
        t_idle = this;
    }

    private static void Release<T>(List<T> inUse, Stack<T> free)
    {
        foreach (var postings in inUse)
        {
            if (free.Count < MaximumFreePerSegment)
            {
                free.Push(postings);
            }
        }
        inUse.Clear();
    }

    /// <summary>Keeps the enumerators of segments the new reader still has (merged-away segments' are dropped).</summary>
    private void Prepare(IndexReader reader)
    {
        if (ReferenceEquals(reader, _reader))
        {
            return;
        }
        var leaves = reader.Leaves;
        var segments = new Segment[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            var core = leaves[i].AtomicReader.CoreCacheKey;
            segments[i] = Array.Find(_segments, s => ReferenceEquals(s.Core, core)) ?? new Segment(core);
        }
        _segments = segments;
        _reader = reader;
    }

    private sealed class Segment(object core)
    {
        public object Core { get; } = core;

        public Dictionary<string, TermsEnum?> Terms { get; } = new(StringComparer.Ordinal);

        public Stack<DocsEnum> Free { get; } = new();

        public List<DocsEnum> InUse { get; } = [];

        public Stack<DocsAndPositionsEnum> FreePositions { get; } = new();

        public List<DocsAndPositionsEnum> InUsePositions { get; } = [];
    }
}
