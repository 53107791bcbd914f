using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Epss.Benchmarks;

/// <summary>
/// Writes realistic, valid guides for measurements: the words of the sample content, the shape of a real guide
/// (front matter, 5–9 steps with text, checks, alerts and decisions), 3–6 kB each. Deterministic for a seed.
/// </summary>
public sealed partial class GuideGenerator
{
    private static readonly string[] Glue = ["de", "het", "een", "en", "van", "met", "voor", "als", "dan", "bij", "op", "aan", "of", "niet", "je", "de klant"];
    private static readonly string[] AlertKinds = ["WARNING", "TIP", "NOTE", "IMPORTANT"];

    private readonly Random _random;

    public GuideGenerator(IReadOnlyList<string> vocabulary, int seed = 20261125)
    {
        if (vocabulary.Count < 50)
        {
            throw new ArgumentException("A vocabulary of at least 50 words is needed.", nameof(vocabulary));
        }
        Vocabulary = vocabulary;
        _random = new Random(seed);
    }

    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>The distinct words (4+ letters) of the guides in <paramref name="contentFolder"/>, in a stable order.</summary>
    public static IReadOnlyList<string> VocabularyOf(string contentFolder) =>
        [.. Directory.EnumerateFiles(contentFolder, "*.md")
            .Where(f => !f.EndsWith("README.md", StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => Words().Matches(Body(File.ReadAllText(f))).Select(m => m.Value.ToLowerInvariant()))
            .Where(w => w.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>Writes <paramref name="count"/> guides named gen-0001.md … into <paramref name="folder"/>.</summary>
    public IReadOnlyList<string> WriteGuides(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var ids = Enumerable.Range(1, count).Select(i => $"gen-{i:0000}").ToList();
        foreach (var id in ids)
        {
            File.WriteAllText(Path.Combine(folder, id + ".md"), Guide(id, ids));
        }
        return ids;
    }

    /// <summary>One guide's Markdown.</summary>
    public string Guide(string id, IReadOnlyList<string> allIds)
    {
        var text = new StringBuilder(6 * 1024);
        var title = Capitalize(Phrase(2, 4));
        text.AppendLine("---");
        text.AppendLine(CultureInfo.InvariantCulture, $"id: {id}");
        text.AppendLine(CultureInfo.InvariantCulture, $"title: {title}");
        text.AppendLine(CultureInfo.InvariantCulture, $"summary: Gebruik dit als {Sentence(10, 18).TrimEnd('.')}.");
        text.AppendLine("roles: [baliemedewerker]");
        text.AppendLine(CultureInfo.InvariantCulture, $"tags: [{string.Join(", ", Words(2, 4))}]");
        text.AppendLine(CultureInfo.InvariantCulture, $"synonyms: [{string.Join(", ", Enumerable.Range(0, _random.Next(3, 7)).Select(_ => Phrase(1, 2)))}]");
        text.AppendLine("context:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  urls: [\"*/{Word()}/{Word()}*\"]");
        text.AppendLine("  apps: [burgerzaken]");
        text.AppendLine(CultureInfo.InvariantCulture, $"  titles: [{Capitalize(Phrase(1, 2))}]");
        text.AppendLine(CultureInfo.InvariantCulture, $"owner: team-{Word()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"review-by: 2027-{_random.Next(1, 13):00}-{_random.Next(1, 29):00}");
        text.AppendLine(CultureInfo.InvariantCulture, $"related: [{string.Join(", ", Enumerable.Range(0, 2).Select(_ => allIds[_random.Next(allIds.Count)]).Where(r => r != id).Distinct())}]");
        text.AppendLine("---");
        text.AppendLine();
        text.AppendLine(Sentence(12, 25));
        text.AppendLine();

        var steps = Enumerable.Range(1, _random.Next(5, 10)).Select(n => $"stap-{n}").ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            var isLast = i == steps.Count - 1;
            var target = _random.Next(3) == 0 ? $" target=\"#{Word()}\"" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"## {Capitalize(Phrase(2, 5))} {{#{steps[i]}{target}{(isLast ? " .end" : "")}}}");
            text.AppendLine();
            for (var p = _random.Next(1, 4); p > 0; p--)
            {
                text.AppendLine(string.Join(' ', Enumerable.Range(0, _random.Next(2, 5)).Select(_ => Sentence(8, 16))));
                text.AppendLine();
            }
            var checks = _random.Next(0, 5);
            for (var c = 0; c < checks; c++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- [ ] {Capitalize(Phrase(3, 6))} {c + 1}");
            }
            if (checks > 0)
            {
                text.AppendLine();
            }
            if (_random.Next(3) == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"> [!{AlertKinds[_random.Next(AlertKinds.Length)]}]");
                text.AppendLine(CultureInfo.InvariantCulture, $"> {Sentence(8, 20)}");
                text.AppendLine();
            }
            // A decision now and then, always leading forward so that every step stays reachable.
            if (!isLast && i + 2 < steps.Count && _random.Next(3) == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{Capitalize(Phrase(3, 6))}?");
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"- [Ja, {Phrase(2, 4)}](#{steps[i + 1]})");
                text.AppendLine(CultureInfo.InvariantCulture, $"- [Nee, {Phrase(2, 4)}](#{steps[i + 2]})");
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    /// <summary>The text after the front matter.</summary>
    private static string Body(string guide)
    {
        var end = guide.IndexOf("\n---", 3, StringComparison.Ordinal);
        return end < 0 ? guide : guide[(end + 4)..];
    }

    private string Word() => Vocabulary[_random.Next(Vocabulary.Count)];

    private IEnumerable<string> Words(int min, int max) => Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Word()).Distinct();

    private string Phrase(int min, int max) => string.Join(' ', Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Word()));

    private string Sentence(int min, int max)
    {
        var words = Enumerable.Range(0, _random.Next(min, max + 1))
            .Select(_ => _random.Next(3) == 0 ? Glue[_random.Next(Glue.Length)] : Word());
        return Capitalize(string.Join(' ', words)) + ".";
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
