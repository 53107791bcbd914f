import { describe, expect, it } from "vitest";
import { applyGuideUpdate, back, followToGuide, moveTo, restart, setTick, startWalk, uncheckedChecks } from "../src/panel/state";
import { identiteitVaststellenAanvraag } from "./fixtures/guides";
import { copyOf, smallGuide, twijfelGuide } from "./fakes";

const now = 1_000;

describe("walk through a guide", () => {
  it("opens at the named step, or at the first step when the guide has no such step", () => {
    expect(startWalk(smallGuide(), "bewijs", "search", "r", now).stepId).toBe("bewijs");
    expect(startWalk(smallGuide(), "bestaat-niet", "search", "r", now).stepId).toBe("identiteit");
  });

  it("goes back through the path actually taken, not through the file's order", () => {
    const guide = identiteitVaststellenAanvraag;
    let walk = startWalk(guide, undefined, "suggestion", "r", now);
    walk = moveTo(walk, "document", now);
    walk = moveTo(walk, "gezicht", now);
    walk = moveTo(walk, "brp", now);
    walk = moveTo(walk, "rps", now);
    walk = moveTo(walk, "vastleggen", now); // "Het gaat om een rijbewijs": skips reisdocumentinformatie
    const one = back(walk, () => "x", now);
    expect(one?.walk.stepId).toBe("rps");
    expect(back(one!.walk, () => "x", now)?.walk.stepId).toBe("brp");
  });

  it("goes back into the guide it came from, with that guide's ticks, as a new run", () => {
    let walk = startWalk(smallGuide(), undefined, "suggestion", "run-1", now);
    walk = setTick(walk, "identiteit", "foto", true, now);
    walk = moveTo(walk, "bewijs", now);
    walk = followToGuide(walk, twijfelGuide(), "vier-ogen", "run-2", now);
    expect(walk.guide.id).toBe("twijfel");
    expect(walk.stepId).toBe("vier-ogen");
    const result = back(walk, () => "run-3", now)!;
    expect(result.changedGuide).toBe(true);
    expect(result.walk.guide.id).toBe("adres-controleren");
    expect(result.walk.stepId).toBe("bewijs");
    expect(result.walk.runId).toBe("run-3");
    expect(back(result.walk, () => "run-4", now)!.walk.ticks).toEqual({ identiteit: ["foto"] });
  });

  it("starts again with nothing ticked and no path", () => {
    let walk = startWalk(smallGuide(), undefined, "suggestion", "r", now);
    walk = setTick(walk, "identiteit", "foto", true, now);
    walk = moveTo(walk, "bewijs", now);
    const fresh = restart(walk, "r2", now);
    expect(fresh).toMatchObject({ stepId: "identiteit", path: [], ticks: {}, runId: "r2" });
  });

  it("lists the checks of the current step that are not ticked", () => {
    let walk = startWalk(smallGuide(), undefined, "suggestion", "r", now);
    walk = setTick(walk, "identiteit", "geldig", true, now);
    expect(uncheckedChecks(walk)).toEqual(["foto"]);
  });
});

describe("guide update", () => {
  it("keeps the official on the same step and keeps the ticks of checks that still exist", () => {
    let walk = startWalk(identiteitVaststellenAanvraag, undefined, "suggestion", "r", now);
    walk = moveTo(walk, "document", now);
    walk = setTick(walk, "document", "document-is-niet-verlopen", true, now);
    walk = setTick(walk, "document", "scanner-geeft-geen-afwijking", true, now);
    walk = moveTo(walk, "gezicht", now);
    walk = setTick(walk, "gezicht", "gezicht-komt-overeen-met-de-foto", true, now);

    const updated = copyOf(identiteitVaststellenAanvraag);
    updated.version = "new";
    const documentStep = updated.steps.find((step) => step.id === "document")!;
    documentStep.checks = documentStep.checks.filter((check) => check.id !== "scanner-geeft-geen-afwijking");
    updated.steps.splice(0, 0, { ...documentStep, id: "nieuw", title: "Nieuwe stap" });

    const result = applyGuideUpdate(walk, updated, now);
    expect(result.stepKept).toBe(true);
    expect(result.walk.stepId).toBe("gezicht");
    expect(result.walk.guide.version).toBe("new");
    expect(result.walk.ticks).toEqual({
      document: ["document-is-niet-verlopen"],
      gezicht: ["gezicht-komt-overeen-met-de-foto"],
    });
  });

  it("puts the official on the first step when their step is gone, and drops it from the path", () => {
    let walk = startWalk(smallGuide(), undefined, "suggestion", "r", now);
    walk = moveTo(walk, "bewijs", now);
    walk = moveTo(walk, "verwerken", now);
    const updated = smallGuide({ version: "v2" });
    updated.steps = updated.steps.filter((step) => step.id !== "verwerken" && step.id !== "bewijs");
    const result = applyGuideUpdate(walk, updated, now);
    expect(result.stepKept).toBe(false);
    expect(result.walk.stepId).toBe("identiteit");
    expect(result.walk.path).toEqual([{ guideId: "adres-controleren", stepId: "identiteit" }]);
  });
});
