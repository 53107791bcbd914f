// The messages between the panel (the page /panel, always in an iframe of the layer) and the layer over the host
// application: the browser extension's side panel page with its content script, or the embeddable overlay.
// Both sides use window.postMessage; each side ignores anything that is not exactly of these shapes, posts only to
// the other side's origin (never "*") and takes messages only from that window and origin. Which pages may frame the
// panel is the server's CSP frame-ancestors: this server, Epss:HostApplications and Epss:ExtensionOrigins.
//
//   layer  ──epss:context────────►  panel   the page the official is on (on load and on every in-page navigation)
//   layer  ◄─epss:ready────────────  panel   the panel has started: send the context (again)
//   layer  ◄─epss:highlight────────  panel   show this step's target on the host page (selector null: remove it)
//   layer  ──epss:target-status──►  panel   what became of that highlight (shown, hidden, missing, ambiguous)
//   layer  ──epss:access-token───►  panel   the API token to connect with (only the extension, only to the server's
//                                            origin; null: none is set), in answer to every epss:ready
//
// The panel is the one that decides what to highlight: it knows the step and whether the page the official is on is
// the step's page (StepResponse.page). The layer only finds elements and draws the highlight.

export interface HostContext {
  url?: string;
  title?: string;
  app?: string;
  role?: string;
}

/** Layer → panel: the host page's context. */
export interface ContextMessage {
  type: "epss:context";
  context: HostContext;
}

/** Panel → layer: the panel is ready for messages (sent once it has started, and again after a reload). */
export interface ReadyMessage {
  type: "epss:ready";
}

/**
 * Panel → layer: highlight the element of the host page that the step is about. A new request replaces the previous
 * one; `selector: null` removes the highlight (the step has no target, is on another page, or the guide was closed).
 */
export interface HighlightMessage {
  type: "epss:highlight";
  /** Increases with every request; the answer carries it so that an old answer is not mistaken for a new one. */
  request: number;
  guideId: string | null;
  stepId: string | null;
  /** The step title, shown in the small label beside the highlight. */
  stepTitle: string | null;
  /** A CSS selector, searched in the host page, its same-origin iframes and its open shadow roots. */
  selector: string | null;
}

/**
 * shown: exactly one element matched and is highlighted; hidden: it exists but is not visible now (a closed dialog,
 * a collapsed section): the layer keeps watching and answers again once it is shown; missing: no element matches
 * (after a short wait for the page to render it); ambiguous: more than one element matches (the first is shown);
 * invalid: the selector is not valid CSS.
 */
export type TargetStatus = "shown" | "hidden" | "missing" | "ambiguous" | "invalid";

/** Layer → panel: the outcome of a highlight request. Sent again whenever it changes while the request stands. */
export interface TargetStatusMessage {
  type: "epss:target-status";
  request: number;
  guideId: string | null;
  stepId: string | null;
  selector: string;
  status: TargetStatus;
  /** The host page's URL when the status was determined. */
  url: string;
}

/**
 * Extension → panel: the API token the official set in the extension's options (`epss users token`), or null when
 * none is set. The framed panel gets no sign-in cookie (the frame is cross-site), so on a server that does not allow
 * anonymous reading it connects with this. The extension posts it only to the server's origin; the panel takes it
 * only from its parent, and only when that parent is an extension page (the server's frame-ancestors names which).
 */
export interface AccessTokenMessage {
  type: "epss:access-token";
  token: string | null;
}

export type LayerToPanelMessage = ContextMessage | TargetStatusMessage | AccessTokenMessage;
export type PanelToLayerMessage = ReadyMessage | HighlightMessage;

const statuses: readonly TargetStatus[] = ["shown", "hidden", "missing", "ambiguous", "invalid"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === "string";
}

/** A well-formed epss:target-status message, or null. */
export function targetStatusFromMessage(data: unknown): TargetStatusMessage | null {
  if (!isRecord(data) || data.type !== "epss:target-status") return null;
  const { request, guideId, stepId, selector, status, url } = data;
  if (typeof request !== "number" || !Number.isInteger(request)) return null;
  if (!isNullableString(guideId) || !isNullableString(stepId)) return null;
  if (typeof selector !== "string" || typeof url !== "string") return null;
  if (typeof status !== "string" || !statuses.includes(status as TargetStatus)) return null;
  return { type: "epss:target-status", request, guideId, stepId, selector, status: status as TargetStatus, url };
}

/** A well-formed epss:highlight message, or null. */
export function highlightFromMessage(data: unknown): HighlightMessage | null {
  if (!isRecord(data) || data.type !== "epss:highlight") return null;
  const { request, guideId, stepId, stepTitle, selector } = data;
  if (typeof request !== "number" || !Number.isInteger(request)) return null;
  if (!isNullableString(guideId) || !isNullableString(stepId) || !isNullableString(stepTitle) || !isNullableString(selector)) return null;
  return { type: "epss:highlight", request, guideId, stepId, stepTitle, selector };
}

/** A token longer than this is not one the server made. */
export const maxAccessTokenLength = 512;

/** A well-formed epss:access-token message, or null. */
export function accessTokenFromMessage(data: unknown): AccessTokenMessage | null {
  if (!isRecord(data) || data.type !== "epss:access-token") return null;
  const { token } = data;
  if (token === null) return { type: "epss:access-token", token: null };
  if (typeof token !== "string" || token === "" || token.length > maxAccessTokenLength || /\s/.test(token)) return null;
  return { type: "epss:access-token", token };
}

/** Whether a message's origin is a browser extension's page (the only layer that hands the panel a token). */
export function isExtensionOrigin(origin: string): boolean {
  return origin.startsWith("chrome-extension://");
}

export function isReadyMessage(data: unknown): data is ReadyMessage {
  return isRecord(data) && data.type === "epss:ready";
}
