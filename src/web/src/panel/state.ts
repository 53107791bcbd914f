// Where the official is in a guide: the walk. Pure functions that return a new walk; the panel persists the walk
// after every change so that a reload or a reconnect finds the official where they were.
import type { GuideResponse, OpenedVia, StepResponse } from "../shared/contract";

/** A position the official has been at. */
export interface PathEntry {
  guideId: string;
  stepId: string;
}

/** Ticked checks per step id. */
export type TickMap = Record<string, string[]>;

/** A guide earlier in the path, kept so that "Terug" can return to it with its ticks, also offline. */
export interface TrailGuide {
  guide: GuideResponse;
  ticks: TickMap;
}

export interface Walk {
  /** The open guide, kept whole for reading offline. */
  guide: GuideResponse;
  stepId: string;
  /** One walk through a guide, from opening to completing or abandoning it. */
  runId: string;
  via: OpenedVia;
  /** The positions before the current one, oldest first: what "Terug" goes back through. */
  path: PathEntry[];
  ticks: TickMap;
  trail: Record<string, TrailGuide>;
  /** When the walk last changed (ms since the epoch). */
  updatedAt: number;
  /** A guide-abandoned event queued when the page was hidden; withdrawn when the walk is resumed. */
  pendingAbandonId?: string;
}

export function firstStepId(guide: GuideResponse): string {
  return guide.steps[0]?.id ?? "";
}

export function hasStep(guide: GuideResponse, stepId: string | undefined): stepId is string {
  return stepId !== undefined && guide.steps.some((step) => step.id === stepId);
}

export function currentStep(walk: Walk): StepResponse | undefined {
  return walk.guide.steps.find((step) => step.id === walk.stepId);
}

export function stepIndex(walk: Walk): number {
  return walk.guide.steps.findIndex((step) => step.id === walk.stepId);
}

/** A fresh walk through a guide, at stepId when the guide has it, else at the first step. */
export function startWalk(guide: GuideResponse, stepId: string | undefined, via: OpenedVia, runId: string, now: number): Walk {
  return {
    guide,
    stepId: hasStep(guide, stepId) ? stepId : firstStepId(guide),
    runId,
    via,
    path: [],
    ticks: {},
    trail: {},
    updatedAt: now,
  };
}

/** Goes to another step of the same guide; the current one joins the path. */
export function moveTo(walk: Walk, stepId: string, now: number): Walk {
  if (!hasStep(walk.guide, stepId) || stepId === walk.stepId) return walk;
  return {
    ...walk,
    stepId,
    path: [...walk.path, { guideId: walk.guide.id, stepId: walk.stepId }],
    updatedAt: now,
  };
}

/**
 * Follows a link or a decision into another guide: a new run in that guide, with the current position kept in
 * the path (and the current guide in the trail) so that "Terug" leads back.
 */
export function followToGuide(walk: Walk, guide: GuideResponse, stepId: string | undefined, runId: string, now: number): Walk {
  const next = startWalk(guide, stepId, "link", runId, now);
  const trail = { ...walk.trail, [walk.guide.id]: { guide: walk.guide, ticks: walk.ticks } };
  const path = [...walk.path, { guideId: walk.guide.id, stepId: walk.stepId }];
  return { ...next, path, trail: pruneTrail(trail, path, guide.id) };
}

export interface BackResult {
  walk: Walk;
  /** True when "Terug" went into another guide (a new run in that guide). */
  changedGuide: boolean;
}

/** Goes back one position along the path actually taken; null when there is nowhere to go back to. */
export function back(walk: Walk, runIdForOtherGuide: () => string, now: number): BackResult | null {
  const previous = walk.path.at(-1);
  if (!previous) return null;
  const path = walk.path.slice(0, -1);
  if (previous.guideId === walk.guide.id) {
    const stepId = hasStep(walk.guide, previous.stepId) ? previous.stepId : firstStepId(walk.guide);
    return { walk: { ...walk, stepId, path, updatedAt: now }, changedGuide: false };
  }
  const earlier = walk.trail[previous.guideId];
  if (!earlier) return null;
  const trail = { ...walk.trail, [walk.guide.id]: { guide: walk.guide, ticks: walk.ticks } };
  const stepId = hasStep(earlier.guide, previous.stepId) ? previous.stepId : firstStepId(earlier.guide);
  return {
    walk: {
      guide: earlier.guide,
      stepId,
      runId: runIdForOtherGuide(),
      via: "link",
      path,
      ticks: earlier.ticks,
      trail: pruneTrail(trail, path, earlier.guide.id),
      updatedAt: now,
    },
    changedGuide: true,
  };
}

/** "Opnieuw beginnen": the first step, nothing ticked, no path, a new run. */
export function restart(walk: Walk, runId: string, now: number): Walk {
  return startWalk(walk.guide, undefined, walk.via, runId, now);
}

export function isTicked(walk: Walk, stepId: string, checkId: string): boolean {
  return walk.ticks[stepId]?.includes(checkId) ?? false;
}

export function setTick(walk: Walk, stepId: string, checkId: string, checked: boolean, now: number): Walk {
  const ticked = new Set(walk.ticks[stepId] ?? []);
  if (checked) ticked.add(checkId);
  else ticked.delete(checkId);
  return { ...walk, ticks: { ...walk.ticks, [stepId]: [...ticked] }, updatedAt: now };
}

/** The checks of the current step that are not ticked yet. */
export function uncheckedChecks(walk: Walk): string[] {
  const step = currentStep(walk);
  if (!step) return [];
  return step.checks.filter((check) => !isTicked(walk, step.id, check.id)).map((check) => check.id);
}

export interface UpdateResult {
  walk: Walk;
  /** False when the step the official was on no longer exists (they are now at the first step). */
  stepKept: boolean;
}

/**
 * A new version of the open guide: the official stays on the same step where it still exists (else the first
 * step), ticks of checks that still exist are kept, and the path drops steps that are gone.
 */
export function applyGuideUpdate(walk: Walk, guide: GuideResponse, now: number): UpdateResult {
  const stepKept = hasStep(guide, walk.stepId);
  const ticks: TickMap = {};
  for (const step of guide.steps) {
    const before = walk.ticks[step.id];
    if (!before) continue;
    const kept = before.filter((checkId) => step.checks.some((check) => check.id === checkId));
    if (kept.length > 0) ticks[step.id] = kept;
  }
  const path = walk.path.filter((entry) => entry.guideId !== guide.id || hasStep(guide, entry.stepId));
  return {
    walk: { ...walk, guide, stepId: stepKept ? walk.stepId : firstStepId(guide), ticks, path, updatedAt: now },
    stepKept,
  };
}

/** The walk without the abandon queued on pagehide (the official came back to it). */
export function withoutPendingAbandon(walk: Walk): Walk {
  const copy = { ...walk };
  delete copy.pendingAbandonId;
  return copy;
}

function pruneTrail(trail: Record<string, TrailGuide>, path: PathEntry[], currentGuideId: string): Record<string, TrailGuide> {
  const needed = new Set(path.map((entry) => entry.guideId));
  needed.delete(currentGuideId);
  const pruned: Record<string, TrailGuide> = {};
  for (const id of needed) {
    const entry = trail[id];
    if (entry) pruned[id] = entry;
  }
  return pruned;
}
