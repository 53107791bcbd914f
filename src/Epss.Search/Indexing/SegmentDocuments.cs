using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Epss.Search.Indexing;

/// <summary>
/// Which guide each document of a segment belongs to (its <see cref="IndexFields.Guide"/> ordinal, −1 for none) and
/// whether it is a step, in plain arrays. Reading doc values from the index file costs tens of nanoseconds a
/// document, more than scoring it; a segment never changes, so this is read once per segment and shared by every
/// searcher that has it.
/// </summary>
internal sealed class SegmentDocuments
{
    private static readonly ConditionalWeakTable<object, SegmentDocuments> Cache = [];

    private readonly int[] _ordinals;
    private readonly ulong[] _steps;

    private SegmentDocuments(AtomicReader reader)
    {
        var ids = reader.GetSortedDocValues(IndexFields.Guide);
        var kinds = reader.GetNumericDocValues(IndexFields.IsStep);
        _ordinals = new int[reader.MaxDoc];
        _steps = new ulong[(reader.MaxDoc + 63) / 64];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            _ordinals[doc] = ids?.GetOrd(doc) ?? -1;
            if (kinds?.Get(doc) == 1)
            {
                _steps[doc >> 6] |= 1UL << doc;
            }
        }
    }

    public static SegmentDocuments Of(AtomicReaderContext segment) =>
        Cache.GetValue(segment.AtomicReader.CoreCacheKey, _ => new SegmentDocuments(segment.AtomicReader));

    /// <summary>The guide ordinal of <paramref name="doc"/>, or −1 when it has none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Ordinal(int doc) => _ordinals[doc];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsStep(int doc) => (_steps[doc >> 6] & (1UL << doc)) != 0;
}
