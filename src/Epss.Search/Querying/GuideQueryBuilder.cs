using Epss.Search.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Epss.Search.Querying;

/// <summary>A query ready to run, and the index terms it can match (for marking them in snippets).</summary>
internal sealed record PlannedQuery(Query Query, MatchedWords Matched);

/// <summary>The index terms a query can match, single and as phrases, for marking them in snippets.</summary>
internal sealed class MatchedWords
{
    private readonly HashSet<string> _terms = new(StringComparer.Ordinal);
    private readonly List<string[]> _phrases = [];

    public IReadOnlySet<string> Terms => _terms;

    /// <summary>Multi-word alternatives: marked only where their words stand together, not one by one.</summary>
    public IReadOnlyList<string[]> Phrases => _phrases;

    public void Add(string[] stems)
    {
        if (stems.Length == 1)
        {
            _terms.Add(stems[0]);
        }
        else if (!_phrases.Any(p => p.SequenceEqual(stems)))
        {
            _phrases.Add(stems);
        }
    }
}

/// <summary>
/// Turns what a person typed into a Lucene query. Each word (or synonym phrase) becomes one clause that
/// matches the word's stem in every field with that field's weight, plus its synonyms; the word being typed
/// also matches the most frequent index words it begins; a word the index does not know is matched by its
/// nearest known words (typos). Expansion happens here, once, against the index's dictionary, so that the
/// query itself is plain term and phrase queries and the snippet knows exactly which terms matched.
/// </summary>
internal sealed class GuideQueryBuilder(Analyzer folding, Analyzer stemming)
{
    public const int MaximumWords = 12;
    public const int PrefixExpansions = 8;
    public const int MinimumPrefixLength = 2;
    public const int FuzzyExpansions = 6;
    public const int MinimumFuzzyLength = 4;
    private const int PrefixScanLimit = 5000;
    private const float SynonymWeight = 0.8f;
    private const float PrefixWeight = 0.85f;
    private const float FuzzyWeight = 0.7f;
    private const float SpellingVariantWeight = 0.95f;
    private const float FieldTieBreaker = 0.15f;

    /// <summary>The words of a synonym phrase may have one other word between them.</summary>
    private const int PhraseSlop = 1;

    public PlannedQuery? Build(string text, GuideSearcher searcher, SynonymExpander synonyms, PostingsPool postings)
    {
        var words = SynonymExpander.Tokens(folding, text).Take(MaximumWords).ToList();
        var stillTyping = text.Length > 0 && !char.IsWhiteSpace(text[^1]);
        var matched = new MatchedWords();
        var plan = new Plan(searcher, postings, matched);
        var query = new BooleanQuery(disableCoord: false);

        for (var i = 0; i < words.Count;)
        {
            var clause = new DisjunctionMaxQuery(FieldTieBreaker);
            var isLast = i == words.Count - 1;
            string? ownStem = null;
            var hasMatch = false;

            if (synonyms.Match(words, i) is { } synonym)
            {
                foreach (var alternative in synonym.Alternatives)
                {
                    hasMatch |= AddAlternative(clause, alternative, SynonymWeight, plan);
                }
                // The words as typed weigh more than the other members of their group.
                var typed = SynonymExpander.Tokens(stemming, string.Join(' ', words.Skip(i).Take(synonym.Length)));
                hasMatch |= AddAlternative(clause, typed, 1f, plan);
                isLast = i + synonym.Length == words.Count;
                i += synonym.Length;
            }
            else
            {
                var stems = SynonymExpander.Tokens(stemming, words[i]);
                ownStem = stems.Length == 1 ? stems[0] : null;
                if (ownStem is null && !(isLast && stillTyping))
                {
                    i++;
                    continue; // a stop word
                }
                if (ownStem is not null)
                {
                    hasMatch |= AddAlternative(clause, [ownStem], 1f, plan);
                }
                if (isLast && stillTyping && words[i].Length >= MinimumPrefixLength)
                {
                    hasMatch |= AddPrefixCompletions(clause, words[i], ownStem, plan);
                }
                if (!hasMatch)
                {
                    hasMatch |= AddSpellingVariant(clause, words[i], plan);
                }
                if (!hasMatch && ownStem is { Length: >= MinimumFuzzyLength })
                {
                    hasMatch |= AddNearestStems(clause, ownStem, plan);
                }
                // A typo can make the stemmer cut a word differently ("paspoot" becomes "paspot", two edits from
                // "paspoort"; "vingrafdrukkn" keeps its "kn"): compare the word as typed with the words as written.
                if (!hasMatch && ownStem is not null && words[i].Length >= MinimumFuzzyLength)
                {
                    hasMatch |= AddNearestWrittenWords(clause, words[i], plan);
                }
                i++;
            }

            if (hasMatch)
            {
                query.Add(clause, Occur.SHOULD);
            }
        }
        return query.Clauses.Count == 0 ? null : new PlannedQuery(query, matched);
    }

