namespace Epss.Content.Diagnostics;

/// <summary>Stable codes for content problems, so that tools and tests do not depend on the wording.</summary>
public static class DiagnosticCodes
{
    public const string FileTooLarge = "file-too-large";
    public const string FileNotUtf8 = "file-not-utf8";
    public const string FileEmpty = "file-empty";
    public const string FileUnreadable = "file-unreadable";
    public const string MarkdownTooDeep = "markdown-too-deep";

    public const string FrontMatterMissing = "front-matter-missing";
    public const string FrontMatterUnclosed = "front-matter-unclosed";
    public const string FrontMatterInvalid = "front-matter-invalid";
    public const string FrontMatterTooDeep = "front-matter-too-deep";
    public const string FrontMatterAlias = "front-matter-alias";
    public const string FieldMissing = "field-missing";
    public const string FieldInvalid = "field-invalid";
    public const string FieldUnknown = "field-unknown";
    public const string IdInvalid = "id-invalid";
    public const string IdFileNameMismatch = "id-file-name-mismatch";
    public const string IdDuplicate = "id-duplicate";
    public const string ReviewByInvalid = "review-by-invalid";
    public const string ReviewByPassed = "review-by-passed";
    public const string RoleUnknown = "role-unknown";
    public const string RelatedInvalid = "related-invalid";
    public const string RelatedUnknown = "related-unknown";
    public const string ContextPatternInvalid = "context-pattern-invalid";
    public const string SourcesMissing = "sources-missing";
    public const string SourceInvalid = "source-invalid";
    public const string SourceUnchecked = "source-unchecked";
    public const string SourceStale = "source-stale";
    public const string SourceCheckedInFuture = "source-checked-in-future";
    public const string SourceUnknown = "source-unknown";
    public const string RuleWithoutSource = "rule-without-source";

    public const string NoSteps = "no-steps";
    public const string HeadingLevelOne = "heading-level-one";
    public const string StepIdMissing = "step-id-missing";
    public const string StepIdInvalid = "step-id-invalid";
    public const string StepIdDuplicate = "step-id-duplicate";
    public const string StepTitleEmpty = "step-title-empty";
    public const string StepEmpty = "step-empty";
    public const string StepUnreachable = "step-unreachable";
    public const string DeadEnd = "dead-end";
    public const string GoOnWithoutLink = "go-on-without-link";
    public const string DecisionWithoutQuestion = "decision-without-question";
    public const string YesNoToOpenQuestion = "yes-no-to-open-question";
    public const string JumpPastChecks = "jump-past-checks";
    public const string StepTargetEmpty = "step-target-empty";
    public const string StepPageEmpty = "step-page-empty";
    public const string AttributeIgnored = "attribute-ignored";

    public const string CheckTicked = "check-ticked";
    public const string CheckOutsideStep = "check-outside-step";
    public const string DecisionNotLast = "decision-not-last";
    public const string DecisionLabelEmpty = "decision-label-empty";
    public const string DecisionOnEndStep = "decision-on-end-step";

    public const string LinkSchemeNotAllowed = "link-scheme-not-allowed";
    public const string LinkStepUnknown = "link-step-unknown";
    public const string LinkGuideUnknown = "link-guide-unknown";
    public const string LinkGuideStepUnknown = "link-guide-step-unknown";
    public const string LinkGuideNotServed = "link-guide-not-served";
    public const string ImageSourceNotAllowed = "image-source-not-allowed";
    public const string RawHtml = "raw-html";
    public const string AlertKindUnknown = "alert-kind-unknown";

    public const string SynonymLineInvalid = "synonym-line-invalid";
}
