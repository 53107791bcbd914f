import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DiffLine, SaveSourceRequest, VersionResponse } from "../src/shared/editor-contract";
import {
  buttonNamed,
  editorResponse,
  fieldLabelled,
  go,
  guideServer,
  guideText,
  mountEditor,
  previewOf,
  settle,
  source,
  typeText,
  type EditorHarness,
  type FakeServer,
  type Reply,
  mergedText,
  type SourceField,
} from "./editor-fakes";

// CodeMirror's merge view in jsdom takes seconds per test on a loaded machine (it diffs and measures on every
// change); the default 5 s made them fail under load, not for what they test.
vi.setConfig({ testTimeout: 30_000 });

let harness: EditorHarness | null = null;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await harness?.app.destroy();
  harness = null;
  vi.useRealTimers();
});

const openGuide = "#/gids/adres-controleren";
const base = "/api/guides/adres-controleren";

/** The first save is refused because theirs (h3) was saved first; later saves succeed as h4. */
function conflictServer(theirs: string, server: FakeServer = guideServer()): FakeServer {
  let calls = 0;
  return server.on(`PUT ${base}/source`, (): Reply =>
    ++calls === 1
      ? { status: 409, body: { title: "Conflict", detail: "Bert heeft intussen opgeslagen.", status: 409, theirs: { version: "h3", text: theirs }, yours: { text: "" } } }
      : { status: 200, body: { version: "h4", status: "draft" } },
  );
}

async function saveAndConflict(server: FakeServer, mine: string): Promise<SourceField> {
  harness = await mountEditor(server, openGuide);
  source().type(mine);
  buttonNamed("Opslaan als concept").click();
  await settle();
  return mergedText();
}

const saves = (server: FakeServer): SaveSourceRequest[] => server.sent("PUT", `${base}/source`).map((request) => request.body as SaveSourceRequest);
const errorArea = (): string => document.querySelector(".error-area")?.textContent ?? "";
const conflictRows = (): string[] => [...document.querySelectorAll(".merge .conflict")].map((row) => row.querySelector(".link-button")?.textContent ?? "");

