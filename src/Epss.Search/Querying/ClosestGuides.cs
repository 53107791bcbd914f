using Epss.Content.Model;
using Epss.Content.Text;

namespace Epss.Search.Querying;

/// <summary>
/// For a search that found nothing: the guides whose title, synonyms or tags share the most letter groups with
/// what was typed (trigram similarity), so "Niets gevonden" can still offer a way on. Cheap: a few hundred guides.
/// </summary>
internal static class ClosestGuides
{
    public static IReadOnlyList<GuideBrief> For(string query, IEnumerable<Guide> guides, int limit)
    {
        var wanted = Trigrams(query);
        if (wanted.Count == 0)
        {
            return [];
        }
        return [.. guides
            .Select(g => (Guide: g, Score: g.Synonyms.Concat(g.Tags).Append(g.Title).Max(name => Similarity(wanted, Trigrams(name)))))
            .Where(c => c.Score >= 0.15)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Guide.Title, StringComparer.CurrentCulture)
            .Take(limit)
            .Select(c => new GuideBrief(c.Guide.Id, c.Guide.Title, c.Guide.Summary))];
    }

    private static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static HashSet<string> Trigrams(string text)
    {
        var folded = " " + string.Join(' ', Slug.Fold(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " ";
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= folded.Length; i++)
        {
            grams.Add(folded.Substring(i, 3));
        }
        return folded.Trim().Length == 0 ? [] : grams;
    }
}
