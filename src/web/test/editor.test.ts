import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SaveSourceRequest } from "../src/shared/editor-contract";
import { smallGuide } from "./fakes";
import {
  buttonNamed,
  deferred,
  editorResponse,
  fieldLabelled,
  go,
  guideServer,
  guideText,
  mountEditor,
  previewOf,
  settle,
  source,
  summary,
  typeText,
  type EditorHarness,
  type Reply,
  mergedText,
  theirsText,
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

async function mount(...args: Parameters<typeof mountEditor>): Promise<EditorHarness> {
  harness = await mountEditor(...args);
  return harness;
}

const openGuide = "#/gids/adres-controleren";
const previewPath = "/api/guides/adres-controleren/preview";
const sourcePath = "/api/guides/adres-controleren/source";
const draftPath = "/api/guides/adres-controleren/draft";

describe("guide list", () => {
  it("shows every guide sorted by title with Dutch status, date and what needs attention", async () => {
    const server = guideServer().on("GET /api/editor/guides", {
      status: 200,
      body: [
        summary({ id: "zeker", title: "Zeker weten", status: "in-review", outdated: true, openFlags: 2, reviewBy: "2026-03-01" }),
        summary({ id: "aanvraag", title: "Aanvraag", status: "sent-back", hasErrors: true, myDraft: true, owner: null }),
      ],
    });
    await mount(server);
    const rows = [...document.querySelectorAll("tbody tr")];
    expect(rows.map((row) => row.querySelector(".guide-link")?.textContent)).toEqual(["Aanvraag", "Zeker weten"]);
    expect(rows[0]?.textContent).toContain("Teruggestuurd");
    expect(rows[0]?.textContent).toContain("Fouten in bestand");
    expect(rows[0]?.textContent).toContain("Mijn niet-opgeslagen concept");
    expect(rows[1]?.textContent).toContain("Ter beoordeling");
    expect(rows[1]?.textContent).toContain("1 maart 2026");
    expect(rows[1]?.textContent).toContain("Verouderd");
    expect(rows[1]?.querySelector<HTMLAnchorElement>(".flag-link")?.getAttribute("href")).toBe("#/gids/zeker/meldingen");
  });

  it("filters on title or id and on status", async () => {
    const server = guideServer().on("GET /api/editor/guides", {
      status: 200,
      body: [summary({ id: "paspoort", title: "Paspoort aanvragen" }), summary({ id: "rijbewijs-uitreiken", title: "Rijbewijs", status: "draft" })],
    });
    await mount(server);
    typeText(fieldLabelled("Zoek op titel of id"), "uitreik");
    expect([...document.querySelectorAll(".guide-link")].map((link) => link.textContent)).toEqual(["Rijbewijs"]);
    typeText(fieldLabelled("Zoek op titel of id"), "");
    const status = fieldLabelled<HTMLSelectElement>("Status");
    status.value = "published";
    status.dispatchEvent(new Event("change"));
    expect([...document.querySelectorAll(".guide-link")].map((link) => link.textContent)).toEqual(["Paspoort aanvragen"]);
  });

  it("starts a new guide from the template and saves it with no base version", async () => {
    const server = guideServer()
      .on("GET /api/guides/nieuw-proces/editor", { status: 404 })
      .on("POST /api/guides/nieuw-proces/preview", previewOf(null))
      .on("PUT /api/guides/nieuw-proces/source", { status: 200, body: { version: "n1", status: "draft" } });
    const h = await mount(server);
    buttonNamed("Nieuwe gids").click();
    typeText(fieldLabelled("Id van de nieuwe gids"), "Nieuw Proces");
    buttonNamed("Aanmaken").click();
    expect(document.querySelector(".new-form .form-error")?.textContent).toContain("kleine letters");
    typeText(fieldLabelled("Id van de nieuwe gids"), "nieuw-proces");
    buttonNamed("Aanmaken").click();
    await go(h, "#/gids/nieuw-proces");
    expect(source().value).toMatch(/^---\nid: nieuw-proces\n/);
    buttonNamed("Opslaan als concept").click();
    await settle();
    const sent = server.sent("PUT", "/api/guides/nieuw-proces/source")[0]?.body as SaveSourceRequest;
    expect(sent.baseVersion).toBeNull();
    expect(sent.text).toContain("## Eerste stap {#eerste-stap .end}");
  });
});

describe("preview", () => {
  it("asks once after typing pauses, and ignores an older answer that arrives last", async () => {
    const answers: ReturnType<typeof deferred<Reply>>[] = [];
    const server = guideServer().on(`POST ${previewPath}`, () => {
      const answer = deferred<Reply>();
      answers.push(answer);
      return answer.promise;
    });
    await mount(server, openGuide);
    answers.shift()?.resolve(previewOf(smallGuide({ title: "Bij openen" })));
    await settle();
    const before = server.sent("POST", previewPath).length;

    source().type(`${guideText}a`);
    await settle(100);
    source().type(`${guideText}ab`);
    await settle(299);
    expect(server.sent("POST", previewPath)).toHaveLength(before);
    await settle(1);
    expect(server.sent("POST", previewPath)).toHaveLength(before + 1);
    expect((server.sent("POST", previewPath).at(-1)?.body as { text: string }).text).toBe(`${guideText}ab`);

    source().type(`${guideText}abc`);
    await settle(300);
    expect(answers).toHaveLength(2);
    answers[1]?.resolve(previewOf(smallGuide({ title: "Nieuwste" })));
    await settle();
    answers[0]?.resolve(previewOf(smallGuide({ title: "Verouderd antwoord" })));
    await settle();
    expect(document.querySelector(".preview-frame .guide-title")?.textContent).toBe("Nieuwste");
    expect(document.querySelector(".page-title")?.textContent).toBe("Nieuwste");
  });

  it("shows the step the cursor is in, rendered by the panel", async () => {
    await mount(guideServer(), openGuide);
    const text = source();
    const at = guideText.indexOf("Is het bewijs");
    text.select(at);
    expect(document.querySelector(".preview-frame .step-title")?.textContent).toBe("Bewijs bekijken");
    expect(document.querySelector(".preview-frame .decision")).not.toBeNull(); // the panel's decision buttons
    const all = fieldLabelled<HTMLInputElement>("Alle stappen tonen");
    all.click();
    expect([...document.querySelectorAll(".preview-frame .step-title")].map((title) => title.textContent)).toEqual([
      "1. Identiteit vaststellen",
      "2. Bewijs bekijken",
      "3. Verwerken",
    ]);
  });

  it("puts diagnostics at their line as lint marks and moves the cursor there from the list", async () => {
    const server = guideServer().on(
      `POST ${previewPath}`,
      previewOf(null, [
        { file: "adres-controleren.md", line: 10, column: 4, level: "error", code: "E1", message: "De stap heeft geen step-id." },
        { file: "adres-controleren.md", line: 3, column: 1, level: "warning", code: "W1", message: "summary ontbreekt." },
      ]),
    );
    await mount(server, openGuide);
    expect(source().lintAt(10)).toEqual(["error: De stap heeft geen step-id."]);
    expect(source().lintAt(3)).toEqual(["warning: summary ontbreekt."]);
    expect(source().lintAt(4)).toEqual([]);
    expect(document.querySelector(".cm-lintRange-error")?.textContent).toBe(guideText.split("\n")[9]?.slice(3));

    const items = [...document.querySelectorAll<HTMLButtonElement>(".diagnostics button")];
    expect(items.map((item) => item.dataset.line)).toEqual(["3", "10"]);
    items[1]?.click();
    const lineTen = guideText.split("\n").slice(0, 9).join("\n").length + 1;
    expect(source().selectionStart).toBe(lineTen + 3);
    expect(source().focused).toBe(true);
    // With errors, the outline comes from the headings.
    expect([...document.querySelectorAll(".outline-link")].map((link) => link.textContent)).toEqual(["Identiteit vaststellen", "Bewijs bekijken", "Verwerken"]);
  });
});

describe("insert helpers and outline", () => {
  it("insert at the cursor and jump to a step from the outline", async () => {
    await mount(guideServer(), openGuide);
    const text = source();
    text.select(guideText.length);
    buttonNamed("Stap").click();
    expect(text.value).toContain("## Nieuwe stap {#nieuwe-stap}");
    expect(text.value.slice(text.selectionStart, text.selectionEnd)).toBe("Nieuwe stap");
    const outline = [...document.querySelectorAll<HTMLButtonElement>(".outline-link")];
    outline.find((link) => link.dataset.stepId === "bewijs")?.click();
    expect(text.selectionStart).toBe(guideText.indexOf("## Bewijs bekijken"));
  });
});

describe("sources", () => {
  it("lists the guide's sources beside the text, marks one checked more than a year ago, and leads to the steps that name it", async () => {
    const guide = smallGuide({
      sources: [
        { id: "ppw-44", title: "Paspoortwet", article: "art. 44", url: "https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44", checked: "2020-01-02", label: "Paspoortwet art. 44" },
        { id: "brp", title: "Wet BRP", url: "javascript:alert(1)", checked: null, label: "Wet BRP" },
      ],
    });
    guide.steps[1]!.sources = [guide.sources![0]!];
    await mount(guideServer().on(`POST ${previewPath}`, previewOf(guide)), openGuide);

    const items = [...document.querySelectorAll<HTMLElement>(".sources .guide-source")];
    expect(items.map((item) => item.dataset.sourceId)).toEqual(["ppw-44", "brp"]);
    expect(items[0]?.classList.contains("is-stale")).toBe(true);
    expect(items[0]?.textContent).toContain("Paspoortwet art. 44 — nagekeken 2 januari 2020, meer dan een jaar geleden");
    expect(items[0]?.querySelector("a")?.getAttribute("href")).toBe("https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44");
    expect(items[1]?.querySelector("a")).toBeNull(); // a javascript: address is never a link
    expect(items[1]?.textContent).toBe("Wet BRP — niet nagekeken");
    items[0]?.querySelector<HTMLButtonElement>('button[data-step-id="bewijs"]')?.click();
    expect(source().selectionStart).toBe(guideText.indexOf("## Bewijs bekijken"));
  });

  it("says that a guide has no sources yet", async () => {
    await mount(guideServer(), openGuide);

    expect(document.querySelector(".sources")?.textContent).toContain("Nog geen bronnen.");
  });
});

describe("saving", () => {
  it("saves with the head version and the note, then bases the next save on the new version (Ctrl+S too)", async () => {
    let version = 2;
    const server = guideServer().on(`PUT ${sourcePath}`, () => ({ status: 200, body: { version: `h${++version}`, status: "draft" } }));
    await mount(server, openGuide);
    source().type(`${guideText}\nMeer.`);
    typeText(fieldLabelled("Notitie bij deze versie"), "Zin toegevoegd");
    buttonNamed("Opslaan als concept").click();
    await settle();
    source().type(`${guideText}\nNog meer.`);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true, cancelable: true }));
    await settle();
    const sent = server.sent("PUT", sourcePath).map((request) => request.body as SaveSourceRequest);
    expect(sent).toEqual([
      { text: `${guideText}\nMeer.`, baseVersion: "h2", note: "Zin toegevoegd" },
      { text: `${guideText}\nNog meer.`, baseVersion: "h3" },
    ]);
    expect(document.querySelector(".live")?.textContent).toContain("Opgeslagen als concept");
  });

  it("on a conflict shows both texts and a diff, and saves the merge on their version", async () => {
    const theirs = guideText.replace("Sla op.", "Sla op en print.");
    let calls = 0;
    const server = guideServer().on(`PUT ${sourcePath}`, () =>
      ++calls === 1
        ? { status: 409, body: { title: "Conflict", detail: "Bert heeft intussen opgeslagen.", status: 409, theirs: { version: "h3", text: theirs }, yours: { text: "x" } } }
        : { status: 200, body: { version: "h4", status: "draft" } },
    );
    await mount(server, openGuide);
    const mine = guideText.replace("Sla op.", "Sla direct op.");
    source().type(mine);
    buttonNamed("Opslaan als concept").click();
    await settle();

    const merge = document.querySelector<HTMLElement>(".merge")!;
    expect(theirsText()).toBe(theirs);
    expect(merge.querySelector(".merge-yours pre")?.textContent).toBe(mine);
    expect(merge.querySelectorAll(".compare-right .cm-changedLine").length).toBeGreaterThan(0);
    expect(source().value).toBe(mine); // nothing replaced yet

    const merged = mergedText();
    // Both changed the same line: the three-way merge shows both between markers (editor-merge.test.ts has the rest).
    expect(merged.value).toContain("=======\nSla direct op.\n>>>>>>> conflict 1: uw tekst");
    buttonNamed("Neem hun tekst over").click();
    expect(merged.value).toBe(theirs);
    buttonNamed("Neem mijn tekst").click();
    merged.type(guideText.replace("Sla op.", "Sla direct op en print."));
    buttonNamed("Samengevoegde tekst opslaan").click();
    await settle();
    expect(server.sent("PUT", sourcePath)[1]?.body).toEqual({ text: guideText.replace("Sla op.", "Sla direct op en print."), baseVersion: "h3" });
    expect(document.querySelector(".merge")).toBeNull();
    expect(source().value).toContain("Sla direct op en print.");
  });

  it("shows the diagnostics of a refused save and keeps the text", async () => {
    const server = guideServer().on(`PUT ${sourcePath}`, {
      status: 422,
      body: { title: "Ongeldig", detail: "Fouten", status: 422, diagnostics: [{ file: "a.md", line: 6, column: 1, level: "error", code: "E", message: "Dubbel step-id." }] },
    });
    await mount(server, openGuide);
    source().type(`${guideText}x`);
    buttonNamed("Opslaan als concept").click();
    await settle();
    expect(source().lintAt(6)).toEqual(["error: Dubbel step-id."]);
    expect(document.querySelector(".diagnostics")?.textContent).toContain("Dubbel step-id.");
    expect(source().value).toBe(`${guideText}x`);
  });

  it("keeps the text and says so when the network is down", async () => {
    const h = await mount(guideServer(), openGuide);
    source().type(`${guideText}x`);
    h.server.offline = true;
    buttonNamed("Opslaan als concept").click();
    await settle();
    expect(document.querySelector(".error-area")?.textContent).toContain("geen verbinding");
    expect(source().value).toBe(`${guideText}x`);
  });

  it("warns before the page is left with unsaved text", async () => {
    await mount(guideServer(), openGuide);
    const clean = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    source().type(`${guideText}x`);
    const dirty = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(dirty);
    expect(dirty.defaultPrevented).toBe(true);
  });

  it("sends the expert to sign in on 401, coming back to the same guide", async () => {
    const h = await mount(guideServer().on("GET /api/guides/adres-controleren/editor", { status: 401 }), openGuide);
    expect(h.redirects).toEqual(["/signin?returnUrl=%2Feditor%23%2Fgids%2Fadres-controleren"]);
  });

  it("says that only experts may edit on 403", async () => {
    await mount(guideServer().on("GET /api/editor/guides", { status: 403 }));
    expect(document.querySelector(".error-area")?.textContent).toContain("alleen inhoudsdeskundigen");
  });
});

