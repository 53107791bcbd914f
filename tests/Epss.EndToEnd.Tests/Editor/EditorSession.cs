using Epss.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Editor;

/// <summary>
/// One expert at the editor (/editor) in a browser context of their own (their own sign-in cookie), on a desktop-sized
/// window. Page errors and console errors are collected and fail the test when the session ends.
/// </summary>
public sealed class EditorSession : IAsyncDisposable
{
    /// <summary>The password <see cref="PanelServer.AddUserWithTokenAsync"/> gives every user.</summary>
    public const string Password = "correct-paard-batterij-niet";

    private readonly List<string> _errors = [];

    private EditorSession(PanelServer server, IBrowserContext context, IPage page, string name)
    {
        Server = server;
        Context = context;
        Page = page;
        Name = name;
        page.PageError += (_, error) => _errors.Add("page error: " + error);
        page.Console += (_, message) =>
        {
            // A refused request (409 conflict, 403 four eyes) is the editor's expected answer, logged by Chromium as a failed resource.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                _errors.Add("console error: " + message.Text);
            }
        };
    }

    public PanelServer Server { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Name { get; }

    /// <summary>Signs <paramref name="name"/> in through /signin (sent there by /editor) and waits for the guide list.</summary>
    public static async Task<EditorSession> SignInAsync(Chromium chromium, PanelServer server, string name)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = "nl-NL" });
        var page = await context.NewPageAsync();
        var session = new EditorSession(server, context, page, name);
        await page.GotoAsync(new Uri(server.Address, "/editor").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=password]").FillAsync(Password);
        await page.Locator("form button[type=submit]").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gidsen", Exact = true })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        return session;
    }

    /// <summary>Opens a guide by its deep link and waits until its text is loaded.</summary>
    public async Task OpenGuideAsync(string guideId)
    {
        await Page.GotoAsync(new Uri(Server.Address, "/editor#/gids/" + guideId).ToString());
        await Assertions.Expect(Source).ToBeEditableAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(Source).Not.ToHaveTextAsync("");
    }

    /// <summary>The Markdown text: CodeMirror's content element, a textbox named by the pane's title.</summary>
    public ILocator Source => Page.GetByRole(AriaRole.Textbox, new() { Name = "Tekst (Markdown)", Exact = true, IncludeHidden = true });

    // The editor's view hangs on its element as epssView (src/web/src/editor/cm/setup.ts): the whole text, also the
    // lines CodeMirror has not drawn.
    private const string ViewScript = "document.querySelector('.source-box .cm-editor').epssView";

    /// <summary>The whole Markdown text as the editor holds it.</summary>
    public Task<string> TextAsync() => Page.EvaluateAsync<string>($"() => {ViewScript}.state.doc.toString()");

    /// <summary>The cursor's offset in the text.</summary>
    public Task<int> CursorAsync() => Page.EvaluateAsync<int>($"() => {ViewScript}.state.selection.main.head");

    /// <summary>
    /// Replaces the whole text as a paste would (a user event through CodeMirror's transactions, the cursor after it,
    /// scrolled into view). Not by typing it:
    /// Chromium turns runs of spaces typed into a content-editable into non-breaking spaces, which the front matter's
    /// indentation would not survive. Typing is tested where it matters (completion).
    /// </summary>
    public async Task ReplaceTextAsync(string text)
    {
        await Source.FocusAsync();
        await Page.EvaluateAsync($"text => {{ const view = {ViewScript}; view.dispatch({{ changes: {{ from: 0, to: view.state.doc.length, insert: text }}, selection: {{ anchor: text.length }}, scrollIntoView: true, userEvent: 'input.paste' }}); }}", text);
        await ExpectTextAsync(text);
    }

    /// <summary>Waits until the editor holds <paramref name="expected"/>; fails showing both texts.</summary>
    public async Task ExpectTextAsync(string expected)
    {
        try
        {
            await Page.WaitForFunctionAsync($"expected => {ViewScript}?.state.doc.toString() === expected", expected, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Assert.Equal(expected, await TextAsync());
        }
    }

    /// <summary>The whole text of another CodeMirror view on the page (the merge view's sides: .compare-left, .compare-right).</summary>
    public Task<string> TextOfAsync(string selector) =>
        Page.EvaluateAsync<string>("selector => document.querySelector(selector + '.cm-editor, ' + selector + ' .cm-editor').epssView.state.doc.toString()", selector);

    /// <summary>The line the cursor is on in another CodeMirror view on the page.</summary>
    public Task<string> CursorLineOfAsync(string selector) =>
        Page.EvaluateAsync<string>("selector => { const view = document.querySelector(selector + '.cm-editor, ' + selector + ' .cm-editor').epssView; return view.state.doc.lineAt(view.state.selection.main.head).text; }", selector);

    /// <summary>Replaces the text of another CodeMirror view on the page, as a paste would.</summary>
    public Task ReplaceTextOfAsync(string selector, string text) =>
        Page.EvaluateAsync("([selector, text]) => { const view = document.querySelector(selector + '.cm-editor, ' + selector + ' .cm-editor').epssView; view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.paste' }); }", new[] { selector, text });

    /// <summary>Waits until <paramref name="line"/> carries <paramref name="count"/> drawn error marks (CodeMirror's lint ranges).</summary>
    public async Task ExpectErrorMarksAtAsync(int line, int count)
    {
        const string script = "([line, count]) => { const view = " + ViewScript + "; return [...view.dom.querySelectorAll('.cm-lintRange-error')]"
            + ".filter(mark => view.state.doc.lineAt(view.posAtDOM(mark)).number === line).length === count; }";
        await Page.WaitForFunctionAsync(script, new[] { line, count }, new() { Timeout = 10_000 });
    }

    public ILocator Preview => Page.Locator(".preview-pane");

    /// <summary>The guide's status badge: draft, in-review, sent-back or published.</summary>
    public ILocator StatusBadge(string status) => Page.Locator($".badge-{status}:visible").First;

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>A tab by its name (the flags tab adds its count: "Meldingen (1)").</summary>
    public ILocator Tab(string name) =>
        Page.GetByRole(AriaRole.Navigation, new() { Name = "Onderdelen van de gids", Exact = true })
            .GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(name) + @"\b") });

    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    /// <summary>The entries in the list of diagnostics under the text.</summary>
    public ILocator Diagnostics => Page.GetByRole(AriaRole.Region, new() { Name = "Meldingen van de controle", Exact = true }).Locator("li");

    public async Task SaveDraftAsync(string note)
    {
        await Field("Notitie bij deze versie").FillAsync(note);
        await Button("Opslaan als concept").ClickAsync();
    }

    public void AssertNoErrors() => Assert.True(_errors.Count == 0, $"{Name}'s editor: " + string.Join("\n", _errors));

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
