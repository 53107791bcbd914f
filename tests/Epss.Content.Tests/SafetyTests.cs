using Epss.Content.Diagnostics;
using Epss.Content.Markdown;
using Epss.Content.Markdown.Checks;
using Epss.Content.Markdown.GuideLinks;
using Epss.Content.Tests.Specs;
using Epss.Content.Tests.Support;
using Markdig.Syntax;

namespace Epss.Content.Tests;

/// <summary>
/// What keeps officials safe: no URL outside the allow-list reaches an href or src, no raw HTML passes, and a
/// guide with errors renders just as safely (a preview or editor shows it before it is fixed). See also Specs/safety.md.
/// </summary>
public sealed class SafetyTests
{
    private const int Body = TestGuides.BodyOffset;

    public static TheoryData<string> DangerousUrls() =>
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
        "javascript&colon;alert(1)",
        "<java\tscript:alert(1)>",
        "<java&#x0A;script:alert(1)>",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,x",
        "file:///C:/Windows/win.ini",
        "//evil.example/x",
        "\\\\evil.example\\share",
        "foo/bar",
        "/intern/beheer",
        "http:",
        "https://",
    ];

    [Theory]
    [MemberData(nameof(DangerousUrls))]
    public void Parse_dangerous_link_keeps_only_its_text_and_reports_error(string url)
    {
        var text = TestGuides.Guide("gids", $"## Stap {{#stap .end}}\n\nKlik [hier]({url}) nu.\n");

        var result = TestGuides.Parse(text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.LinkSchemeNotAllowed, Body + 3, 6), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        var html = SpecFile.RenderPage(text);
        Assert.Contains("<p>Klik hier nu.</p>", html, StringComparison.Ordinal);
        SafeHtml.AssertSafeWithoutSchemes(html);
    }

    [Theory]
    [MemberData(nameof(DangerousUrls))]
    public void Parse_image_from_anything_but_http_keeps_only_its_alt_text_and_reports_error(string url)
    {
        var text = TestGuides.Guide("gids", $"## Stap {{#stap .end}}\n\nZie ![de foto]({url}) nu.\n");

        var result = TestGuides.Parse(text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.ImageSourceNotAllowed, Body + 3, 5), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        var html = SpecFile.RenderPage(text);
        Assert.Contains("<p>Zie de foto nu.</p>", html, StringComparison.Ordinal);
        SafeHtml.AssertSafeWithoutSchemes(html);
    }

    [Theory]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JavaScript:alert(document.cookie)>")]
    [InlineData("<vbscript:msgbox>")]
    [InlineData("<file:///etc/passwd>")]
    public void Parse_autolink_to_a_disallowed_scheme_is_text_and_reports_error(string autolink)
    {
        var text = TestGuides.Guide("gids", $"## Stap {{#stap .end}}\n\nZie {autolink}\n");

        var result = TestGuides.Parse(text);

        Assert.Equal((DiagnosticCodes.LinkSchemeNotAllowed, Body + 3, 5), (Assert.Single(result.Diagnostics).Code, result.Diagnostics[0].Line, result.Diagnostics[0].Column));
        var html = SpecFile.RenderPage(text);
        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        SafeHtml.AssertSafe(html);
    }

    [Fact]
    public void Render_of_a_broken_guide_is_still_safe()
    {
        // Everything at once, in the intro, a step, a check, a decision, a table and an alert; the guide has errors
        // and is not served, but an editor's preview renders it all the same.
        var text = TestGuides.Guide("gids", """
            <script>alert('intro')</script>
            [intro](javascript:alert(1)) <img src=x onerror=alert(1)>

            ## Stap <b onclick="x">vet</b> {#stap onclick="alert(1)" style="color:red"}

            <iframe src="https://evil.example"></iframe>
            <!-- <script>alert(1)</script> -->

            - [ ] <a href="javascript:alert(1)">check</a>
            - [x] ![img](javascript:alert(1))

            | <svg onload=alert(1)> | [x](vbscript:x) |
            | --- | --- |
            | <style>*{display:none}</style> | ![y](data:image/svg+xml,x) |

            > [!WARNING]
            > <object data="x.swf"></object> [z](//evil.example)

            {onclick="alert(1)" #kaping}
            Alinea.

            - [<img src=x onerror=alert(1)>](#stap)
            - [Nee](guide:x" onclick="y)

            """);

        var result = TestGuides.Parse(text);
        var html = SpecFile.RenderPage(text);

        Assert.Null(result.Guide);
        Assert.True(result.Diagnostics.Count(d => d.Code == DiagnosticCodes.RawHtml) >= 10);
        SafeHtml.AssertSafe(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?i)(href|src)=""[^""]*(javascript|vbscript|data):", html);
        Assert.DoesNotMatch(@"(?i)<[^>]*\s(on[a-z]+|style|id)=", html);
        Assert.Contains("&lt;script&gt;alert('intro')&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_through_the_pipeline_writes_no_raw_html_even_when_used_directly()
    {
        var document = Markdig.Markdown.Parse("<div onclick=\"x\">a</div>\n\nb <span>c</span> [d](javascript:x)\n", GuideMarkdown.Pipeline);
        using var writer = new StringWriter();

        GuideMarkdown.CreateRenderer(writer).Render(document);

        Assert.Equal(
            "<p>&lt;div onclick=&quot;x&quot;&gt;a&lt;/div&gt;</p>\n<p>b &lt;span&gt;c&lt;/span&gt; d</p>",
            writer.ToString().ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public void Parse_html_in_check_and_decision_is_left_out_of_their_text()
    {
        var result = TestGuides.Parse(TestGuides.Guide("gids", "## Stap {#stap}\n\n- [ ] <b>Vet</b> gecontroleerd\n\nKlopt het?\n\n- [<i>Ja</i>](#klaar)\n- [Nee](#klaar)\n\n## Klaar {#klaar .end}\n\nKlaar.\n"));

        Assert.Null(result.Guide);
        Assert.Equal(4, result.Diagnostics.Count(d => d.Code == DiagnosticCodes.RawHtml));
        var document = Markdig.Markdown.Parse(TestGuides.Guide("gids", "## Stap {#stap}\n\n- [ ] <b>Vet</b> gecontroleerd\n"), GuideMarkdown.Pipeline);
        var check = CheckItem.Of(document.Descendants<ListItemBlock>().Single());
        Assert.Equal(("vet-gecontroleerd", "Vet gecontroleerd"), (check?.Id, check?.Text));
    }

    [Theory]
    [InlineData("https://www.rvig.nl/paspoort", LinkKind.External)]
    [InlineData("HTTP://EXAMPLE.NL", LinkKind.External)]
    [InlineData("mailto:helpdesk@gemeente.nl", LinkKind.External)]
    [InlineData("#stap", LinkKind.Step)]
    [InlineData("guide:paspoort-aanvragen", LinkKind.Guide)]
    [InlineData("guide:paspoort-aanvragen#pasfoto", LinkKind.Guide)]
    [InlineData("#", LinkKind.Disallowed)]
    [InlineData("guide:", LinkKind.Disallowed)]
    [InlineData("guide:x#", LinkKind.Disallowed)]
    [InlineData("javascript:alert(1)", LinkKind.Disallowed)]
    [InlineData("https://a.example/\n/x", LinkKind.Disallowed)]
    [InlineData("mailto:", LinkKind.Disallowed)]
    [InlineData("tel:0201234567", LinkKind.Disallowed)]
    [InlineData(null, LinkKind.Disallowed)]
    public void UrlPolicy_classifies_only_the_allow_list_as_links(string? url, LinkKind kind)
    {
        Assert.Equal(kind, UrlPolicy.Classify(url).Kind);
    }

    [Theory]
    [InlineData("https://www.rvig.nl", "https://www.rvig.nl")]
    [InlineData("#stap", "#stap")]
    [InlineData("javascript:alert(1)", "#")]
    [InlineData("data:text/html,x", "#")]
    [InlineData("guide:paspoort", "#")]
    [InlineData("//evil.example", "#")]
    public void UrlPolicy_rewrites_every_other_url_to_a_harmless_fragment(string url, string written)
    {
        Assert.Equal(written, UrlPolicy.RewriteForOutput(url));
    }
}
