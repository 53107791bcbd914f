// Reads the settings in force: the administrator's policy (chrome.storage.managed) over the official's own
// (chrome.storage.local). See settings.ts.
import { effectiveSettings, managedPolicyFrom, settingsKey, type EffectiveSettings, type ManagedPolicy } from "./settings";

/** The policy; empty where the browser has none for this extension (or no managed storage at all). */
export async function readPolicy(): Promise<{ policy: ManagedPolicy; problems: string[] }> {
  try {
    return managedPolicyFrom(await chrome.storage.managed.get(null));
  } catch {
    return { policy: {}, problems: [] };
  }
}

export async function readSettings(): Promise<EffectiveSettings & { problems: string[] }> {
  const [{ policy, problems }, stored] = await Promise.all([readPolicy(), chrome.storage.local.get(settingsKey)]);
  return { ...effectiveSettings(stored[settingsKey], policy), problems };
}
