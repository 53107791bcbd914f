using System.Runtime.CompilerServices;
using Epss.Content.Model;
using Epss.Search.Context;
using Epss.Search.Indexing;

namespace Epss.Search.Querying;

/// <summary>
/// How much a page lifts each guide (<see cref="Lift"/>), for every guide of a searcher at once: a bit per guide
/// ordinal that fits the page, and the lift of those that do. A panel asks its searches from the same page object
/// while its official types, so the table is worked out on the second search from a page object (the first works
/// lifts out guide by guide, for the few that could reach the best) and kept as long as that page object and the
/// searcher's guides are current. Worked out guide by guide, a search from a page touched the context rules of some
/// 80 guides: cheap when they are in the processor's cache, up to 0.4 ms when other work has pushed them out.
/// </summary>
internal sealed class PageLifts
{
    /// <summary>The most a page can lift a guide.</summary>
    public const float MaximumLift = 1.25f;

    private static readonly ConditionalWeakTable<PageContext, Holder> Pages = [];

    private readonly ulong[][] _fits;
    private readonly Dictionary<Guide, float> _lifts;

    private PageLifts(SearcherGuides guides, ContextMatcher.Page page)
    {
        _fits = new ulong[guides.SegmentCount][];
        _lifts = [];
        for (var segment = 0; segment < guides.SegmentCount; segment++)
        {
            var bySegment = guides.Of(segment);
            var fits = _fits[segment] = new ulong[(bySegment.Length + 63) / 64];
            for (var ordinal = 0; ordinal < bySegment.Length; ordinal++)
            {
                if (bySegment[ordinal] is not { Context.IsEmpty: false } guide)
                {
                    continue;
                }
                if (!_lifts.TryGetValue(guide, out var lift))
                {
                    _lifts[guide] = lift = Lift(guide, page);
                }
                if (lift > 1f)
                {
                    fits[ordinal >> 6] |= 1UL << ordinal;
                }
            }
        }
    }

    /// <summary>
    /// A guide that fits the page the official is on ranks higher, by up to a quarter: enough to decide between
    /// guides that match the words about equally, not to overrule what was typed.
    /// </summary>
    public static float Lift(Guide guide, ContextMatcher.Page page) =>
        1f + (float)Math.Min(MaximumLift - 1, ContextMatcher.Strength(guide, page) * 0.15);

    /// <summary>
    /// The table for <paramref name="context"/> and these guides when this page object has been searched from before
    /// with them; null the first time (the caller then works lifts out guide by guide).
    /// </summary>
    public static PageLifts? For(PageContext context, ContextMatcher.Page page, SearcherGuides guides)
    {
        var holder = Pages.GetValue(context, static _ => new Holder());
        var seen = Volatile.Read(ref holder.Seen);
        if (seen is null || !ReferenceEquals(seen.Guides, guides))
        {
            Volatile.Write(ref holder.Seen, new Seen(guides, null));
            return null;
        }
        if (seen.Lifts is null)
        {
            // Two searches racing here both work it out; either table is right.
            seen = new Seen(guides, new PageLifts(guides, page));
            Volatile.Write(ref holder.Seen, seen);
        }
        return seen.Lifts;
    }

    /// <summary>The lift of the guide with <paramref name="ordinal"/> in <paramref name="segment"/> (1 when it does not fit the page).</summary>
    public float Of(int segment, int ordinal, Guide guide) =>
        (_fits[segment][ordinal >> 6] & (1UL << ordinal)) == 0 ? 1f : _lifts[guide];

    private sealed class Holder
    {
        public Seen? Seen;
    }

    /// <summary>The guides a page object was last searched with, and the table once it is worked out.</summary>
    private sealed record Seen(SearcherGuides Guides, PageLifts? Lifts);
}
