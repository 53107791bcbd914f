using System.Runtime.CompilerServices;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Epss.Search.Querying;

/// <summary>
/// A text as the index sees it: each word's stem, place in the text and position. Made once per text and kept
/// as long as that text is alive (a guide's version in the library), so snippets need no analysis per hit.
/// </summary>
internal sealed class TextTokens
{
    private static readonly ConditionalWeakTable<string, TextTokens> Cache = [];
    private static readonly Analyzer Stemming = Analysis.GuideAnalyzer.Create();

    private TextTokens(string[] stems, int[] starts, int[] ends, int[] positions)
    {
        Stems = stems;
        Starts = starts;
        Ends = ends;
        Positions = positions;
    }

    public string[] Stems { get; }

    public int[] Starts { get; }

    public int[] Ends { get; }

    public int[] Positions { get; }

    public int Count => Stems.Length;

    /// <summary>The tokens of <paramref name="text"/>; the same instance for the same string object.</summary>
    public static TextTokens Of(string text) => Cache.GetValue(text, Analyse);

    private static TextTokens Analyse(string text)
    {
        var stems = new List<string>();
        var starts = new List<int>();
        var ends = new List<int>();
        var positions = new List<int>();
        using var stream = Stemming.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            stems.Add(term.ToString());
            starts.Add(offset.StartOffset);
            ends.Add(offset.EndOffset);
            positions.Add(position);
        }
        stream.End();
        return new TextTokens([.. stems], [.. starts], [.. ends], [.. positions]);
    }
}
