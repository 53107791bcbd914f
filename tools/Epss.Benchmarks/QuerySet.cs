namespace Epss.Benchmarks;

/// <summary>What people type: whole words, two words, an unfinished word, a word with a typo. Deterministic.</summary>
public static class QuerySet
{
    public const string SingleWord = "one word";
    public const string TwoWords = "two words";
    public const string Prefix = "unfinished word";
    public const string Typo = "one typo";

    /// <summary>All four kinds, a quarter each.</summary>
    public const string Mixed = "mixed";

    public static IReadOnlyList<(string Kind, string Query)> Create(IReadOnlyList<string> vocabulary, int perKind = 50, int seed = 7)
    {
        var random = new Random(seed);
        var words = vocabulary.Where(w => w.Length >= 5).ToList();
        string Word() => words[random.Next(words.Count)];
        var queries = new List<(string, string)>();
        for (var i = 0; i < perKind; i++)
        {
            queries.Add((SingleWord, Word() + " "));
            queries.Add((TwoWords, $"{Word()} {Word()} "));
            var word = Word();
            queries.Add((Prefix, word[..random.Next(3, Math.Min(6, word.Length))]));
            queries.Add((Typo, WithTypo(Word(), random) + " "));
        }
        return queries;
    }

    /// <summary>
    /// The <paramref name="count"/> queries of one kind, or for <see cref="Mixed"/> as many taken in turn from each
    /// kind (the set holds the kinds interleaved: one word, two words, unfinished, typo, one word, …).
    /// </summary>
    public static IReadOnlyList<string> OfKind(IReadOnlyList<(string Kind, string Query)> queries, string kind, int count) =>
        kind == Mixed
            ? [.. Enumerable.Range(0, count).Select(i => queries[(4 * i) + (i % 4)].Query)]
            : [.. queries.Where(q => q.Kind == kind).Take(count).Select(q => q.Query)];

    private static string WithTypo(string word, Random random)
    {
        var at = random.Next(1, word.Length - 1);
        return random.Next(4) switch
        {
            0 => word[..at] + word[(at + 1)..],                                   // a letter left out
            1 => word[..at] + (char)('a' + random.Next(26)) + word[at..],          // a letter too many
            2 => word[..at] + (char)('a' + random.Next(26)) + word[(at + 1)..],    // a wrong letter
            _ => word[..(at - 1)] + word[at] + word[at - 1] + word[(at + 1)..],    // two letters swapped
        };
    }
}
