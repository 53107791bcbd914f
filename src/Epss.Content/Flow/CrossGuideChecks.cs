using Epss.Content.Diagnostics;
using Epss.Content.Library;
using Epss.Content.Parsing;

namespace Epss.Content.Flow;

/// <summary>
/// The checks only the other guides can answer: does a linked guide and step exist, does a link skip checks, can a
/// step be reached from anywhere. <see cref="GuideLibrary"/> makes them for every file it reads; <see cref="Check"/>
/// makes them for one text against a library, as the editor's live lint does, with the same codes and messages.
/// </summary>
public static class CrossGuideChecks
{
    public static string UnknownGuideMessage(string guideId) => $"Er is geen gids met id '{guideId}'.";

    public static string UnknownStepMessage(string guideId, string stepId) => $"De gids '{guideId}' heeft geen stap '{stepId}'.";

    public static string UnreachableMessage(string stepId) =>
        $"Stap '{stepId}' is niet te bereiken: geen keuze of vorige stap leidt ernaartoe. Voeg een keuze toe, of maak de vorige stap niet .end.";

    /// <summary>
    /// The problems of <paramref name="parsed"/> that depend on the guides in <paramref name="library"/>: links to guides
    /// or steps that do not exist, links that skip checks, and steps that nothing leads to (a step another guide links to
    /// is reached).
    /// </summary>
    public static IReadOnlyList<ContentDiagnostic> Check(GuideParseResult parsed, GuideLibrarySnapshot library)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(library);
        var ownId = parsed.Id?.Value;
        var problems = new List<ContentDiagnostic>();
        foreach (var reference in parsed.References)
        {
            var target = reference.GuideId == ownId ? parsed.Guide : library.Find(reference.GuideId);
            if (target is null)
            {
                if (reference.GuideId != ownId)
                {
                    problems.Add(new ContentDiagnostic(parsed.File, reference.Line, reference.Column, DiagnosticLevel.Error,
                        reference.Kind == ReferenceKind.Related ? DiagnosticCodes.RelatedUnknown : DiagnosticCodes.LinkGuideUnknown,
                        UnknownGuideMessage(reference.GuideId)));
                }
                continue;
            }
            if (reference.StepId is { } stepId && target.FindStep(stepId) is null)
            {
                problems.Add(new ContentDiagnostic(parsed.File, reference.Line, reference.Column, DiagnosticLevel.Error,
                    DiagnosticCodes.LinkGuideStepUnknown, UnknownStepMessage(reference.GuideId, stepId)));
                continue;
            }
            if (GuideFlow.JumpPastChecks(parsed.File, reference, target) is { } jump)
            {
                problems.Add(jump);
            }
        }

        var entered = library.Guides.Values
            .Where(g => g.Id != ownId)
            .SelectMany(g => g.Links)
            .Where(l => l.GuideId == ownId && l.StepId is not null)
            .Select(l => l.StepId!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var step in parsed.UnreachableSteps.Where(s => !entered.Contains(s.Value)))
        {
            problems.Add(new ContentDiagnostic(parsed.File, step.Line, step.Column, DiagnosticLevel.Warning,
                DiagnosticCodes.StepUnreachable, UnreachableMessage(step.Value)));
        }
        return problems;
    }
}
