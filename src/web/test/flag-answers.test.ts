import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FlagAnswerResponse } from "../src/shared/contract";
import { button, defaultServer, mountPanel, settle, type Harness } from "./fakes";

let harness: Harness | null = null;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await harness?.panel.destroy();
  harness = null;
  vi.useRealTimers();
});

function answer(overrides: Partial<FlagAnswerResponse> = {}): FlagAnswerResponse {
  return {
    flagId: "flag-1",
    stepId: "identiteit",
    stepTitle: "Identiteit vaststellen",
    text: "Moet ik ook het <b>BSN</b> controleren?",
    answer: 'Nee, dat hoeft niet.\n<img src=x onerror="alert(1)">',
    answeredAt: "2026-03-01T12:00:00Z",
    ...overrides,
  };
}

/** A fake server that keeps answers per guide and forgets one once it is marked seen, as the real one does. */
function serverWith(answers: Record<string, FlagAnswerResponse[]>) {
  const server = defaultServer();
  server.FlagAnswers = (guideId) => answers[String(guideId)] ?? [];
  server.AnswerSeen = (flagId) => {
    for (const [guideId, list] of Object.entries(answers)) answers[guideId] = list.filter((a) => a.flagId !== flagId);
  };
  return server;
}

async function openSmallGuide(): Promise<void> {
  button("Adres controleren").click();
  await settle();
}

function answerNotices(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(".notice-answer")];
}

describe("answers to the official's flags", () => {
  it("shows the expert's answer above the step when the guide is opened, all of it as text", async () => {
    harness = await mountPanel({ server: serverWith({ "adres-controleren": [answer()] }) });
    await openSmallGuide();

    expect(harness.connection.callsOf("FlagAnswers")).toEqual([["adres-controleren"]]);
    const [notice] = answerNotices();
    expect(notice?.textContent).toContain("Je meldde bij „Identiteit vaststellen”:");
    expect(notice?.textContent).toContain("Moet ik ook het <b>BSN</b> controleren?");
    expect(notice?.textContent).toContain("Antwoord van de inhoudsdeskundige:");
    expect(notice?.textContent).toContain('Nee, dat hoeft niet.\n<img src=x onerror="alert(1)">');
    expect(document.querySelector(".notice-answer img, .notice-answer b")).toBeNull();
    // Above the step, not inside it.
    const step = document.querySelector("section.step")!;
    expect(notice!.compareDocumentPosition(step) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(document.querySelector(".sr-only[role=\"status\"]")?.textContent).toBe("Er is een antwoord op je melding.");
  });

  it("says only 'Je meldde:' when the step is gone", async () => {
    harness = await mountPanel({ server: serverWith({ "adres-controleren": [answer({ stepId: "weg", stepTitle: null })] }) });
    await openSmallGuide();

    expect(answerNotices()[0]?.textContent).toMatch(/^Je meldde:/);
  });

  it("tells the hub the answer was read with Gelezen, hides it, and does not show it when the guide is opened again", async () => {
    harness = await mountPanel({ server: serverWith({ "adres-controleren": [answer(), answer({ flagId: "flag-2", text: "Tweede vraag" })] }) });
    await openSmallGuide();
    expect(answerNotices()).toHaveLength(2);

    const first = answerNotices()[0]!;
    button("Gelezen", first).focus();
    button("Gelezen", first).click();
    await settle();

    expect(harness.connection.callsOf("AnswerSeen")).toEqual([["flag-1"]]);
    expect(answerNotices().map((n) => n.dataset.flagId)).toEqual(["flag-2"]);
    expect(document.activeElement?.id).toBe("step-title");

    button("Werkinstructie sluiten").click();
    await settle();
    await openSmallGuide();
    expect(harness.connection.callsOf("FlagAnswers")).toHaveLength(2);
    expect(answerNotices().map((n) => n.dataset.flagId)).toEqual(["flag-2"]);
  });

  it("shows no answers of another guide, and none when there are none", async () => {
    harness = await mountPanel({ server: serverWith({ twijfel: [answer()] }) });
    await openSmallGuide();

    expect(answerNotices()).toEqual([]);
  });

  it("asks again after a reconnect, so an answer given meanwhile appears", async () => {
    const answers: Record<string, FlagAnswerResponse[]> = {};
    harness = await mountPanel({ server: serverWith(answers) });
    await openSmallGuide();
    expect(answerNotices()).toEqual([]);

    harness.connection.drop();
    answers["adres-controleren"] = [answer()];
    harness.connection.reconnect();
    await settle();

    expect(answerNotices()).toHaveLength(1);
  });

  it("ignores answers that are not of the contract's shape", async () => {
    const server = defaultServer();
    server.FlagAnswers = () => [answer(), { flagId: 5, text: "x" }, null];
    harness = await mountPanel({ server });
    await openSmallGuide();

    expect(answerNotices()).toHaveLength(1);
  });
});
