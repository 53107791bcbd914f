// What every view of the editor gets from the page: the API, who is signed in (when known), and the two places the
// page speaks (a polite live region for status, an alert area for errors).
import type { Timers } from "../panel/hub-client";
import type { EditorApi } from "./api";

export interface EditorContext {
  api: EditorApi;
  /** The signed-in expert's name; null when the server does not say (see EditorApi.me). */
  me(): string | null;
  /** A status change for the aria-live region ("Opgeslagen als concept"). */
  announce(text: string): void;
  /** An error to show (and announce assertively); null clears it. */
  error(text: string | null): void;
  timers: Timers;
  now(): number;
  navigate(hash: string): void;
}

export const previewDelayMs = 300;
export const draftDelayMs = 1_500;
