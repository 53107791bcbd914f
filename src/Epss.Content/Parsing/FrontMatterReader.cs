using System.Collections.Immutable;
using System.Globalization;
using Epss.Content.Diagnostics;
using Epss.Content.Model;
using Epss.Content.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Epss.Content.Parsing;

/// <summary>
/// Reads a guide's YAML front matter into <see cref="FrontMatter"/>, reporting every problem at its line.
/// Input is measured before it is loaded, so that deeply nested or huge YAML is refused, not recursed into.
/// </summary>
internal sealed class FrontMatterReader
{
    public const int MaximumDepth = 8;
    public const int MaximumLength = 64 * 1024;
    public const string DateFormat = "yyyy-MM-dd";

    private static readonly string[] KnownFields =
        ["id", "title", "summary", "roles", "tags", "synonyms", "context", "owner", "review-by", "related", "sources"];

    private static readonly string[] KnownContextFields = ["urls", "apps", "titles", "first"];

    private static readonly string[] KnownSourceFields = ["id", "title", "article", "url", "checked"];

    /// <summary>A source read more than this long ago may no longer say what the guide says.</summary>
    public const int SourceFreshMonths = 12;

    private readonly DiagnosticBag _diagnostics;
    private readonly int _firstLine;
    private readonly IReadOnlySet<string> _knownRoles;
    private readonly DateOnly _today;

    private FrontMatterReader(DiagnosticBag diagnostics, int firstLine, IReadOnlySet<string> knownRoles, DateOnly today)
    {
        _diagnostics = diagnostics;
        _firstLine = firstLine;
        _knownRoles = knownRoles;
        _today = today;
    }

    /// <param name="yaml">The text between the <c>---</c> lines.</param>
    /// <param name="firstLine">The file line on which <paramref name="yaml"/> starts.</param>
    public static FrontMatter Read(string yaml, int firstLine, DiagnosticBag diagnostics, IReadOnlySet<string> knownRoles, DateOnly today) =>
        new FrontMatterReader(diagnostics, firstLine, knownRoles, today).Read(yaml);

