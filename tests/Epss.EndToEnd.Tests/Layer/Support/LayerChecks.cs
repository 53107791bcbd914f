using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests.Layer.Support;

/// <summary>
/// What the tests look at on the host page: the highlight ring (an <c>epss-highlight</c> element in the target's own
/// document, shown as a popover in the top layer; its box is the ring's box) and whether the target can be seen; and,
/// inside the panel's frame, the protocol messages between the panel and the layer.
/// </summary>
public static class LayerChecks
{
    /// <summary>The state of the highlight for a selector, as JSON: target box, ring box, top layer, covered or not.</summary>
    private const string HighlightState = """
        selector => {
          const find = doc => {
            const element = doc.querySelector(selector);
            if (element) return element;
            for (const frame of doc.querySelectorAll("iframe")) {
              try { const inner = frame.contentDocument && find(frame.contentDocument); if (inner) return inner; } catch { }
            }
            return null;
          };
          const box = element => { const r = element.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
          const target = find(document);
          const rings = document.querySelectorAll("epss-highlight").length;
          if (!target) return JSON.stringify({ found: false, rings });
          const doc = target.ownerDocument;
          const ring = doc.querySelector("epss-highlight");
          const r = target.getBoundingClientRect();
          const hit = doc.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return JSON.stringify({
            found: true,
            target: box(target),
            ring: ring ? box(ring) : null,
            topLayer: ring ? ring.matches(":popover-open") : false,
            ringsInDocument: doc.querySelectorAll("epss-highlight").length,
            rings,
            uncovered: hit === target || target.contains(hit),
            hit: hit ? hit.tagName + (hit.id ? "#" + hit.id : "") : null,
            inViewport: r.bottom > 0 && r.top < doc.defaultView.innerHeight,
          });
        }
        """;

    /// <summary>Waits until the element <paramref name="selector"/> is highlighted: one ring, in the top layer, over the target, and the target in view and not covered.</summary>
    public static async Task ExpectHighlightedAsync(IPage host, string selector, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        string state;
        while (true)
        {
            state = await host.EvaluateAsync<string>(HighlightState, selector);
            using var json = JsonDocument.Parse(state);
            var root = json.RootElement;
            if (root.GetProperty("found").GetBoolean()
                && root.GetProperty("ring").ValueKind == JsonValueKind.Object
                && root.GetProperty("topLayer").GetBoolean()
                && root.GetProperty("ringsInDocument").GetInt32() == 1
                && root.GetProperty("uncovered").GetBoolean()
                && root.GetProperty("inViewport").GetBoolean()
                && Box.Parse(root.GetProperty("ring").GetRawText()).Overlaps(Box.Parse(root.GetProperty("target").GetRawText())))
            {
                return;
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"{selector} was not highlighted within {limit.TotalSeconds:0} s: {state}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until no ring is left in the host page (top document).</summary>
    public static async Task ExpectNoHighlightAsync(IPage host) =>
        await host.WaitForFunctionAsync("() => document.querySelectorAll('epss-highlight').length === 0", null, new() { Timeout = 10_000 });

    /// <summary>The panel's frame in <paramref name="page"/> (served by <paramref name="server"/>), once it is there.</summary>
    public static async Task<IFrame> PanelFrameAsync(IPage page, Uri server)
    {
        var origin = server.GetLeftPart(UriPartial.Authority);
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(30);
        while (true)
        {
            var frame = page.Frames.FirstOrDefault(f => !f.IsDetached && f.Url.StartsWith(origin + "/panel", StringComparison.Ordinal));
            if (frame is not null)
            {
                try
                {
                    // In short waits, looking again in between: a frame replaced while it loaded never fires its event.
                    await frame.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new() { Timeout = 2_000 });
                    return frame;
                }
                catch (TimeoutException) when (clock.Elapsed < limit)
                {
                    continue;
                }
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"No loaded panel frame from {origin} in {page.Url} in {limit.TotalSeconds:0} s; frames: {string.Join(", ", page.Frames.Select(f => f.Url))}; body: {await page.InnerHTMLAsync("body")}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Starts keeping every epss:target-status message the panel's frame receives (see <see cref="StatusesAsync"/>).</summary>
    public static async Task RecordStatusesAsync(IFrame panel) =>
        await panel.EvaluateAsync("""
            () => {
              window.epssTestStatuses = [];
              addEventListener("message", event => {
                if (event.data && event.data.type === "epss:target-status") window.epssTestStatuses.push(event.data);
              });
            }
            """);

    /// <summary>Posts an epss:highlight from the panel's frame to the layer, as the panel does for a step with a target.</summary>
    public static async Task HighlightFromPanelAsync(IFrame panel, int request, string? selector, string stepTitle = "Teststap") =>
        await panel.EvaluateAsync(
            "m => parent.postMessage({ type: 'epss:highlight', request: m.request, guideId: 'test', stepId: 'stap-' + m.request, stepTitle: m.stepTitle, selector: m.selector }, '*')",
            new { request, selector, stepTitle });

    /// <summary>Waits until the panel's frame has received status <paramref name="status"/> for request <paramref name="request"/>.</summary>
    public static async Task ExpectStatusAsync(IFrame panel, int request, string status, TimeSpan? timeout = null)
    {
        try
        {
            await panel.WaitForFunctionAsync(
                "m => (window.epssTestStatuses || []).some(s => s.request === m.request && s.status === m.status)",
                new { request, status },
                new() { Timeout = (float)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            var seen = await panel.EvaluateAsync<string>("() => JSON.stringify(window.epssTestStatuses || [])");
            Assert.Fail($"The panel did not receive status '{status}' for request {request}. Received: {seen}");
        }
    }

    /// <summary>The statuses received for <paramref name="request"/>, in order.</summary>
    public static async Task<string[]> StatusesAsync(IFrame panel, int request) =>
        JsonSerializer.Deserialize<string[]>(await panel.EvaluateAsync<string>(
            "r => JSON.stringify((window.epssTestStatuses || []).filter(s => s.request === r).map(s => s.status))", request))!;
}
