import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SearchResponse } from "../src/shared/contract";
import { SearchController, type SearchState } from "../src/panel/search";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function response(query: string, total: number): SearchResponse {
  return { query, total, hits: Array.from({ length: total }, (_, i) => ({ id: `g${i}`, title: `${query} ${i}`, snippet: "", score: 1 })) };
}

const timers = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("search as you type", () => {
  it("asks the server at once, with the query as typed (trailing space included)", async () => {
    const asked: string[] = [];
    const search = new SearchController({ search: (q) => (asked.push(q), Promise.resolve(response(q, 1))), onChange: () => {}, timers });
    search.input("paspoort ");
    expect(asked).toEqual(["paspoort "]);
    await vi.advanceTimersByTimeAsync(0);
    expect(search.state).toMatchObject({ kind: "results", query: "paspoort " });
    expect(search.settled).toBe(true);
  });

  it("keeps one search under way and sends only the latest text typed meanwhile when it answers", async () => {
    const answers = new Map<string, ReturnType<typeof deferred<SearchResponse>>>();
    const asked: string[] = [];
    const search = new SearchController({
      search: (q) => {
        asked.push(q);
        const d = deferred<SearchResponse>();
        answers.set(q, d);
        return d.promise;
      },
      onChange: () => {},
      timers,
    });
    search.input("p");
    search.input("pa");
    search.input("pas");
    search.input("pasp");
    expect(asked).toEqual(["p"]);
    expect(search.settled).toBe(false);
    answers.get("p")!.resolve(response("p", 5));
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toEqual(["p", "pasp"]);
    expect(search.state).toMatchObject({ kind: "results", query: "p" }); // shown while the newer one is under way
    answers.get("pasp")!.resolve(response("pasp", 2));
    await vi.advanceTimersByTimeAsync(0);
    expect(search.state).toMatchObject({ kind: "results", query: "pasp" });
    expect(search.settled).toBe(true);
  });

  it("stops waiting for a search that does not answer and says so, then searches what is typed next", async () => {
    const asked: string[] = [];
    const hanging = deferred<SearchResponse>();
    const search = new SearchController({
      search: (q) => (asked.push(q), q === "pas" ? hanging.promise : Promise.resolve(response(q, 1))),
      onChange: () => {},
      timers,
      stallMs: 2000,
    });
    search.input("pas");
    await vi.advanceTimersByTimeAsync(1999);
    expect(search.state.kind).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(search.state).toMatchObject({ kind: "error", query: "pas" });
    expect(search.settled).toBe(true);
    search.input("pasp");
    expect(asked).toEqual(["pas", "pasp"]);
    await vi.advanceTimersByTimeAsync(0);
    hanging.resolve(response("pas", 9)); // the lost answer arriving late changes nothing
    await vi.advanceTimersByTimeAsync(0);
    expect(search.state).toMatchObject({ kind: "results", query: "pasp" });
  });

  it("does not show a failure of an older query when a newer one is about to be sent", async () => {
    const first = deferred<SearchResponse>();
    const shown: SearchState[] = [];
    const search = new SearchController({
      search: (q) => (q === "pas" ? first.promise : Promise.resolve(response(q, 1))),
      onChange: (state) => shown.push(state),
      timers,
    });
    search.input("pas");
    search.input("paspoort");
    (first as unknown as { resolve: (v: unknown) => void }).resolve(Promise.reject(new Error("kapot")));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown.some((state) => state.kind === "error")).toBe(false);
    expect(search.state).toMatchObject({ kind: "results", query: "paspoort" });
  });

  it("shows nothing from a query answered after the box was emptied", async () => {
    const d = deferred<SearchResponse>();
    const search = new SearchController({ search: () => d.promise, onChange: () => {}, timers });
    search.input("pas");
    search.input("");
    d.resolve(response("pas", 3));
    await vi.advanceTimersByTimeAsync(0);
    expect(search.state.kind).toBe("empty");
    expect(search.takeSession()).toBeNull();
  });

  it("remembers the last shown result as one search, handed out once", async () => {
    const search = new SearchController({ search: (q) => Promise.resolve(response(q, q.length)), onChange: () => {}, timers });
    search.input("pas");
    await vi.advanceTimersByTimeAsync(0);
    search.input("paspoort ");
    await vi.advanceTimersByTimeAsync(0);
    expect(search.takeSession()).toEqual({ query: "paspoort", hitCount: 9 });
    expect(search.takeSession()).toBeNull();
  });
});
