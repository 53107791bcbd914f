import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeResponse, DiffLine, FlagDetailResponse } from "../src/shared/editor-contract";
import { publishBlockedReason } from "../src/editor/review";
import {
  buttonNamed,
  change,
  deferred,
  editorResponse,
  fieldLabelled,
  flag,
  go,
  guideServer,
  guideText,
  historyEntries,
  mountEditor,
  previewOf,
  settle,
  source,
  typeText,
  type EditorHarness,
  type FakeServer,
  type Reply,
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

async function mount(server: FakeServer, hash: string): Promise<EditorHarness> {
  harness = await mountEditor(server, hash);
  return harness;
}

const base = "/api/guides/adres-controleren";
const xss = "<img src=x onerror=alert(1)>";
const diff: DiffLine[] = [
  { kind: "same", line: "## Identiteit vaststellen {#identiteit}", oldNumber: 6, newNumber: 6 },
  { kind: "removed", line: "Sla op.", oldNumber: 16 },
  { kind: "added", line: "Sla direct op.", newNumber: 16 },
];

function reviewServer(open: ChangeResponse, me: string | null): FakeServer {
  return guideServer(editorResponse({ change: open }))
    .on("GET /api/me", me === null ? { status: 404 } : { status: 200, body: { name: me } })
    .on(`GET ${base}/review`, { status: 200, body: open })
    .on(`GET ${base}/diff?from=p1&to=h2`, { status: 200, body: diff });
}

describe("publish", () => {
  it("is refused, with the reason, to the one who sent the change for review or wrote its newest version", () => {
    expect(publishBlockedReason(change({ submittedBy: "anna" }), "anna")).toContain("zelf ter beoordeling aangeboden");
    expect(publishBlockedReason(change({ headAuthor: "anna" }), "anna")).toContain("meegeschreven");
    // Any author, not only the newest version's: four eyes (issue 16, point 5).
    expect(publishBlockedReason(change({ headAuthor: "bram", authors: ["anna", "bram"] }), "anna")).toContain("meegeschreven");
    expect(publishBlockedReason(change(), "anna")).toBeNull();
    expect(publishBlockedReason(change(), null)).toBeNull(); // unknown user: the server decides
    expect(publishBlockedReason(change({ status: "draft" }), "anna")).toContain("ter beoordeling staat");
    expect(publishBlockedReason(change({ publishedChangedSince: true }), "anna")).toContain("samen");
  });

  it("shows the button disabled with the reason for the submitter", async () => {
    await mount(reviewServer(change({ submittedBy: "anna" }), "anna"), "#/gids/adres-controleren/beoordeling");
    const publish = buttonNamed("Publiceren");
    expect(publish.disabled).toBe(true);
    const reason = document.getElementById(publish.getAttribute("aria-describedby") ?? "");
    expect(reason?.textContent).toContain("zelf ter beoordeling aangeboden");
  });

  it("publishes the head version for another expert", async () => {
    const server = reviewServer(change(), "anna").on(`POST ${base}/review/publish`, { status: 200, body: { version: "p2", status: "published" } });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    const publish = buttonNamed("Publiceren");
    expect(publish.disabled).toBe(false);
    publish.click();
    await settle();
    expect(server.sent("POST", `${base}/review/publish`).map((request) => request.body)).toEqual([{ version: "h2" }]);
    expect(document.querySelector(".live")?.textContent).toContain("Gepubliceerd");
  });

  it("asks before publishing over comments on the change, and publishes only when confirmed", async () => {
    const comment = { id: 1, version: "h2", line: 3, text: "Klopt dit?", author: "carla", createdAt: "2026-12-07T10:00:00Z" };
    const server = reviewServer(change({ comments: [comment] }), "anna").on(`POST ${base}/review/publish`, { status: 200, body: { version: "p2", status: "published" } });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    buttonNamed("Publiceren").click();
    await settle();
    expect(server.sent("POST", `${base}/review/publish`)).toHaveLength(0);
    expect(document.querySelector(".confirm-title")?.textContent).toBe("Er staat nog één opmerking bij deze wijziging. Toch publiceren?");
    expect(document.activeElement?.textContent).toBe("Ja, toch publiceren");
    buttonNamed("Annuleren").click();
    expect(document.querySelector(".confirm")).toBeNull();
    expect(server.sent("POST", `${base}/review/publish`)).toHaveLength(0);

    buttonNamed("Publiceren").click();
    buttonNamed("Ja, toch publiceren").click();
    await settle();
    expect(server.sent("POST", `${base}/review/publish`).map((request) => request.body)).toEqual([{ version: "h2" }]);
  });

  it("shows the server's reason when it refuses and the page did not know who is signed in", async () => {
    const server = reviewServer(change(), null).on(`POST ${base}/review/publish`, {
      status: 403,
      body: { title: "Niet toegestaan", status: 403, detail: "U schreef de nieuwste versie; iemand anders moet publiceren." },
    });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    buttonNamed("Publiceren").click();
    await settle();
    expect(document.querySelector(".error-area")?.textContent).toBe("U schreef de nieuwste versie; iemand anders moet publiceren.");
  });

  it("opens the merge with the published text after a publish conflict, and saves it on the change's head with mergedWith", async () => {
    const published = guideText.replace("Sla op.", "Sla op (nieuw).");
    const server = reviewServer(change(), "anna")
      .on(`POST ${base}/review/publish`, {
        status: 409,
        body: { title: "Conflict", detail: "De gepubliceerde tekst is veranderd.", status: 409, theirs: { version: "p2", text: published }, yours: { text: guideText }, publishedVersion: "p2" },
      })
      .on(`PUT ${base}/source`, { status: 200, body: { version: "h3", status: "draft" } });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    buttonNamed("Publiceren").click();
    await settle();
    expect(theirsText()).toBe(published);
    buttonNamed("Neem hun tekst over").click();
    buttonNamed("Samengevoegde tekst opslaan").click();
    await settle();
    expect(server.sent("PUT", `${base}/source`)[0]?.body).toEqual({ text: published, baseVersion: "h2", mergedWith: "p2" });
  });
});

describe("review", () => {
  it("submits the saved head with a note, and asks to save first while there are unsaved edits", async () => {
    const open = change({ status: "draft", submittedBy: undefined });
    const server = reviewServer(open, "anna").on(`POST ${base}/review/submit`, { status: 200, body: change() });
    const h = await mount(server, "#/gids/adres-controleren");
    source().type(`${guideText}x`);
    await go(h, "#/gids/adres-controleren/beoordeling");
    expect(buttonNamed("Ter beoordeling aanbieden").disabled).toBe(true);
    await go(h, "#/gids/adres-controleren");
    source().type(guideText);
    await go(h, "#/gids/adres-controleren/beoordeling");
    typeText(fieldLabelled<HTMLTextAreaElement>("Toelichting voor de beoordelaar (optioneel)"), "Graag kijken");
    buttonNamed("Ter beoordeling aanbieden").click();
    await settle();
    expect(server.sent("POST", `${base}/review/submit`).map((request) => request.body)).toEqual([{ version: "h2", note: "Graag kijken" }]);
  });

  it("requires a note to send back", async () => {
    const server = reviewServer(change(), "anna").on(`POST ${base}/review/send-back`, { status: 200, body: change({ status: "sent-back", sentBackNote: "Stap 2 klopt niet." }) });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    buttonNamed("Terugsturen").click();
    await settle();
    expect(server.sent("POST", `${base}/review/send-back`)).toHaveLength(0);
    expect(document.querySelector(".review-panel .form-error")?.textContent).toContain("waarom");
    typeText(fieldLabelled<HTMLTextAreaElement>("Waarom stuurt u de wijziging terug? (verplicht)"), "Stap 2 klopt niet.");
    buttonNamed("Terugsturen").click();
    await settle();
    expect(server.sent("POST", `${base}/review/send-back`).map((request) => request.body)).toEqual([{ version: "h2", note: "Stap 2 klopt niet." }]);
  });

  it("shows the sent-back note to the authors", async () => {
    await mount(reviewServer(change({ status: "sent-back", sentBackBy: "dirk", sentBackNote: "Te lang." }), "carla"), "#/gids/adres-controleren/beoordeling");
    expect(document.querySelector(".sent-back")?.textContent).toContain("Teruggestuurd door dirk");
    expect(document.querySelector(".sent-back")?.textContent).toContain("Te lang.");
  });

  it("comments on a line of the diff and shows the comment under it, as text", async () => {
    const server = reviewServer(change(), "anna").on(`POST ${base}/review/comments`, (body) => ({
      status: 200,
      body: { id: 7, ...(body as object), author: "anna", createdAt: "2026-11-30T10:00:00Z" },
    }));
    await mount(server, "#/gids/adres-controleren/beoordeling");
    const added = document.querySelector<HTMLButtonElement>(".diff-added .diff-button")!;
    expect(added.textContent).toContain("+");
    added.click();
    typeText(fieldLabelled<HTMLTextAreaElement>("Opmerking bij regel 16"), xss);
    buttonNamed("Opmerking plaatsen").click();
    await settle();
    expect(server.sent("POST", `${base}/review/comments`).map((request) => request.body)).toEqual([{ version: "h2", line: 16, text: xss }]);
    expect(document.querySelector(".diff-added .comments")?.textContent).toContain(xss);
    expect(document.querySelector("img")).toBeNull();
  });

  it("shows a new guide's whole text as added", async () => {
    const server = reviewServer(change({ baseVersion: null }), "anna").on(`GET ${base}/history/h2`, {
      status: 200,
      body: { version: "h2", author: "carla", createdAt: "2026-11-02T09:00:00Z", note: "", source: "editor", text: "a\nb" },
    });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    expect([...document.querySelectorAll(".diff-line")].map((line) => line.className)).toEqual(["diff-line diff-added", "diff-line diff-added"]);
  });

  it("offers to merge the published text when it changed outside the editor", async () => {
    const server = reviewServer(change({ publishedChangedSince: true }), "anna")
      .on(`GET ${base}/history/p1`, { status: 200, body: { version: "p1", author: "git", createdAt: "2026-11-02T09:00:00Z", note: "", source: "watcher", text: "buiten de editor" } })
      .on(`PUT ${base}/source`, { status: 200, body: { version: "h3", status: "draft" } });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    expect(buttonNamed("Publiceren").disabled).toBe(true);
    buttonNamed("Samenvoegen met de gepubliceerde tekst").click();
    await settle();
    expect(theirsText()).toBe("buiten de editor");
    buttonNamed("Samengevoegde tekst opslaan").click();
    await settle();
    expect(server.sent("PUT", `${base}/source`)[0]?.body).toEqual({ text: guideText, baseVersion: "h2", mergedWith: "p1" });
  });
});

describe("withdraw", () => {
  it("asks first, then drops the change and shows the published text again", async () => {
    const server = reviewServer(change(), "anna").on(`POST ${base}/review/withdraw`, { status: 204 });
    await mount(server, "#/gids/adres-controleren/beoordeling");
    buttonNamed("Wijziging intrekken").click();
    expect(server.sent("POST", `${base}/review/withdraw`)).toHaveLength(0);
    server.on(`GET ${base}/editor`, { status: 200, body: editorResponse({ text: "gepubliceerde tekst", headVersion: "p1", change: null }) });
    typeText(fieldLabelled("Waarom trekt u de wijziging in? (optioneel)"), "Niet meer nodig");
    buttonNamed("Ja, intrekken").click();
    await settle();
    expect(server.sent("POST", `${base}/review/withdraw`).map((request) => request.body)).toEqual([{ note: "Niet meer nodig" }]);
    expect(source().value).toBe("gepubliceerde tekst");
    expect(document.querySelector(".review-panel")?.textContent).toContain("Er is geen open wijziging");
  });
});

describe("a new guide after a reload", () => {
  it("offers its autosaved draft although the guide does not exist yet", async () => {
    const server = guideServer()
      .on("GET /api/guides/nieuw/editor", { status: 404 })
      .on("GET /api/guides/nieuw/draft", { status: 200, body: { text: "---\nid: nieuw\n---\n", baseVersion: null, updatedAt: "2026-11-30T14:05:00Z" } })
      .on("POST /api/guides/nieuw/preview", { status: 200, body: { guide: null, diagnostics: [] } });
    await mount(server, "#/gids/nieuw");
    buttonNamed("Verder met concept").click();
    expect(source().value).toBe("---\nid: nieuw\n---\n");
  });

  it("is unknown without a draft", async () => {
    await mount(guideServer().on("GET /api/guides/onbekend/editor", { status: 404 }), "#/gids/onbekend");
    expect(document.querySelector(".guide-page [role=alert]")?.textContent).toBe("Er is geen gids met id „onbekend”.");
  });
});

describe("history", () => {
  it("marks the current and published versions, compares two and restores one", async () => {
    const server = guideServer()
      .on(`GET ${base}/diff?from=p1&to=h2`, { status: 200, body: diff })
      .on(`POST ${base}/restore`, { status: 200, body: { version: "h3", status: "draft" } });
    await mount(server, "#/gids/adres-controleren/geschiedenis");
    const rows = [...document.querySelectorAll<HTMLElement>(".history-table tbody tr")];
    expect(rows[1]?.textContent).toContain("Huidige versie");
    expect(rows[1]?.textContent).toContain("door anna");
    expect(rows[0]?.textContent).toContain("Nee");
    buttonNamed("Vergelijken").click();
    await settle();
    const signs = [...document.querySelectorAll(".history-view .diff-sign")].map((sign) => sign.textContent);
    expect(signs).toEqual([" ", "−", "+"]);
    expect(document.querySelector(".history-view .diff-removed .sr-only")?.textContent).toBe("verwijderd: ");

    rows[1]?.querySelector<HTMLButtonElement>('[aria-label="Versie p1 terugzetten"]')?.click();
    buttonNamed("Ja, terugzetten").click();
    await settle();
    expect(server.sent("POST", `${base}/restore`).map((request) => request.body)).toEqual([{ version: "p1", baseVersion: "h2", note: "Versie p1 teruggezet" }]);
  });

  it("shows notes as text", async () => {
    const entries = historyEntries();
    entries[0]!.note = xss;
    await mount(guideServer().on(`GET ${base}/history`, { status: 200, body: entries }), "#/gids/adres-controleren/geschiedenis");
    expect(document.querySelector(".history-table")?.textContent).toContain(xss);
    expect(document.querySelector("img")).toBeNull();
  });
});

describe("flags", () => {
  it("are grouped per step with the version seen, and answered with the fixing version", async () => {
    const flags: FlagDetailResponse[] = [flag(), flag({ id: "f2", stepId: null, text: "Algemeen", status: "closed" })];
    const server = guideServer()
      .on("GET /api/flags?guideId=adres-controleren", { status: 200, body: flags })
      .on("POST /api/flags/f1/answer", (body) => ({ status: 200, body: { ...flag(), status: "answered", answeredBy: "anna", ...(body as { text: string }), answer: (body as { text: string }).text } }));
    await mount(server, "#/gids/adres-controleren/meldingen");
    const groups = [...document.querySelectorAll<HTMLElement>(".flag-group")];
    expect(groups.map((group) => group.querySelector("h3")?.textContent)).toEqual(["Stap: Bewijs bekijken (1)", "De gids als geheel (1)"]);
    expect(groups[0]?.textContent).toContain("gezien in versie p1");
    expect(document.querySelector('[data-tab="meldingen"]')?.textContent).toBe("Meldingen (1 open)");

    typeText(fieldLabelled<HTMLTextAreaElement>("Antwoord aan de baliemedewerker"), xss);
    const version = fieldLabelled<HTMLSelectElement>("Opgelost in versie (optioneel)");
    version.value = "h2";
    buttonNamed("Antwoord versturen").click();
    await settle();
    expect(server.sent("POST", "/api/flags/f1/answer").map((request) => request.body)).toEqual([{ text: xss, fixedInVersion: "h2" }]);
    expect(document.querySelector('[data-flag-id="f1"]')?.textContent).toContain("Beantwoord");
    expect(document.querySelector('[data-flag-id="f1"] .flag-answer')?.textContent).toContain(xss);
    expect(document.querySelector("img")).toBeNull();
  });

  it("name their step once the preview answers after them, keeping an answer being typed", async () => {
    const preview = deferred<Reply>();
    const server = guideServer()
      .on(`POST ${base}/preview`, () => preview.promise)
      .on("GET /api/flags?guideId=adres-controleren", { status: 200, body: [flag()] });
    await mount(server, "#/gids/adres-controleren/meldingen");
    const heading = () => document.querySelector(".flag-group h3")?.textContent;
    expect(heading()).toBe("Stap: bewijs (1)");
    typeText(fieldLabelled<HTMLTextAreaElement>("Antwoord aan de baliemedewerker"), "Half getypt");

    preview.resolve(previewOf());
    await settle();
    expect(heading()).toBe("Stap: Bewijs bekijken (1)");
    expect(fieldLabelled<HTMLTextAreaElement>("Antwoord aan de baliemedewerker").value).toBe("Half getypt");
  });

  it("are closed without an answer", async () => {
    const server = guideServer()
      .on("GET /api/flags?guideId=adres-controleren", { status: 200, body: [flag()] })
      .on("POST /api/flags/f1/close", { status: 200, body: flag({ status: "closed" }) });
    await mount(server, "#/gids/adres-controleren/meldingen");
    buttonNamed("Sluiten zonder antwoord").click();
    await settle();
    expect(server.sent("POST", "/api/flags/f1/close")).toHaveLength(1);
    expect(document.querySelector('[data-flag-id="f1"]')?.textContent).toContain("Gesloten");
  });
});

describe("presence and changes by others", () => {
  it("watches the open guide, shows who else is there, and watches again after a reconnect", async () => {
    const h = await mount(guideServer().on("GET /api/me", { status: 200, body: { name: "anna" } }), "#/gids/adres-controleren");
    expect(h.connection.callsOf("Watch")).toEqual([["adres-controleren"]]);
    h.connection.push("Presence", "adres-controleren", ["anna", "bert"]);
    expect(document.querySelector(".presence")?.textContent).toBe("Ook geopend door: bert");
    h.connection.drop();
    h.connection.reconnect();
    await settle();
    expect(h.connection.callsOf("Watch")).toHaveLength(2);
    await go(h, "#/");
    expect(h.connection.callsOf("Leave")).toEqual([["adres-controleren"]]);
  });

  it("reloads the text after someone else saved when nothing is unsaved", async () => {
    const server = guideServer();
    const h = await mount(server, "#/gids/adres-controleren");
    server.on(`GET ${base}/editor`, { status: 200, body: editorResponse({ text: "nieuwe tekst van bert", headVersion: "h3" }) });
    h.connection.push("GuideChanged", { guideId: "adres-controleren", what: "saved", version: "h3", by: "bert" });
    await settle();
    expect(document.querySelector(".banner")?.textContent).toContain("bert heeft een nieuwe versie opgeslagen (versie h3).");
    expect(source().value).toBe("nieuwe tekst van bert");
  });

  it("keeps unsaved text after someone else saved; the next save conflicts on the old base", async () => {
    const server = guideServer();
    const h = await mount(server, "#/gids/adres-controleren");
    source().type("mijn tekst");
    server.on(`GET ${base}/editor`, { status: 200, body: editorResponse({ text: "tekst van bert", headVersion: "h3" }) });
    h.connection.push("GuideChanged", { guideId: "adres-controleren", what: "saved", version: "h3", by: "bert" });
    await settle();
    expect(source().value).toBe("mijn tekst");
    expect(document.querySelector(".banner")?.textContent).toContain("Uw niet-opgeslagen tekst blijft staan");
    server.on(`PUT ${base}/source`, { status: 200, body: { version: "h4", status: "draft" } });
    buttonNamed("Opslaan als concept").click();
    await settle();
    expect(server.sent("PUT", `${base}/source`)[0]?.body).toEqual({ text: "mijn tekst", baseVersion: "h2" });
  });

  it("shows no banner for the echo of the expert's own save", async () => {
    const server = guideServer().on(`PUT ${base}/source`, { status: 200, body: { version: "h3", status: "draft" } });
    const h = await mount(server, "#/gids/adres-controleren");
    source().type("mijn tekst");
    buttonNamed("Opslaan als concept").click();
    await settle();
    h.connection.push("GuideChanged", { guideId: "adres-controleren", what: "saved", version: "h3", by: "anna" });
    await settle();
    expect(document.querySelector(".banner")).toBeNull();
  });

  it("never renders the save note as HTML", async () => {
    const server = guideServer().on(`PUT ${base}/source`, { status: 200, body: { version: "h3", status: "draft" } });
    await mount(server, "#/gids/adres-controleren");
    source().type(`${guideText}\n${xss}`);
    typeText(fieldLabelled("Notitie bij deze versie"), xss);
    buttonNamed("Opslaan als concept").click();
    await settle(400);
    expect((server.sent("PUT", `${base}/source`)[0]?.body as { note: string }).note).toBe(xss);
    expect(document.querySelector("img")).toBeNull();
  });
});
