import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HighlightMessage } from "../src/shared/host-messages";
import { highlightFromMessage, targetStatusFromMessage } from "../src/shared/host-messages";
import { fitsPage, pageLabel, urlMatches } from "../src/panel/host-link";
import { button, defaultServer, mountPanel, settle, smallGuide, stepTitle, type Harness } from "./fakes";

let harness: Harness | null = null;
let posted: unknown[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  posted = [];
  vi.spyOn(window, "postMessage").mockImplementation((message: unknown) => {
    posted.push(message);
  });
});
afterEach(async () => {
  await harness?.panel.destroy();
  harness = null;
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The small guide with a target on its first step and a second step done on another page. */
function guideWithTargets(): ReturnType<typeof smallGuide> {
  const guide = smallGuide();
  const [first, second, third] = guide.steps;
  return { ...guide, steps: [{ ...first!, target: "#documentnummer" }, { ...second!, target: "#klant-zoeken", page: "*/klanten*" }, third!] };
}

async function mountFramedPanel(url = "https://bz.example/reisdocument/aanvragen"): Promise<Harness> {
  harness = await mountPanel({ server: defaultServer([guideWithTargets()]), context: { url } });
  return harness;
}

function highlights(): HighlightMessage[] {
  return posted.map(highlightFromMessage).filter((message): message is HighlightMessage => message !== null);
}

function fromLayer(data: unknown): void {
  window.dispatchEvent(new MessageEvent("message", { data, source: window }));
}

function answer(status: string, request?: number, url = "https://bz.example/reisdocument/aanvragen?bsn=123456789"): void {
  const last = highlights().at(-1)!;
  fromLayer({ type: "epss:target-status", request: request ?? last.request, guideId: last.guideId, stepId: last.stepId, selector: last.selector, status, url });
}

function place(): string | null {
  return document.querySelector("[data-place]")?.getAttribute("data-place") ?? null;
}

describe("the panel and the layer over the host application", () => {
  it("says it is ready, then asks for the current step's field and removes the highlight when the guide closes", async () => {
    await mountFramedPanel();
    expect(posted).toContainEqual({ type: "epss:ready" });
    expect(highlights()).toEqual([]);

    button("Adres controleren").click();
    await settle();
    expect(highlights()).toEqual([
      { type: "epss:highlight", request: 1, guideId: "adres-controleren", stepId: "identiteit", stepTitle: "Identiteit vaststellen", selector: "#documentnummer" },
    ]);

    button("Werkinstructie sluiten").click();
    await settle();
    expect(highlights().at(-1)).toMatchObject({ selector: null, guideId: null, stepId: null });
  });

  it("records target-missing once per step and page, without the query of the page, and tells the official", async () => {
    const h = await mountFramedPanel();
    button("Adres controleren").click();
    await settle();
    answer("missing");
    answer("missing");
    await settle();

    const missing = h.connection.events().filter((event) => event.type === "target-missing");
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({
      guideId: "adres-controleren",
      stepId: "identiteit",
      selector: "#documentnummer",
      pageUrl: "https://bz.example/reisdocument/aanvragen",
      targetStatus: "missing",
    });
    expect(place()).toBe("missing");
    expect(document.body.textContent).toContain("Het veld bij deze stap staat niet op deze pagina");
    expect(stepTitle()).toBe("Identiteit vaststellen"); // the step's text still shows: a fallback, not an end
  });

  it("ignores an answer to an older request and says nothing when the field is shown", async () => {
    const h = await mountFramedPanel();
    button("Adres controleren").click();
    await settle();
    answer("shown");
    answer("missing", 0);
    await settle();
    expect(place()).toBeNull();
    expect(h.connection.events().filter((event) => event.type === "target-missing")).toHaveLength(0);
  });

  it("says a hidden field will be pointed at once it shows", async () => {
    await mountFramedPanel();
    button("Adres controleren").click();
    await settle();
    answer("hidden");
    await settle();
    expect(place()).toBe("hidden");
    answer("shown");
    await settle();
    expect(place()).toBeNull();
  });

  it("sends the official to the step's page, highlights nothing there, and picks the step up when they arrive", async () => {
    await mountFramedPanel();
    button("Adres controleren").click();
    await settle();
    fromLayer({ type: "epss:context", context: { url: "https://bz.example/reisdocument/aanvragen" } });
    for (const box of document.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) box.click();
    button("Volgende stap").click();
    await settle();

    expect(stepTitle()).toBe("Bewijs bekijken");
    expect(place()).toBe("other-page");
    expect(document.querySelector("[data-place] strong")?.textContent).toBe("/klanten");
    expect(highlights().at(-1)?.selector).toBeNull();

    fromLayer({ type: "epss:context", context: { url: "https://bz.example/klanten", title: "Klanten" } });
    await settle();
    expect(place()).toBeNull();
    expect(highlights().at(-1)).toMatchObject({ stepId: "bewijs", selector: "#klant-zoeken" });
  });

  it("looks the field up again after an in-page navigation that keeps the step", async () => {
    await mountFramedPanel();
    button("Adres controleren").click();
    await settle();
    const before = highlights().length;
    fromLayer({ type: "epss:context", context: { url: "https://bz.example/reisdocument/aanvragen#stap2" } });
    await settle();
    expect(highlights()).toHaveLength(before + 1);
    expect(highlights().at(-1)).toMatchObject({ stepId: "identiteit", selector: "#documentnummer" });
  });

  it("says nothing about fields when no layer has spoken (the panel opened on its own)", async () => {
    const h = await mountFramedPanel();
    button("Adres controleren").click();
    await settle();
    expect(place()).toBeNull();
    expect(h.connection.events().filter((event) => event.type === "target-missing")).toHaveLength(0);
  });
});

describe("messages from the layer", () => {
  it("accepts only well-formed target-status messages", () => {
    const good = { type: "epss:target-status", request: 3, guideId: "a", stepId: "b", selector: "#x", status: "missing", url: "https://x" };
    expect(targetStatusFromMessage(good)).toEqual(good);
    for (const bad of [
      { ...good, status: "gone" },
      { ...good, request: "3" },
      { ...good, request: 1.5 },
      { ...good, selector: null },
      { ...good, guideId: 5 },
      { ...good, type: "epss:context" },
      null,
      [good],
    ]) {
      expect(targetStatusFromMessage(bad)).toBeNull();
    }
  });
});

describe("page patterns", () => {
  it("match the whole URL with * as any run of characters, ignoring letter case", () => {
    expect(urlMatches("*/klanten*", "https://bz.example/Klanten?q=1")).toBe(true);
    expect(urlMatches("*/klanten*", "https://bz.example/reisdocument/aanvragen")).toBe(false);
    expect(urlMatches("https://bz.example/*", "https://bz.example/")).toBe(true);
    expect(urlMatches("*/a", "https://bz.example/a/b")).toBe(false);
    expect(urlMatches("*a*a*a*a*a*b", "a".repeat(5000))).toBe(false);
  });

  it("are named for the official without their wildcards", () => {
    expect(pageLabel("*/reisdocument/uitreiken*")).toBe("/reisdocument/uitreiken");
    expect(pageLabel("*/reisdocument/uitreiken*  */rijbewijs/uitreiken*")).toBe("/reisdocument/uitreiken of /rijbewijs/uitreiken");
    expect(pageLabel("*")).toBe("*");
  });

  it("of a step are any of its patterns, and a step without them fits every page", () => {
    const page = "*/reisdocument/aanvragen* */rijbewijs/aanvragen*";
    expect(fitsPage(page, "https://bz.example/rijbewijs/aanvragen")).toBe(true);
    expect(fitsPage(page, "https://bz.example/reisdocument/aanvragen?x=1")).toBe(true);
    expect(fitsPage(page, "https://bz.example/klanten")).toBe(false);
    expect(fitsPage(page, undefined)).toBe(false);
    expect(fitsPage(null, undefined)).toBe(true);
    expect(fitsPage("  ", "https://bz.example/klanten")).toBe(true);
  });
});
