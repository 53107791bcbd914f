namespace Epss.Content.Markdown.GuideLinks;

public enum LinkKind
{
    /// <summary>http, https or mailto: opens outside the panel.</summary>
    External,

    /// <summary><c>#step-id</c>: a step of the same guide.</summary>
    Step,

    /// <summary><c>guide:id</c> or <c>guide:id#step-id</c>: another guide, optionally at a step.</summary>
    Guide,

    /// <summary>Anything else; never written into an <c>href</c> or <c>src</c>.</summary>
    Disallowed,
}

/// <summary>What a URL in a guide points at, after <see cref="UrlPolicy"/> has classified it.</summary>
public sealed record LinkTarget(LinkKind Kind, string Url, string? GuideId, string? StepId)
{
    public bool IsGuideNavigation => Kind is LinkKind.Step or LinkKind.Guide;
}
