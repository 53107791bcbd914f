import { afterEach, describe, expect, it, vi } from "vitest";
import { watchPage, type PageState } from "../src/shared/page-watch";

describe("watchPage", () => {
  afterEach(() => vi.useRealTimers());

  it("reports an in-page navigation once, with the title the application set after pushState", async () => {
    vi.useFakeTimers();
    document.title = "Klanten";
    const seen: PageState[] = [];
    const watch = watchPage(window, (state) => seen.push(state));
    history.pushState({}, "", "/reisdocument/aanvragen");
    document.title = "Reisdocument aanvragen";
    await vi.advanceTimersByTimeAsync(1_100);
    expect(seen).toEqual([{ url: `${location.origin}/reisdocument/aanvragen`, title: "Reisdocument aanvragen" }]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(seen).toHaveLength(1);
    watch.stop();
    history.pushState({}, "", "/klanten");
    await vi.advanceTimersByTimeAsync(3_000);
    expect(seen).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
