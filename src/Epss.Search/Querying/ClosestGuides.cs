using System.Runtime.CompilerServices;
using Epss.Content.Library;
using Epss.Content.Model;
using Epss.Content.Text;

namespace Epss.Search.Querying;

/// <summary>
/// For a search that found nothing: the guides whose title, synonyms or tags share the most letter groups with
/// what was typed (trigram similarity), so "Niets gevonden" can still offer a way on. The names' letter groups are
/// indexed once per library snapshot (letter group → names that have it), so a miss only visits the names that
/// share a group with what was typed: working them out for every guide per search made a miss cost 10 ms and
/// 1–2 MB on 1,017 guides, comparing every name still 2 ms.
/// </summary>
internal sealed class ClosestGuides
{
    private const double MinimumSimilarity = 0.15;

    private static readonly ConditionalWeakTable<GuideLibrarySnapshot, ClosestGuides> BySnapshot = [];

    /// <summary>What one search counts with, kept per thread: shared groups per name, best similarity per guide.</summary>
    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly Guide[] _guides;
    private readonly int[] _guideOfName;
    private readonly int[] _sizeOfName;
    private readonly ulong[] _groups;
    private readonly int[] _firstName;
    private readonly int[] _names;

    private ClosestGuides(GuideLibrarySnapshot snapshot)
    {
        _guides = [.. snapshot.Guides.Values];
        var guideOfName = new List<int>();
        var sizeOfName = new List<int>();
        var pairs = new List<(ulong Group, int Name)>();
        for (var g = 0; g < _guides.Length; g++)
        {
            foreach (var name in _guides[g].Synonyms.Concat(_guides[g].Tags).Append(_guides[g].Title))
            {
                var groups = Trigrams(name);
                foreach (var group in groups)
                {
                    pairs.Add((group, guideOfName.Count));
                }
                guideOfName.Add(g);
                sizeOfName.Add(groups.Length);
            }
        }
        pairs.Sort();
        _guideOfName = [.. guideOfName];
        _sizeOfName = [.. sizeOfName];
        _names = [.. pairs.Select(p => p.Name)];
        var groupsList = new List<ulong>();
        var firstName = new List<int>();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i == 0 || pairs[i].Group != pairs[i - 1].Group)
            {
                groupsList.Add(pairs[i].Group);
                firstName.Add(i);
            }
        }
        firstName.Add(pairs.Count);
        _groups = [.. groupsList];
        _firstName = [.. firstName];
    }

    /// <summary>
    /// The <paramref name="limit"/> guides of <paramref name="snapshot"/> most like <paramref name="query"/>, best
    /// first: by the best similarity of their names (at least 0.15), then by title, then in the snapshot's order.
    /// </summary>
    public static IReadOnlyList<GuideBrief> For(string query, GuideLibrarySnapshot snapshot, int limit)
    {
        var wanted = Trigrams(query);
        return wanted.Length == 0 ? [] : BySnapshot.GetValue(snapshot, static s => new ClosestGuides(s)).Closest(wanted, limit);
    }

    private IReadOnlyList<GuideBrief> Closest(ulong[] wanted, int limit)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Prepare(_sizeOfName.Length, _guides.Length);
        foreach (var group in wanted)
        {
            var at = Array.BinarySearch(_groups, group);
            if (at < 0)
            {
                continue;
            }
            for (var i = _firstName[at]; i < _firstName[at + 1]; i++)
            {
                scratch.Share(_names[i]);
            }
        }
        foreach (var name in scratch.TouchedNames)
        {
            var shared = scratch.Shared[name];
            // Jaccard similarity of the two sets of letter groups.
            scratch.Offer(_guideOfName[name], (double)shared / (wanted.Length + _sizeOfName[name] - shared));
        }
        var best = new List<int>(limit + 1);
        foreach (var guide in scratch.TouchedGuides)
        {
            if (scratch.Best[guide] < MinimumSimilarity)
            {
                continue;
            }
            var at = best.Count;
            while (at > 0 && IsBefore(guide, best[at - 1], scratch.Best))
            {
                at--;
            }
            if (at < limit)
            {
                best.Insert(at, guide);
                if (best.Count > limit)
                {
                    best.RemoveAt(limit);
                }
            }
        }
        return [.. best.Select(g => new GuideBrief(_guides[g].Id, _guides[g].Title, _guides[g].Summary))];
    }

    private bool IsBefore(int guide, int other, double[] best)
    {
        if (best[guide] != best[other])
        {
            return best[guide] > best[other];
        }
        var byTitle = StringComparer.CurrentCulture.Compare(_guides[guide].Title, _guides[other].Title);
        return byTitle != 0 ? byTitle < 0 : guide < other;
    }

    /// <summary>The different groups of three characters of the folded words, with a space before and after each word, sorted.</summary>
    private static ulong[] Trigrams(string text)
    {
        var folded = " " + string.Join(' ', Slug.Fold(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " ";
        if (folded.Trim().Length == 0)
        {
            return [];
        }
        var groups = new ulong[folded.Length - 2];
        for (var i = 0; i + 3 <= folded.Length; i++)
        {
            groups[i] = ((ulong)folded[i] << 32) | ((ulong)folded[i + 1] << 16) | folded[i + 2];
        }
        Array.Sort(groups);
        var distinct = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            if (distinct == 0 || groups[distinct - 1] != groups[i])
            {
                groups[distinct++] = groups[i];
            }
        }
        return groups[..distinct];
    }

    private sealed class Scratch
    {
        public int[] Shared { get; private set; } = [];

        public double[] Best { get; private set; } = [];

        public List<int> TouchedNames { get; } = [];

        public List<int> TouchedGuides { get; } = [];

        public void Prepare(int names, int guides)
        {
            // Left as zeros by the last search, unless it failed half way.
            Clear();
            if (Shared.Length < names)
            {
                Shared = new int[names];
            }
            if (Best.Length < guides)
            {
                Best = new double[guides];
            }
        }

        public void Share(int name)
        {
            if (Shared[name]++ == 0)
            {
                TouchedNames.Add(name);
            }
        }

        public void Offer(int guide, double similarity)
        {
            if (Best[guide] == 0)
            {
                TouchedGuides.Add(guide);
            }
            Best[guide] = Math.Max(Best[guide], similarity);
        }

        private void Clear()
        {
            foreach (var name in TouchedNames)
            {
                Shared[name] = 0;
            }
            foreach (var guide in TouchedGuides)
            {
                Best[guide] = 0;
            }
            TouchedNames.Clear();
            TouchedGuides.Clear();
        }
    }
}