describe("merge view, three-way", () => {
  it("prefills both experts' edits to different steps, and saves only when the expert does", async () => {
    const theirs = guideText.replace("- [ ] Foto lijkt", "- [ ] Foto lijkt op de persoon");
    const mine = guideText.replace("Sla op.", "Sla op en sluit af.");
    const server = conflictServer(theirs);
    const merged = await saveAndConflict(server, mine);

    expect(merged.value).toBe(guideText.replace("- [ ] Foto lijkt", "- [ ] Foto lijkt op de persoon").replace("Sla op.", "Sla op en sluit af."));
    expect(document.querySelector(".merge-outcome")?.textContent).toBe("Beide wijzigingen samengevoegd: controleer en sla op.");
    expect(document.querySelector(".live")?.textContent).toContain("Beide wijzigingen samengevoegd");
    expect(document.querySelectorAll(".merge .conflict")).toHaveLength(0);
    expect(server.sent("GET", `${base}/history/h2`)).toHaveLength(0); // the loaded text is the base: no request
    expect(saves(server)).toHaveLength(1); // nothing saved by itself
    expect(source().value).toBe(mine);

    buttonNamed("Samengevoegde tekst opslaan").click();
    await settle();
    expect(saves(server)[1]).toEqual({ text: merged.value, baseVersion: "h3" });
    expect(document.querySelector(".merge")).toBeNull();
  });

  it("shows each conflict between markers, lists it, and refuses to save until none is left", async () => {
    const theirs = guideText.replace("Sla op.", "Sla op en print.").replace("Is het bewijs compleet?", "Is het bewijs volledig?");
    const mine = guideText.replace("Sla op.", "Sla direct op.").replace("- [ ] Foto lijkt", "- [ ] Foto klopt");
    const server = conflictServer(theirs);
    const merged = await saveAndConflict(server, mine);

    expect(merged.value).toBe(
      guideText
        .replace("Is het bewijs compleet?", "Is het bewijs volledig?")
        .replace("- [ ] Foto lijkt", "- [ ] Foto klopt")
        .replace("Sla op.", "<<<<<<< conflict 1: hun tekst (versie h3)\nSla op en print.\n=======\nSla direct op.\n>>>>>>> conflict 1: uw tekst"),
    );
    expect(document.querySelector(".merge-outcome")?.textContent).toContain("één stuk tekst is door beiden anders gewijzigd");
    expect(conflictRows()).toEqual(["Regel 16–20: beide gewijzigd"]);

    buttonNamed("Samengevoegde tekst opslaan").click();
    await settle();
    expect(saves(server)).toHaveLength(1);
    expect(errorArea()).toContain("Niet opgeslagen: de samengevoegde tekst bevat nog conflictmarkeringen (regel 16, 18, 20)");
    expect(merged.focused).toBe(true);

    // Ctrl+S goes through the same check.
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true, cancelable: true }));
    await settle();
    expect(saves(server)).toHaveLength(1);

    document.querySelector<HTMLButtonElement>('.merge .conflict [aria-label="Conflict regel 16–20: mijn tekst"]')?.click();
    expect(merged.value).toBe(guideText.replace("Is het bewijs compleet?", "Is het bewijs volledig?").replace("- [ ] Foto lijkt", "- [ ] Foto klopt").replace("Sla op.", "Sla direct op."));
    expect(conflictRows()).toEqual([]);
    expect(document.querySelector(".merge-conflicts")?.textContent).toContain("geen conflicten meer");
    expect(merged.focused).toBe(true);

    buttonNamed("Samengevoegde tekst opslaan").click();
    await settle();
    expect(saves(server)[1]).toEqual({ text: merged.value, baseVersion: "h3" });
    expect(errorArea()).toBe("");
  });

  it("takes theirs, yours or both per conflict, and follows edits made by hand", async () => {
    const theirs = guideText.replace("- [ ] Foto lijkt", "- [ ] Foto A").replace("Sla op.", "Sla op A.");
    const mine = guideText.replace("- [ ] Foto lijkt", "- [ ] Foto B").replace("Sla op.", "Sla op B.");
    const merged = await saveAndConflict(conflictServer(theirs), mine);
    expect(conflictRows()).toEqual(["Regel 8–12: beide gewijzigd", "Regel 20–24: beide gewijzigd"]);

    buttonNamed("Hun tekst", document.querySelector('.conflict[data-conflict="1"]')!).click();
    expect(merged.value).toContain("\n- [ ] Foto A\n");
    expect(conflictRows()).toEqual(["Regel 16–20: beide gewijzigd"]); // line numbers as the text stands now
    expect(document.activeElement?.textContent).toBe("Hun tekst"); // on to the next conflict
    await settle();
    expect(document.querySelector(".live")?.textContent).toContain("hun tekst gekozen. Nog 1 conflict(en).");

    buttonNamed("Beide").click();
    expect(merged.value).toContain("\nSla op A.\nSla op B.\n");

    buttonNamed("Automatisch samenvoegen").click();
    expect(conflictRows()).toHaveLength(2);
    // Removing one block's markers by hand resolves it as well.
    merged.type(merged.value.replace(/<<<<<<< conflict 2[^\n]*\n/, "").replace(/=======\nSla op B.\n>>>>>>> conflict 2[^\n]*\n/, ""));
    expect(conflictRows()).toEqual(["Regel 8–12: beide gewijzigd"]);
    buttonNamed("Mijn tekst").click();
    expect(merged.value).toBe(guideText.replace("- [ ] Foto lijkt", "- [ ] Foto B").replace("Sla op.", "Sla op A."));

    // The whole-text buttons stay.
    buttonNamed("Neem hun tekst over").click();
    expect(merged.value).toBe(theirs);
    buttonNamed("Neem mijn tekst").click();
    expect(merged.value).toBe(mine);
  });

  it("selects a conflict's lines in the merged text from the list", async () => {
    const merged = await saveAndConflict(conflictServer(guideText.replace("Sla op.", "A.")), guideText.replace("Sla op.", "B."));
    buttonNamed("Regel 16–20: beide gewijzigd").click();
    expect(merged.focused).toBe(true);
    expect(merged.value.slice(merged.selectionStart, merged.selectionEnd)).toBe("<<<<<<< conflict 1: hun tekst (versie h3)\nA.\n=======\nB.\n>>>>>>> conflict 1: uw tekst");
  });

  it("fetches the base from the history when the expert continued a draft of an older version", async () => {
    const older = guideText.replace("Sla op.", "Sla het op.");
    const draft = { text: older.replace("- [ ] Foto lijkt", "- [ ] Foto klopt"), baseVersion: "h1", updatedAt: "2026-11-30T14:05:00Z" };
    const version: VersionResponse = { version: "h1", author: "bert", createdAt: "2026-11-01T09:00:00Z", note: "", source: "editor", text: older };
    // theirs (h3) changed the last step since h1; the draft changed the first.
    const server = conflictServer(guideText, guideServer(editorResponse({ draft })).on(`GET ${base}/history/h1`, { status: 200, body: version }));
    harness = await mountEditor(server, openGuide);
    buttonNamed("Verder met concept").click();
    buttonNamed("Opslaan als concept").click();
    await settle();
    expect(server.sent("GET", `${base}/history/h1`)).toHaveLength(1);
    expect(mergedText().value).toBe(guideText.replace("- [ ] Foto lijkt", "- [ ] Foto klopt"));
  });
});

