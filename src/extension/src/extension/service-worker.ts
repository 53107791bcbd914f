// The service worker: opens the side panel from the toolbar button, and keeps the content script registered for
// exactly the configured applications (those whose origins the official granted). Nothing else runs here.
import { defaultSettings, settingsKey } from "./settings";
import { readSettings } from "./stored-settings";

const scriptId = "epss-content";

// At every start of the worker: setPanelBehavior is not remembered across browser restarts in every version.
chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch((error: unknown) => console.warn("Epss: side panel behaviour", error));

/** Registers the content script for the rules whose origins are granted; unregisters it when none are. */
async function syncContentScripts(): Promise<void> {
  // The administrator's applications where the policy names them, else the official's own.
  const { rules } = (await readSettings()).settings;
  const granted: string[] = [];
  for (const rule of rules) {
    // Registering a pattern without permission would succeed and then silently do nothing; leave it out.
    if (await chrome.permissions.contains({ origins: [rule.pattern] })) granted.push(rule.pattern);
  }
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [scriptId] });
  if (existing.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [scriptId] });
  if (granted.length === 0) return;
  await chrome.scripting.registerContentScripts([
    { id: scriptId, js: ["content-script.js"], matches: [...new Set(granted)], runAt: "document_idle", allFrames: false, persistAcrossSessions: true },
  ]);
}

/** Serialised: two syncs at once would race on the one registration id. */
let syncing: Promise<void> = Promise.resolve();
function sync(): void {
  syncing = syncing.then(syncContentScripts).catch((error: unknown) => console.warn("Epss: content script registration", error));
}

chrome.runtime.onInstalled.addListener(() => {
  void (async () => {
    const stored = await chrome.storage.local.get(settingsKey);
    if (stored[settingsKey] === undefined) await chrome.storage.local.set({ [settingsKey]: defaultSettings });
    sync();
  })().catch((error: unknown) => console.warn("Epss: first start", error));
});
chrome.runtime.onStartup.addListener(sync);
chrome.storage.onChanged.addListener((changes, area) => {
  if ((area === "local" && settingsKey in changes) || area === "managed") sync();
});
chrome.permissions.onAdded.addListener(sync);
chrome.permissions.onRemoved.addListener(sync);
