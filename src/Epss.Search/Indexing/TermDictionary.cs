using System.Numerics;
using Lucene.Net.Index;

namespace Epss.Search.Indexing;

/// <summary>
/// The terms of one field of one index reader, with their document frequencies, read once when the reader opens: what
/// query words are looked up in (is the word known?), completed from (the word being typed) and corrected against
/// (typos). Lucene's own ways (a term enumerator per lookup, and <c>FuzzyQuery</c>, which builds Levenshtein automata
/// for every word it corrects) allocated 10–35 KB to plan a query, 1.4 MB for a typo; a sorted array and a bounded
/// edit distance on the few terms of about the right length and letters allocate nothing. Immutable and thread-safe.
/// </summary>
internal sealed class TermDictionary
{
    /// <summary>Longer terms are not typo candidates (no word is that long; the distance's buffers stay on the stack).</summary>
    private const int MaximumCandidateLength = 64;

    private readonly string[] _terms;
    private readonly int[] _docFreqs;
    private readonly uint[] _letters;

    /// <summary>Per term length, the indexes of the terms of that length (for typo candidates).</summary>
    private readonly int[][] _byLength;

    private TermDictionary(string[] terms, int[] docFreqs)
    {
        _terms = terms;
        _docFreqs = docFreqs;
        _letters = new uint[terms.Length];
        var counts = new int[MaximumCandidateLength + 1];
        for (var i = 0; i < terms.Length; i++)
        {
            _letters[i] = Letters(terms[i]);
            if (terms[i].Length <= MaximumCandidateLength)
            {
                counts[terms[i].Length]++;
            }
        }
        _byLength = new int[counts.Length][];
        for (var length = 0; length < counts.Length; length++)
        {
            _byLength[length] = new int[counts[length]];
            counts[length] = 0;
        }
        for (var i = 0; i < terms.Length; i++)
        {
            var length = terms[i].Length;
            if (length <= MaximumCandidateLength)
            {
                _byLength[length][counts[length]++] = i;
            }
        }
    }

    public static TermDictionary Empty { get; } = new([], []);

    public int Count => _terms.Length;

    public string this[int index] => _terms[index];

    /// <summary>Reads the terms of <paramref name="field"/> (all segments, document frequencies summed).</summary>
    public static TermDictionary Read(IndexReader reader, string field)
    {
        var terms = MultiFields.GetTerms(reader, field);
        if (terms is null)
        {
            return Empty;
        }
        var words = new List<string>();
        var docFreqs = new List<int>();
        var termsEnum = terms.GetEnumerator();
        while (termsEnum.MoveNext())
        {
            words.Add(termsEnum.Term.Utf8ToString());
            docFreqs.Add(termsEnum.DocFreq);
        }
        string[] sortedWords = [.. words];
        int[] sortedDocFreqs = [.. docFreqs];
        // The index orders terms by UTF-8 bytes; lookups here compare strings ordinally. The same for all but surrogates.
        Array.Sort(sortedWords, sortedDocFreqs, StringComparer.Ordinal);
        return new TermDictionary(sortedWords, sortedDocFreqs);
    }

    /// <summary>In how many documents <paramref name="term"/> occurs (deleted ones included, as Lucene counts); 0 when unknown.</summary>
    public int DocFreq(string term)
    {
        var index = Array.BinarySearch(_terms, term, StringComparer.Ordinal);
        return index >= 0 ? _docFreqs[index] : 0;
    }

    /// <summary>
    /// The most frequent terms that begin with <paramref name="prefix"/> (most documents first, then the shortest,
    /// then in term order), other than <paramref name="except"/>, looking at no more than <paramref name="scanLimit"/>
    /// terms. Fills <paramref name="best"/> with their indexes and returns how many there are.
    /// </summary>
    public int Completions(string prefix, string? except, int scanLimit, Span<int> best)
    {
        var count = 0;
        var scanned = 0;
        for (var i = LowerBound(prefix); i < _terms.Length && _terms[i].StartsWith(prefix, StringComparison.Ordinal) && ++scanned <= scanLimit; i++)
        {
            if (string.Equals(_terms[i], except, StringComparison.Ordinal))
            {
                continue;
            }
            // Insertion into the short list, kept best first; equal candidates keep term order.
            var at = count;
            while (at > 0 && IsBetterCompletion(i, best[at - 1]))
            {
                at--;
            }
            if (at >= best.Length)
            {
                continue;
            }
            var last = Math.Min(count, best.Length - 1);
            for (var j = last; j > at; j--)
            {
                best[j] = best[j - 1];
            }
            best[at] = i;
            count = Math.Min(count + 1, best.Length);
        }
        return count;
    }

