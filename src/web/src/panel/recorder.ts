// Usage events as the panel records them. Each event gets a UUID (the server stores it once, however often it is
// sent), the time it happened, and the guide's version where a guide is involved. Events go to the outbox.
import type { NextStepResponse, OpenedVia, UsageEventRequest, UsageEventType } from "../shared/contract";
import { newUuid } from "./ids";
import type { Walk } from "./state";

export interface OpenedHit {
  guideId: string;
  guideVersion?: string;
  /** 1-based rank of the opened hit; absent for a guide offered under "Niets gevonden". */
  rank?: number;
}

export class UsageRecorder {
  constructor(
    private readonly sink: (event: UsageEventRequest) => void,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  guideOpened(walk: Walk, via: OpenedVia): UsageEventRequest {
    return this.emit("guide-opened", { ...this.onGuide(walk), via });
  }

  stepViewed(walk: Walk): UsageEventRequest {
    return this.emit("step-viewed", this.onGuide(walk));
  }

  checkTicked(walk: Walk, stepId: string, checkId: string, checked: boolean): UsageEventRequest {
    return this.emit("check-ticked", { ...this.onGuide(walk), stepId, checkId, checked });
  }

  decisionTaken(walk: Walk, option: NextStepResponse): UsageEventRequest {
    return this.emit("decision-taken", {
      ...this.onGuide(walk),
      ...(option.stepId !== undefined ? { toStepId: option.stepId } : {}),
      ...(option.guideId !== undefined ? { toGuideId: option.guideId } : {}),
    });
  }

  guideCompleted(walk: Walk): UsageEventRequest {
    return this.emit("guide-completed", this.onGuide(walk));
  }

  /** Returns the event: the panel withdraws one queued on pagehide when the official comes back to the walk. */
  guideAbandoned(walk: Walk): UsageEventRequest {
    return this.emit("guide-abandoned", this.onGuide(walk));
  }

  /** One search, recorded when a hit is opened or the search is left. */
  search(query: string, hitCount: number, opened?: OpenedHit): UsageEventRequest {
    return this.emit("search", {
      query,
      hitCount,
      ...(opened
        ? {
            guideId: opened.guideId,
            openedGuideId: opened.guideId,
            ...(opened.guideVersion !== undefined ? { guideVersion: opened.guideVersion } : {}),
            ...(opened.rank !== undefined ? { openedRank: opened.rank } : {}),
          }
        : {}),
    });
  }

  /** A step's target was not found on the host page (or several elements matched, or the selector is not CSS). */
  targetMissing(walk: Walk, selector: string, pageUrl: string, targetStatus: "missing" | "ambiguous" | "invalid"): UsageEventRequest {
    return this.emit("target-missing", { ...this.onGuide(walk), selector, pageUrl: pageWithoutQuery(pageUrl), targetStatus });
  }

  private onGuide(walk: Walk): Partial<UsageEventRequest> {
    return { runId: walk.runId, guideId: walk.guide.id, guideVersion: walk.guide.version, stepId: walk.stepId };
  }

  private emit(type: UsageEventType, fields: Partial<UsageEventRequest>): UsageEventRequest {
    const event: UsageEventRequest = { id: newUuid(), type, occurredAt: this.clock().toISOString(), ...fields };
    this.sink(event);
    return event;
  }
}

/** The query and fragment of a host page's URL can hold what the official searched for, or a citizen's data. */
function pageWithoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return (end < 0 ? url : url.slice(0, end)).slice(0, 2000);
}
