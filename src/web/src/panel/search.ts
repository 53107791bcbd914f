// Search as you type: debounced, and an older answer never replaces a newer one. The query is sent as typed,
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
  debounceMs?: number;
}

export const searchDebounceMs = 150;

export class SearchController {
  private text = "";
  private timer: unknown = null;
  private issued = 0;
  private applied = 0;
  private stateValue: SearchState = { kind: "empty" };
  private session: SearchSession | null = null;
  private readonly debounceMs: number;

  constructor(private readonly options: SearchControllerOptions) {
    this.debounceMs = options.debounceMs ?? searchDebounceMs;
  }

  get state(): SearchState {
    return this.stateValue;
  }

  get query(): string {
    return this.text;
  }

  /** True when what is shown answers what is typed: nothing waits and nothing is under way. */
  get settled(): boolean {
    return this.timer === null && this.applied === this.issued;
  }

  /** The text in the search box changed. */
  input(text: string): void {
    this.text = text;
    this.cancelTimer();
    if (text.trim() === "") {
      this.applied = this.issued; // answers still under way are now out of date
      this.setState({ kind: "empty" });
      return;
    }
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = null;
      this.run();
    }, this.debounceMs);
    if (this.stateValue.kind === "empty") this.setState({ kind: "pending", query: text });
  }

  /** Searches now (Enter, or the connection is back) instead of after the pause. */
  runNow(): void {
    this.cancelTimer();
    if (this.text.trim() !== "") this.run();
  }

  /** The search being left or opened: returns what to record, once. */
  takeSession(): SearchSession | null {
    const session = this.session;
    this.session = null;
    return session;
  }

  private run(): void {
    const query = this.text;
    const seq = ++this.issued;
    this.options.search(query).then(
      (response) => {
        if (seq <= this.applied || this.text.trim() === "") return; // an older query answering late
        this.applied = seq;
        this.session = { query: query.trim(), hitCount: response.total };
        this.setState({ kind: "results", query, response });
      },
      (error: unknown) => {
        if (seq <= this.applied || seq !== this.issued || this.text.trim() === "") return;
        this.applied = seq;
        this.setState(
          error instanceof NotConnectedError
            ? { kind: "offline", query }
            : { kind: "error", query, message: "Zoeken lukt nu niet. Probeer het zo nog eens." },
        );
      },
    );
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.options.timers.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private setState(state: SearchState): void {
    this.stateValue = state;
    this.options.onChange(state);
  }
}