    /// <summary>What one query is planned with.</summary>
    private sealed record Plan(GuideSearcher Searcher, PostingsPool Postings, MatchedWords Matched);

    private static bool AddAlternative(DisjunctionMaxQuery clause, string[] stems, float weight, Plan plan)
    {
        if (stems.Length == 0)
        {
            return false;
        }
        foreach (var stem in stems)
        {
            if (plan.Searcher.Stems.DocFreq(stem) == 0)
            {
                return false;
            }
        }
        // One BytesRef per word, shared by the queries of all fields.
        var terms = new BytesRef[stems.Length];
        for (var i = 0; i < stems.Length; i++)
        {
            terms[i] = new BytesRef(stems[i]);
        }
        foreach (var (field, boost) in IndexFields.Weighted)
        {
            var query = terms.Length == 1
                ? new FieldTermQuery(field, terms[0], plan.Postings)
                : FieldPhraseQuery.For(field, terms, PhraseSlop, plan.Postings);
            query.Boost = boost * weight;
            clause.Add(query);
        }
        plan.Matched.Add(stems);
        return true;
    }

    /// <summary>Search as you type: the most frequent index words that begin with what has been typed so far.</summary>
    private static bool AddPrefixCompletions(DisjunctionMaxQuery clause, string prefix, string? ownStem, Plan plan)
    {
        Span<int> best = stackalloc int[PrefixExpansions];
        var count = plan.Searcher.Stems.Completions(prefix, ownStem, PrefixScanLimit, best);
        foreach (var index in best[..count])
        {
            AddAlternative(clause, [plan.Searcher.Stems[index]], PrefixWeight, plan);
        }
        return count > 0;
    }

    /// <summary>
    /// Dutch writers swap "ij" and "y" ("kwyt" for "kwijt"): two edits apart, too far for a short word's typo
    /// tolerance, so the other spelling is tried first.
    /// </summary>
    private bool AddSpellingVariant(DisjunctionMaxQuery clause, string word, Plan plan)
    {
        var variant = word.Contains("ij", StringComparison.Ordinal) ? word.Replace("ij", "y", StringComparison.Ordinal)
            : word.Contains('y', StringComparison.Ordinal) ? word.Replace("y", "ij", StringComparison.Ordinal)
            : null;
        return variant is not null
            && SynonymExpander.Tokens(stemming, variant) is [var stem]
            && AddAlternative(clause, [stem], SpellingVariantWeight, plan);
    }

    /// <summary>Typos: the stems within one edit (two for longer words) of a stem the index does not know.</summary>
    private static bool AddNearestStems(DisjunctionMaxQuery clause, string stem, Plan plan)
    {
        Span<(int Index, float Similarity)> nearest = stackalloc (int, float)[FuzzyExpansions];
        var found = false;
        foreach (var (index, similarity) in nearest[..plan.Searcher.Stems.Nearest(stem, MaximumEdits(stem), nearest)])
        {
            found |= AddAlternative(clause, [plan.Searcher.Stems[index]], FuzzyWeight * similarity, plan);
        }
        return found;
    }

    /// <summary>Typos, second try: the words as written in the guides that are nearest the word as typed, searched by their stems.</summary>
    private bool AddNearestWrittenWords(DisjunctionMaxQuery clause, string word, Plan plan)
    {
        Span<(int Index, float Similarity)> nearest = stackalloc (int, float)[FuzzyExpansions];
        var found = false;
        foreach (var (index, similarity) in nearest[..plan.Searcher.Words.Nearest(word, MaximumEdits(word), nearest)])
        {
            if (SynonymExpander.Tokens(stemming, plan.Searcher.Words[index]) is [var stem])
            {
                found |= AddAlternative(clause, [stem], FuzzyWeight * similarity, plan);
            }
        }
        return found;
    }

    /// <summary>One edit for a word of up to six letters, two from seven.</summary>
    private static int MaximumEdits(string word) => word.Length >= 7 ? 2 : 1;
}
