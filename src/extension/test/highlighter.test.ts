import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HighlightMessage, TargetStatusMessage } from "../../web/src/shared/host-messages";
import { findTargets, invalidSelector, searchRoots } from "../src/highlight/find";
import { Highlighter } from "../src/highlight/highlighter";
import type { Drawing } from "../src/highlight/ring";

// jsdom has no layout: "visible" here is "not inside a [hidden] element or a closed <dialog>".
function visible(element: Element): boolean {
  for (let node: Element | null = element; node !== null; node = node.parentElement) {
    if (node.hasAttribute("hidden")) return false;
    if (node.localName === "dialog" && !node.hasAttribute("open")) return false;
  }
  return element.isConnected;
}

function request(selector: string | null, number = 1): HighlightMessage {
  return { type: "epss:highlight", request: number, guideId: "gids", stepId: "stap", stepTitle: "Stap", selector };
}

describe("findTargets", () => {
  beforeEach(() => {
    document.body.innerHTML = "";
  });

  it("finds elements in the document, in open shadow roots and in same-origin iframes", () => {
    document.body.innerHTML = `<input id="a"><div id="host"></div><iframe id="frame"></iframe>`;
    const shadow = document.getElementById("host")!.attachShadow({ mode: "open" });
    shadow.innerHTML = `<input class="veld">`;
    const frame = document.getElementById("frame") as HTMLIFrameElement;
    frame.contentDocument!.body.innerHTML = `<input class="veld"><div id="inner"></div>`;
    const innerShadow = frame.contentDocument!.getElementById("inner")!.attachShadow({ mode: "open" });
    innerShadow.innerHTML = `<span class="veld"></span>`;

    expect(findTargets(document, "#a")).toHaveLength(1);
    const found = findTargets(document, ".veld");
    expect(found).not.toBe(invalidSelector);
    expect((found as Element[]).map((element) => element.localName)).toEqual(["input", "input", "span"]);
    expect(searchRoots(document)).toHaveLength(4);
  });

  it("does not look into closed shadow roots", () => {
    document.body.innerHTML = `<div id="host"></div>`;
    document.getElementById("host")!.attachShadow({ mode: "closed" }).innerHTML = `<input class="veld">`;
    expect(findTargets(document, ".veld")).toEqual([]);
  });

  it("tells an invalid selector from one without a match", () => {
    expect(findTargets(document, "#a[")).toBe(invalidSelector);
    expect(findTargets(document, "")).toBe(invalidSelector);
    expect(findTargets(document, "#bestaat-niet")).toEqual([]);
  });
});

