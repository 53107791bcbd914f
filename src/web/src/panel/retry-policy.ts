// When to try again after the connection is lost: quickly at first, then every 15 seconds, and never give up
// (a panel beside the counter must come back by itself when the network does).
import type { IRetryPolicy, RetryContext } from "@microsoft/signalr";

/** The first delays, in milliseconds; after these, steadyDelayMs for ever. */
export const initialDelaysMs: readonly number[] = [0, 1_000, 2_000, 5_000, 10_000];
export const steadyDelayMs = 15_000;

export class PanelRetryPolicy implements IRetryPolicy {
  /** Never returns null: returning null would make SignalR stop reconnecting. */
  nextRetryDelayInMilliseconds(retryContext: RetryContext): number {
    return initialDelaysMs[retryContext.previousRetryCount] ?? steadyDelayMs;
  }
}
