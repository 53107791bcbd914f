using System.Text.RegularExpressions;
using Epss.Usage.Analytics;

namespace Epss.UsageGenerator;

/// <summary>A guide as the generator walks it: the catalogue's view plus which steps end it and what they highlight.</summary>
public sealed record SampleGuide(GuideInfo Info, IReadOnlySet<string> EndSteps, IReadOnlyDictionary<string, string> Targets);

/// <summary>
/// Reads the guides of a content folder just far enough to generate usage for them: front matter id, title, owner and
/// review-by; each <c>##</c> step's id, title, <c>.end</c> and <c>target</c>; decision options (list items that are
/// one link to a step or a guide). Not the real parser (Epss.Content): the generator must not depend on it.
/// </summary>
public static partial class SampleGuides
{
    public static IReadOnlyList<SampleGuide> Load(string contentPath)
    {
        var guides = new List<SampleGuide>();
        foreach (var file in Directory.EnumerateFiles(contentPath, "*.md").Order(StringComparer.Ordinal))
        {
            if (Parse(File.ReadAllText(file)) is { } guide)
            {
                guides.Add(guide);
            }
        }
        return guides;
    }

    public static GuideCatalog Catalog(IEnumerable<SampleGuide> guides) => new([.. guides.Select(g => g.Info)]);

    public static SampleGuide? Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0] != "---")
        {
            return null;
        }
        var end = Array.IndexOf(lines, "---", 1);
        if (end < 0)
        {
            return null;
        }
        string? Field(string name) => lines[1..end].Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(l => l[(name.Length + 1)..].Trim().Trim('"')).FirstOrDefault();
        var id = Field("id");
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        DateOnly? reviewBy = DateOnly.TryParseExact(Field("review-by") ?? "", "yyyy-MM-dd", out var by) ? by : null;

        var steps = new List<(string Id, string Title, List<OptionInfo> Options)>();
        var ends = new HashSet<string>(StringComparer.Ordinal);
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in lines[(end + 1)..])
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence)
            {
                continue;
            }
            if (Heading().Match(line) is { Success: true } heading)
            {
                var attributes = heading.Groups["attrs"].Value;
                var stepId = StepId().Match(attributes) is { Success: true } m ? m.Groups[1].Value : null;
                if (stepId is null)
                {
                    continue;
                }
                steps.Add((stepId, heading.Groups["title"].Value.Trim(), []));
                if (EndClass().IsMatch(attributes))
                {
                    ends.Add(stepId);
                }
                if (Target().Match(attributes) is { Success: true } target)
                {
                    targets[stepId] = target.Groups[1].Value.Split(',')[0].Trim();
                }
            }
            else if (steps.Count > 0 && Option().Match(line) is { Success: true } option)
            {
                var to = option.Groups["to"].Value;
                steps[^1].Options.Add(to.StartsWith('#')
                    ? new OptionInfo(option.Groups["label"].Value, to[1..], null)
                    : to["guide:".Length..].Split('#') is var parts && parts.Length > 1
                        ? new OptionInfo(option.Groups["label"].Value, parts[1], parts[0])
                        : new OptionInfo(option.Groups["label"].Value, null, parts[0]));
            }
        }
        var info = new GuideInfo(id, Field("title") ?? id, Field("owner"), reviewBy,
            [.. steps.Select(s => new StepInfo(s.Id, s.Title, s.Options))]);
        return new SampleGuide(info, ends, targets);
    }

    [GeneratedRegex(@"^##\s+(?<title>[^{]+?)\s*(?:\{(?<attrs>[^}]*)\})?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"#([a-z0-9-]+)")]
    private static partial Regex StepId();

    [GeneratedRegex(@"(?:^|\s)\.end(?:\s|$)")]
    private static partial Regex EndClass();

    [GeneratedRegex("target=\"([^\"]+)\"")]
    private static partial Regex Target();

    // A link may carry a title ("bewust: …", marking a jump past another guide's checks as intended); it is no part of the option.
    [GeneratedRegex(@"^\s*-\s+\[(?<label>[^\]]+)\]\((?<to>#[a-z0-9-]+|guide:[a-z0-9-]+(?:#[a-z0-9-]+)?)(?:\s+""[^""]*"")?\)\s*$")]
    private static partial Regex Option();
}
