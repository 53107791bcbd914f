using System.Text.RegularExpressions;

namespace Epss.Usage;

/// <summary>
/// What makes a usage event or a flag acceptable, and the scrubbing of free text before it is stored. The hub
/// checks with <see cref="Problem(UsageEvent)"/> and returns the reason (Dutch, for the official) as a HubException;
/// <see cref="UsageRecorder"/> checks again, so that nothing unchecked reaches the database whoever calls it.
/// </summary>
public static partial class UsageValidation
{
    public const int MaximumIdLength = 64;
    public const int MaximumSlugLength = 80;
    public const int MaximumQueryLength = 200;
    public const int MaximumHitCount = 100_000;
    public const int MaximumOpenedRank = 1_000;
    public const int MaximumFlagTextLength = 1_000;
    public const int MaximumVersionLength = 64;
    public const int MaximumRoleLength = 64;
    public const int MaximumAppLength = 100;
    public const int MaximumSelectorLength = 500;
    public const int MaximumPageUrlLength = 2_000;

    /// <summary>A flag's event id is "flag-" and the flag's id, and must itself be a valid event id.</summary>
    public const int MaximumFlagIdLength = MaximumIdLength - 5;

    /// <summary>The placeholder for a number that may identify a citizen.</summary>
    public const string NumberPlaceholder = "#####";

    /// <summary>A panel's clock may run a little ahead of the server's.</summary>
    public static readonly TimeSpan MaximumClockAhead = TimeSpan.FromMinutes(5);

    /// <summary>Events kept offline longer than this are no longer wanted (and would skew closed periods).</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromDays(30);

    // Text longer than this is refused before it is scrubbed, so that a huge input costs nothing.
    private const int MaximumRawTextLength = 4 * MaximumFlagTextLength;

    private const string GuideIdMessage = "Het id van de gids is ongeldig: kleine letters, cijfers en enkele streepjes, hoogstens 80 tekens.";
    private const string StepIdMessage = "Het id van de stap is ongeldig: kleine letters, cijfers en enkele streepjes, hoogstens 80 tekens.";
    private static readonly string ViaMessage = "Geef aan hoe de gids is geopend: " + string.Join(", ", OpenedVia.All.Order(StringComparer.Ordinal)) + ".";

    /// <summary>Why <paramref name="e"/> cannot be stored, now; null when it can.</summary>
    public static string? Problem(UsageEvent e) => Problem(e, DateTimeOffset.UtcNow);

