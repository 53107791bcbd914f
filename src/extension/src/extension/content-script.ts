// The content script, on the pages of the configured host applications (registered by the service worker): tells
// the side panel which page this is, on load and on every in-page navigation, and highlights what the panel asks.
// It runs in an isolated world: the host page's scripts cannot see it, and it adds nothing to their globals.
import type { TargetStatusMessage } from "../../../web/src/shared/host-messages";
import { Highlighter } from "../highlight/highlighter";
import { watchPage, type PageState } from "../shared/page-watch";
import { panelToContentFrom, type ContentToPanel } from "./messages";

/** Set on the isolated world's global: a second injection (an update of the extension) must not double the work. */
const marker = Symbol.for("epss.content-script");

function send(message: ContentToPanel): void {
  // Rejected when no side panel is open: then nobody needs to know.
  chrome.runtime.sendMessage(message).catch(() => undefined);
}

function start(): void {
  const highlighter = new Highlighter({
    document,
    report: (status: TargetStatusMessage) => send({ kind: "epss:status", status }),
  });
  const watch = watchPage(window, (page: PageState) => send({ kind: "epss:page", page, loaded: false }));

  chrome.runtime.onMessage.addListener((value: unknown, _sender, respond: (answer: PageState) => void) => {
    const message = panelToContentFrom(value);
    if (message === null) return false;
    if (message.kind === "epss:page?") {
      respond(watch.current());
      return false;
    }
    highlighter.handle(message.highlight);
    return false;
  });

  send({ kind: "epss:page", page: watch.current(), loaded: true });
}

function startSafely(): void {
  try {
    start();
  } catch (error) {
    console.warn("Epss: the content script could not start", error);
  }
}

const world = globalThis as typeof globalThis & { [marker]?: true };
if (world[marker] !== true) {
  world[marker] = true;
  // Nothing of ours runs before the host page has loaded: the page's own load comes first, then a task of ours.
  if (document.readyState === "complete") startSafely();
  else window.addEventListener("load", () => setTimeout(startSafely, 0), { once: true });
}
