using Epss.Content.Diagnostics;
using Epss.Content.Model;
using Epss.Content.Parsing;

namespace Epss.Content.Flow;

/// <summary>
/// The ways through a guide (its first step, the next step, the options of decisions), and what a link into the middle
/// of a guide makes an official skip.
/// </summary>
public static class GuideFlow
{
    /// <summary>
    /// The steps an official passes on some way from the guide's first step to <paramref name="stepId"/>, in file
    /// order, the step itself not included. Empty for the first step or an unknown one.
    /// </summary>
    public static IReadOnlyList<Step> StepsBefore(Guide guide, string stepId)
    {
        ArgumentNullException.ThrowIfNull(guide);
        if (guide.Steps.IsEmpty || guide.FindStep(stepId) is null || guide.Steps[0].Id == stepId)
        {
            return [];
        }
        var byId = guide.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        IEnumerable<string> NextOf(Step step) =>
            step.Next.Where(n => n.GuideId is null && n.StepId is not null && byId.ContainsKey(n.StepId)).Select(n => n.StepId!);

        // Forward from the first step, stopping at the target: what can come before it.
        var fromStart = new HashSet<string>(StringComparer.Ordinal) { guide.Steps[0].Id };
        var queue = new Queue<string>([guide.Steps[0].Id]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in NextOf(byId[id]).Where(n => n != stepId && fromStart.Add(n)))
            {
                queue.Enqueue(next);
            }
        }
        // Backward from the target: what leads to it.
        var predecessors = guide.Steps.SelectMany(s => NextOf(s).Select(n => (From: s.Id, To: n))).ToLookup(e => e.To, e => e.From, StringComparer.Ordinal);
        var toTarget = new HashSet<string>(StringComparer.Ordinal);
        queue.Enqueue(stepId);
        while (queue.TryDequeue(out var id))
        {
            foreach (var previous in predecessors[id].Where(p => p != stepId && toTarget.Add(p)))
            {
                queue.Enqueue(previous);
            }
        }
        return [.. guide.Steps.Where(s => fromStart.Contains(s.Id) && toTarget.Contains(s.Id))];
    }

    /// <summary>
    /// A warning when <paramref name="reference"/> enters <paramref name="target"/> at a step that lies past steps with
    /// checks, so that an official who follows it skips them; null when it does not, or when the author marked the
    /// jump as deliberate (a link title starting with "bewust").
    /// </summary>
    public static ContentDiagnostic? JumpPastChecks(string file, GuideReference reference, Guide target)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(target);
        if (reference.StepId is not { } stepId || reference.Deliberate || reference.Kind == ReferenceKind.Related)
        {
            return null;
        }
        var skipped = StepsBefore(target, stepId).Where(s => !s.Checks.IsEmpty).ToList();
        if (skipped.Count == 0)
        {
            return null;
        }
        var names = string.Join(", ", skipped.Select(s => $"'{s.Title}'"));
        return new ContentDiagnostic(file, reference.Line, reference.Column, DiagnosticLevel.Warning, DiagnosticCodes.JumpPastChecks,
            $"De link naar '{target.Id}#{stepId}' slaat in '{target.Title}' {(skipped.Count == 1 ? "de stap" : "de stappen")} {names} met controlepunten over. "
            + $"Link naar het begin van die gids of naar de eerste stap die nog moet gebeuren. Zijn die controles al gedaan, schrijf dan achter de link waarom: (guide:{target.Id}#{stepId} \"bewust: …\").");
    }
}