describe("Highlighter", () => {
  let reports: TargetStatusMessage[];
  let drawn: Element[];
  let removed: Element[];
  let revealed: Element[];
  let highlighter: Highlighter;

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = "";
    reports = [];
    drawn = [];
    removed = [];
    revealed = [];
    highlighter = new Highlighter({
      document,
      report: (message) => reports.push(message),
      isVisible: visible,
      reveal: (element) => revealed.push(element),
      draw: (element): Drawing => {
        drawn.push(element);
        return { target: element, remove: () => removed.push(element) };
      },
    });
  });

  afterEach(() => {
    highlighter.clear();
    vi.useRealTimers();
  });

  const statuses = (): string[] => reports.map((report) => report.status);

  it("shows a single visible match at once, and reports it with the request", () => {
    document.body.innerHTML = `<input id="documentnummer">`;
    highlighter.handle(request("#documentnummer", 7));
    expect(statuses()).toEqual(["shown"]);
    expect(reports[0]).toEqual({
      type: "epss:target-status",
      request: 7,
      guideId: "gids",
      stepId: "stap",
      selector: "#documentnummer",
      status: "shown",
      url: document.location.href,
    });
    expect(drawn).toEqual([document.getElementById("documentnummer")]);
    expect(revealed).toEqual(drawn);
  });

  it("reports an invalid selector and draws nothing", () => {
    highlighter.handle(request("input[", 1));
    expect(statuses()).toEqual(["invalid"]);
    expect(drawn).toEqual([]);
  });

  it("waits for a single-page application to render the target before calling it missing", async () => {
    highlighter.handle(request("#later"));
    expect(statuses()).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    document.body.innerHTML = `<input id="later">`;
    await vi.advanceTimersByTimeAsync(100);
    expect(statuses()).toEqual(["shown"]);
  });

  it("calls a target missing after about 1.5 s, and shown when it appears after all", async () => {
    highlighter.handle(request("#nergens"));
    await vi.advanceTimersByTimeAsync(1_400);
    expect(statuses()).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(statuses()).toEqual(["missing"]);
    document.body.innerHTML = `<input id="nergens">`;
    await vi.advanceTimersByTimeAsync(100);
    expect(statuses()).toEqual(["missing", "shown"]);
  });

  it("calls more than one match ambiguous and highlights the first", () => {
    document.body.innerHTML = `<input class="veld" id="eerste"><input class="veld">`;
    highlighter.handle(request(".veld"));
    expect(statuses()).toEqual(["ambiguous"]);
    expect(drawn.map((element) => element.id)).toEqual(["eerste"]);
  });

  it("calls a target in a closed dialog hidden, and shows it once the dialog opens", async () => {
    document.body.innerHTML = `<dialog id="rps-dialoog"><output id="rps-resultaat">Geen hit</output></dialog>`;
    highlighter.handle(request("#rps-resultaat"));
    expect(statuses()).toEqual(["hidden"]);
    expect(drawn).toEqual([]);
    document.getElementById("rps-dialoog")!.setAttribute("open", "");
    await vi.advanceTimersByTimeAsync(100);
    expect(statuses()).toEqual(["hidden", "shown"]);
    expect(drawn).toHaveLength(1);
    document.getElementById("rps-dialoog")!.removeAttribute("open");
    await vi.advanceTimersByTimeAsync(100);
    expect(statuses()).toEqual(["hidden", "shown", "hidden"]);
    expect(removed).toHaveLength(1);
  });

  it("finds a target in a frame that loads later (by looking again)", async () => {
    document.body.innerHTML = `<iframe id="apparaat"></iframe>`;
    highlighter.handle(request("#vingerafdruk-status"));
    const frame = document.getElementById("apparaat") as HTMLIFrameElement;
    frame.contentDocument!.body.innerHTML = `<p id="vingerafdruk-status">Gereed</p>`;
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses()).toEqual(["shown"]);
    expect(drawn[0]?.ownerDocument).toBe(frame.contentDocument);
  });

  it("replaces the highlight on a new request, and ignores the same request again", () => {
    document.body.innerHTML = `<input id="a"><input id="b">`;
    highlighter.handle(request("#a", 1));
    highlighter.handle(request("#a", 1));
    expect(drawn.map((element) => element.id)).toEqual(["a"]);
    highlighter.handle(request("#b", 2));
    expect(removed.map((element) => element.id)).toEqual(["a"]);
    expect(drawn.map((element) => element.id)).toEqual(["a", "b"]);
    expect(reports.map((report) => [report.request, report.status])).toEqual([
      [1, "shown"],
      [2, "shown"],
    ]);
  });

  it("clears on a null selector and leaves no timer or observer behind", async () => {
    document.body.innerHTML = `<input id="a">`;
    highlighter.handle(request("#nergens", 1));
    highlighter.handle(request(null, 2));
    expect(vi.getTimerCount()).toBe(0);
    document.body.innerHTML = `<input id="nergens">`;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(statuses()).toEqual([]);
    expect(highlighter.current).toBeNull();
  });

  it("never throws into the page when drawing fails", () => {
    const failing = new Highlighter({
      document,
      report: (message) => reports.push(message),
      isVisible: () => true,
      reveal: () => undefined,
      draw: () => {
        throw new Error("kapot");
      },
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    document.body.innerHTML = `<input id="a">`;
    expect(() => failing.handle(request("#a"))).not.toThrow();
    failing.clear();
    expect(vi.getTimerCount()).toBe(0);
    warn.mockRestore();
  });
});
