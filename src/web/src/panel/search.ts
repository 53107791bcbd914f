// Search as you type: at most one search under way, and an older answer never replaces a newer one. The query is sent as typed,
// trailing space included (the server treats a last word without a space as still being typed). Keeps the last
// shown result as the search "session", recorded once as a usage event when a hit is opened or the search is left.
import type { SearchResponse } from "../shared/contract";
import { NotConnectedError, type Timers } from "./hub-client";

export type SearchState =
  | { kind: "empty" }
  | { kind: "pending"; query: string }
  | { kind: "results"; query: string; response: SearchResponse }
  | { kind: "offline"; query: string }
  | { kind: "error"; query: string; message: string };

/** What a search event records: the query as shown (trimmed) and how many guides it found. */
export interface SearchSession {
  query: string;
  hitCount: number;
}

export interface SearchControllerOptions {
  search(query: string): Promise<SearchResponse>;
  onChange(state: SearchState): void;
  timers: Timers;
  stallMs?: number;
}

/** How long a search may take before the panel stops waiting for it and says so (a dead connection not yet noticed). */
export const searchStallMs = 2_000;

/**
 * No pause after typing: the server answers in about a millisecond, so a pause was most of the time from the last
 * keystroke to the hits. At most one search is under way per panel; what is typed meanwhile is sent as one search
 * when it answers (the keystrokes in between are dropped, never queued on the connection).
 */
export class SearchController {
  private text = "";
  private issued = 0;
  private applied = 0;
  private underWay: { seq: number; stall: unknown } | null = null;
  private typedSince = false;
  private stateValue: SearchState = { kind: "empty" };
  private session: SearchSession | null = null;
  private readonly stallMs: number;

  constructor(private readonly options: SearchControllerOptions) {
    this.stallMs = options.stallMs ?? searchStallMs;
  }

  get state(): SearchState {
    return this.stateValue;
  }

  get query(): string {
    return this.text;
  }

  /** True when what is shown answers what is typed: nothing waits and nothing is under way. */
  get settled(): boolean {
    return this.underWay === null && !this.typedSince && this.applied === this.issued;
  }

  /** The text in the search box changed. */
  input(text: string): void {
    this.text = text;
    if (text.trim() === "") {
      this.typedSince = false;
      this.applied = this.issued; // answers still under way are now out of date
      this.setState({ kind: "empty" });
      return;
    }
    if (this.stateValue.kind === "empty") this.setState({ kind: "pending", query: text });
    this.searchLatest();
  }

  /** Searches now for what is typed (the connection is back, or Enter), unless a search is already under way. */
  runNow(): void {
    if (this.text.trim() !== "" && this.underWay === null) this.searchLatest();
  }

  /** The search being left or opened: returns what to record, once. */
  takeSession(): SearchSession | null {
    const session = this.session;
    this.session = null;
    return session;
  }

  private searchLatest(): void {
    if (this.underWay !== null) {
      this.typedSince = true;
      return;
    }
    this.typedSince = false;
    const query = this.text;
    const seq = ++this.issued;
    const stall = this.options.timers.setTimeout(() => {
      this.settle(seq, () => ({ kind: "error", query, message: "Zoeken duurt te lang. Is de verbinding weg? Probeer het zo nog eens." }));
    }, this.stallMs);
    this.underWay = { seq, stall };
    this.options.search(query).then(
      (response) =>
        this.settle(seq, () => {
          this.session = { query: query.trim(), hitCount: response.total };
          return { kind: "results", query, response };
        }),
      (error: unknown) =>
        this.settle(seq, () =>
          error instanceof NotConnectedError
            ? { kind: "offline", query }
            : { kind: "error", query, message: "Zoeken lukt nu niet. Probeer het zo nog eens." },
        ),
    );
  }

  /** A search answered, failed or stalled: shows it unless something newer is shown, then sends what was typed since. */
  private settle(seq: number, outcome: () => SearchState): void {
    if (this.underWay?.seq === seq) {
      this.options.timers.clearTimeout(this.underWay.stall);
      this.underWay = null;
    }
    const failed = (state: SearchState): boolean => state.kind === "error" || state.kind === "offline";
    if (seq > this.applied && this.text.trim() !== "") {
      const state = outcome();
      // A failure of an older query is not shown when a newer one is about to be sent: that one will say how it went.
      if (!(failed(state) && this.typedSince)) {
        this.applied = seq;
        this.setState(state);
      }
    }
    if (this.typedSince && this.underWay === null && this.text.trim() !== "") this.searchLatest();
  }

  private setState(state: SearchState): void {
    this.stateValue = state;
    this.options.onChange(state);
  }
}
