using System.Collections.Immutable;

namespace Epss.Content.Model;

/// <summary>
/// One step guide as officials see it: parsed from one Markdown file, validated, rendered to safe HTML.
/// </summary>
public sealed record Guide(
    string Id,
    string Title,
    string Summary,
    ImmutableArray<string> Roles,
    ImmutableArray<string> Tags,
    ImmutableArray<string> Synonyms,
    GuideContext Context,
    string? Owner,
    DateOnly? ReviewBy,
    ImmutableArray<string> Related,
    string IntroHtml,
    ImmutableArray<Step> Steps,
    string Version,
    string SourcePath,
    ImmutableArray<Source> Sources,
    ImmutableArray<GuideLink> Links)
{
    public Step? FindStep(string stepId)
    {
        foreach (var step in Steps)
        {
            if (string.Equals(step.Id, stepId, StringComparison.Ordinal))
            {
                return step;
            }
        }
        return null;
    }

    /// <summary>A guide past its review-by date counts as outdated.</summary>
    public bool IsOutdated(DateOnly today) => ReviewBy is { } reviewBy && reviewBy < today;
}

/// <summary>
/// Where a guide is suggested: page URL patterns, application names, page-title keywords; and
/// <see cref="First"/>, the URL patterns of pages on which the guide is the first task (it leads the suggestions there,
/// as identity verification leads on the application pages).
/// </summary>
public sealed record GuideContext(
    ImmutableArray<string> Urls,
    ImmutableArray<string> Apps,
    ImmutableArray<string> Titles,
    ImmutableArray<string> First)
{
    public static GuideContext None { get; } = new([], [], [], []);

    public bool IsEmpty => Urls.IsEmpty && Apps.IsEmpty && Titles.IsEmpty && First.IsEmpty;
}

/// <summary>
/// A regulation or instruction a guide rests on: a law and its article, a work instruction, a page of the RvIG or the
/// RDW. <see cref="Checked"/> is the day an expert last read the guide against it.
/// </summary>
public sealed record Source(string Id, string Title, string? Article, string? Url, DateOnly? Checked)
{
    /// <summary>How it is named to officials: "Paspoortwet art. 44".</summary>
    public string Label => Article is null ? Title : $"{Title} {Article}";
}

/// <summary>
/// A link from a guide to another guide (or one of its steps), in a decision or in the text. <see cref="Deliberate"/>:
/// the author marked a jump past the target guide's earlier steps as intended.
/// </summary>
public sealed record GuideLink(string GuideId, string? StepId, bool Deliberate);

/// <summary>
/// One step of a guide (a <c>##</c> heading and what follows it).
/// <see cref="Html"/> is the safe rendering of the step's body, checks and decision included.
/// <see cref="Target"/> is the CSS selector of the host application's element the step is about; <see cref="Page"/>
/// the URL patterns (separated by spaces) of the host pages it is done on, when that is not every page the guide is
/// suggested for. <see cref="Sources"/> are the guide's sources this step names for the rule it states.
/// </summary>
public sealed record Step(
    string Id,
    string Title,
    string Html,
    ImmutableArray<Check> Checks,
    string? Target,
    string? Page,
    ImmutableArray<NextStep> Next,
    bool IsDecision,
    bool IsEnd,
    string Text,
    int Line,
    ImmutableArray<Source> Sources)
{
    /// <summary>The patterns in <see cref="Page"/>; empty when the step belongs on every page of the guide.</summary>
    public IReadOnlyList<string> PagePatterns =>
        Page is null ? [] : Page.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A check the official ticks off (a task-list item). The id is stable while the text stays the same.</summary>
public sealed record Check(string Id, string Text);

/// <summary>
/// Where a step leads: an option of a decision, or the implicit "next step".
/// Exactly one of <see cref="StepId"/> and <see cref="GuideId"/> is set, or both for a step of another guide.
/// </summary>
public sealed record NextStep(string Label, string? StepId, string? GuideId);
