using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Epss.Content.Diagnostics;
using Epss.Content.Markdown;
using Epss.Content.Markdown.Checks;
using Epss.Content.Markdown.Decisions;
using Epss.Content.Markdown.GuideLinks;
using Epss.Content.Markdown.Safety;
using Epss.Content.Markdown.Steps;
using Epss.Content.Model;
using Epss.Content.Text;
using Markdig.Extensions.Alerts;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Epss.Content.Parsing;

/// <summary>
/// Parses, validates and renders one guide file. Thread-safe; build one and reuse it.
/// Every problem is reported with its line and column; nothing in a file can make it throw.
/// </summary>
public sealed class GuideParser(GuideParserOptions options, TimeProvider time)
{
    public const string ImplicitNextLabel = "Volgende stap";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static StepRenderer? _threadRenderer;

    public GuideParser()
        : this(new GuideParserOptions(), TimeProvider.System)
    {
    }

    public GuideParserOptions Options { get; } = options;

    /// <param name="file">The name the diagnostics carry, usually the path relative to the content folder.</param>
    public GuideParseResult Parse(string file, ReadOnlySpan<byte> bytes)
    {
        var version = VersionOf(bytes);
        var diagnostics = new DiagnosticBag(file);
        var text = Decode(bytes, diagnostics);
        return text is null
            ? new GuideParseResult(file, null, null, diagnostics.ToImmutable(), [], [], version)
            : ParseText(file, text, version, diagnostics);
    }

    public GuideParseResult Parse(string file, string text) =>
        ParseText(file, text, VersionOf(Encoding.UTF8.GetBytes(text)), new DiagnosticBag(file));

    /// <summary>The version of a guide is a short hash of its file's bytes: it changes with every edit and with nothing else.</summary>
    public static string VersionOf(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];

