using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Layer.Support;

/// <summary>
/// The places where overlay tools commonly fail, on the demo host's /reisdocument/aanvragen, driven through the
/// protocol itself (epss:highlight posted from the panel's frame, epss:target-status read there), so that the layer is
/// tested apart from the panel's choice of what to highlight. Shared by the extension's and the overlay's tests.
/// </summary>
public static class HardCases
{
    public static async Task RunAsync(IPage host, IFrame panel)
    {
        // A field at the bottom of a scrolling container (.werkvak), out of sight at first.
        await LayerChecks.HighlightFromPanelAsync(panel, 101, "#aanvraag-opslaan", "Aanvraag opslaan");
        await LayerChecks.ExpectStatusAsync(panel, 101, "shown");
        await LayerChecks.ExpectHighlightedAsync(host, "#aanvraag-opslaan");

        // A field at the top of the form while the page is scrolled down: the fixed header must not cover it.
        await host.EvaluateAsync("() => { window.scrollTo(0, document.body.scrollHeight); document.querySelector('.werkvak').scrollTop = 1e6; }");
        await LayerChecks.HighlightFromPanelAsync(panel, 102, "#documenttype", "Aanvraag starten");
        await LayerChecks.ExpectStatusAsync(panel, 102, "shown");
        await LayerChecks.ExpectHighlightedAsync(host, "#documenttype");
        var underHeader = await host.EvaluateAsync<bool>("""
            () => {
              const header = document.querySelector(".kop").getBoundingClientRect();
              return document.querySelector("#documenttype").getBoundingClientRect().top >= header.bottom;
            }
            """);
        Assert.True(underHeader, "#documenttype lies under the fixed header.");

        // In a modal dialog that is closed: hidden (no ring); once the host opens it with showModal(): shown, above it.
        await LayerChecks.HighlightFromPanelAsync(panel, 103, "#rps-resultaat", "RPS-resultaat bekijken");
        await LayerChecks.ExpectStatusAsync(panel, 103, "hidden");
        await LayerChecks.ExpectNoHighlightAsync(host);
        await host.Locator("#rps-controle-openen").ClickAsync();
        await LayerChecks.ExpectStatusAsync(panel, 103, "shown");
        await LayerChecks.ExpectHighlightedAsync(host, "#rps-resultaat");
        Assert.True(await host.EvaluateAsync<bool>("() => document.querySelector('#rps-dialoog').matches(':modal')"), "The dialog is not modal.");
        await host.Locator("#rps-dialoog-sluiten").ClickAsync();
        await LayerChecks.ExpectStatusAsync(panel, 103, "hidden");
        await LayerChecks.ExpectNoHighlightAsync(host);
        Assert.Equal(["hidden", "shown", "hidden"], await LayerChecks.StatusesAsync(panel, 103));

        // In a same-origin iframe: the ring is drawn inside the frame's own document.
        await LayerChecks.HighlightFromPanelAsync(panel, 104, "#vingerafdruk-status", "Vingerafdrukken afnemen");
        await LayerChecks.ExpectStatusAsync(panel, 104, "shown");
        await LayerChecks.ExpectHighlightedAsync(host, "#vingerafdruk-status");
        Assert.Equal(0, await host.EvaluateAsync<int>("() => document.querySelectorAll('epss-highlight').length"));

        // Nothing matches: missing, and no ring anywhere. (That the layer first waits for the page to render the field,
        // rather than calling it missing at once, is timed with a fake clock in src/extension/test/highlighter.test.ts.)
        await LayerChecks.HighlightFromPanelAsync(panel, 105, "#later-getekend", "Later getekend");
        await LayerChecks.ExpectStatusAsync(panel, 105, "missing");
        await LayerChecks.ExpectNoHighlightAsync(host);
        Assert.Equal(0, await host.EvaluateAsync<int>("() => document.querySelector('#vingerafdruk-apparaat').contentDocument.querySelectorAll('epss-highlight').length"));
        // The layer keeps looking: a field the page renders after all (a single-page application) is shown then.
        await host.EvaluateAsync("() => document.querySelector('.werkvak').insertAdjacentHTML('beforeend', '<button type=\"button\" id=\"later-getekend\">Later</button>')");
        await LayerChecks.ExpectStatusAsync(panel, 105, "shown");
        await LayerChecks.ExpectHighlightedAsync(host, "#later-getekend");
        Assert.Equal(["missing", "shown"], await LayerChecks.StatusesAsync(panel, 105));

        // Not CSS at all, and more than one match.
        await LayerChecks.HighlightFromPanelAsync(panel, 106, "input[", "Kapot");
        await LayerChecks.ExpectStatusAsync(panel, 106, "invalid");
        await LayerChecks.HighlightFromPanelAsync(panel, 107, ".werkvak fieldset", "Meer dan een");
        await LayerChecks.ExpectStatusAsync(panel, 107, "ambiguous");
        await LayerChecks.ExpectHighlightedAsync(host, ".werkvak fieldset");

        // Cleared: no ring is left behind.
        await LayerChecks.HighlightFromPanelAsync(panel, 108, null);
        await LayerChecks.ExpectNoHighlightAsync(host);
    }
}