    /// <summary>
    /// The terms nearest <paramref name="text"/> within <paramref name="maxEdits"/> edits (insertions, deletions,
    /// substitutions, transpositions of neighbours), as Lucene's <c>FuzzyQuery</c> chooses them: by similarity
    /// 1 − edits / (length of the shorter), then in term order. Fills <paramref name="best"/> (indexes and similarities,
    /// in term order) and returns how many there are.
    /// </summary>
    public int Nearest(string text, int maxEdits, Span<(int Index, float Similarity)> best)
    {
        if (text.Length > MaximumCandidateLength || best.Length == 0)
        {
            return 0;
        }
        var letters = Letters(text);
        var count = 0;
        for (var length = Math.Max(1, text.Length - maxEdits); length <= Math.Min(MaximumCandidateLength, text.Length + maxEdits); length++)
        {
            foreach (var i in _byLength[length])
            {
                // Each edit changes at most two of the letters a word has: a cheap test that rules out most terms.
                if (BitOperations.PopCount(letters ^ _letters[i]) > 2 * maxEdits)
                {
                    continue;
                }
                var edits = EditDistance.Bounded(text, _terms[i], maxEdits);
                if (edits > maxEdits)
                {
                    continue;
                }
                var similarity = edits == 0 ? 1f : 1f - ((float)edits / Math.Min(text.Length, length));
                if (similarity <= 0)
                {
                    continue;
                }
                count = Insert(best, count, (i, similarity));
            }
        }
        // Lucene adds the chosen terms to its query in term order.
        best[..count].Sort((a, b) => a.Index.CompareTo(b.Index));
        return count;
    }

    /// <summary>Keeps <paramref name="best"/> ordered by similarity (then term order) and at most its length long.</summary>
    private static int Insert(Span<(int Index, float Similarity)> best, int count, (int Index, float Similarity) candidate)
    {
        var at = count;
        while (at > 0 && (candidate.Similarity > best[at - 1].Similarity
            || (candidate.Similarity == best[at - 1].Similarity && candidate.Index < best[at - 1].Index)))
        {
            at--;
        }
        if (at >= best.Length)
        {
            return count;
        }
        for (var j = Math.Min(count, best.Length - 1); j > at; j--)
        {
            best[j] = best[j - 1];
        }
        best[at] = candidate;
        return Math.Min(count + 1, best.Length);
    }

    private bool IsBetterCompletion(int candidate, int other) =>
        _docFreqs[candidate] > _docFreqs[other]
        || (_docFreqs[candidate] == _docFreqs[other] && _terms[candidate].Length < _terms[other].Length);

    /// <summary>The first index whose term is not before <paramref name="prefix"/>.</summary>
    private int LowerBound(string prefix)
    {
        int low = 0, high = _terms.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(_terms[middle], prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>Which letters a word has: a bit per letter a–z, the rest folded onto six more bits.</summary>
    private static uint Letters(string word)
    {
        var bits = 0u;
        foreach (var c in word)
        {
            bits |= c is >= 'a' and <= 'z' ? 1u << (c - 'a') : 1u << (26 + (c % 6));
        }
        return bits;
    }
}

/// <summary>The optimal string alignment distance (Damerau–Levenshtein without edits on a transposed pair), bounded.</summary>
internal static class EditDistance
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>, or <paramref name="bound"/> + 1 when it is larger.</summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int bound)
    {
        if (Math.Abs(a.Length - b.Length) > bound)
        {
            return bound + 1;
        }
        // Three rows of the classic table: two back (for transpositions), the previous and the current.
        Span<int> rows = stackalloc int[3 * (b.Length + 1)];
        var twoBack = rows[..(b.Length + 1)];
        var previous = rows.Slice(b.Length + 1, b.Length + 1);
        var current = rows[(2 * (b.Length + 1))..];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, twoBack[j - 2] + 1);
                }
                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }
            if (rowMinimum > bound)
            {
                return bound + 1;
            }
            var recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }
        return Math.Min(previous[b.Length], bound + 1);
    }
}
