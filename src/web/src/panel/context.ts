// The host context: which page of the municipal application the official is on. It comes from the panel's own
// query string (?url=…&title=…&app=…&role=…) and from messages that the embedding page (the browser extension or
// the overlay) posts: {type: "epss:context", context: {url, title, app, role}}. Anything else is ignored.
import type { PageContextRequest } from "../shared/contract";

const fields = ["url", "title", "app", "role"] as const;
/** Longer values are cut: a context is a hint for suggestions, not a document. */
export const maxContextValueLength = 2_000;

export function contextFromQuery(search: string): PageContextRequest {
  const params = new URLSearchParams(search);
  const context: PageContextRequest = {};
  for (const field of fields) {
    const value = params.get(field);
    if (value !== null && value.trim() !== "") context[field] = value.slice(0, maxContextValueLength);
  }
  return context;
}

/**
 * The context in a posted message, or null when the message is not an Epss context message or is malformed.
 * Every field is optional but must be a string when present; unknown fields are dropped.
 */
export function contextFromMessage(data: unknown): PageContextRequest | null {
  if (!isRecord(data) || data.type !== "epss:context" || !isRecord(data.context)) return null;
  const source = data.context;
  const context: PageContextRequest = {};
  for (const field of fields) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return null;
    if (value.trim() !== "") context[field] = value.slice(0, maxContextValueLength);
  }
  return context;
}

export function sameContext(a: PageContextRequest, b: PageContextRequest): boolean {
  return fields.every((field) => (a[field] ?? "") === (b[field] ?? ""));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
