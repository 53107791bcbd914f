using System.Text.Json.Serialization;
using Epss.Content.Diagnostics;
using Epss.Content.Model;

namespace Epss.Content.Contract;

// A guide as it is sent to a panel, an editor's preview or a client of the HTTP API (DESIGN.md, "Public contract"):
// the part of Guide officials see, its HTML already safe. Every door sends these same records.

/// <summary>A guide in the list: enough to choose it.</summary>
public sealed record GuideSummaryResponse(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Roles,
    string Version,
    DateOnly? ReviewBy,
    bool Outdated)
{
    public static GuideSummaryResponse From(Guide guide, DateOnly today) =>
        new(guide.Id, guide.Title, guide.Summary, guide.Tags, guide.Roles, guide.Version, guide.ReviewBy, guide.IsOutdated(today));
}

/// <summary>A whole guide, its steps' HTML rendered safely (the panel may insert it as it is).</summary>
public sealed record GuideResponse(
    string Id,
    string Title,
    string Summary,
    string Version,
    DateOnly? ReviewBy,
    bool Outdated,
    string? Owner,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Related,
    string IntroHtml,
    IReadOnlyList<StepResponse> Steps,
    IReadOnlyList<SourceResponse> Sources)
{
    public static GuideResponse From(Guide guide, DateOnly today) => new(
        guide.Id,
        guide.Title,
        guide.Summary,
        guide.Version,
        guide.ReviewBy,
        guide.IsOutdated(today),
        guide.Owner,
        guide.Roles,
        guide.Tags,
        guide.Related,
        guide.IntroHtml,
        [.. guide.Steps.Select(StepResponse.From)],
        [.. guide.Sources.Select(SourceResponse.From)]);
}

/// <summary>
/// One step. <c>next</c> lists where it leads: the options of its decision (<c>isDecision</c>), or the following
/// step; it is empty when the step ends the guide (<c>isEnd</c>). <c>sources</c> are the guide's sources the step
/// names for the rule it states.
/// </summary>
public sealed record StepResponse(
    string Id,
    string Title,
    string Html,
    IReadOnlyList<CheckResponse> Checks,
    string? Target,
    string? Page,
    IReadOnlyList<NextStepResponse> Next,
    bool IsDecision,
    bool IsEnd,
    IReadOnlyList<SourceResponse> Sources)
{
    public static StepResponse From(Step step) => new(
        step.Id,
        step.Title,
        step.Html,
        [.. step.Checks.Select(c => new CheckResponse(c.Id, c.Text))],
        step.Target,
        step.Page,
        [.. step.Next.Select(n => new NextStepResponse(n.Label, n.StepId, n.GuideId))],
        step.IsDecision,
        step.IsEnd,
        [.. step.Sources.Select(SourceResponse.From)]);
}

public sealed record CheckResponse(string Id, string Text);

/// <summary>
/// A regulation or instruction a guide or step rests on. <c>label</c> is how it is shown ("Paspoortwet art. 44");
/// <c>url</c>, when given, is an https or http address; <c>checked</c> is the day an expert last read the guide against it.
/// </summary>
public sealed record SourceResponse(
    string Id,
    string Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Article,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    DateOnly? Checked,
    string Label)
{
    public static SourceResponse From(Source source) =>
        new(source.Id, source.Title, source.Article, source.Url, source.Checked, source.Label);
}

/// <summary>Where a step leads: a step of this guide (<c>stepId</c>), another guide (<c>guideId</c>), or a step of another guide (both).</summary>
public sealed record NextStepResponse(
    string Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GuideId);

/// <summary>A problem in the content folder, where it is and what to do about it.</summary>
public sealed record ContentProblemResponse(string File, int Line, int Column, string Level, string Code, string Message)
{
    public static ContentProblemResponse From(ContentDiagnostic diagnostic) => new(
        diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.IsError ? "error" : "warning", diagnostic.Code, diagnostic.Message);
}
