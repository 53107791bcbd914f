// The side panel page (sidepanel.html): holds the panel ({server}/panel) in an iframe and relays between it and the
// content script of the host tab. In Chrome's side panel it follows the active tab of its window; opened as a normal
// tab with ?tab=<id> (how the browser tests open it, since only a user gesture opens the real side panel) it follows
// that tab. It hands the panel the access token from the options (if any) in answer to every epss:ready, posted to
// the server's origin only.
import {
  highlightFromMessage,
  isReadyMessage,
  type HighlightMessage,
  type LayerToPanelMessage,
} from "../../../web/src/shared/host-messages";
import type { PageState } from "../shared/page-watch";
import { contentToPanelFrom, pageStateFrom, type PanelToContent } from "./messages";
import { accessTokenFrom, accessTokenKey, appFor, settingsFrom, settingsKey, type Settings } from "./settings";
import { readSettings } from "./stored-settings";

async function main(): Promise<void> {
  const effective = await readSettings();
  let settings: Settings = effective.settings;
  const server = settings.server;
  // A long-lived token counts only where it is allowed (without a policy, or a kiosk PC's policy that allows it).
  const allowToken = effective.allowToken;
  const stored = await chrome.storage.local.get(accessTokenKey);
  let token = allowToken ? accessTokenFrom(stored[accessTokenKey]) : null;

  const frame = document.createElement("iframe");
  // The panel's page as a static file: GET /panel itself needs a reader's sign-in, which this cross-site frame never
  // carries (no cookie), so on a server without anonymous reading it would be sent to the sign-in page instead. The
  // page holds no guide; the panel then connects with the token (or says that one is needed).
  frame.src = `${server}/panel/index.html`;
  frame.title = "Epss werkinstructies";
  // Chromium's Local Network Access checks judge the panel's connection to its own server (on the intranet or this
  // machine) by the extension page around it; delegating the permission lets the panel ask for it.
  frame.allow = "local-network-access; local-network; loopback-network";
  document.body.append(frame);

  const fixedTab = Number.parseInt(new URLSearchParams(location.search).get("tab") ?? "", 10);
  let tabId: number | null = Number.isInteger(fixedTab) ? fixedTab : null;
  let page: PageState | null = null;
  /** The panel's last highlight request: sent again to a content script that has just (re)started. */
  let highlight: HighlightMessage | null = null;

  const toPanel = (message: LayerToPanelMessage): void => {
    // Never "*": the token must reach the server's own page only, whatever the frame has navigated to.
    frame.contentWindow?.postMessage(message, server);
  };
  const sendContext = (): void => {
    if (page === null) return;
    const app = appFor(settings.rules, page.url);
    toPanel({ type: "epss:context", context: { url: page.url, title: page.title, ...(app === undefined ? {} : { app }) } });
  };
  const toTab = async (message: PanelToContent): Promise<unknown> => {
    if (tabId === null) return undefined;
    try {
      return await chrome.tabs.sendMessage(tabId, message);
    } catch {
      // No content script there (a page of no configured application, or one still loading).
      return undefined;
    }
  };
  const askPage = async (): Promise<void> => {
    const asked = tabId;
    const answer = pageStateFrom(await toTab({ kind: "epss:page?" }));
    if (asked !== tabId) return;
    if (answer === null) {
      // A tab with no configured application: say so, rather than leave the previous tab's page standing.
      if (page === null) toPanel({ type: "epss:context", context: {} });
      return;
    }
    page = answer;
    sendContext();
  };

  frame.addEventListener("load", () => void askPage());

  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (event.source !== frame.contentWindow || event.origin !== server) return;
    if (isReadyMessage(event.data)) {
      toPanel({ type: "epss:access-token", token });
      if (page !== null) sendContext();
      void askPage();
      return;
    }
    const request = highlightFromMessage(event.data);
    if (request !== null) {
      highlight = request;
      void toTab({ kind: "epss:highlight", highlight: request });
    }
  });

  chrome.runtime.onMessage.addListener((value: unknown, sender) => {
    if (sender.tab?.id === undefined || sender.tab.id !== tabId) return false;
    const message = contentToPanelFrom(value);
    if (message === null) return false;
    if (message.kind === "epss:status") {
      toPanel(message.status);
      return false;
    }
    page = message.page;
    sendContext();
    if (message.loaded && highlight !== null && highlight.selector !== null) {
      void toTab({ kind: "epss:highlight", highlight });
    }
    return false;
  });

  chrome.storage.onChanged.addListener((changes, area) => {
    // The administrator changed the policy: start again under the new one.
    if (area === "managed") location.reload();
    if (area !== "local") return;
    if (allowToken && accessTokenKey in changes) {
      const next = accessTokenFrom(changes[accessTokenKey]?.newValue);
      // Removed: a new panel, so that no connection made with the old token stays open. Set or changed: the panel
      // connects with it at once if it was refused.
      if (next === null && token !== null) location.reload();
      token = next;
      toPanel({ type: "epss:access-token", token });
    }
    if (!(settingsKey in changes)) return;
    const own = settingsFrom(changes[settingsKey]?.newValue);
    settings = {
      server: effective.serverLocked ? settings.server : own.server,
      rules: effective.rulesLocked ? settings.rules : own.rules,
    };
    // A new server address needs a new panel; new rules only a new context.
    if (settings.server !== server) location.reload();
    else sendContext();
  });

  if (tabId === null) {
    // In the side panel: follow the active tab of this window.
    const current = await chrome.windows.getCurrent();
    const [active] = await chrome.tabs.query({ active: true, windowId: current.id });
    tabId = active?.id ?? null;
    chrome.tabs.onActivated.addListener((info) => {
      if (info.windowId !== current.id || info.tabId === tabId) return;
      // The highlight belongs to the page it was made for: take it away before following the other tab.
      const clear: HighlightMessage = { type: "epss:highlight", request: highlight?.request ?? 0, guideId: null, stepId: null, stepTitle: null, selector: null };
      void toTab({ kind: "epss:highlight", highlight: clear });
      highlight = null;
      tabId = info.tabId;
      page = null;
      void askPage();
    });
  }
  await askPage();
}

main().catch((error: unknown) => {
  console.warn("Epss: the side panel could not start", error);
  const message = document.createElement("p");
  message.className = "error";
  message.textContent = "Het zijpaneel kon niet starten. Controleer het serveradres in de instellingen van de extensie.";
  document.body.append(message);
});
