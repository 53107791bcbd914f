import { describe, expect, it } from "vitest";
import { PanelRetryPolicy } from "../src/panel/retry-policy";

describe("reconnect policy", () => {
  const policy = new PanelRetryPolicy();
  const delay = (previousRetryCount: number): number | null =>
    policy.nextRetryDelayInMilliseconds({ previousRetryCount, elapsedMilliseconds: 0, retryReason: new Error("lost") });

  it("waits 0, 1, 2, 5 and 10 seconds, then every 15 seconds", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(delay)).toEqual([0, 1_000, 2_000, 5_000, 10_000, 15_000, 15_000, 15_000]);
  });

  it("never returns null, so SignalR never stops reconnecting", () => {
    for (const count of [0, 10, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      expect(delay(count)).not.toBeNull();
    }
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 500, elapsedMilliseconds: 86_400_000, retryReason: new Error("x") })).toBe(15_000);
  });
});