    private FrontMatter Read(string yaml)
    {
        if (yaml.Length > MaximumLength)
        {
            _diagnostics.Error(DiagnosticCodes.FrontMatterInvalid, _firstLine, 1,
                $"De front matter is groter dan {MaximumLength / 1024} kB; houd die kort en zet de inhoud in de stappen.");
            return FrontMatter.Empty;
        }
        if (!IsSafeToLoad(yaml))
        {
            return FrontMatter.Empty;
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                _diagnostics.Error(DiagnosticCodes.FrontMatterInvalid, _firstLine, 1, "De front matter is leeg; vul ten minste id en title in.");
                return FrontMatter.Empty;
            }
            if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                var node = stream.Documents[0].RootNode;
                _diagnostics.Error(DiagnosticCodes.FrontMatterInvalid, Line(node), Column(node),
                    "De front matter moet bestaan uit regels 'veld: waarde' (een YAML-mapping).");
                return FrontMatter.Empty;
            }
            root = mapping;
        }
        catch (YamlException e)
        {
            _diagnostics.Error(DiagnosticCodes.FrontMatterInvalid, Line(e.Start), Column(e.Start),
                $"De front matter is geen geldige YAML: {YamlMessage(e)}");
            return FrontMatter.Empty;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's loader fails this way, without a position, on some input its parser accepted
            // (such as "- : ..."); the front matter as a whole is reported.
            _diagnostics.Error(DiagnosticCodes.FrontMatterInvalid, _firstLine, 1,
                "De front matter is geen geldige YAML; schrijf elk veld als 'veld: waarde' op een eigen regel.");
            return FrontMatter.Empty;
        }

        return ReadFields(root);
    }

    private FrontMatter ReadFields(YamlMappingNode root)
    {
        Located<string>? id = null;
        string? title = null, summary = null, owner = null;
        DateOnly? reviewBy = null;
        ImmutableArray<string> roles = [], tags = [], synonyms = [];
        ImmutableArray<Located<string>> related = [];
        ImmutableArray<Source> sources = [];
        var hasSources = false;
        var context = GuideContext.None;

        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "id":
                    if (Scalar(key, value) is { } idText)
                    {
                        id = new Located<string>(idText, Line(value), Column(value));
                        if (!Slug.IsValid(idText))
                        {
                            _diagnostics.Error(DiagnosticCodes.IdInvalid, Line(value), Column(value),
                                $"Id '{idText}' is ongeldig: gebruik kleine letters, cijfers en streepjes, zoals '{SuggestSlug(idText)}'.");
                        }
                    }
                    break;
                case "title":
                    title = Scalar(key, value);
                    break;
                case "summary":
                    summary = Scalar(key, value);
                    break;
                case "owner":
                    owner = Scalar(key, value);
                    break;
                case "review-by":
                    reviewBy = ReadDate(key, value);
                    break;
                case "roles":
                    roles = List(key, value);
                    ReportUnknownRoles(roles, value);
                    break;
                case "tags":
                    tags = List(key, value);
                    break;
                case "synonyms":
                    synonyms = List(key, value);
                    break;
                case "related":
                    related = LocatedList(key, value);
                    foreach (var entry in related.Where(r => !Slug.IsValid(r.Value)))
                    {
                        _diagnostics.Error(DiagnosticCodes.RelatedInvalid, entry.Line, entry.Column,
                            $"'{entry.Value}' in related is geen geldig gids-id.");
                    }
                    break;
                case "context":
                    context = ReadContext(value);
                    break;
                case "sources":
                    hasSources = true;
                    sources = ReadSources(value);
                    break;
                default:
                    _diagnostics.Warning(DiagnosticCodes.FieldUnknown, Line(keyNode), Column(keyNode),
                        $"Onbekend veld '{key}' in de front matter wordt genegeerd. Bekende velden: {string.Join(", ", KnownFields)}.");
                    break;
            }
        }

        var rootLine = Line(root);
        if (id is null)
        {
            _diagnostics.Error(DiagnosticCodes.FieldMissing, rootLine, 1, "Het veld 'id' ontbreekt in de front matter.");
        }
        if (string.IsNullOrWhiteSpace(title))
        {
            _diagnostics.Error(DiagnosticCodes.FieldMissing, rootLine, 1, "Het veld 'title' ontbreekt of is leeg.");
        }
        if (string.IsNullOrWhiteSpace(summary))
        {
            _diagnostics.Warning(DiagnosticCodes.FieldMissing, rootLine, 1, "Het veld 'summary' ontbreekt: de samenvatting helpt baliemedewerkers de juiste gids te kiezen.");
        }
        if (string.IsNullOrWhiteSpace(owner))
        {
            _diagnostics.Warning(DiagnosticCodes.FieldMissing, rootLine, 1, "Het veld 'owner' ontbreekt: wie is verantwoordelijk voor deze gids?");
        }
        if (!root.Children.ContainsKey(new YamlScalarNode("review-by")))
        {
            _diagnostics.Warning(DiagnosticCodes.FieldMissing, rootLine, 1, "Het veld 'review-by' ontbreekt: zonder datum raakt niemand gewaarschuwd als de gids verouderd is.");
        }

        if (!hasSources || sources.IsEmpty)
        {
            _diagnostics.Warning(DiagnosticCodes.SourcesMissing, rootLine, 1,
                "De gids noemt geen bronnen. Zet onder 'sources' de wet, regeling of werkinstructie waarop de gids rust, met title, article, url en checked.");
        }

        return new FrontMatter(id, title?.Trim(), summary?.Trim(), roles, tags, synonyms, context, owner?.Trim(), reviewBy, related, sources);
    }

    /// <summary>
    /// <c>sources</c>: a list of blocks <c>{id, title, article, url, checked}</c>. A source whose url is not https or
    /// http is an error and never reaches a panel; one not read for a year is reported so that an expert reads it again.
    /// </summary>
    private ImmutableArray<Source> ReadSources(YamlNode value)
    {
        if (value is YamlScalarNode { Value: null or "" })
        {
            return [];
        }
        if (value is not YamlSequenceNode sequence)
        {
            _diagnostics.Error(DiagnosticCodes.SourceInvalid, Line(value), Column(value),
                "Het veld 'sources' moet een lijst van bronnen zijn: elke bron begint met '- id: …' op een nieuwe regel.");
            return [];
        }
        var sources = ImmutableArray.CreateBuilder<Source>(sequence.Children.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                _diagnostics.Error(DiagnosticCodes.SourceInvalid, Line(item), Column(item),
                    "Schrijf elke bron als een blok met id, title, article, url en checked, niet als losse tekst.");
                continue;
            }
            if (ReadSource(mapping) is not { } source)
            {
                continue;
            }
            if (!ids.Add(source.Id))
            {
                _diagnostics.Error(DiagnosticCodes.SourceInvalid, Line(mapping), Column(mapping),
                    $"De bron '{source.Id}' staat twee keer onder sources; geef elke bron een eigen id.");
                continue;
            }
            sources.Add(source);
        }
        return sources.ToImmutable();
    }

    private Source? ReadSource(YamlMappingNode mapping)
    {
        string? id = null, title = null, article = null, url = null;
        DateOnly? checkedOn = null;
        YamlNode? checkedNode = null;
        var valid = true;
        foreach (var (keyNode, child) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "id":
                    id = Scalar("sources.id", child)?.Trim();
                    if (id is not null && !Slug.IsValid(id))
                    {
                        _diagnostics.Error(DiagnosticCodes.SourceInvalid, Line(child), Column(child),
                            $"Bron-id '{id}' is ongeldig: gebruik kleine letters, cijfers en streepjes, zoals '{SuggestSlug(id)}'.");
                        valid = false;
                    }
                    break;
                case "title":
                    title = Scalar("sources.title", child)?.Trim();
                    break;
                case "article":
                    article = Scalar("sources.article", child)?.Trim();
                    break;
                case "url":
                    url = Scalar("sources.url", child)?.Trim();
                    if (url is not null && !IsWebAddress(url))
                    {
                        _diagnostics.Error(DiagnosticCodes.SourceInvalid, Line(child), Column(child),
                            $"De url van een bron moet met https:// beginnen (of http://), zoals https://wetten.overheid.nl/…; '{url}' wordt niet getoond.");
                        valid = false;
                    }
                    break;
                case "checked" when child is YamlScalarNode { Value: null or "" }:
                    break;
                case "checked":
                    checkedNode = child;
                    checkedOn = ReadSourceDate(child);
                    valid &= checkedOn is not null;
                    break;
                default:
                    _diagnostics.Warning(DiagnosticCodes.FieldUnknown, Line(keyNode), Column(keyNode),
                        $"Onbekend veld '{key}' in een bron wordt genegeerd. Bekende velden: {string.Join(", ", KnownSourceFields)}.");
                    break;
            }
        }

        if (id is null)
        {
            _diagnostics.Error(DiagnosticCodes.SourceInvalid, Line(mapping), Column(mapping),
                "Een bron heeft geen id. Geef elke bron een kort id, zoals 'ppw-44'; een stap noemt de bron met source=\"ppw-44\".");
            valid = false;
        }
        if (title is null)
        {
            _diagnostics.Error(DiagnosticCodes.SourceInvalid, Line(mapping), Column(mapping),
                $"De bron '{id}' heeft geen title: noem de wet, regeling of instructie, zoals 'Paspoortwet'.");
            valid = false;
        }
        if (!valid)
        {
            return null;
        }
        var label = article is null ? title! : $"{title} {article}";
        if (checkedNode is null)
        {
            _diagnostics.Warning(DiagnosticCodes.SourceUnchecked, Line(mapping), Column(mapping),
                $"Bij de bron '{label}' staat niet wanneer die is nagekeken. Lees de gids ernaast en zet de datum bij checked (JJJJ-MM-DD).");
        }
        else if (checkedOn is { } day && day.AddMonths(SourceFreshMonths) < _today)
        {
            _diagnostics.Warning(DiagnosticCodes.SourceStale, Line(checkedNode), Column(checkedNode),
                $"De bron '{label}' is voor het laatst nagekeken op {day.ToString(DateFormat, CultureInfo.InvariantCulture)}, meer dan een jaar geleden. Lees de gids opnieuw naast de bron en zet de nieuwe datum bij checked.");
        }
        return new Source(id!, title!, article, url, checkedOn);
    }

    private DateOnly? ReadSourceDate(YamlNode value)
    {
        var (text, date) = ParseDate("sources.checked", value, DiagnosticCodes.SourceInvalid, "bij checked", _today);
        if (date > _today)
        {
            // Most likely a typo (2062 for 2026), which would keep the source from ever counting as old.
            _diagnostics.Warning(DiagnosticCodes.SourceCheckedInFuture, Line(value), Column(value),
                $"checked {text} ligt in de toekomst; zet de dag waarop je de bron hebt nagekeken.");
        }
        return date;
    }

    private static bool IsWebAddress(string url) =>
        Markdown.GuideLinks.UrlPolicy.Classify(url).Kind == Markdown.GuideLinks.LinkKind.External
        && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    private GuideContext ReadContext(YamlNode value)
    {
        if (value is YamlScalarNode { Value: null or "" })
        {
            return GuideContext.None;
        }
        if (value is not YamlMappingNode mapping)
        {
            _diagnostics.Error(DiagnosticCodes.FieldInvalid, Line(value), Column(value),
                "Het veld 'context' moet 'urls', 'apps', 'titles' en/of 'first' bevatten.");
            return GuideContext.None;
        }
        ImmutableArray<string> urls = [], apps = [], titles = [], first = [];
        YamlNode? firstNode = null;
        foreach (var (keyNode, child) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "urls":
                    urls = List("context.urls", child);
                    foreach (var pattern in urls.Where(u => u.Trim().Trim('*').Length == 0))
                    {
                        _diagnostics.Error(DiagnosticCodes.ContextPatternInvalid, Line(child), Column(child),
                            $"URL-patroon '{pattern}' past op elke pagina; maak het specifieker, zoals \"*/reisdocument/aanvragen*\".");
                    }
                    break;
                case "apps":
                    apps = List("context.apps", child);
                    break;
                case "titles":
                    titles = List("context.titles", child);
                    break;
                case "first":
                    first = List("context.first", child);
                    firstNode = child;
                    break;
                default:
                    _diagnostics.Warning(DiagnosticCodes.FieldUnknown, Line(keyNode), Column(keyNode),
                        $"Onbekend veld 'context.{key}' wordt genegeerd. Bekende velden: {string.Join(", ", KnownContextFields)}.");
                    break;
            }
        }
        if (firstNode is not null)
        {
            // Leading a page the guide is not suggested on would never show; say so instead of ignoring it.
            foreach (var pattern in first)
            {
                if (pattern.Trim().Trim('*').Length == 0)
                {
                    _diagnostics.Error(DiagnosticCodes.ContextPatternInvalid, Line(firstNode), Column(firstNode),
                        $"URL-patroon '{pattern}' in 'context.first' past op elke pagina; noem de pagina's waar deze werkinstructie de eerste taak is, zoals \"*/reisdocument/aanvragen*\".");
                }
                else if (!urls.Contains(pattern, StringComparer.OrdinalIgnoreCase))
                {
                    _diagnostics.Warning(DiagnosticCodes.ContextPatternInvalid, Line(firstNode), Column(firstNode),
                        $"'{pattern}' in 'context.first' staat niet in 'context.urls'. Noem in 'context.first' alleen patronen uit 'context.urls', precies zo geschreven.");
                }
            }
        }
        return new GuideContext(urls, apps, titles, first);
    }

    private DateOnly? ReadDate(string key, YamlNode value)
    {
        var (text, date) = ParseDate(key, value, DiagnosticCodes.ReviewByInvalid, $"in {key}", _today.AddYears(1));
        if (date < _today)
        {
            _diagnostics.Warning(DiagnosticCodes.ReviewByPassed, Line(value), Column(value),
                $"De gids is verouderd: {key} {text} is verstreken. Controleer de inhoud en zet een nieuwe datum.");
        }
        return date;
    }

    /// <summary>A JJJJ-MM-DD date, or null with an error that shows a date in the right form.</summary>
    private (string? Text, DateOnly? Date) ParseDate(string key, YamlNode value, string invalidCode, string where, DateOnly example)
    {
        var text = Scalar(key, value);
        if (text is null)
        {
            return (null, null);
        }
        if (!DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            _diagnostics.Error(invalidCode, Line(value), Column(value),
                $"'{text}' {where} is geen datum; schrijf die als JJJJ-MM-DD, bijvoorbeeld {example.ToString(DateFormat, CultureInfo.InvariantCulture)}.");
            return (text, null);
        }
        return (text, date);
    }

    private void ReportUnknownRoles(ImmutableArray<string> roles, YamlNode value)
    {
        foreach (var role in roles.Where(r => !_knownRoles.Contains(r)))
        {
            _diagnostics.Warning(DiagnosticCodes.RoleUnknown, Line(value), Column(value),
                $"Onbekende rol '{role}'. Bekende rollen: {string.Join(", ", _knownRoles.Order(StringComparer.Ordinal))}.");
        }
    }

    private string? Scalar(string key, YamlNode value)
    {
        if (value is YamlScalarNode scalar)
        {
            return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value;
        }
        _diagnostics.Error(DiagnosticCodes.FieldInvalid, Line(value), Column(value),
            $"Het veld '{key}' moet één tekstwaarde zijn, geen lijst of blok.");
        return null;
    }

    private ImmutableArray<string> List(string key, YamlNode value) =>
        [.. LocatedList(key, value).Select(v => v.Value)];

    private ImmutableArray<Located<string>> LocatedList(string key, YamlNode value)
    {
        switch (value)
        {
            case YamlScalarNode scalar:
                // A single value where a list is expected is read as a list of one.
                return string.IsNullOrWhiteSpace(scalar.Value)
                    ? []
                    : [new Located<string>(scalar.Value.Trim(), Line(scalar), Column(scalar))];
            case YamlSequenceNode sequence:
                var items = ImmutableArray.CreateBuilder<Located<string>>(sequence.Children.Count);
                foreach (var child in sequence.Children)
                {
                    if (child is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
                    {
                        items.Add(new Located<string>(text.Trim(), Line(child), Column(child)));
                    }
                    else if (child is not YamlScalarNode)
                    {
                        _diagnostics.Error(DiagnosticCodes.FieldInvalid, Line(child), Column(child),
                            $"Elk item van '{key}' moet een tekst zijn.");
                    }
                }
                return items.ToImmutable();
            default:
                _diagnostics.Error(DiagnosticCodes.FieldInvalid, Line(value), Column(value),
                    $"Het veld '{key}' moet een lijst zijn, zoals [a, b].");
                return [];
        }
    }

    /// <summary>
    /// Walks the YAML as events (the parser is iterative, linear in the text) and refuses nesting deeper than a guide
    /// ever needs, and anchors and aliases, before the recursive loader sees it.
    /// </summary>
    private bool IsSafeToLoad(string yaml)
    {
        var lastRead = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(yaml));
            var depth = 0;
            while (parser.MoveNext())
            {
                lastRead = parser.Current!.End;
                // Anchors and aliases have no use in a guide's fields, and an alias expands on load (as a mapping key,
                // exponentially in YamlDotNet's hashing: a "billion laughs" file would pin a core). Refused here, on the
                // event stream, where an alias is one event and nothing is expanded.
                if (parser.Current is AnchorAlias || parser.Current is NodeEvent { Anchor.IsEmpty: false })
                {
                    _diagnostics.Error(DiagnosticCodes.FrontMatterAlias, Line(parser.Current.Start), Column(parser.Current.Start),
                        "De front matter gebruikt een YAML-anker (&naam) of -verwijzing (*naam). Dat kan in een gids niet; schrijf de waarde voluit.");
                    return false;
                }
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaximumDepth)
                        {
                            _diagnostics.Error(DiagnosticCodes.FrontMatterTooDeep, Line(parser.Current.Start), Column(parser.Current.Start),
                                $"De front matter is dieper genest dan {MaximumDepth} niveaus; dat is geen gidsbeschrijving.");
                            return false;
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
            return true;
        }
        catch (YamlException e)
        {
            _diagnostics.Error(DiagnosticCodes.FrontMatterInvalid, Line(e.Start), Column(e.Start),
                $"De front matter is geen geldige YAML: {YamlMessage(e)}");
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner fails this way, without a position, on some broken input (such as an unclosed
            // '[' followed by more fields); the problem starts after the last part it could read.
            _diagnostics.Error(DiagnosticCodes.FrontMatterInvalid, Line(lastRead), Column(lastRead),
                "De front matter is geen geldige YAML: waarschijnlijk wordt hier een haakje of aanhalingsteken niet gesloten.");
            return false;
        }
    }

    private static string YamlMessage(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        // YamlDotNet prefixes its own position, which the diagnostic already carries.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }

    private static string SuggestSlug(string text) => Slug.From(text) is { Length: > 0 } slug ? slug : "mijn-gids";

    private int Line(YamlNode node) => Line(node.Start);

    private static int Column(YamlNode node) => Column(node.Start);

    private int Line(Mark mark) => _firstLine + (int)Math.Max(0, mark.Line - 1);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);
}
