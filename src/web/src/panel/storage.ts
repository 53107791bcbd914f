// What the panel keeps in localStorage: the browser id, the walk (with the guide, for reading offline), a few
// recently opened guides, and the outbox. Stored data is checked on the way in: a broken or old entry is dropped,
// never trusted.
import type { GuideResponse } from "../shared/contract";
import { isUuid, newUuid } from "./ids";
import type { OutboxItem } from "./outbox";
import type { Walk } from "./state";

/** The part of the Storage interface the panel uses (localStorage in the browser, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const storageKeys = {
  browserId: "epss.browserId",
  walk: "epss.panel.walk.v1",
  guides: "epss.panel.guides.v1",
  outbox: "epss.panel.outbox.v1",
} as const;

/** How many recently opened guides are kept for reading offline. */
export const cachedGuideLimit = 12;

export class PanelStorage {
  constructor(private readonly store: KeyValueStore) {}

  /** The id of this browser: made once, then kept (the server pseudonymises it). */
  browserId(): string {
    const stored = this.read(storageKeys.browserId, (value) => (isUuid(value) ? value : null));
    if (stored) return stored;
    const id = newUuid();
    this.write(storageKeys.browserId, id);
    return id;
  }

  loadWalk(): Walk | null {
    return this.read(storageKeys.walk, (value) => (isWalk(value) ? value : null));
  }

  saveWalk(walk: Walk | null): void {
    if (walk) this.write(storageKeys.walk, walk);
    else this.remove(storageKeys.walk);
  }

  /** Recently opened guides, newest first. */
  cachedGuides(): GuideResponse[] {
    return this.read(storageKeys.guides, (value) => (Array.isArray(value) ? value.filter(isGuide) : null)) ?? [];
  }

  cachedGuide(id: string): GuideResponse | undefined {
    return this.cachedGuides().find((guide) => guide.id === id);
  }

  cacheGuide(guide: GuideResponse): void {
    const guides = [guide, ...this.cachedGuides().filter((g) => g.id !== guide.id)].slice(0, cachedGuideLimit);
    this.write(storageKeys.guides, guides);
  }

  forgetGuide(id: string): void {
    this.write(storageKeys.guides, this.cachedGuides().filter((g) => g.id !== id));
  }

  loadOutbox(): OutboxItem[] {
    return this.read(storageKeys.outbox, (value) => (Array.isArray(value) ? value.filter(isOutboxItem) : null)) ?? [];
  }

  saveOutbox(items: readonly OutboxItem[]): void {
    this.write(storageKeys.outbox, items);
  }

  private read<T>(key: string, check: (value: unknown) => T | null): T | null {
    try {
      const raw = this.store.getItem(key);
      if (raw === null) return null;
      return check(key === storageKeys.browserId ? raw : JSON.parse(raw));
    } catch {
      return null;
    }
  }

  private write(key: string, value: unknown): void {
    try {
      this.store.setItem(key, typeof value === "string" ? value : JSON.stringify(value));
    } catch {
      // Storage full or switched off: the panel keeps working, it just will not survive a reload.
    }
  }

  private remove(key: string): void {
    try {
      this.store.removeItem(key);
    } catch {
      // as above
    }
  }
}

/** localStorage when the browser allows it, else a store in memory. */
export function browserStore(): KeyValueStore {
  try {
    const store = window.localStorage;
    const probe = "epss.probe";
    store.setItem(probe, probe);
    store.removeItem(probe);
    return store;
  } catch {
    return memoryStore();
  }
}

export function memoryStore(): KeyValueStore & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === "string";
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

export function isGuide(value: unknown): value is GuideResponse {
  return (
    isRecord(value) &&
    isString(value.id) &&
    isString(value.title) &&
    isString(value.version) &&
    isString(value.introHtml) &&
    Array.isArray(value.steps) &&
    value.steps.length > 0 &&
    value.steps.every(
      (step) =>
        isRecord(step) &&
        isString(step.id) &&
        isString(step.title) &&
        isString(step.html) &&
        Array.isArray(step.checks) &&
        step.checks.every((check) => isRecord(check) && isString(check.id) && isString(check.text)) &&
        Array.isArray(step.next) &&
        step.next.every((next) => isRecord(next) && isString(next.label)),
    )
  );
}

function isTickMap(value: unknown): value is Record<string, string[]> {
  return isRecord(value) && Object.values(value).every(isStringArray);
}

function isWalk(value: unknown): value is Walk {
  if (!isRecord(value) || !isGuide(value.guide) || !isString(value.stepId) || !isString(value.runId)) return false;
  const guide = value.guide;
  return (
    guide.steps.some((step) => step.id === value.stepId) &&
    ["suggestion", "search", "link", "resume", "recent", "restart"].includes(value.via as string) &&
    Array.isArray(value.path) &&
    value.path.every((entry) => isRecord(entry) && isString(entry.guideId) && isString(entry.stepId)) &&
    isTickMap(value.ticks) &&
    isRecord(value.trail) &&
    Object.values(value.trail).every((entry) => isRecord(entry) && isGuide(entry.guide) && isTickMap(entry.ticks)) &&
    typeof value.updatedAt === "number" &&
    (value.pendingAbandonId === undefined || isString(value.pendingAbandonId))
  );
}

function isOutboxItem(value: unknown): value is OutboxItem {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case "event":
      return isRecord(value.event) && isString(value.event.id) && isString(value.event.type);
    case "flag":
      return isString(value.id) && isRecord(value.flag) && isString(value.flag.guideId) && isString(value.flag.text);
    case "missing":
      return isString(value.id) && isRecord(value.report) && isString(value.report.query);
    default:
      return false;
  }
}