describe("merge view, without a base text", () => {
  it("falls back to merging by hand when the history request fails, and says why", async () => {
    const draft = { text: `${guideText}Mijn concept.\n`, baseVersion: "h1", updatedAt: "2026-11-30T14:05:00Z" };
    const theirs = guideText.replace("Sla op.", "Sla op en print.");
    const server = conflictServer(theirs, guideServer(editorResponse({ draft })).on(`GET ${base}/history/h1`, { status: 500, body: { title: "Fout", status: 500 } }));
    harness = await mountEditor(server, openGuide);
    buttonNamed("Verder met concept").click();
    buttonNamed("Opslaan als concept").click();
    await settle();
    const merged = mergedText();
    expect(merged.value).toBe(draft.text);
    expect(document.querySelector(".merge")?.textContent).toContain("niet automatisch samengevoegd");
    expect(document.querySelector(".merge-outcome")).toBeNull();
    buttonNamed("Neem hun tekst over").click();
    expect(merged.value).toBe(theirs);
  });

  it("merges by hand for a new guide, which has no base version", async () => {
    const server = conflictServer("iemand anders", guideServer().on(`GET /api/guides/nieuw-proces/editor`, { status: 404 }).on("POST /api/guides/nieuw-proces/preview", previewOf(null)));
    server.routes.set(`PUT /api/guides/nieuw-proces/source`, server.routes.get(`PUT ${base}/source`)!);
    harness = await mountEditor(server);
    buttonNamed("Nieuwe gids").click();
    typeText(fieldLabelled("Id van de nieuwe gids"), "nieuw-proces");
    buttonNamed("Aanmaken").click();
    await go(harness, "#/gids/nieuw-proces");
    source().type("mijn tekst");
    buttonNamed("Opslaan als concept").click();
    await settle();
    expect(mergedText().value).toBe("mijn tekst");
    expect(server.requests.filter((request) => request.path.includes("/history/"))).toHaveLength(0);
    expect(document.querySelector(".merge")?.textContent).not.toContain("niet automatisch samengevoegd");
  });
});

describe("folded diffs", () => {
  const long = (change: string): string =>
    Array.from({ length: 40 }, (_, i) => (i === 20 ? change : `Regel ${i + 1}`)).join("\n");

  it("collapse unchanged lines in the merge view and open it at the first change", async () => {
    const text = long("Regel 21");
    const server = conflictServer(text, guideServer(editorResponse({ text })));
    await saveAndConflict(server, long("Regel 21, aangepast"));
    const merged = mergedText();
    expect(document.querySelectorAll(".merge .compare-right .cm-collapsedLines").length).toBeGreaterThan(0);
    expect(merged.view.state.doc.lineAt(merged.selectionStart).number).toBe(21);
  });

  it("fold unchanged lines in the history's comparison too", async () => {
    // Old lines 1–30 with one line added after line 15.
    const lines: DiffLine[] = Array.from({ length: 30 }, (_, i) => ({ kind: "same", line: `Regel ${i + 1}`, oldNumber: i + 1, newNumber: i < 15 ? i + 1 : i + 2 }));
    lines.splice(15, 0, { kind: "added", line: "Nieuw", newNumber: 16 });
    const server = guideServer().on(`GET ${base}/diff?from=p1&to=h2`, { status: 200, body: lines });
    harness = await mountEditor(server, "#/gids/adres-controleren/geschiedenis");
    buttonNamed("Vergelijken").click();
    await settle();
    const folds = [...document.querySelectorAll<HTMLButtonElement>(".history-view .diff-unfold")];
    expect(folds.map((fold) => [fold.textContent, fold.title])).toEqual([
      ["… 12 ongewijzigde regels …", "Regel 1–12 tonen"],
      ["… 12 ongewijzigde regels …", "Regel 20–31 tonen"],
    ]);
    expect(document.querySelectorAll(".history-view .diff-line")).toHaveLength(3 + 1 + 3);
    folds[1]?.click();
    folds[0]?.click();
    expect([...document.querySelectorAll(".history-view .diff-line .diff-text")].map((line) => line.textContent)).toEqual(lines.map((line) => line.line));
  });
});
