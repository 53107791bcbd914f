// The highlighter, shared by the extension's content script and the overlay: takes the panel's highlight requests,
// finds the target (document, same-origin iframes, open shadow roots), decides its status, draws it, keeps watching
// while the request stands, and reports every change of status. It never throws into the host page, and clearing
// leaves no observer, timer or frame callback behind.
import type { HighlightMessage, TargetStatus, TargetStatusMessage } from "../../../web/src/shared/host-messages";
import { findTargets, invalidSelector, isRendered, searchDocuments } from "./find";
import { bringIntoView, drawRing, tagName as ringTag, type Drawing } from "./ring";

/** The overlay's element (its launcher and panel) and the ring: the highlighter's own nodes, not the page's. */
const ourTags = new Set([ringTag, "epss-overlay"]);

function isOurs(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && ourTags.has((node as Element).localName);
}

export interface HighlighterOptions {
  /** The host page's (top) document. */
  document: Document;
  /** Called with every change of status of the standing request. */
  report: (message: TargetStatusMessage) => void;
  /** How long to wait for a single-page application to render a target before calling it missing. */
  missingAfterMs?: number;
  /** How often to look again while a request stands (for what no mutation announces: a frame that loaded, CSS). */
  pollMs?: number;
  /** Replaceable for unit tests: jsdom has no layout, no top layer and no scrolling. */
  isVisible?: (element: Element) => boolean;
  draw?: (element: Element, label: string | null) => Drawing;
  reveal?: (element: Element) => void;
}

interface Standing {
  readonly request: HighlightMessage & { selector: string };
  status: TargetStatus | null;
  /** When no element matched first, since the last time one did; null while one matches. */
  missingSince: number | null;
  drawing: Drawing | null;
  observer: MutationObserver;
  observed: Set<Document>;
  poll: ReturnType<typeof setInterval>;
  pending: ReturnType<typeof setTimeout> | null;
  /** The look that will call the target missing, unless it appears first. */
  deadline: ReturnType<typeof setTimeout> | null;
}

export class Highlighter {
  private readonly options: Required<HighlighterOptions>;
  private standing: Standing | null = null;

  constructor(options: HighlighterOptions) {
    this.options = {
      missingAfterMs: 1_500,
      pollMs: 400,
      isVisible: isRendered,
      draw: drawRing,
      reveal: bringIntoView,
      ...options,
    };
  }

  /** The request being served, if any. */
  get current(): HighlightMessage | null {
    return this.standing?.request ?? null;
  }

  /** Serves a request: replaces the standing one; a null selector only clears. The same request again is a no-op. */
  handle(request: HighlightMessage): void {
    const standing = this.standing;
    if (standing !== null && standing.request.request === request.request && standing.request.selector === request.selector) return;
    this.clear();
    const selector = request.selector;
    if (selector === null || selector.trim() === "") return;
    this.guard(() => this.start({ ...request, selector }));
  }

  /** Removes the highlight and stops watching. */
  clear(): void {
    const standing = this.standing;
    if (standing === null) return;
    this.standing = null;
    this.guard(() => {
      standing.observer.disconnect();
      clearInterval(standing.poll);
      if (standing.pending !== null) clearTimeout(standing.pending);
      if (standing.deadline !== null) clearTimeout(standing.deadline);
      standing.drawing?.remove();
    });
  }

  private start(request: HighlightMessage & { selector: string }): void {
    const standing: Standing = {
      request,
      status: null,
      missingSince: null,
      drawing: null,
      observer: new MutationObserver((records) => {
        // The ring's own moves are no news.
        if (records.some((record) => !isOurs(record.target))) this.schedule(standing, 30);
      }),
      observed: new Set(),
      poll: setInterval(() => this.guard(() => this.evaluate(standing)), this.options.pollMs),
      pending: null,
      deadline: null,
    };
    this.standing = standing;
    this.evaluate(standing);
  }

  /** Coalesces the bursts of mutations an SPA makes while rendering into one look. */
  private schedule(standing: Standing, delay: number): void {
    if (standing !== this.standing || standing.pending !== null) return;
    standing.pending = setTimeout(() => {
      standing.pending = null;
      this.guard(() => this.evaluate(standing));
    }, delay);
  }

  private evaluate(standing: Standing): void {
    if (standing !== this.standing) return;
    const { document } = this.options;
    const found = findTargets(document, standing.request.selector);
    if (found === invalidSelector) {
      // Nothing will ever match: stop watching, keep the request so that the same one again stays a no-op.
      standing.observer.disconnect();
      clearInterval(standing.poll);
      this.set(standing, "invalid");
      return;
    }
    this.observe(standing, document);

    const first = found[0];
    if (first === undefined) {
      this.undraw(standing);
      const now = Date.now();
      standing.missingSince ??= now;
      const waited = now - standing.missingSince;
      if (waited >= this.options.missingAfterMs) this.set(standing, "missing");
      else
        standing.deadline ??= setTimeout(() => {
          standing.deadline = null;
          this.guard(() => this.evaluate(standing));
        }, this.options.missingAfterMs - waited);
      return;
    }
    standing.missingSince = null;
    if (standing.deadline !== null) {
      clearTimeout(standing.deadline);
      standing.deadline = null;
    }

    if (!this.options.isVisible(first)) {
      this.undraw(standing);
      this.set(standing, found.length > 1 ? "ambiguous" : "hidden");
      return;
    }
    if (standing.drawing?.target !== first) {
      this.undraw(standing);
      this.options.reveal(first);
      standing.drawing = this.options.draw(first, standing.request.stepTitle);
    }
    this.set(standing, found.length > 1 ? "ambiguous" : "shown");
  }

  /** Observes every document searched, including frames that appeared since the last look. */
  private observe(standing: Standing, document: Document): void {
    for (const frameDocument of searchDocuments(document)) {
      if (standing.observed.has(frameDocument)) continue;
      standing.observed.add(frameDocument);
      // Attributes too: a dialog's open, a class or style that shows or hides the target.
      standing.observer.observe(frameDocument, { childList: true, subtree: true, attributes: true });
    }
  }

  private undraw(standing: Standing): void {
    standing.drawing?.remove();
    standing.drawing = null;
  }

  private set(standing: Standing, status: TargetStatus): void {
    if (standing.status === status) return;
    standing.status = status;
    const { request } = standing;
    this.options.report({
      type: "epss:target-status",
      request: request.request,
      guideId: request.guideId,
      stepId: request.stepId,
      selector: request.selector,
      status,
      url: this.options.document.location.href,
    });
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      // The host page must never see an exception of ours; a warning keeps it debuggable.
      console.warn("Epss: highlighting failed", error);
    }
  }
}
