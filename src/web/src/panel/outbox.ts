// What waits to be sent: usage events, and flags and missing-topic reports made while offline. Kept in
// localStorage, so that nothing is lost with a reload; an item leaves only when the server has acknowledged it.
// Every change reads the stored list afresh, so two panels in one browser do not overwrite each other's items.
import type { FlagRequest, MissingTopicRequest, UsageEventRequest } from "../shared/contract";

export type OutboxItem =
  | { kind: "event"; event: UsageEventRequest }
  | { kind: "flag"; id: string; flag: FlagRequest }
  | { kind: "missing"; id: string; report: MissingTopicRequest };

export type ReportItem = Exclude<OutboxItem, { kind: "event" }>;

export interface OutboxPersistence {
  loadOutbox(): OutboxItem[];
  saveOutbox(items: readonly OutboxItem[]): void;
}

/** Beyond this many waiting items the oldest usage events are dropped (flags and reports are kept). */
export const outboxLimit = 5_000;

export function itemId(item: OutboxItem): string {
  return item.kind === "event" ? item.event.id : item.id;
}

export class Outbox {
  constructor(private readonly persistence: OutboxPersistence) {}

  get size(): number {
    return this.persistence.loadOutbox().length;
  }

  add(item: OutboxItem): void {
    const items = this.persistence.loadOutbox();
    const id = itemId(item);
    if (items.some((existing) => itemId(existing) === id)) return;
    items.push(item);
    let excess = items.length - outboxLimit;
    const kept = excess <= 0 ? items : items.filter((existing) => {
      if (excess > 0 && existing.kind === "event") {
        excess -= 1;
        return false;
      }
      return true;
    });
    this.persistence.saveOutbox(kept);
  }

  /** Usage events waiting, oldest first. */
  events(): UsageEventRequest[] {
    return this.persistence.loadOutbox().flatMap((item) => (item.kind === "event" ? [item.event] : []));
  }

  /** Flags and reports waiting, oldest first. */
  reports(): ReportItem[] {
    return this.persistence.loadOutbox().filter((item): item is ReportItem => item.kind !== "event");
  }

  has(id: string): boolean {
    return this.persistence.loadOutbox().some((item) => itemId(item) === id);
  }

  remove(ids: Iterable<string>): void {
    const gone = new Set(ids);
    if (gone.size === 0) return;
    const items = this.persistence.loadOutbox();
    const kept = items.filter((item) => !gone.has(itemId(item)));
    if (kept.length !== items.length) this.persistence.saveOutbox(kept);
  }
}