describe("unsaved draft on the server", () => {
  it("is sent 1.5 s after typing stops, once, and with keepalive when the page is hidden", async () => {
    const h = await mount(guideServer(), openGuide);
    source().type(`${guideText}a`);
    await settle(1000);
    source().type(`${guideText}ab`);
    await settle(1400);
    expect(h.server.sent("PUT", draftPath)).toHaveLength(0);
    await settle(100);
    expect(h.server.sent("PUT", draftPath).map((request) => request.body)).toEqual([{ text: `${guideText}ab`, baseVersion: "h2" }]);

    source().type(`${guideText}abc`);
    window.dispatchEvent(new Event("pagehide"));
    await settle(0);
    const last = h.server.sent("PUT", draftPath).at(-1);
    expect(last?.body).toEqual({ text: `${guideText}abc`, baseVersion: "h2" });
    expect(last?.keepalive).toBe(true);
    await settle(2000);
    expect(h.server.sent("PUT", draftPath)).toHaveLength(2);
  });

  it("is offered on opening; the text stays read-only until the expert chooses, and continuing restores it", async () => {
    const draft = { text: `${guideText}\nMijn concept.`, baseVersion: "h1", updatedAt: "2026-11-30T14:05:00Z" };
    const server = guideServer(editorResponse({ draft }));
    await mount(server, openGuide);
    expect(document.querySelector(".offer")?.textContent).toContain("U hebt een niet-opgeslagen concept van 30 november 2026");
    expect(source().readOnly).toBe(true);
    await settle(3000);
    expect(server.sent("PUT", draftPath)).toHaveLength(0); // the draft is not overwritten while the offer stands
    buttonNamed("Verder met concept").click();
    expect(source().value).toBe(draft.text);
    expect(source().readOnly).toBe(false);
    expect(server.sent("DELETE", draftPath)).toHaveLength(0);
    server.on(`PUT ${sourcePath}`, { status: 200, body: { version: "h3", status: "draft" } });
    buttonNamed("Opslaan als concept").click();
    await settle();
    expect((server.sent("PUT", sourcePath)[0]?.body as SaveSourceRequest).baseVersion).toBe("h1"); // its own base: a conflict offers the merge
  });

  it("is deleted on the server when the expert throws it away", async () => {
    const server = guideServer(editorResponse({ draft: { text: "oud concept", baseVersion: "h2", updatedAt: "2026-11-30T14:05:00Z" } }));
    await mount(server, openGuide);
    buttonNamed("Weggooien").click();
    await settle();
    expect(server.sent("DELETE", draftPath)).toHaveLength(1);
    expect(source().value).toBe(guideText);
    expect(document.querySelector(".offer")).toBeNull();
  });
});