    private string? Decode(ReadOnlySpan<byte> bytes, DiagnosticBag diagnostics)
    {
        if (bytes.Length > Options.MaximumFileBytes)
        {
            // The library reads only the first bytes of a huge file, so its real size is not known here.
            diagnostics.Error(DiagnosticCodes.FileTooLarge, 1, 1,
                $"Het bestand is groter dan {Options.MaximumFileBytes / 1024} kB, het meeste dat een gids mag zijn. Splits de gids op.");
            return null;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            diagnostics.Error(DiagnosticCodes.FileNotUtf8, 1, 1, "Het bestand is opgeslagen als UTF-16; sla het op als UTF-8.");
            return null;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var (line, column) = PositionOfByte(bytes, Math.Max(0, e.Index));
            diagnostics.Error(DiagnosticCodes.FileNotUtf8, line, column,
                "Het bestand is geen geldige UTF-8 (misschien opgeslagen als Windows-1252 of Latin-1); sla het op als UTF-8.");
            return null;
        }

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            var (line, column) = PositionOfChar(text, nul);
            diagnostics.Error(DiagnosticCodes.FileNotUtf8, line, column, "Het bestand bevat NUL-tekens; is het wel een tekstbestand?");
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Error(DiagnosticCodes.FileEmpty, 1, 1, "Het bestand is leeg.");
            return null;
        }
        return text;
    }

    private GuideParseResult ParseText(string file, string text, string version, DiagnosticBag diagnostics)
    {
        if (text.Length > Options.MaximumFileBytes)
        {
            diagnostics.Error(DiagnosticCodes.FileTooLarge, 1, 1, $"De gids is groter dan {Options.MaximumFileBytes / 1024} kB. Splits de gids op.");
            return new GuideParseResult(file, null, null, diagnostics.ToImmutable(), [], [], version);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Error(DiagnosticCodes.FileEmpty, 1, 1, "Het bestand is leeg.");
            return new GuideParseResult(file, null, null, diagnostics.ToImmutable(), [], [], version);
        }

        var frontMatter = ReadFrontMatter(text, diagnostics);

        MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(text, GuideMarkdown.Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses input nested deeper than the pipeline's limit instead of overflowing the stack.
            diagnostics.Error(DiagnosticCodes.MarkdownTooDeep, 1, 1,
                $"De Markdown is dieper genest dan {GuideMarkdown.MaximumNestingDepth} niveaus (citaten, lijsten of haken in elkaar); dat kan geen gids zijn.");
            return new GuideParseResult(file, frontMatter.Id, null, diagnostics.ToImmutable(), [], [], version);
        }

        var walker = new GuideWalker(diagnostics, frontMatter.Sources);
        ImmutableArray<StepDraft> steps;
        string introHtml;
        try
        {
            steps = walker.ReadSteps(document);
            introHtml = walker.RenderIntro(document);
        }
        catch (ArgumentException)
        {
            // Emphasis and images can nest past the parser's limit (Markdig builds them after it checks depth);
            // Markdig's renderer refuses them and is left unusable, so this thread gets a new one.
            _threadRenderer = null;
            diagnostics.Error(DiagnosticCodes.MarkdownTooDeep, 1, 1,
                $"De Markdown is dieper genest dan {GuideMarkdown.MaximumNestingDepth} niveaus (nadruk of afbeeldingen in elkaar); dat kan geen gids zijn.");
            return new GuideParseResult(file, frontMatter.Id, null, diagnostics.ToImmutable(), [], [], version);
        }
        walker.ValidateInlines(document, steps);

        var references = ImmutableArray.CreateBuilder<GuideReference>();
        references.AddRange(walker.References);
        references.AddRange(frontMatter.Related.Select(r => new GuideReference(r.Value, null, r.Line, r.Column, ReferenceKind.Related)));
        ReportRelatedToSelf(frontMatter, diagnostics);
        ReportFileNameMismatch(file, frontMatter, diagnostics);

        if (steps.Length == 0)
        {
            diagnostics.Error(DiagnosticCodes.NoSteps, LastLine(text), 1,
                "De gids heeft geen stappen. Begin elke stap met een kop '## Titel {#stap-id}'.");
        }

        var unreachable = walker.FindUnreachable(steps);
        Guide? guide = null;
        if (!diagnostics.HasErrors && frontMatter.Id is { } id)
        {
            guide = new Guide(
                id.Value,
                frontMatter.Title!,
                frontMatter.Summary ?? string.Empty,
                frontMatter.Roles,
                frontMatter.Tags,
                frontMatter.Synonyms,
                frontMatter.Context,
                frontMatter.Owner,
                frontMatter.ReviewBy,
                [.. frontMatter.Related.Select(r => r.Value).Distinct(StringComparer.Ordinal)],
                introHtml,
                [.. steps.Select(s => s.ToStep())],
                version,
                file,
                frontMatter.Sources,
                [.. walker.References.Select(r => new GuideLink(r.GuideId, r.StepId, r.Deliberate))]);
        }
        return new GuideParseResult(file, frontMatter.Id, guide, diagnostics.ToImmutable(), references.ToImmutable(), unreachable, version);
    }

    private FrontMatter ReadFrontMatter(string text, DiagnosticBag diagnostics)
    {
        var lines = text.AsSpan();
        var firstEnd = lines.IndexOf('\n');
        var firstLine = (firstEnd < 0 ? lines : lines[..firstEnd]).TrimEnd();
        if (!firstLine.SequenceEqual("---"))
        {
            diagnostics.Error(DiagnosticCodes.FrontMatterMissing, 1, 1,
                "Het bestand begint niet met front matter. Zet bovenaan een blok tussen twee regels '---' met ten minste id en title.");
            return FrontMatter.Empty;
        }

        var offset = firstEnd + 1;
        var lineNumber = 2;
        while (offset > 0 && offset <= text.Length)
        {
            var end = text.IndexOf('\n', offset);
            var line = (end < 0 ? text.AsSpan(offset) : text.AsSpan(offset, end - offset)).TrimEnd();
            if (line.SequenceEqual("---"))
            {
                var yaml = text[(firstEnd + 1)..offset];
                return FrontMatterReader.Read(yaml, 2, diagnostics, Options.KnownRoles, DateOnly.FromDateTime(time.GetLocalNow().DateTime));
            }
            if (end < 0)
            {
                break;
            }
            offset = end + 1;
            lineNumber++;
        }
        diagnostics.Error(DiagnosticCodes.FrontMatterUnclosed, 1, 1,
            "De front matter wordt niet afgesloten: zet een regel '---' onder het laatste veld.");
        return FrontMatter.Empty;
    }

    private static void ReportRelatedToSelf(FrontMatter frontMatter, DiagnosticBag diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var related in frontMatter.Related)
        {
            if (related.Value == frontMatter.Id?.Value)
            {
                diagnostics.Warning(DiagnosticCodes.RelatedInvalid, related.Line, related.Column, "De gids noemt zichzelf in related.");
            }
            else if (!seen.Add(related.Value))
            {
                diagnostics.Warning(DiagnosticCodes.RelatedInvalid, related.Line, related.Column, $"'{related.Value}' staat twee keer in related.");
            }
        }
    }

    private static void ReportFileNameMismatch(string file, FrontMatter frontMatter, DiagnosticBag diagnostics)
    {
        if (frontMatter.Id is not { } id || !Slug.IsValid(id.Value))
        {
            return;
        }
        var name = Path.GetFileNameWithoutExtension(file);
        if (!string.Equals(name, id.Value, StringComparison.Ordinal))
        {
            diagnostics.Warning(DiagnosticCodes.IdFileNameMismatch, id.Line, id.Column,
                $"Het id '{id.Value}' verschilt van de bestandsnaam '{Path.GetFileName(file)}'; noem het bestand '{id.Value}.md' zodat het makkelijk te vinden is.");
        }
    }

    private static (int Line, int Column) PositionOfByte(ReadOnlySpan<byte> bytes, int index)
    {
        index = Math.Min(index, bytes.Length);
        var before = bytes[..index];
        var line = before.Count((byte)'\n') + 1;
        var lastNewline = before.LastIndexOf((byte)'\n');
        // Columns count characters; the bytes before the bad one on its line are valid UTF-8.
        var column = StrictUtf8.GetCharCount(before[(lastNewline + 1)..]) + 1;
        return (line, column);
    }

    private static (int Line, int Column) PositionOfChar(string text, int index)
    {
        var before = text.AsSpan(0, index);
        return (before.Count('\n') + 1, index - before.LastIndexOf('\n'));
    }

    private static int LastLine(string text) => text.AsSpan().TrimEnd().Count('\n') + 1;

    /// <summary>One step while it is being read; becomes a <see cref="Step"/> once the whole guide is known.</summary>
    private sealed class StepDraft(StepBlock block, string? id, string title, string html, string text)
    {
        public ImmutableArray<Source> Sources { get; set; } = [];

        public StepBlock Block { get; } = block;
        public string? Id { get; } = id;
        public string Title { get; } = title;
        public string Html { get; } = html;
        public string Text { get; } = text;
        public ImmutableArray<Check> Checks { get; set; } = [];
        public ImmutableArray<NextStep> Decision { get; set; } = [];
        public bool IsEnd { get; set; }
        public string? FollowingStepId { get; set; }

        public Step ToStep()
        {
            var next = !Decision.IsEmpty
                ? Decision
                : IsEnd || FollowingStepId is null ? [] : [new NextStep(ImplicitNextLabel, FollowingStepId, null)];
            return new Step(Id!, Title, Html, Checks, Block.Target, Block.Page, next, !Decision.IsEmpty, IsEnd, Text, Block.Line + 1, Sources);
        }
    }

    /// <summary>Reads the steps of one parsed document and validates what lies inside them.</summary>
    private sealed class GuideWalker(DiagnosticBag diagnostics, ImmutableArray<Source> sources)
    {
        private readonly StepRenderer _renderer = _threadRenderer ??= new StepRenderer();

        public List<GuideReference> References { get; } = [];

        public ImmutableArray<StepDraft> ReadSteps(MarkdownDocument document)
        {
            var drafts = ImmutableArray.CreateBuilder<StepDraft>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in document.OfType<StepBlock>())
            {
                var title = PlainText.Of(step.Heading.Inline);
                var (line, column) = Position(step.Heading);
                if (title.Length == 0)
                {
                    diagnostics.Error(DiagnosticCodes.StepTitleEmpty, line, column, "Deze stap heeft geen titel.");
                }

                var id = step.StepId;
                if (id is null)
                {
                    var suggestion = Slug.From(title) is { Length: > 0 } slug ? slug : "stap-id";
                    diagnostics.Error(DiagnosticCodes.StepIdMissing, line, column,
                        $"De stap '{title}' heeft geen id. Zet achter de kop: {{#{suggestion}}}");
                }
                else if (!Slug.IsValid(id))
                {
                    diagnostics.Error(DiagnosticCodes.StepIdInvalid, line, column,
                        $"Stap-id '{id}' is ongeldig: gebruik kleine letters, cijfers en streepjes, zoals '{Slug.From(id)}'.");
                }
                else if (!ids.Add(id))
                {
                    diagnostics.Error(DiagnosticCodes.StepIdDuplicate, line, column,
                        $"Stap-id '{id}' komt al eerder in deze gids voor; elke stap heeft een eigen id nodig.");
                }

                if (step.Target is { } target && string.IsNullOrWhiteSpace(target))
                {
                    diagnostics.Error(DiagnosticCodes.StepTargetEmpty, line, column,
                        "Het attribuut target is leeg; noem het veld in de applicatie, zoals target=\"#documentnummer\", of laat het weg.");
                }
                if (step.Page is { } page && string.IsNullOrWhiteSpace(page))
                {
                    diagnostics.Error(DiagnosticCodes.StepPageEmpty, line, column,
                        "Het attribuut page is leeg; noem de pagina van de applicatie als adrespatroon, zoals page=\"*/klanten*\", of laat het weg.");
                }
                foreach (var attribute in step.OtherAttributes)
                {
                    diagnostics.Warning(DiagnosticCodes.AttributeIgnored, line, column,
                        $"Attribuut '{attribute.Key}' op een stap wordt genegeerd; een stap kent {{#id}}, target=\"…\", page=\"…\", source=\"…\" en .end.");
                }

                var body = step.Body.ToList();
                if (body.Count == 0)
                {
                    diagnostics.Warning(DiagnosticCodes.StepEmpty, line, column, $"De stap '{title}' heeft geen inhoud.");
                }

                var draft = new StepDraft(step, id, title, _renderer.Render(body), PlainText.Of(body))
                {
                    Checks = ReadChecks(step),
                    Decision = ReadDecision(step, body),
                    IsEnd = step.IsEnd,
                    Sources = ReadSources(step, title),
                };
                if (draft.Sources.IsEmpty && StepRules.FirstRule(step) is { } rule)
                {
                    diagnostics.Warning(DiagnosticCodes.RuleWithoutSource, rule.Line, rule.Column,
                        $"De stap '{title}' noemt een termijn of leeftijd ('{rule.Text}') zonder bron. Zet achter de kop source=\"…\" met het id van de bron uit sources, zodat iedereen kan nagaan waar de regel vandaan komt.");
                }
                if (draft.IsEnd && !draft.Decision.IsEmpty)
                {
                    // The official sees the options; an end there would leave them nowhere to go.
                    diagnostics.Warning(DiagnosticCodes.DecisionOnEndStep, line, column,
                        $"De stap '{title}' is .end maar eindigt met een keuze; de keuze geldt. Haal .end weg of de keuze.");
                    draft.IsEnd = false;
                }
                drafts.Add(draft);
            }

            for (var i = 0; i < drafts.Count; i++)
            {
                var draft = drafts[i];
                var isLast = i == drafts.Count - 1;
                draft.FollowingStepId = isLast ? null : drafts[i + 1].Id;
                if (isLast && !draft.IsEnd && draft.Decision.IsEmpty && !StepRules.HasNavigationLink(draft.Block))
                {
                    var (line, column) = Position(draft.Block.Heading);
                    diagnostics.Warning(DiagnosticCodes.DeadEnd, line, column,
                        $"De laatste stap '{draft.Title}' is geen .end en leidt nergens heen: de baliemedewerker weet niet of hij klaar is. Zet .end achter de kop, of eindig met een keuze of een link naar de gids waarmee hij verder gaat.");
                }
                // The last step ends the guide unless it sends the official elsewhere.
                draft.IsEnd = draft.IsEnd || (isLast && draft.Decision.IsEmpty);
            }
            foreach (var draft in drafts.Where(d => d.IsEnd))
            {
                // An end step that tells the official to go on must say where: otherwise the checks that follow are skipped.
                foreach (var paragraph in StepRules.GoOnWithoutLink(draft.Block))
                {
                    var (line, column) = Position(paragraph);
                    diagnostics.Warning(DiagnosticCodes.GoOnWithoutLink, line, column,
                        $"De stap '{draft.Title}' zegt dat de baliemedewerker verder moet, maar niet waar: de gids eindigt hier. Zet in deze zin een link naar de gids of stap waarmee hij verder gaat, zoals [paspoort aanvragen](guide:paspoort-aanvragen#stap-id).");
                }
            }
            return drafts.ToImmutable();
        }

        /// <summary>The guide's sources the step names in <c>source="…"</c>; an id the front matter does not list is an error.</summary>
        private ImmutableArray<Source> ReadSources(StepBlock step, string title)
        {
            if (step.Source is not { } attribute)
            {
                return [];
            }
            var (line, column) = Position(step.Heading);
            var ids = attribute.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ids.Length == 0)
            {
                diagnostics.Error(DiagnosticCodes.SourceUnknown, line, column,
                    "Het attribuut source is leeg; noem het id van een bron uit sources, zoals source=\"ppw-44\", of laat het weg.");
                return [];
            }
            var found = ImmutableArray.CreateBuilder<Source>(ids.Length);
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (sources.FirstOrDefault(s => s.Id == id) is { } source)
                {
                    found.Add(source);
                }
                else
                {
                    var known = sources.IsEmpty ? "de gids heeft nog geen sources" : "bekend zijn: " + string.Join(", ", sources.Select(s => s.Id));
                    diagnostics.Error(DiagnosticCodes.SourceUnknown, line, column,
                        $"De stap '{title}' noemt bron '{id}', maar die staat niet onder sources in de front matter ({known}).");
                }
            }
            return found.ToImmutable();
        }

        public string RenderIntro(MarkdownDocument document)
        {
            var intro = document.TakeWhile(b => b is not StepBlock).Where(b => b is not YamlFrontMatterBlock).ToList();
            foreach (var heading in intro.OfType<HeadingBlock>().Where(h => h.Level == 1))
            {
                var (line, column) = Position(heading);
                diagnostics.Warning(DiagnosticCodes.HeadingLevelOne, line, column,
                    "Een kop met één # is niet nodig: de titel staat in de front matter. Stappen beginnen met ##.");
            }
            foreach (var item in intro.SelectMany(b => b.Descendants<ListItemBlock>()).Where(i => CheckItem.Of(i) is not null))
            {
                var (line, column) = Position(item);
                diagnostics.Warning(DiagnosticCodes.CheckOutsideStep, line, column,
                    "Deze controle staat vóór de eerste stap en wordt nergens afgevinkt; zet haar in een stap.");
            }
            return _renderer.Render(intro);
        }

        /// <summary>Checks every link, image, raw HTML, alert and stray attribute in the document.</summary>
        public void ValidateInlines(MarkdownDocument document, ImmutableArray<StepDraft> steps)
        {
            var stepIds = steps.Where(s => s.Id is not null).Select(s => s.Id!).ToHashSet(StringComparer.Ordinal);
            foreach (var node in document.Descendants())
            {
                var (line, column) = Position(node);
                switch (node)
                {
                    case LinkInline { IsImage: true } image when !UrlPolicy.IsAllowedImageSource(image.Url):
                        diagnostics.Error(DiagnosticCodes.ImageSourceNotAllowed, line, column,
                            $"Afbeelding '{Shorten(image.Url)}' wordt niet getoond: alleen afbeeldingen via https:// (of http://) zijn toegestaan.");
                        break;
                    case LinkInline { IsImage: false } link:
                        ValidateLink(link.Url, line, column, stepIds, IsInDecision(link), DeliberateJump.IsMarked(link.Title));
                        break;
                    case AutolinkInline autolink when !autolink.IsEmail && UrlPolicy.Classify(autolink.Url).Kind != LinkKind.External:
                        diagnostics.Error(DiagnosticCodes.LinkSchemeNotAllowed, line, column,
                            $"Link '{Shorten(autolink.Url)}' is niet toegestaan: gebruik https://, mailto:, #stap-id of guide:gids-id.");
                        break;
                    case HtmlBlock html:
                        diagnostics.Error(DiagnosticCodes.RawHtml, line, column,
                            $"HTML wordt niet getoond ('{Shorten(html.Lines.ToString())}'). Schrijf Markdown in plaats van HTML.");
                        break;
                    case HtmlInline html:
                        diagnostics.Error(DiagnosticCodes.RawHtml, line, column,
                            $"HTML wordt niet getoond ('{Shorten(html.Tag)}'). Bedoel je tekst tussen punthaken, schrijf dan \\< en \\>, of zet het tussen `backticks`.");
                        break;
                    case AlertBlock alert when !Markdown.Alerts.AlertKinds.IsKnown(alert.Kind.ToString()):
                        diagnostics.Warning(DiagnosticCodes.AlertKindUnknown, line, column,
                            $"Onbekende soort melding [!{alert.Kind}]; gebruik NOTE, TIP, IMPORTANT, WARNING of CAUTION.");
                        break;
                }
                if (AttributeSanitizer.RemovedFrom(node) is { } removed)
                {
                    diagnostics.Warning(DiagnosticCodes.AttributeIgnored, line, column,
                        $"Attributen {string.Join(", ", removed.Names.Select(n => $"'{n}'"))} worden niet getoond; alleen een stapkop kent attributen ({{#id}}, target, page, source, .end).");
                }
            }
        }

        public ImmutableArray<Located<string>> FindUnreachable(ImmutableArray<StepDraft> steps)
        {
            if (steps.Length == 0)
            {
                return [];
            }
            var byId = steps.Where(s => s.Id is not null).GroupBy(s => s.Id!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var reached = new HashSet<StepDraft> { steps[0] };
            var queue = new Queue<StepDraft>([steps[0]]);
            while (queue.TryDequeue(out var step))
            {
                var targets = step.Decision.Where(n => n.GuideId is null && n.StepId is not null).Select(n => n.StepId!)
                    .Concat(step.Block.Descendants<LinkInline>().Select(l => UrlPolicy.Classify(l.Url)).Where(t => t.Kind == LinkKind.Step).Select(t => t.StepId!));
                if (step.Decision.IsEmpty && !step.IsEnd && step.FollowingStepId is { } following)
                {
                    targets = targets.Append(following);
                }
                foreach (var target in targets)
                {
                    if (byId.TryGetValue(target, out var next) && reached.Add(next))
                    {
                        queue.Enqueue(next);
                    }
                }
            }
            return [.. steps.Where(s => !reached.Contains(s) && s.Id is not null)
                .Select(s => new Located<string>(s.Id!, s.Block.Line + 1, s.Block.Column + 1))];
        }

        private void ValidateLink(string? url, int line, int column, HashSet<string> stepIds, bool inDecision, bool deliberate)
        {
            var target = UrlPolicy.Classify(url);
            switch (target.Kind)
            {
                case LinkKind.Disallowed:
                    diagnostics.Error(DiagnosticCodes.LinkSchemeNotAllowed, line, column, DisallowedLinkMessage(target.Url));
                    break;
                case LinkKind.Step when !stepIds.Contains(target.StepId!):
                    diagnostics.Error(DiagnosticCodes.LinkStepUnknown, line, column,
                        $"De link naar '#{target.StepId}' wijst naar een stap die niet in deze gids staat.");
                    break;
                case LinkKind.Guide:
                    References.Add(new GuideReference(target.GuideId!, target.StepId, line, column, inDecision ? ReferenceKind.Decision : ReferenceKind.Link, deliberate));
                    break;
            }
        }

        private ImmutableArray<Check> ReadChecks(StepBlock step)
        {
            var checks = ImmutableArray.CreateBuilder<Check>();
            foreach (var item in step.Descendants<ListItemBlock>())
            {
                if (CheckItem.Of(item) is not { } check)
                {
                    continue;
                }
                if (check.TickedInSource)
                {
                    var (line, column) = Position(item);
                    diagnostics.Warning(DiagnosticCodes.CheckTicked, line, column,
                        "Deze controle staat al aangevinkt ([x]); de baliemedewerker vinkt zelf af. Schrijf '- [ ]'.");
                }
                checks.Add(new Check(check.Id, check.Text));
            }
            return checks.ToImmutable();
        }

        private ImmutableArray<NextStep> ReadDecision(StepBlock step, List<Block> body)
        {
            var options = ImmutableArray.CreateBuilder<NextStep>();
            for (var i = 0; i < body.Count; i++)
            {
                if (body[i] is not DecisionBlock decision)
                {
                    continue;
                }
                if (!StepRules.AsksAQuestion(step, body.Take(i)))
                {
                    var (line, column) = Position(decision);
                    diagnostics.Warning(DiagnosticCodes.DecisionWithoutQuestion, line, column,
                        "Bij deze keuze staat geen vraag: de baliemedewerker ziet knoppen, maar weet niet waarover hij beslist. Zet boven de keuze een korte vraag die eindigt met een vraagteken, of maak de titel van de stap een vraag.");
                }
                else if (StepRules.OpenQuestionAnsweredYesOrNo(step, body.Take(i), decision.Options.Select(o => o.Label)) is { } question)
                {
                    var (line, column) = Position(decision);
                    diagnostics.Warning(DiagnosticCodes.YesNoToOpenQuestion, line, column,
                        $"De vraag '{question}' is een open vraag, maar een keuze begint met Ja of Nee. Stel een ja-neevraag, of laat de keuzes de vraag beantwoorden.");
                }
                if (i < body.Count - 1)
                {
                    var (line, column) = Position(body[i + 1]);
                    diagnostics.Warning(DiagnosticCodes.DecisionNotLast, line, column,
                        "Na een keuze volgt nog tekst; die ziet de baliemedewerker pas ná de knoppen. Zet de keuze onderaan de stap.");
                }
                foreach (var option in decision.Options)
                {
                    var target = UrlPolicy.Classify(option.Link.Url);
                    if (option.Label.Length == 0)
                    {
                        var (line, column) = Position(option.Link);
                        diagnostics.Error(DiagnosticCodes.DecisionLabelEmpty, line, column, "Een keuze heeft geen tekst: schrijf die tussen de [haken].");
                    }
                    options.Add(target.Kind == LinkKind.Guide
                        ? new NextStep(option.Label, target.StepId, target.GuideId)
                        : new NextStep(option.Label, target.StepId, null));
                }
            }
            return options.ToImmutable();
        }

        private static bool IsInDecision(LinkInline link)
        {
            for (Block? block = link.Parent?.ParentBlock; block is not null; block = block.Parent)
            {
                if (block is DecisionBlock)
                {
                    return true;
                }
            }
            return false;
        }

        private static string DisallowedLinkMessage(string url)
        {
            var scheme = url.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? url[..colon].ToLowerInvariant() : null;
            return scheme switch
            {
                "javascript" or "vbscript" or "data" or "file" =>
                    $"Link '{Shorten(url)}' is niet toegestaan: {scheme}:-links kunnen code uitvoeren of bestanden openen.",
                _ when url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) =>
                    $"Link '{Shorten(url)}' mist https://; schrijf https://{Shorten(url)}.",
                _ => $"Link '{Shorten(url)}' is niet toegestaan: gebruik https://, mailto:, #stap-id of guide:gids-id.",
            };
        }

        private static string Shorten(string? text)
        {
            var value = (text ?? string.Empty).ReplaceLineEndings(" ").Trim();
            return value.Length <= 60 ? value : value[..57] + "...";
        }

        private static (int Line, int Column) Position(MarkdownObject node) => (node.Line + 1, node.Column + 1);
    }

    /// <summary>Renders lists of blocks to HTML with the guide pipeline; one per thread, reused.</summary>
    private sealed class StepRenderer
    {
        private readonly StringWriter _writer = new();
        private readonly Markdig.Renderers.HtmlRenderer _html;

        public StepRenderer() => _html = GuideMarkdown.CreateRenderer(_writer);

        public string Render(IEnumerable<Block> blocks)
        {
            _writer.GetStringBuilder().Clear();
            foreach (var block in blocks)
            {
                _html.Write(block);
            }
            _writer.Flush();
            return _writer.ToString().TrimEnd();
        }
    }
}
