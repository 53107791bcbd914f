using System.Net.Http.Json;
using System.Text.Json;

namespace Epss.EndToEnd.Tests.Support;

/// <summary>
/// A guide as the server serves it (<c>GET /api/guides/{id}</c>): used to plan a walk through the panel, never to
/// drive it.
/// </summary>
public sealed record GuideMap(string Id, string Title, GuideMap.Step[] Steps)
{
    public static async Task<GuideMap> ReadAsync(PanelServer server, string id, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = server.Address };
        return await client.GetFromJsonAsync<GuideMap>(new Uri($"/api/guides/{id}", UriKind.Relative), JsonSerializerOptions.Web, cancellationToken)
            ?? throw new InvalidOperationException($"No guide '{id}'.");
    }

    /// <summary>"Stap n van m": the step's place in the file, from 1.</summary>
    public int Number(Step step) => Array.IndexOf(Steps, step) + 1;

    /// <summary>
    /// The longest way from <paramref name="fromStepId"/> to a step that ends the guide ("Klaar") that stays within
    /// the guide, each step with the way on that is taken (null at the end); null when there is none.
    /// </summary>
    public IReadOnlyList<(Step Step, Next? Option)>? RouteToEnd(string fromStepId)
    {
        var steps = Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        List<(Step, Next?)>? best = null;
        var path = new List<(Step, Next?)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Walk(Step step)
        {
            seen.Add(step.Id);
            if (step.EndsGuide)
            {
                path.Add((step, null));
                if (best is null || path.Count > best.Count)
                {
                    best = [.. path];
                }
                path.RemoveAt(path.Count - 1);
            }
            foreach (var option in step.WaysOnWithinGuide())
            {
                if (steps.TryGetValue(option.StepId!, out var next) && !seen.Contains(next.Id))
                {
                    path.Add((step, option));
                    Walk(next);
                    path.RemoveAt(path.Count - 1);
                }
            }
            seen.Remove(step.Id);
        }

        Walk(steps[fromStepId]);
        return best;
    }

    public sealed record Step(string Id, string Title, Check[] Checks, Next[] Next, bool IsDecision, bool IsEnd)
    {
        /// <summary>The panel shows "Klaar" here: an end step, or a step that leads nowhere and is no decision.</summary>
        public bool EndsGuide => !(IsDecision && Next.Length > 0) && (IsEnd || Next.Length == 0);

        /// <summary>The options of a decision, or the one way on, that lead to a step of this guide.</summary>
        public IEnumerable<Next> WaysOnWithinGuide() =>
            (IsDecision ? Next : EndsGuide ? [] : Next.Take(1)).Where(n => n.GuideId is null && n.StepId is not null);
    }

    public sealed record Check(string Id, string Text);

    public sealed record Next(string Label, string? StepId, string? GuideId);
}
