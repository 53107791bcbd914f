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
  it("asks the server once after a pause of 150 ms, with the query as typed (trailing space included)", async () => {
    const asked: string[] = [];
    const search = new SearchController({ search: (q) => (asked.push(q), Promise.resolve(response(q, 1))), onChange: () => {}, timers });
    search.input("p");
    search.input("pas");
    search.input("paspoort ");
    await vi.advanceTimersByTimeAsync(149);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual(["paspoort "]);
  });

  it("ignores an older query that answers after a newer one", async () => {
    const answers = new Map<string, ReturnType<typeof deferred<SearchResponse>>>();
    const shown: SearchState[] = [];
    const search = new SearchController({
      search: (q) => {
        const d = deferred<SearchResponse>();
        answers.set(q, d);
        return d.promise;
      },
      onChange: (state) => shown.push(state),
      timers,
    });
    search.input("pas");
    await vi.advanceTimersByTimeAsync(150);
    search.input("paspoort kwijt");
    await vi.advanceTimersByTimeAsync(150);
    answers.get("paspoort kwijt")!.resolve(response("paspoort kwijt", 2));
    await vi.advanceTimersByTimeAsync(0);
    answers.get("pas")!.resolve(response("pas", 9));
    await vi.advanceTimersByTimeAsync(0);
    const results = shown.filter((state) => state.kind === "results");
    expect(results.map((state) => state.query)).toEqual(["paspoort kwijt"]);
    expect(search.state).toMatchObject({ kind: "results", query: "paspoort kwijt" });
  });

  it("shows nothing from a query answered after the box was emptied", async () => {
    const d = deferred<SearchResponse>();
    const search = new SearchController({ search: () => d.promise, onChange: () => {}, timers });
    search.input("pas");
    await vi.advanceTimersByTimeAsync(150);
    search.input("");
    d.resolve(response("pas", 3));
    await vi.advanceTimersByTimeAsync(0);
    expect(search.state.kind).toBe("empty");
    expect(search.takeSession()).toBeNull();
  });

  it("remembers the last shown result as one search, handed out once", async () => {
    const search = new SearchController({ search: (q) => Promise.resolve(response(q, q.length)), onChange: () => {}, timers });
    search.input("pas");
    await vi.advanceTimersByTimeAsync(150);
    search.input("paspoort ");
    await vi.advanceTimersByTimeAsync(150);
    expect(search.takeSession()).toEqual({ query: "paspoort", hitCount: 9 });
    expect(search.takeSession()).toBeNull();
  });
});
