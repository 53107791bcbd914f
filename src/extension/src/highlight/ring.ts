// Drawing a highlight: a ring around the target and a small label with the step title.
//
// The ring is a custom element (never registered: content scripts have no customElements registry, and the host's
// registry is not ours to change) with a closed shadow root, so the host's CSS cannot reach inside it and its CSS
// cannot leak out. It lives in the target's OWN document (inside the iframe for an iframe target), because only there
// do the target's coordinates and the top layer apply. It is shown as a manual popover, which puts it in the top
// layer, above fixed headers and z-index wars; when the host later opens a modal dialog, that dialog enters the top
// layer above the ring, so the ring is shown again to come out on top. pointer-events: none keeps it from ever
// getting in the official's way.

/** What the highlighter holds while something is drawn. */
export interface Drawing {
  readonly target: Element;
  remove(): void;
}

export const tagName = "epss-highlight";
const colour = "#c3006b";
/** Space between the target's box and the ring. */
const gap = 4;

const style = `
:host { all: initial; }
.ring {
  position: absolute; inset: 0; box-sizing: border-box; border-radius: 6px;
  border: 3px solid ${colour};
  box-shadow: 0 0 0 2px #fff, 0 0 14px 6px rgb(195 0 107 / 45%);
}
.label {
  position: absolute; left: 0; bottom: calc(100% + 4px); box-sizing: border-box; max-width: min(22rem, 90vw);
  padding: 2px 8px; border-radius: 4px; background: ${colour}; color: #fff; box-shadow: 0 0 0 2px #fff;
  font: 600 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis;
}
.label.below { bottom: auto; top: calc(100% + 4px); }
.label:empty { display: none; }
@media (forced-colors: active) {
  .ring { border-color: Highlight; box-shadow: none; }
  .label { background: Highlight; color: HighlightText; forced-color-adjust: none; }
}
`;

/**
 * Draws a ring around `target` with `label` beside it, and keeps it in place (one cheap rAF loop reading the target's
 * box) until `remove()`.
 */
export function drawRing(target: Element, label: string | null): Drawing {
  const document = target.ownerDocument;
  const window = document.defaultView;
  const host = document.createElement(tagName);
  // Inline and !important: wins over any rule the host page might have for unknown elements or [popover].
  const hostStyle: Record<string, string> = {
    all: "initial",
    position: "fixed",
    inset: "auto",
    left: "0",
    top: "0",
    width: "0",
    height: "0",
    margin: "0",
    padding: "0",
    border: "0",
    background: "transparent",
    overflow: "visible",
    "pointer-events": "none",
    "z-index": "2147483647",
    display: "block",
  };
  for (const [property, value] of Object.entries(hostStyle)) host.style.setProperty(property, value, "important");
  host.setAttribute("aria-hidden", "true");
  const shadow = host.attachShadow({ mode: "closed" });
  const sheet = document.createElement("style");
  sheet.textContent = style;
  const ring = document.createElement("div");
  ring.className = "ring";
  const text = document.createElement("div");
  text.className = "label";
  text.textContent = label ?? "";
  shadow.append(sheet, ring, text);
  host.popover = "manual";

  let frame = 0;
  let removed = false;
  let last = "";

  const raise = (): void => {
    if (typeof host.showPopover !== "function") return; // no Popover API (jsdom, old browsers): fixed + z-index only
    try {
      if (host.matches(":popover-open")) host.hidePopover();
      host.showPopover();
    } catch {
      // Showing can fail while the document is being torn down; the next frame tries again.
    }
  };
  const attach = (): void => {
    (document.body ?? document.documentElement).append(host);
    raise();
  };

  // The host element takes the ring's box (so the ring's place can be read from outside, by tests and tools); the
  // ring fills it and the label hangs above it, or below when there is no room above.
  const place = (): void => {
    const box = target.getBoundingClientRect();
    const key = `${box.left},${box.top},${box.width},${box.height}`;
    if (key === last) return;
    last = key;
    host.style.setProperty("left", `${box.left - gap}px`, "important");
    host.style.setProperty("top", `${box.top - gap}px`, "important");
    host.style.setProperty("width", `${box.width + 2 * gap}px`, "important");
    host.style.setProperty("height", `${box.height + 2 * gap}px`, "important");
    text.classList.toggle("below", box.top - gap < 30);
  };

  const tick = (): void => {
    frame = 0;
    if (removed) return;
    try {
      // The host page may have replaced the body (SPAs do); put the ring back.
      if (!host.isConnected) attach();
      place();
    } catch {
      // Never throw into the host page.
    }
    frame = window?.requestAnimationFrame(tick) ?? 0;
  };

  // A modal dialog opened after the ring was shown sits above it in the top layer: show the ring again.
  const dialogs = window === null ? null : new window.MutationObserver((records) => {
    if (records.some((record) => record.target !== host && (record.target as Element).localName === "dialog")) raise();
  });
  dialogs?.observe(document, { attributes: true, attributeFilter: ["open"], subtree: true });

  attach();
  place();
  frame = window?.requestAnimationFrame(tick) ?? 0;

  return {
    target,
    remove(): void {
      if (removed) return;
      removed = true;
      dialogs?.disconnect();
      if (frame !== 0) window?.cancelAnimationFrame(frame);
      try {
        if (typeof host.hidePopover === "function" && host.matches(":popover-open")) host.hidePopover();
      } catch {
        // Already gone.
      }
      host.remove();
    },
  };
}

/**
 * Scrolls `target` into view: centred in every scrolling ancestor (nested containers too), then, when something fixed
 * (a header, a toolbar) still covers its centre, further by that thing's height.
 */
export function bringIntoView(target: Element): void {
  target.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
  const root = target.getRootNode() as Document | ShadowRoot;
  if (typeof root.elementFromPoint !== "function") return;
  for (let attempt = 0; attempt < 2; attempt++) {
    const box = target.getBoundingClientRect();
    const hit = root.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (hit === null || hit === target || target.contains(hit)) return;
    const cover = fixedAncestor(hit);
    if (cover === null) return; // covered by something that scrolls along: scrolling cannot help
    const coverBox = cover.getBoundingClientRect();
    const viewportHeight = target.ownerDocument.defaultView?.innerHeight ?? 0;
    // A cover in the top half pushes the target down, one in the bottom half pushes it up.
    const delta = coverBox.top + coverBox.height / 2 < viewportHeight / 2 ? box.top - coverBox.bottom - 16 : box.bottom - coverBox.top + 16;
    const scroller = scrollingAncestor(target, delta);
    if (scroller === null) return;
    scroller.scrollBy({ top: delta, behavior: "instant" });
  }
}

function fixedAncestor(element: Element): Element | null {
  const view = element.ownerDocument.defaultView;
  for (let node: Element | null = element; node !== null; node = node.parentElement) {
    const position = view?.getComputedStyle(node).position;
    if (position === "fixed" || position === "sticky") return node;
  }
  return null;
}

/** The nearest ancestor (or the page) that can still scroll by `delta` vertically. */
function scrollingAncestor(target: Element, delta: number): Element | null {
  const view = target.ownerDocument.defaultView;
  for (let node = target.parentElement; node !== null; node = node.parentElement) {
    const overflow = view?.getComputedStyle(node).overflowY;
    const scrolls = node === target.ownerDocument.scrollingElement || overflow === "auto" || overflow === "scroll";
    if (!scrolls) continue;
    const room = delta < 0 ? node.scrollTop : node.scrollHeight - node.clientHeight - node.scrollTop;
    if (room >= 1) return node;
  }
  return null;
}
