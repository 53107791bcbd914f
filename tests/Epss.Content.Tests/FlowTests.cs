using System.Text;
using Epss.Content.Diagnostics;
using Epss.Content.Flow;
using Epss.Content.Tests.Support;
using Epss.Testing;

namespace Epss.Content.Tests;

/// <summary>
/// The flow checks that need more than one guide: a link into another guide past its checks (the library and the
/// editor's lint, through <see cref="CrossGuideChecks"/>), and steps reached only from another guide.
/// </summary>
public sealed class FlowTests : IDisposable
{
    /// <summary>A hand-out guide: three steps with checks before the old documents, a side branch with checks that does not lead there.</summary>
    private static readonly string Uitreiken = TestGuides.Guide("uitreiken", """
        ## Functiescheiding {#functiescheiding}

        - [ ] Ik heb de aanvraag niet opgenomen

        ## Document controleren {#document}

        - [ ] Geen opdracht tot inhouden

        Kan het document mee?

        - [Ja](#identiteit)
        - [Nee, misdruk](#misdruk)

        ## Identiteit {#identiteit}

        - [ ] Houder lijkt op de foto

        ## Oude documenten innemen {#oude-documenten}

        - [ ] Oude documenten ontvangen

        ## Registreren {#registreren .end}

        Registreer de uitreiking.

        ## Misdruk {#misdruk .end}

        - [ ] Document teruggelegd

        """, "Reisdocument uitreiken");

    private readonly TempContentFolder _folder = new();
    private readonly TestLog _log = new();

    [Fact]
    public async Task Load_link_past_checks_of_another_guide_warns_at_the_link_naming_the_skipped_steps()
    {
        _folder.Write("uitreiken.md", Uitreiken);
        _folder.Write("identiteit.md", Linking("guide:uitreiken#oude-documenten"));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        var warning = Assert.Single(snapshot.Diagnostics);
        Assert.Equal("identiteit.md:18:3: warning: jump-past-checks", Format(warning));
        Assert.Equal(
            "De link naar 'uitreiken#oude-documenten' slaat in 'Reisdocument uitreiken' de stappen 'Functiescheiding', 'Document controleren', 'Identiteit' met controlepunten over. "
            + "Link naar het begin van die gids of naar de eerste stap die nog moet gebeuren. Zijn die controles al gedaan, schrijf dan achter de link waarom: (guide:uitreiken#oude-documenten \"bewust: …\").",
            warning.Message);
        // A warning: both guides are still served.
        Assert.Equal(["identiteit", "uitreiken"], snapshot.Guides.Keys);
    }

    [Fact]
    public async Task Load_link_past_checks_marked_bewust_is_not_reported_and_the_note_is_not_shown()
    {
        _folder.Write("uitreiken.md", Uitreiken);
        _folder.Write("identiteit.md", Linking("guide:uitreiken#oude-documenten \"bewust: functiescheiding en document zijn al gecontroleerd\""));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        Assert.Empty(snapshot.Diagnostics);
        var step = snapshot.Find("identiteit")!.Steps[1];
        Assert.DoesNotContain("bewust", step.Html, StringComparison.Ordinal);
        Assert.Contains("data-step-id=\"oude-documenten\"", step.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("guide:uitreiken")]
    [InlineData("guide:uitreiken#functiescheiding")]
    public async Task Load_link_to_the_start_of_another_guide_is_not_reported(string url)
    {
        _folder.Write("uitreiken.md", Uitreiken);
        _folder.Write("identiteit.md", Linking(url));
        using var library = TestGuides.Library(_folder, _log);

        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;

        Assert.Empty(snapshot.Diagnostics);
    }

    [Fact]
    public void StepsBefore_counts_the_steps_on_a_way_to_the_step_and_not_a_side_branch()
    {
        var guide = TestGuides.Parse(Uitreiken, "uitreiken.md").Guide!;

        Assert.Equal(["functiescheiding", "document", "identiteit"], GuideFlow.StepsBefore(guide, "oude-documenten").Select(s => s.Id));
        Assert.Equal(["functiescheiding", "document"], GuideFlow.StepsBefore(guide, "misdruk").Select(s => s.Id));
        Assert.Empty(GuideFlow.StepsBefore(guide, "functiescheiding"));
        Assert.Empty(GuideFlow.StepsBefore(guide, "bestaat-niet"));
    }

    [Fact]
    public async Task Check_for_the_editor_gives_the_library_s_link_and_flow_problems_for_one_text()
    {
        _folder.Write("uitreiken.md", Uitreiken);
        _folder.Write("verwijzer.md", TestGuides.Guide("verwijzer", "## Start {#start}\n\n- [ ] Klant is aanwezig\n\n## Verder {#verder .end}\n\nZie [misdruk](guide:uitreiken#misdruk \"bewust: test\").\n"));
        using var library = TestGuides.Library(_folder, _log);
        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;
        // The text an expert is typing: a jump past the other guide's check, a step that does not exist, a guide that
        // does not exist, a step nothing leads to, and a step only another guide leads to.
        var text = TestGuides.Guide("uitreiken", """
            ## Start {#start}

            Waar ga je heen?

            - [Verder](guide:verwijzer#verder)
            - [Uitreiken](#registreren)

            ## Registreren {#registreren .end}

            Zie [de stap](guide:verwijzer#weg) en [de gids](guide:bestaat-niet).

            ## Misdruk {#misdruk .end}

            Van elders.

            ## Vergeten {#vergeten .end}

            Niemand komt hier.

            """, "Reisdocument uitreiken");
        var parsed = TestGuides.Parser().Parse("uitreiken.md", Encoding.UTF8.GetBytes(text));

        var problems = CrossGuideChecks.Check(parsed, snapshot);

        Assert.Equal(
            [
                "uitreiken.md:14:3: warning: jump-past-checks",
                "uitreiken.md:19:39: error: link-guide-unknown",
                "uitreiken.md:19:5: error: link-guide-step-unknown",
                "uitreiken.md:25:1: warning: step-unreachable",
            ],
            problems.Select(Format).Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.Message == "De gids 'verwijzer' heeft geen stap 'weg'.");
    }

    [Fact]
    public async Task Check_for_the_editor_warns_on_a_jump_past_checks_as_the_library_does()
    {
        _folder.Write("uitreiken.md", Uitreiken);
        using var library = TestGuides.Library(_folder, _log);
        var snapshot = (await library.LoadAsync(TestContext.Current.CancellationToken)).Snapshot;
        var parsed = TestGuides.Parser().Parse("identiteit.md", Encoding.UTF8.GetBytes(Linking("guide:uitreiken#oude-documenten")));
        _folder.Write("identiteit.md", Linking("guide:uitreiken#oude-documenten"));
        var fromLibrary = library.Rescan(TestContext.Current.CancellationToken).Snapshot.Diagnostics;

        var fromEditor = CrossGuideChecks.Check(parsed, snapshot);

        Assert.Equal(fromLibrary, fromEditor);
    }

    private static string Linking(string url) => TestGuides.Guide("identiteit", $$"""
        ## Houder vergelijken {#vergelijken}

        - [ ] Houder lijkt op de foto

        ## Vastleggen {#vastleggen}

        Welk document reik je uit?

        - [Een reisdocument]({{url}})
        - [Geen]({{"#klaar"}})

        ## Klaar {#klaar .end}

        Klaar.

        """);

    private static string Format(ContentDiagnostic d) => $"{d.File}:{d.Line}:{d.Column}: {(d.IsError ? "error" : "warning")}: {d.Code}";

    public void Dispose()
    {
        _log.Dispose();
        _folder.Dispose();
    }
}
