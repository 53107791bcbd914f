// The panel's side of the conversation with the layer over the host application (the extension's side panel page
// or the overlay): see ../shared/host-messages.ts. The panel says which element of the host page the current step
// is about; the layer answers whether it found it. Without a layer (the panel opened on its own) nothing is sent
// that anyone reads, and no answer ever comes: the panel then says nothing about targets.
import type { StepResponse } from "../shared/contract";
import {
  accessTokenFromMessage,
  isExtensionOrigin,
  type HighlightMessage,
  type HostContext,
  type TargetStatusMessage,
  targetStatusFromMessage,
} from "../shared/host-messages";
import { contextFromMessage } from "./context";
import type { Embedding } from "./layout";

/** What the panel wants highlighted now: a step of a guide, or nothing. */
export interface HighlightTarget {
  guideId: string;
  step: StepResponse;
}

export interface HostLinkEvents {
  context(context: HostContext): void;
  targetStatus(status: TargetStatusMessage): void;
  /** The extension's API token (null: it has none); see AccessTokenMessage. */
  accessToken(token: string | null): void;
}

export class HostLink {
  private request = 0;
  private current: HighlightMessage | null = null;
  private answered = false;
  /** The framing page's origin: where the panel's messages go, and the only origin it takes messages from. */
  private parentOrigin: string | null;
  /** Messages to a parent whose origin is not known yet (a browser without ancestorOrigins), sent once it is. */
  private readonly unsent: object[] = [];

  /**
   * `parentOrigin`: the framing page's origin, by default the browser's own account of it (ancestorOrigins). Which
   * pages may frame the panel at all is the server's CSP frame-ancestors (this server, Epss:HostApplications and
   * Epss:ExtensionOrigins): the browser does not run the panel under any other, so the parent is one of those.
   */
  constructor(
    private readonly win: Window,
    private readonly events: HostLinkEvents,
    signal: AbortSignal,
    parentOrigin: string | null = parentOriginOf(win),
  ) {
    this.parentOrigin = parentOrigin;
    win.addEventListener("message", (event: MessageEvent) => this.onMessage(event), { signal });
  }

  /** True once a layer has spoken to the panel: only then are targets something to talk about. */
  get hasLayer(): boolean {
    return this.answered;
  }

  /** Tells the layer the panel is ready: it answers with the host context (again, after a reload of the panel). */
  announceReady(): void {
    this.post({ type: "epss:ready" });
  }

  /**
   * Asks for this step's target to be highlighted, or for the highlight to go (null). A request equal to the
   * standing one is not sent again, unless `again` (the host page changed, so the element must be looked up anew).
   * True when a request was sent.
   */
  highlight(target: HighlightTarget | null, again = false): boolean {
    const selector = target?.step.target ?? null;
    const wanted = {
      guideId: selector === null ? null : target?.guideId ?? null,
      stepId: selector === null ? null : target?.step.id ?? null,
      stepTitle: selector === null ? null : target?.step.title ?? null,
      selector,
    };
    const standing = this.current;
    if (
      !again &&
      standing !== null &&
      standing.guideId === wanted.guideId &&
      standing.stepId === wanted.stepId &&
      standing.stepTitle === wanted.stepTitle &&
      standing.selector === wanted.selector
    ) {
      return false;
    }
    if (standing === null && selector === null) return false;
    this.current = { type: "epss:highlight", request: ++this.request, ...wanted };
    this.post(this.current);
    if (selector === null) this.current = null;
    return true;
  }

  private onMessage(event: MessageEvent): void {
    // The layer is the parent window; a panel that is not framed is its own parent (and tests post to it).
    if (event.source !== this.win.parent) return;
    const framed = this.win.parent !== this.win;
    if (framed) {
      // Without ancestorOrigins the parent's first message says its origin; the parent cannot change origin while
      // this document lives (navigating it discards the frame), so a message from any other origin is not its own.
      this.parentOrigin ??= event.origin;
      if (event.origin !== this.parentOrigin) return;
      this.flush();
    }
    const token = accessTokenFromMessage(event.data);
    if (token) {
      // Only a framing extension page may hand over a token: a host application may frame the panel too, and one
      // that slipped in a token of its own would have the official work under someone else's name. Which extension
      // may frame it is pinned by the server's frame-ancestors (Epss:ExtensionOrigins).
      if (framed && isExtensionOrigin(this.parentOrigin ?? "")) {
        this.answered = true;
        this.events.accessToken(token.token);
      }
      return;
    }
    const context = contextFromMessage(event.data);
    if (context) {
      this.answered = true;
      this.events.context(context);
      return;
    }
    const status = targetStatusFromMessage(event.data);
    if (status && this.current !== null && status.request === this.current.request) {
      this.answered = true;
      this.events.targetStatus(status);
    }
  }

  private post(message: object): void {
    if (this.win.parent === this.win) {
      // Unframed, the panel posts to itself ("/": its own origin), which nobody reads but the tests.
      this.win.postMessage(message, "/");
      return;
    }
    // Never "*": only the page that framed the panel reads what it is doing, not one that took that page's place.
    if (this.parentOrigin === null) this.unsent.push(message);
    else this.win.parent.postMessage(message, this.parentOrigin);
  }

  private flush(): void {
    for (const message of this.unsent.splice(0)) this.post(message);
  }
}

/** The framing page's origin as the browser reports it (Chromium, Safari); null unframed or where it is not reported. */
export function parentOriginOf(win: Window): string | null {
  if (win.parent === win) return null;
  return (win.location.ancestorOrigins as DOMStringList | undefined)?.[0] ?? null;
}

/** Where the panel runs (see Embedding): framed by an extension page is told by the frame's parent origin. */
export function embeddingOf(win: Window): Embedding {
  if (win.parent === win) return "top";
  // Not in every browser (nor in jsdom): without it the panel counts as framed by a page.
  const parent = parentOriginOf(win);
  return parent !== null && isExtensionOrigin(parent) ? "extension" : "frame";
}

/**
 * Whether a host page's URL fits a step's page pattern: `*` is any run of characters, the rest literal, letter case
 * ignored, the whole URL must match (as the server's context patterns). Iterative: no backtracking blow-up.
 */
export function urlMatches(pattern: string, url: string): boolean {
  const p = pattern.toLowerCase();
  const t = url.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let starT = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] === "*") {
      star = pi++;
      starT = ti;
    } else if (pi < p.length && p[pi] === t[ti]) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

/** The URL patterns of a step's `page` (separated by spaces); empty when the step belongs on every page. */
export function pagePatterns(page: string | null | undefined): string[] {
  return (page ?? "").split(/\s+/).filter((pattern) => pattern !== "");
}

/** Whether a host page's URL fits a step's `page`: any of its patterns; a step without one fits every page. */
export function fitsPage(page: string | null | undefined, url: string | undefined): boolean {
  const patterns = pagePatterns(page);
  return patterns.length === 0 || (url !== undefined && patterns.some((pattern) => urlMatches(pattern, url)));
}

/** A readable name for a step's pages: "*\/reisdocument/uitreiken* *\/rijbewijs/uitreiken*" → "/reisdocument/uitreiken of /rijbewijs/uitreiken". */
export function pageLabel(page: string): string {
  return pagePatterns(page)
    .map((pattern) => pattern.replace(/\*+/g, " ").trim().replace(/\s+/g, " … ") || pattern)
    .join(" of ");
}
