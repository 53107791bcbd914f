using System.Text.RegularExpressions;
using Epss.Content.Markdown.Decisions;
using Epss.Content.Markdown.GuideLinks;
using Epss.Content.Markdown.Steps;
using Epss.Content.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Epss.Content.Parsing;

/// <summary>
/// What the linter reads in a step's words: a term or an age it states (which needs a source), a sentence that tells
/// the official to go on (which needs a link when the guide ends there), the question above a decision.
/// </summary>
internal static partial class StepRules
{
    /// <summary>A place in the file and the words found there.</summary>
    public readonly record struct Found(string Text, int Line, int Column);

    /// <summary>
    /// The first term or age the step states, in its title, text, checks or options: "6 maanden", "vier weken",
    /// "185 dagen", "jonger dan 12", "75+". Times of day, amounts and dates are not rules of this kind.
    /// </summary>
    public static Found? FirstRule(StepBlock step)
    {
        foreach (var literal in Literals(step))
        {
            var text = literal.Content.ToString();
            var match = Term().Match(text);
            if (!match.Success)
            {
                match = Age().Match(text);
            }
            if (match.Success)
            {
                return new Found(match.Value.Trim(), literal.Line + 1, literal.Column + 1 + match.Index);
            }
        }
        return null;
    }

    /// <summary>Whether the step links to another step or guide anywhere (a decision, or a link in its text).</summary>
    public static bool HasNavigationLink(StepBlock step) =>
        step.Descendants<LinkInline>().Any(l => !l.IsImage && UrlPolicy.Classify(l.Url).IsGuideNavigation);

    /// <summary>The paragraphs of the step that tell the official to go on ("ga verder", "ga daarna door met") without a link to where.</summary>
    public static IEnumerable<ParagraphBlock> GoOnWithoutLink(StepBlock step) =>
        step.Descendants<ParagraphBlock>()
            .Where(p => !IsInDecision(p) && p.Inline is not null)
            .Where(p => GoOn().IsMatch(PlainText.Of(p.Inline)))
            .Where(p => !p.Inline!.Descendants<LinkInline>().Any(l => !l.IsImage && UrlPolicy.Classify(l.Url).IsGuideNavigation));

    /// <summary>
    /// Whether a decision is introduced by a question: the step's title asks one, or a paragraph of the step before the
    /// decision (not one inside a warning or a list) does.
    /// </summary>
    public static bool AsksAQuestion(StepBlock step, IEnumerable<Block> before) =>
        PlainText.Of(step.Heading.Inline).TrimEnd().EndsWith('?')
        || before.OfType<ParagraphBlock>().Any(p => p.Inline is not null && Question().IsMatch(PlainText.Of(p.Inline)));

    /// <summary>
    /// The question above a decision when it is an open question ("Waar staat de klant ingeschreven?") while an option
    /// answers yes or no: the official cannot tell what "Ja" means. Null when the question and the options fit.
    /// </summary>
    public static string? OpenQuestionAnsweredYesOrNo(StepBlock step, IEnumerable<Block> before, IEnumerable<string> labels)
    {
        if (!labels.Any(l => YesOrNo().IsMatch(l)))
        {
            return null;
        }
        var question = before.OfType<ParagraphBlock>().Where(p => p.Inline is not null).Select(p => PlainText.Of(p.Inline)).LastOrDefault(t => Question().IsMatch(t))
            ?? PlainText.Of(step.Heading.Inline);
        var sentence = QuestionSentence().Matches(question).LastOrDefault()?.Value.Trim();
        return sentence is not null && OpenQuestion().IsMatch(sentence) ? sentence : null;
    }

    private static IEnumerable<LiteralInline> Literals(StepBlock step)
    {
        // The heading is the step's first child, so it is among its leaf blocks; in document order.
        foreach (var leaf in step.Descendants<LeafBlock>())
        {
            foreach (var literal in leaf.Inline?.Descendants<LiteralInline>() ?? [])
            {
                yield return literal;
            }
        }
    }

    private static bool IsInDecision(Block block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is DecisionBlock)
            {
                return true;
            }
        }
        return false;
    }

    private const string Number = "\\d+(?:[.,]\\d+)?|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|vijftien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|honderd";

    /// <summary>A number of days, weeks, months or years: "6 maanden", "vier weken", "185 dagen", "12 jaar", "5 jaar".</summary>
    [GeneratedRegex($@"(?<![\w-])(?:{Number})(?:\s*\+)?\s+(?:werk)?(?:dag|dagen|week|weken|maand|maanden|jaar|jaren)(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Term();

    /// <summary>An age without "jaar": "jonger dan 12", "vanaf 75", "onder 18", "75+" (not "vanaf 1 januari", "tot 15.00 uur").</summary>
    [GeneratedRegex(@"(?<![\w-])(?:(?:jonger|ouder)\s+dan|vanaf|onder|boven)\s+\d{1,3}(?![\w-])(?![.:,]\d)(?!\s*(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|uur|euro|cm|%|keer|opnames?))|(?<![\w-])\d{1,3}\+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Age();

    /// <summary>"Ga verder", "ga daarna verder met", "ga door met", "werk verder".</summary>
    [GeneratedRegex(@"(?<![\w-])(?:ga|gaat|werk)(?:\s+\S+){0,2}?\s+(?:verder|door\s+met)(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GoOn();

    /// <summary>An option that answers yes or no: "Ja", "Nee, …".</summary>
    [GeneratedRegex(@"^\s*(?:ja|nee)(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YesOrNo();

    /// <summary>A question that asks for more than yes or no: "Wat …?", "Waar …?", "Welke …?", "Hoe …?".</summary>
    [GeneratedRegex(@"^(?:wat|waar|waarom|waarvoor|waarmee|welke|welk|wie|hoe|hoeveel|wanneer)(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenQuestion();

    /// <summary>The sentences of a text that end in a question mark.</summary>
    [GeneratedRegex(@"[^.!?]*\?")]
    private static partial Regex QuestionSentence();

    /// <summary>A sentence that ends in a question mark.</summary>
    [GeneratedRegex(@"\?(?:\s|$)")]
    private static partial Regex Question();
}
