// Messages between the side panel page and the content script of the host tab (chrome.runtime / chrome.tabs
// messaging). The panel's own protocol (host-messages.ts) travels inside them unchanged.
import {
  highlightFromMessage,
  targetStatusFromMessage,
  type HighlightMessage,
  type TargetStatusMessage,
} from "../../../web/src/shared/host-messages";
import type { PageState } from "../shared/page-watch";

/** Content script → side panel: the page (on load, and on every in-page navigation). */
export interface PageMessage {
  kind: "epss:page";
  page: PageState;
  /** True when the content script has just started (a full page load): any highlight it had is gone. */
  loaded: boolean;
}

/** Content script → side panel: the status of a highlight. */
export interface StatusMessage {
  kind: "epss:status";
  status: TargetStatusMessage;
}

/** Side panel → content script: what is the page? (answered with a PageState) */
export interface PageQuery {
  kind: "epss:page?";
}

/** Side panel → content script: highlight (or clear, with selector null). */
export interface HighlightCommand {
  kind: "epss:highlight";
  highlight: HighlightMessage;
}

export type ContentToPanel = PageMessage | StatusMessage;
export type PanelToContent = PageQuery | HighlightCommand;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function pageStateFrom(value: unknown): PageState | null {
  if (!isRecord(value) || typeof value.url !== "string" || typeof value.title !== "string") return null;
  return { url: value.url, title: value.title };
}

export function contentToPanelFrom(value: unknown): ContentToPanel | null {
  if (!isRecord(value)) return null;
  if (value.kind === "epss:page") {
    const page = pageStateFrom(value.page);
    return page === null ? null : { kind: "epss:page", page, loaded: value.loaded === true };
  }
  if (value.kind === "epss:status") {
    const status = targetStatusFromMessage(value.status);
    return status === null ? null : { kind: "epss:status", status };
  }
  return null;
}

export function panelToContentFrom(value: unknown): PanelToContent | null {
  if (!isRecord(value)) return null;
  if (value.kind === "epss:page?") return { kind: "epss:page?" };
  if (value.kind === "epss:highlight") {
    const highlight = highlightFromMessage(value.highlight);
    return highlight === null ? null : { kind: "epss:highlight", highlight };
  }
  return null;
}
