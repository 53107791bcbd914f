using System.Collections.Immutable;
using Epss.Content.Synonyms;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Epss.Search.Querying;

/// <summary>
/// The shared synonym list prepared for queries: finds the longest group member at a position of the typed
/// words, and gives every member of that group as stems.
/// </summary>
internal sealed class SynonymExpander
{
    public const int MaximumPhraseLength = 4;

    private readonly Dictionary<string, List<(string[] Tokens, int Group)>> _byFirstToken = new(StringComparer.Ordinal);
    private readonly ImmutableArray<ImmutableArray<string[]>> _groupStems;

    public SynonymExpander(SynonymList list, Analyzer folding, Analyzer stemming)
    {
        var groups = ImmutableArray.CreateBuilder<ImmutableArray<string[]>>(list.Groups.Length);
        for (var g = 0; g < list.Groups.Length; g++)
        {
            var stems = ImmutableArray.CreateBuilder<string[]>();
            foreach (var member in list.Groups[g])
            {
                var tokens = Tokens(folding, member);
                if (tokens.Length is > 0 and <= MaximumPhraseLength)
                {
                    if (!_byFirstToken.TryGetValue(tokens[0], out var entries))
                    {
                        _byFirstToken[tokens[0]] = entries = [];
                    }
                    entries.Add((tokens, g));
                }
                var memberStems = Tokens(stemming, member);
                if (memberStems.Length > 0 && !stems.Any(s => s.SequenceEqual(memberStems)))
                {
                    stems.Add(memberStems);
                }
            }
            groups.Add(stems.ToImmutable());
        }
        _groupStems = groups.MoveToImmutable();
    }

    public static SynonymExpander Empty(Analyzer folding, Analyzer stemming) => new(SynonymList.Empty, folding, stemming);

    /// <summary>The longest group member that starts at <paramref name="start"/>: how many tokens it spans, and the group's members as stems.</summary>
    public (int Length, ImmutableArray<string[]> Alternatives)? Match(IReadOnlyList<string> tokens, int start)
    {
        if (!_byFirstToken.TryGetValue(tokens[start], out var entries))
        {
            return null;
        }
        (int Length, int Group)? best = null;
        foreach (var (memberTokens, group) in entries)
        {
            if (memberTokens.Length > tokens.Count - start || (best is { } b && b.Length >= memberTokens.Length))
            {
                continue;
            }
            var matches = true;
            for (var i = 1; i < memberTokens.Length && matches; i++)
            {
                matches = string.Equals(memberTokens[i], tokens[start + i], StringComparison.Ordinal);
            }
            if (matches)
            {
                best = (memberTokens.Length, group);
            }
        }
        return best is { } found ? (found.Length, _groupStems[found.Group]) : null;
    }

    public static string[] Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream("q", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }
        stream.End();
        return [.. tokens];
    }
}
