using System.CommandLine;
using System.Text.Json;
using Epss.Content.Model;
using Microsoft.Playwright;

namespace Epss.Cli;

/// <summary>
/// <c>check-targets --host URL [folder]</c>: opens every page of the host application that a step's <c>target</c> is
/// on, once, in headless Chromium, and reports each target that matches no element or more than one. A step's page
/// is its <c>page="…"</c> pattern, or else one of its guide's <c>context.urls</c> (the target must be on one of them).
/// </summary>
internal static class CheckTargetsCommand
{
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>Chromium as the browser tests run it: no sandbox (containers, CI), nothing that phones home.</summary>
    public static readonly IReadOnlyList<string> ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>
    /// Counts the matches of each selector in the document, its same-origin frames (recursively) and open shadow roots.
    /// Returns JSON: per selector <c>{"count": n}</c> or <c>{"error": "…"}</c> for a selector the browser refuses.
    /// </summary>
    private const string CountScript = """
        (selectors) => {
          const roots = [];
          const visit = (root) => {
            roots.push(root);
            for (const element of root.querySelectorAll('*')) {
              if (element.shadowRoot) visit(element.shadowRoot);
              if (element.localName === 'iframe' || element.localName === 'frame') {
                let inner = null;
                try { inner = element.contentDocument; } catch { inner = null; }
                if (inner && inner.documentElement) visit(inner);
              }
            }
          };
          visit(document);
          return JSON.stringify(selectors.map((selector) => {
            try {
              return { count: roots.reduce((sum, root) => sum + root.querySelectorAll(selector).length, 0) };
            } catch (e) {
              return { error: String(e && e.message ? e.message : e) };
            }
          }));
        }
        """;

    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("map")
        {
            Description = "De map met gidsen (standaard: content).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => new DirectoryInfo("content"),
        };
        var host = new Option<string>("--host")
        {
            Description = "Adres van de applicatie waarin de stappen hun velden aanwijzen, zoals http://localhost:5090.",
            Required = true,
        };
        var chromium = new Option<string>("--chromium")
        {
            Description = $"Het Chromium-programma (standaard: {DefaultChromium}); er wordt nooit een browser gedownload.",
            DefaultValueFactory = _ => DefaultChromium,
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Hoeveel seconden een pagina mag laden (1–300, standaard 30).",
            DefaultValueFactory = _ => 30,
        };
        var command = new Command(
            "check-targets",
            "Open elke pagina van de applicatie waarop een stap een veld aanwijst (target), en meld elk veld dat er niet of meer dan eens is.")
        {
            folder, host, chromium, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var seconds = parse.GetValue(timeout);
            if (!TryHost(parse.GetValue(host), out var hostUri) || seconds is < 1 or > 300)
            {
                error.WriteLine("Geef met --host het adres van de applicatie (http of https, zoals http://localhost:5090) en een --timeout van 1 tot 300 seconden.");
                return EpssCommandLine.UsageError;
            }
            using var library = CommonOptions.LoadLibrary(parse.GetValue(folder)!, error);
            if (library is null)
            {
                return EpssCommandLine.UsageError;
            }
            if (library.Current.ErrorCount > 0)
            {
                error.WriteLine($"Let op: {library.Current.ErrorCount} {(library.Current.ErrorCount == 1 ? "fout" : "fouten")} in de gidsen; gidsen die niet getoond worden, worden ook niet gecontroleerd (zie 'epss lint').");
            }
            var targets = TargetsOf(library.Current.Guides.Values);
            if (await UnreachableAsync(hostUri, TimeSpan.FromSeconds(Math.Min(seconds, 15)), cancellationToken) is { } reason)
            {
                error.WriteLine($"De applicatie op {hostUri} is niet bereikbaar: {reason}");
                return EpssCommandLine.UsageError;
            }
            var chromiumPath = parse.GetValue(chromium)!;
            if (!File.Exists(chromiumPath))
            {
                error.WriteLine($"Chromium ontbreekt ({chromiumPath}); installeer het (apt-get install chromium) of geef het pad met --chromium.");
                return EpssCommandLine.UsageError;
            }

            var paths = targets.SelectMany(t => t.Paths).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            Dictionary<string, PageResult> pages;
            try
            {
                pages = await OpenPagesAsync(hostUri, chromiumPath, paths, targets, TimeSpan.FromSeconds(seconds), cancellationToken);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                error.WriteLine($"Chromium kon niet starten ({chromiumPath}): {FirstLine(e.Message)}");
                return EpssCommandLine.UsageError;
            }

            var problems = 0;
            foreach (var target in targets)
            {
                foreach (var line in Problems(target, pages))
                {
                    output.WriteLine(line);
                    problems++;
                }
            }
            output.WriteLine($"{Count(targets.Count, "target", "targets")} checked on {Count(paths.Count, "page", "pages")}: {Count(problems, "problem", "problems")}");
            return problems > 0 ? EpssCommandLine.ContentErrors : EpssCommandLine.Success;
        });
        return command;
    }

    /// <summary>Every step with a target, in guide and step order, with the paths of the pages it may be on.</summary>
    internal static List<StepTarget> TargetsOf(IEnumerable<Guide> guides)
    {
        var targets = new List<StepTarget>();
        foreach (var guide in guides.OrderBy(g => g.Id, StringComparer.Ordinal))
        {
            foreach (var step in guide.Steps)
            {
                if (string.IsNullOrWhiteSpace(step.Target))
                {
                    continue;
                }
                // The pages the step belongs on, each of which must have exactly one element: the step's own, or else
                // every page the guide is suggested for (the panel highlights the step wherever the guide is open).
                IEnumerable<string> patterns = step.PagePatterns.Count > 0 ? step.PagePatterns : guide.Context.Urls;
                var paths = patterns.Select(PathOf).Distinct(StringComparer.Ordinal).ToList();
                targets.Add(new StepTarget(guide.Id, step.Id, step.Target.Trim(), paths));
            }
        }
        return targets;
    }

    /// <summary>
    /// A URL pattern as a path on the host: its <c>*</c> wildcards dropped (<c>*/reisdocument/aanvragen*</c> →
    /// <c>/reisdocument/aanvragen</c>), a part after a wildcard that names a parameter kept as the query
    /// (<c>*/rijbewijs/aanvragen*soort=omwisselen*</c> → <c>/rijbewijs/aanvragen?soort=omwisselen</c>).
    /// </summary>
    internal static string PathOf(string pattern)
    {
        var parts = pattern.Split('*', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = parts.Length == 0 ? string.Empty : parts[0];
        var parameters = parts.Skip(1).Select(p => p.TrimStart('?', '&')).Where(p => p.Contains('=', StringComparison.Ordinal)).ToList();
        if (parameters.Count > 0)
        {
            text += (text.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', parameters);
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            return absolute.PathAndQuery;
        }
        return text.StartsWith('/') ? text : "/" + text;
    }

    internal static IEnumerable<string> Problems(StepTarget target, IReadOnlyDictionary<string, PageResult> pages)
    {
        var name = $"{target.GuideId}#{target.StepId}: selector \"{target.Selector}\"";
        if (target.Paths.Count == 0)
        {
            yield return $"{name}: no page to check it on (give the step page=\"…\" or the guide context.urls)";
            yield break;
        }
        var loaded = new List<(string Path, SelectorResult Result)>();
        foreach (var path in target.Paths)
        {
            var page = pages[path];
            if (page.Failure is { } failure)
            {
                yield return $"{name} on {path}: page did not load ({failure})";
            }
            else
            {
                loaded.Add((path, page.Selectors[target.Selector]));
            }
        }
        if (loaded.Count == 0)
        {
            yield break;
        }
        if (loaded.Select(l => l.Result.Error).FirstOrDefault(e => e is not null) is { } invalid)
        {
            yield return $"{name} is invalid: {invalid}";
            yield break;
        }
        foreach (var (path, result) in loaded.Where(l => l.Result.Count != 1))
        {
            yield return result.Count == 0 ? $"{name} on {path}: not found" : $"{name} on {path}: found {result.Count} times";
        }
    }

    private static async Task<Dictionary<string, PageResult>> OpenPagesAsync(
        Uri host, string chromiumPath, IReadOnlyList<string> paths, IReadOnlyList<StepTarget> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, PageResult>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return results;
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "nl-NL",
        });
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var selectors = targets.Where(t => t.Paths.Contains(path)).Select(t => t.Selector).Distinct(StringComparer.Ordinal).ToArray();
            results[path] = await CheckPageAsync(context, new Uri(host, path), selectors, timeout);
        }
        return results;
    }

    private static async Task<PageResult> CheckPageAsync(IBrowserContext context, Uri url, string[] selectors, TimeSpan timeout)
    {
        var page = await context.NewPageAsync();
        // Chromium fails the navigation itself for an error status with an empty body; the status is the clearer reason.
        int? errorStatus = null;
        page.Response += (_, response) =>
        {
            if (response.Frame == page.MainFrame && response.Request.IsNavigationRequest && response.Status >= 400)
            {
                errorStatus = response.Status;
            }
        };
        try
        {
            var response = await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = (float)timeout.TotalMilliseconds });
            if (response is { Ok: false })
            {
                return PageResult.Failed($"HTTP {response.Status}");
            }
            try
            {
                // Let the page settle: no network for half a second (an SPA fetching its data), but never wait long for it.
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 5000 });
            }
            catch (TimeoutException)
            {
                // A page that keeps a connection open (polling, a live socket) never goes idle; what is there now counts.
            }
            var json = await page.EvaluateAsync<string>(CountScript, selectors);
            var counts = JsonSerializer.Deserialize<List<SelectorResult>>(json, JsonOptions) ?? [];
            var bySelector = new Dictionary<string, SelectorResult>(StringComparer.Ordinal);
            for (var i = 0; i < selectors.Length; i++)
            {
                bySelector[selectors[i]] = counts[i];
            }
            return new PageResult(null, bySelector);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // Playwright reports a navigation that took too long as a TimeoutException, anything else as a PlaywrightException.
            return PageResult.Failed(errorStatus is { } status ? $"HTTP {status}" : FirstLine(e.Message));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task<string?> UnreachableAsync(Uri host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(host, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return null;
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"geen antwoord binnen {timeout.TotalSeconds:0} seconden.";
        }
    }

    private static bool TryHost(string? text, out Uri host)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            host = parsed;
            return true;
        }
        host = null!;
        return false;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? message.Trim() : line;
    }

    private static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    internal sealed record StepTarget(string GuideId, string StepId, string Selector, IReadOnlyList<string> Paths);

    internal sealed record SelectorResult(int Count, string? Error);

    internal sealed record PageResult(string? Failure, IReadOnlyDictionary<string, SelectorResult> Selectors)
    {
        public static PageResult Failed(string reason) => new(reason, new Dictionary<string, SelectorResult>());
    }
}
