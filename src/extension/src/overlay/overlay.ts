// The embeddable overlay: one <script src="{server}/overlay.js" defer> tag on a page of the host application adds a
// launcher button ("Hulp bij deze taak") and the side panel ({server}/panel in an iframe) on the right, reports the
// page's context to the panel, and highlights the targets the panel asks for.
//
// Optional attributes on the script tag: data-epss-app="burgerzaken" (the application name the guides' context.apps
// name; without it the panel goes by URL and title alone) and data-epss-role="baliemedewerker".
//
// Built as an IIFE: nothing is added to the host's globals and no prototype is touched. Everything visible lives in
// one element with a shadow root, so the host's CSS and ours never meet. The shadow root is open so that assistive
// technology and the browser tests can reach the launcher; isolation of styles does not depend on it being closed.
import {
  highlightFromMessage,
  isReadyMessage,
  type ContextMessage,
  type HostContext,
  type TargetStatusMessage,
} from "../../../web/src/shared/host-messages";
import { Highlighter } from "../highlight/highlighter";
import { watchPage } from "../shared/page-watch";
import { overlayStyle, panelWidth } from "./style";

const openKey = "epss.overlay.open.v1";

function start(script: HTMLScriptElement): void {
  const server = new URL(script.src).origin;
  const app = script.dataset.epssApp?.trim() || undefined;
  const role = script.dataset.epssRole?.trim() || undefined;

  const host = document.createElement("epss-overlay");
  // Inline !important: the host page's rules for unknown elements or for `*` must not move or hide the overlay.
  host.style.setProperty("all", "initial", "important");
  host.style.setProperty("display", "block", "important");
  const shadow = host.attachShadow({ mode: "open" });
  const sheet = document.createElement("style");
  sheet.textContent = overlayStyle;

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.textContent = "Hulp bij deze taak";
  launcher.setAttribute("aria-controls", "epss-panel");

  const panel = document.createElement("div");
  panel.id = "epss-panel";
  panel.className = "panel";
  panel.setAttribute("role", "complementary");
  panel.setAttribute("aria-label", "Werkinstructies");
  shadow.append(sheet, panel, launcher);

  let frame: HTMLIFrameElement | null = null;

  const post = (message: ContextMessage | TargetStatusMessage): void => {
    // targetOrigin is the server's: the message never reaches a page that took the frame's place.
    frame?.contentWindow?.postMessage(message, server);
  };
  const context = (): HostContext => {
    const page = watch.current();
    return { url: page.url, title: page.title, ...(app ? { app } : {}), ...(role ? { role } : {}) };
  };
  const sendContext = (): void => post({ type: "epss:context", context: context() });

  const highlighter = new Highlighter({ document, report: post });
  const watch = watchPage(window, sendContext);

  // While the panel is open the host page gives up the panel's width (docked, as a side panel is), so that no field
  // of the application lies under the panel where its highlight could not be seen. The page's own inline value is
  // put back when the panel closes. On a narrow window the panel covers the page instead.
  const root = document.documentElement;
  const hostMargin = { value: root.style.getPropertyValue("margin-right"), priority: root.style.getPropertyPriority("margin-right") };
  let docked = false;
  const dock = (open: boolean): void => {
    const wanted = open && window.innerWidth >= panelWidth + 480;
    if (wanted === docked) return;
    docked = wanted;
    if (wanted) root.style.setProperty("margin-right", `${panelWidth}px`, "important");
    else if (hostMargin.value === "") root.style.removeProperty("margin-right");
    else root.style.setProperty("margin-right", hostMargin.value, hostMargin.priority);
  };
  window.addEventListener("resize", () => dock(!panel.hidden));

  const setOpen = (open: boolean): void => {
    if (open && frame === null) {
      // Made on first opening only: a closed overlay costs the host page no connection to the server.
      frame = document.createElement("iframe");
      frame.src = `${server}/panel`;
      frame.title = "Epss werkinstructies";
      frame.className = "frame";
      frame.addEventListener("load", sendContext);
      panel.append(frame);
    }
    panel.hidden = !open;
    dock(open);
    launcher.setAttribute("aria-expanded", String(open));
    launcher.classList.toggle("open", open);
    try {
      sessionStorage.setItem(openKey, open ? "1" : "0");
    } catch {
      // Storage may be off (privacy settings); the overlay then simply starts closed.
    }
  };
  launcher.addEventListener("click", () => setOpen(panel.hidden));

  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (frame === null || event.source !== frame.contentWindow || event.origin !== server) return;
    if (isReadyMessage(event.data)) {
      sendContext();
      return;
    }
    const highlight = highlightFromMessage(event.data);
    if (highlight !== null) highlighter.handle(highlight);
  });

  let wasOpen = false;
  try {
    wasOpen = sessionStorage.getItem(openKey) === "1";
  } catch {
    // See above.
  }
  setOpen(wasOpen);
  document.body.append(host);
}

try {
  const script = document.currentScript;
  if (script instanceof HTMLScriptElement && script.src !== "") {
    const go = (): void => start(script);
    // A tag without defer in <head> runs before <body> exists.
    if (document.body === null) document.addEventListener("DOMContentLoaded", go, { once: true });
    else go();
  }
} catch (error) {
  // A broken overlay must not break the host application.
  console.warn("Epss: the overlay could not start", error);
}