    /// <summary>Why <paramref name="e"/> cannot be stored at <paramref name="now"/>; null when it can.</summary>
    public static string? Problem(UsageEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!IsId(e.Id, MaximumIdLength))
        {
            return $"Het id van een gebeurtenis heeft 1 tot {MaximumIdLength} tekens: letters, cijfers en streepjes.";
        }
        if (e.Type == UsageEventTypes.Flag)
        {
            return "Een probleem meld je met 'Meld een probleem', niet als losse gebeurtenis.";
        }
        if (e.Type is null || !UsageEventTypes.FromPanels.Contains(e.Type))
        {
            return "Onbekend soort gebeurtenis. Bekend zijn: " + string.Join(", ", UsageEventTypes.FromPanels.Order(StringComparer.Ordinal)) + ".";
        }
        if (e.OccurredAt > now + MaximumClockAhead)
        {
            return "Het tijdstip van de gebeurtenis ligt meer dan 5 minuten in de toekomst. Controleer de klok van deze computer.";
        }
        if (e.OccurredAt < now - MaximumAge)
        {
            return "De gebeurtenis is meer dan 30 dagen oud en wordt niet meer opgeslagen.";
        }
        if (e.Details is null)
        {
            return "De gegevens bij de gebeurtenis ontbreken.";
        }
        if (CommonProblem(e.UserPseudonym, e.Role, e.App, e.GuideVersion) is { } common)
        {
            return common;
        }
        if (e.RunId is not null && !IsId(e.RunId, MaximumIdLength))
        {
            return $"Het id van de doorloop (runId) heeft 1 tot {MaximumIdLength} tekens: letters, cijfers en streepjes.";
        }
        if (GuideAndStepProblem(e) is { } placement)
        {
            return placement;
        }
        if (DetailsProblem(e.Details) is { } details)
        {
            return details;
        }
        return e.Type switch
        {
            UsageEventTypes.GuideOpened => OpenedProblem(e.Details),
            UsageEventTypes.CheckTicked => CheckProblem(e.Details),
            UsageEventTypes.DecisionTaken => DecisionProblem(e.Details),
            UsageEventTypes.Search => SearchProblem(e.Details),
            UsageEventTypes.TargetMissing => TargetProblem(e),
            _ => null,
        };
    }

    /// <summary>Why <paramref name="flag"/> cannot be stored; null when it can.</summary>
    public static string? Problem(StepFlag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (!IsId(flag.Id, MaximumFlagIdLength))
        {
            return $"Het id van een melding heeft 1 tot {MaximumFlagIdLength} tekens: letters, cijfers en streepjes.";
        }
        if (flag.Text is null || flag.Text.Length > MaximumRawTextLength || ScrubText(flag.Text) is not { Length: > 0 and <= MaximumFlagTextLength })
        {
            return $"Beschrijf het probleem in 1 tot {MaximumFlagTextLength} tekens.";
        }
        if (CommonProblem(flag.UserPseudonym, flag.Role, flag.App, flag.GuideVersion) is { } common)
        {
            return common;
        }
        if (flag.GuideId is null && flag.Query is null)
        {
            return "Een melding hoort bij een stap van een gids of bij een zoekvraag.";
        }
        if (flag.GuideId is not null && !IsSlug(flag.GuideId))
        {
            return GuideIdMessage;
        }
        if (flag.StepId is not null && (flag.GuideId is null || !IsSlug(flag.StepId)))
        {
            return StepIdMessage;
        }
        if (flag.Query is not null && QueryProblem(flag.Query) is { } query)
        {
            return query;
        }
        if (!IsSlug(flag.Status))
        {
            return "De status van een melding ontbreekt of is ongeldig.";
        }
        return null;
    }

    /// <summary>
    /// A search query as it may be stored: whitespace trimmed and collapsed to single spaces, control characters
    /// gone, and every number of 5 or more digits (also when written in groups, such as "123 456 789" or
    /// "06-12345678") replaced by <see cref="NumberPlaceholder"/>. Officials type a citizen's BSN, document number or
    /// telephone number into the search box by mistake; none of those may end up in the usage data. Short numbers
    /// (a house number, a postcode's four digits, a year) stay, because they make a query useful to analyse.
    /// </summary>
    public static string ScrubQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var oneLine = Whitespace().Replace(ControlCharacters().Replace(query, " "), " ").Trim();
        return Numbers().Replace(oneLine, NumberPlaceholder);
    }

    /// <summary>
    /// A flag's text as it may be stored: like <see cref="ScrubQuery"/>, but line breaks stay (at most one empty line
    /// in a row), since an official may describe a problem in a few lines.
    /// </summary>
    public static string ScrubText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n')
            .Select(line => Numbers().Replace(Whitespace().Replace(ControlCharacters().Replace(line, " "), " ").Trim(), NumberPlaceholder));
        return ExtraBlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    /// <summary>1 to <paramref name="maximumLength"/> ASCII letters, digits and hyphens: a UUID, or "flag-" and one.</summary>
    public static bool IsId(string? value, int maximumLength = MaximumIdLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maximumLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A guide, step or check id: lowercase letters and digits in groups joined by single hyphens, at most 80
    /// characters (the rule of Epss.Content, repeated here so that usage does not depend on the guide parser).
    /// </summary>
    public static bool IsSlug(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaximumSlugLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }
        var previousHyphen = false;
        foreach (var c in value)
        {
            if (c == '-')
            {
                if (previousHyphen)
                {
                    return false;
                }
                previousHyphen = true;
            }
            else if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                previousHyphen = false;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static string? CommonProblem(string? userPseudonym, string? role, string? app, string? guideVersion)
    {
        if (!Pseudonymizer.IsPseudonym(userPseudonym))
        {
            // A server fault, not the official's: the hub must pass the pseudonym, never the identity itself.
            return "De gebruiker is niet gepseudonimiseerd; de gebeurtenis wordt niet opgeslagen.";
        }
        if (role is not null && !IsPlainText(role, MaximumRoleLength))
        {
            return $"De rol heeft 1 tot {MaximumRoleLength} tekens.";
        }
        if (app is not null && !IsPlainText(app, MaximumAppLength))
        {
            return $"De naam van de applicatie heeft 1 tot {MaximumAppLength} tekens.";
        }
        if (guideVersion is not null && !IsVersion(guideVersion))
        {
            return $"De versie van de gids heeft 1 tot {MaximumVersionLength} tekens: letters, cijfers, punten en streepjes.";
        }
        return null;
    }

    /// <summary>Every type but search is about a guide; steps are named where the type is about one step.</summary>
    private static string? GuideAndStepProblem(UsageEvent e)
    {
        if (e.GuideId is null)
        {
            if (e.Type != UsageEventTypes.Search)
            {
                return "Bij deze gebeurtenis hoort het id van de gids (guideId).";
            }
        }
        else if (!IsSlug(e.GuideId))
        {
            return GuideIdMessage;
        }
        var needsStep = e.Type is UsageEventTypes.StepViewed or UsageEventTypes.CheckTicked or UsageEventTypes.DecisionTaken or UsageEventTypes.TargetMissing;
        if (e.StepId is null)
        {
            return needsStep ? "Bij deze gebeurtenis hoort het id van de stap (stepId)." : null;
        }
        return IsSlug(e.StepId) && e.GuideId is not null ? null : StepIdMessage;
    }

    /// <summary>Every detail that is given must be well-formed, whatever the type (so that no field carries arbitrary text).</summary>
    private static string? DetailsProblem(UsageDetails details)
    {
        if (details.Via is not null && !OpenedVia.All.Contains(details.Via))
        {
            return ViaMessage;
        }
        if (details.CheckId is not null && !IsSlug(details.CheckId))
        {
            return "Het id van het controlepunt is ongeldig: kleine letters, cijfers en enkele streepjes, hoogstens 80 tekens.";
        }
        if (details.ToStepId is not null && !IsSlug(details.ToStepId))
        {
            return StepIdMessage;
        }
        if (details.ToGuideId is not null && !IsSlug(details.ToGuideId))
        {
            return GuideIdMessage;
        }
        if (details.Query is not null && QueryProblem(details.Query) is { } query)
        {
            return query;
        }
        if (details.HitCount is < 0 or > MaximumHitCount)
        {
            return $"Het aantal resultaten ligt tussen 0 en {MaximumHitCount}.";
        }
        if (details.OpenedGuideId is not null && !IsSlug(details.OpenedGuideId))
        {
            return GuideIdMessage;
        }
        if (details.Selector is not null && !IsPlainText(details.Selector, MaximumSelectorLength))
        {
            return $"De selector heeft 1 tot {MaximumSelectorLength} tekens.";
        }
        if (details.PageUrl is not null && !IsPlainText(details.PageUrl, MaximumPageUrlLength))
        {
            return $"Het adres van de pagina heeft 1 tot {MaximumPageUrlLength} tekens.";
        }
        if (details.TargetStatus is not null && !TargetStatuses.All.Contains(details.TargetStatus))
        {
            return "Wat er met het veld is, is een van: " + string.Join(", ", TargetStatuses.All.Order(StringComparer.Ordinal)) + ".";
        }
        if (details.OpenedRank is { } rank && (rank < 1 || rank > Math.Min(details.HitCount ?? MaximumOpenedRank, MaximumOpenedRank)))
        {
            return "De plaats van het geopende resultaat ligt tussen 1 en het aantal resultaten.";
        }
        return null;
    }

    /// <summary>What each type needs besides guide and step (formats are checked already).</summary>
    private static string? OpenedProblem(UsageDetails details) => details.Via is null ? ViaMessage : null;

    private static string? CheckProblem(UsageDetails details) =>
        details.CheckId is null ? "Bij het afvinken hoort het id van het controlepunt (checkId)." : null;

    private static string? DecisionProblem(UsageDetails details) =>
        details.ToStepId is null && details.ToGuideId is null
            ? "Bij een keuze hoort de stap of gids waar die naartoe leidt (toStepId of toGuideId)."
            : null;

    private static string? SearchProblem(UsageDetails details)
    {
        if (details.Query is null)
        {
            return "Bij een zoekactie hoort de zoekvraag.";
        }
        if (details.HitCount is null)
        {
            return "Bij een zoekactie hoort het aantal resultaten (hitCount).";
        }
        return details.OpenedRank is not null && details.OpenedGuideId is null
            ? "Bij de plaats van het geopende resultaat hoort het id van de geopende gids (openedGuideId)."
            : null;
    }

    private static string? TargetProblem(UsageEvent e) =>
        e.Details.Selector is null || e.Details.PageUrl is null || e.Details.TargetStatus is null
            ? "Bij een ontbrekend veld horen de selector, het adres van de pagina en wat er met het veld is (selector, pageUrl, targetStatus)."
            : null;

    /// <summary>
    /// A host page's address as it may be stored: without its query and fragment (where applications put search terms
    /// and sometimes a citizen's data) and with every number of 5 or more digits replaced, as in queries.
    /// </summary>
    public static string ScrubPageUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var end = url.IndexOfAny(['?', '#']);
        return ScrubQuery(end < 0 ? url : url[..end]);
    }

    private static string? QueryProblem(string query) =>
        query.Length <= MaximumRawTextLength && ScrubQuery(query) is { Length: > 0 and <= MaximumQueryLength }
            ? null
            : $"Een zoekvraag heeft 1 tot {MaximumQueryLength} tekens.";

    private static bool IsPlainText(string value, int maximumLength) =>
        value.Length <= maximumLength && !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl);

    private static bool IsVersion(string value) =>
        value.Length is > 0 and <= MaximumVersionLength
        && value.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_');

    /// <summary>5 or more digits, optionally grouped by single spaces, dots, hyphens or slashes (any script's digits).</summary>
    [GeneratedRegex(@"\d(?:[ .\-/]?\d){4,}", RegexOptions.CultureInvariant)]
    private static partial Regex Numbers();

    [GeneratedRegex(@"[ \t\u00A0\u2000-\u200B\u202F\u205F\u3000]+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\p{Cc}\p{Cf}\u2028\u2029]", RegexOptions.CultureInvariant)]
    private static partial Regex ControlCharacters();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex ExtraBlankLines();
}
