namespace Epss.Usage;

public sealed partial class UsageStore
{
    /// <summary>An expert's answer may be somewhat longer than a flag.</summary>
    public const int MaximumAnswerLength = 2 * UsageValidation.MaximumFlagTextLength;

    /// <summary>The longest user name kept as <see cref="StepFlag.AnsweredBy"/>.</summary>
    public const int MaximumAnsweredByLength = 200;

    /// <summary>Why this answer cannot be stored (in Dutch), or null when it can; <paramref name="text"/> as typed, before scrubbing. The same for every store.</summary>
    public static string? AnswerProblem(string? text, string? fixedInVersion)
    {
        if (text is null || text.Length > 4 * MaximumAnswerLength || UsageValidation.ScrubText(text) is not { Length: > 0 and <= MaximumAnswerLength })
        {
            return $"Schrijf een antwoord van 1 tot {MaximumAnswerLength} tekens.";
        }
        if (fixedInVersion is not null && !UsageValidation.IsId(fixedInVersion, UsageValidation.MaximumVersionLength))
        {
            return $"De versie die het oploste heeft 1 tot {UsageValidation.MaximumVersionLength} tekens: letters, cijfers en streepjes.";
        }
        return null;
    }
}
