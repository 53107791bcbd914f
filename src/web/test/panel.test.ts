import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SearchResponse, UsageEventRequest } from "../src/shared/contract";
import { memoryStore, storageKeys } from "../src/panel/storage";
import {
  button,
  byText,
  defaultServer,
  hubError,
  mountPanel,
  press,
  searchBox,
  settle,
  smallGuide,
  stepTitle,
  twijfelGuide,
  typeInto,
  type Harness,
} from "./fakes";

/** Any id the panel made (a UUID). */
const anyId: unknown = expect.any(String);

let harness: Harness | null = null;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await harness?.panel.destroy();
  harness = null;
  vi.useRealTimers();
});

async function mount(options: Parameters<typeof mountPanel>[0] = {}): Promise<Harness> {
  harness = await mountPanel(options);
  return harness;
}

const hits: SearchResponse = {
  query: "adres",
  total: 2,
  hits: [
    { id: "adres-controleren", title: "Adres controleren", snippet: "Nagaan of een <mark>adres</mark> klopt &amp; meer.", score: 3 },
    { id: "twijfel", title: "Twijfel aan de identiteit", snippet: "Haal een <mark>collega</mark>.", score: 2, stepId: "vier-ogen", stepTitle: "Tweede persoon erbij halen" },
  ],
};

function events(h: Harness, type?: UsageEventRequest["type"]): UsageEventRequest[] {
  return h.connection.events().filter((event) => type === undefined || event.type === type);
}

async function openSmallGuide(): Promise<void> {
  button("Adres controleren").click();
  await settle();
}

async function search(text: string): Promise<void> {
  typeInto(searchBox(), text);
  await settle();
}

describe("start screen", () => {
  it("shows the guides suggested for the page, with the reason", async () => {
    const h = await mount({ context: { url: "https://bz.example/brp/adres", title: "Adres wijzigen", app: "burgerzaken", role: "baliemedewerker" } });
    expect(h.connection.callsOf("SetContext")).toEqual([[{ url: "https://bz.example/brp/adres", title: "Adres wijzigen", app: "burgerzaken", role: "baliemedewerker" }]]);
    const card = button("Adres controleren");
    const description = document.getElementById(card.getAttribute("aria-describedby")!)!;
    expect(description.textContent).toContain("past bij deze pagina");
  });

  it("shows the page title from the host as text, never as markup", async () => {
    await mount({ context: { title: '<img src=x onerror="alert(1)">Klanten' } });
    expect(document.querySelector("img")).toBeNull();
    expect(document.body.textContent).toContain('Pagina: <img src=x onerror="alert(1)">Klanten');
  });

  it("asks for suggestions again when the embedding page posts a new context, and ignores other messages", async () => {
    const h = await mount();
    window.dispatchEvent(new MessageEvent("message", { data: { type: "epss:context", context: { url: "https://bz.example/rijbewijs/uitreiken", title: "Rijbewijs uitreiken" } }, source: window }));
    window.dispatchEvent(new MessageEvent("message", { data: { type: "epss:context", context: { url: 5 } }, source: window }));
    window.dispatchEvent(new MessageEvent("message", { data: { type: "something-else" }, source: window }));
    await settle();
    expect(h.connection.callsOf("SetContext")).toHaveLength(2);
    expect(h.connection.callsOf("SetContext")[1]).toEqual([{ url: "https://bz.example/rijbewijs/uitreiken", title: "Rijbewijs uitreiken" }]);
  });
});

describe("search", () => {
  it("shows a query with HTML in it as text, never as markup", async () => {
    await mount();
    await search("<img src=x onerror=alert(1)>");
    expect(document.querySelector("img")).toBeNull();
    expect(document.body.textContent).toContain("Niets gevonden voor “<img src=x onerror=alert(1)>”");
  });

  it("shows snippets with the matched words marked, from the server's encoded HTML", async () => {
    const server = defaultServer();
    server.Search = () => hits;
    await mount({ server });
    await search("adres");
    const marks = [...document.querySelectorAll(".hit-snippet mark")].map((mark) => mark.textContent);
    expect(marks).toEqual(["adres", "collega"]);
    expect(document.querySelector(".hit-snippet")!.textContent).toBe("Nagaan of een adres klopt & meer.");
  });

  it("moves through hits with the arrow keys and opens the focused one with Enter", async () => {
    const server = defaultServer();
    server.Search = () => hits;
    const h = await mount({ server });
    const box = searchBox();
    box.focus();
    await search("adres");
    press(box, "ArrowDown");
    expect(document.activeElement).toBe(button("Adres controleren"));
    press(document.activeElement!, "ArrowDown");
    expect(document.activeElement).toBe(button("Twijfel aan de identiteit"));
    press(document.activeElement!, "ArrowDown");
    expect(document.activeElement).toBe(button("Twijfel aan de identiteit"));
    press(document.activeElement!, "ArrowUp");
    press(document.activeElement!, "ArrowUp");
    expect(document.activeElement).toBe(box);
    press(box, "ArrowDown");
    press(document.activeElement!, "End");
    (document.activeElement as HTMLButtonElement).click(); // Enter on a focused button clicks it
    await settle();
    // A hit that names a step opens the guide at that step.
    expect(h.connection.callsOf("OpenGuide")).toEqual([["twijfel"]]);
    expect(stepTitle()).toBe("Tweede persoon erbij halen");
    expect(document.activeElement?.id).toBe("step-title");
    expect(box.value).toBe("");
  });

  it("opens the first hit with Enter in the search box, once the answer for what was typed is in", async () => {
    const server = defaultServer();
    server.Search = () => hits;
    const h = await mount({ server });
    const box = searchBox();
    typeInto(box, "adres");
    press(box, "Enter");
    await settle();
    expect(h.connection.callsOf("Search")).toEqual([["adres"]]);
    expect(stepTitle()).toBe("Identiteit vaststellen");
  });

  it("records one search event when a hit is opened, not one per keystroke", async () => {
    const server = defaultServer();
    server.Search = () => hits;
    const h = await mount({ server });
    await search("a");
    await search("adr");
    await search("adres ");
    button("Twijfel aan de identiteit").click();
    await settle();
    const searches = events(h, "search");
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({ query: "adres", hitCount: 2, openedGuideId: "twijfel", openedRank: 2, guideVersion: "t1" });
    expect(events(h, "guide-opened")[0]).toMatchObject({ guideId: "twijfel", via: "search", stepId: "vier-ogen" });
  });

  it("records a search without an opened guide when the official clears it with Escape", async () => {
    const server = defaultServer();
    server.Search = () => hits;
    const h = await mount({ server });
    const box = searchBox();
    await search("adres");
    press(box, "Escape");
    await settle();
    expect(box.value).toBe("");
    expect(events(h, "search")).toEqual([expect.objectContaining({ query: "adres", hitCount: 2 })]);
    expect(events(h, "search")[0]).not.toHaveProperty("openedGuideId");
    expect(document.querySelector("main h1")?.textContent).toBe("Voor deze pagina");
  });

  it("focuses the search box with / outside a field, and with Ctrl+K anywhere", async () => {
    await mount();
    const box = searchBox();
    press(document.body, "/");
    expect(document.activeElement).toBe(box);
    box.blur();
    const flag = document.createElement("textarea");
    document.body.append(flag);
    flag.focus();
    expect(press(flag, "/").defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(flag);
    press(flag, "k", { ctrlKey: true });
    expect(document.activeElement).toBe(box);
  });

  it("offers the closest guides and a way to report the missing topic when nothing is found", async () => {
    const server = defaultServer();
    server.Search = (q) => ({ query: String(q), total: 0, hits: [], closest: [{ id: "adres-controleren", title: "Adres controleren", summary: "Nagaan of een adres klopt." }] });
    const h = await mount({ server });
    await search("verhuizing buitenland");
    expect(document.body.textContent).toContain("Niets gevonden voor “verhuizing buitenland”");
    button("Meld wat je zocht").click();
    const text = document.activeElement as HTMLTextAreaElement;
    expect(text.tagName).toBe("TEXTAREA");
    typeInto(text, "Emigratie naar Spanje");
    button("Versturen").click();
    await settle();
    expect(h.connection.callsOf("ReportMissing")).toEqual([[{ query: "verhuizing buitenland", text: "Emigratie naar Spanje", id: anyId }]]);
    expect(document.body.textContent).toContain("Dank je, je melding is opgeslagen");
    button("Adres controleren").click();
    await settle();
    expect(events(h, "search")[0]).toMatchObject({ query: "verhuizing buitenland", hitCount: 0, openedGuideId: "adres-controleren" });
    expect(events(h, "search")[0]).not.toHaveProperty("openedRank");
  });

  it("says that search needs the connection when offline, and searches again once it is back", async () => {
    const server = defaultServer();
    server.Search = () => hits;
    const h = await mount({ server });
    h.connection.drop();
    await search("adres");
    expect(document.body.textContent).toContain("Zoeken kan niet zonder verbinding");
    h.connection.reconnect();
    await settle();
    expect(document.querySelectorAll(".hit")).toHaveLength(2);
  });
});

describe("a guide", () => {
  it("opens the guide a link names (/panel?guide=ID) once connected, as a walk of its own", async () => {
    const h = await mount({ openGuide: "adres-controleren" });
    expect(stepTitle()).toBe("Identiteit vaststellen");
    expect(events(h, "guide-opened")[0]).toMatchObject({ guideId: "adres-controleren", via: "link", stepId: "identiteit" });
  });

  it("ignores a guide link that is not a guide id", async () => {
    const h = await mount({ openGuide: "../api/x" });
    expect(events(h, "guide-opened")).toEqual([]);
    expect(h.connection.calls.filter((call) => call.method === "OpenGuide")).toEqual([]);
  });

  it("shows one step at a time with its progress, and puts the focus on the step title", async () => {
    const h = await mount();
    await openSmallGuide();
    expect(stepTitle()).toBe("Identiteit vaststellen");
    expect(document.activeElement?.id).toBe("step-title");
    expect(document.body.textContent).toContain("Stap 1 van 3");
    expect(document.querySelector(".markdown-alert-warning")?.textContent).toContain("Let op.");
    expect(events(h).map((e) => e.type)).toEqual(["guide-opened", "step-viewed"]);
    expect(events(h, "guide-opened")[0]).toMatchObject({ guideId: "adres-controleren", guideVersion: "v1", via: "suggestion", stepId: "identiteit" });
  });

  it("asks before moving on from a step with unticked checks, in the page", async () => {
    await mount();
    await openSmallGuide();
    const confirm = vi.spyOn(window, "confirm");
    button("Volgende stap").click();
    const dialog = document.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain("2 van de 2 controlepunten zijn nog niet afgevinkt");
    expect(confirm).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(button("Blijf bij deze stap"));
    press(document.activeElement!, "Escape");
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    expect(stepTitle()).toBe("Identiteit vaststellen");
    expect((document.activeElement as HTMLInputElement).dataset.checkId).toBe("foto");

    button("Volgende stap").click();
    button("Toch verder").click();
    await settle();
    expect(stepTitle()).toBe("Bewijs bekijken");
  });

  it("moves on without asking when every check is ticked, and records the ticks", async () => {
    const h = await mount();
    await openSmallGuide();
    for (const box of document.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) box.click();
    button("Volgende stap").click();
    await settle();
    expect(stepTitle()).toBe("Bewijs bekijken");
    expect(events(h, "check-ticked").map((e) => [e.checkId, e.checked, e.stepId])).toEqual([
      ["foto", true, "identiteit"],
      ["geldig", true, "identiteit"],
    ]);
  });

  it("shows the decision as buttons that lead to the right step, and records the decision", async () => {
    const h = await mount();
    await openSmallGuide();
    button("Volgende stap").click();
    button("Toch verder").click();
    await settle();
    const group = document.querySelector('[role="group"][aria-label="Keuze"]')!;
    expect([...group.querySelectorAll("button")].map((b) => b.querySelector(".option-label")!.textContent)).toEqual(["Ja, compleet", "Nee, ik twijfel"]);
    expect(document.querySelector("nav.epss-decision")).toBeNull();
    button("Ja, compleet").click();
    await settle();
    expect(stepTitle()).toBe("Verwerken");
    expect(events(h, "decision-taken")[0]).toMatchObject({ stepId: "bewijs", toStepId: "verwerken", guideVersion: "v1" });
  });

  it("opens another guide from a decision through OpenGuide, and Terug leads back to where the official was", async () => {
    const h = await mount();
    await openSmallGuide();
    button("Volgende stap").click();
    button("Toch verder").click();
    await settle();
    button("Nee, ik twijfel").click();
    await settle();
    expect(h.connection.callsOf("OpenGuide").at(-1)).toEqual(["twijfel"]);
    expect(stepTitle()).toBe("Signalen herkennen");
    expect(events(h, "decision-taken").at(-1)).toMatchObject({ toGuideId: "twijfel" });
    expect(events(h, "guide-abandoned").at(-1)).toMatchObject({ guideId: "adres-controleren", stepId: "bewijs" });
    expect(events(h, "guide-opened").at(-1)).toMatchObject({ guideId: "twijfel", via: "link" });
    expect(document.body.textContent).toContain("Terug gaat naar: Adres controleren");
    button("Terug").click();
    await settle();
    expect(stepTitle()).toBe("Bewijs bekijken");
  });

  it("takes a decision's unusual option without asking about unticked checks, and shows the next guide's intro", async () => {
    // "Nee, de klant lijkt niet op de foto": "Gezicht komt overeen" cannot honestly be ticked, so no question then.
    const gezicht = {
      id: "gezicht",
      title: "Gezicht vergelijken",
      html: '<ul class="epss-checks">\n<li class="epss-check" data-check-id="lijkt"><label><input type="checkbox" data-check-id="lijkt" /> Gezicht komt overeen</label></li>\n</ul>',
      checks: [{ id: "lijkt", text: "Gezicht komt overeen" }],
      target: null,
      next: [
        { label: "Ja, lijkt op de foto", stepId: "klaar" },
        { label: "Nee, lijkt niet op de foto", guideId: "twijfel" },
      ],
      isDecision: true,
      isEnd: false,
    };
    const klaar = { id: "klaar", title: "Klaar", html: "<p>Klaar.</p>", checks: [], target: null, next: [], isDecision: false, isEnd: true };
    const twijfel = { ...twijfelGuide(), introHtml: "<p>Blijf rustig en haal een collega.</p>" };
    await mount({ server: defaultServer([smallGuide({ steps: [gezicht, klaar] }), twijfel]) });
    await openSmallGuide();

    button("Ja, lijkt op de foto").click();
    await settle();
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain("Niet alles is afgevinkt");
    button("Blijf bij deze stap").click();
    await settle();

    button("Nee, lijkt niet op de foto").click();
    await settle();
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    expect(stepTitle()).toBe("Signalen herkennen");
    expect(document.querySelector(".guide-intro")?.textContent).toBe("Blijf rustig en haal een collega.");
  });

  it("follows inline links to another guide's step", async () => {
    const h = await mount();
    await openSmallGuide();
    for (const box of document.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) box.click();
    button("Volgende stap").click();
    await settle();
    byText<HTMLAnchorElement>("a", "twijfel").click();
    await settle();
    expect(h.connection.callsOf("OpenGuide").at(-1)).toEqual(["twijfel"]);
    expect(stepTitle()).toBe("Tweede persoon erbij halen");
  });

  it("completes the guide with Klaar and returns to the start screen", async () => {
    const h = await mount();
    await openSmallGuide();
    button("Volgende stap").click();
    button("Toch verder").click();
    button("Ja, compleet").click();
    await settle();
    button("Klaar").click();
    await settle();
    expect(events(h, "guide-completed")).toEqual([expect.objectContaining({ guideId: "adres-controleren", stepId: "verwerken" })]);
    expect(document.body.textContent).toContain("Afgerond: Adres controleren.");
    expect(h.connection.callsOf("CloseGuide")).toHaveLength(1);
    expect(h.store.getItem(storageKeys.walk)).toBeNull();
  });

  it("starts again on request as a new run, recording the unfinished one as abandoned", async () => {
    const h = await mount();
    await openSmallGuide();
    document.querySelector<HTMLInputElement>("input[type=checkbox]")!.click();
    button("Opnieuw beginnen").click();
    await settle();
    // A tick would be lost: asked first, in the page, with the focus on staying.
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain("Opnieuw beginnen?");
    expect(document.activeElement?.textContent).toBe("Blijf waar je bent");
    button("Blijf waar je bent").click();
    await settle();
    expect(document.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked).toBe(true);
    expect(events(h, "guide-abandoned")).toHaveLength(0);
    button("Opnieuw beginnen").click();
    await settle();
    document.querySelector<HTMLElement>('[role="alertdialog"] .button-primary')!.click();
    await settle();
    expect(document.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked).toBe(false);
    const [first, second] = events(h, "guide-opened");
    expect(events(h, "guide-abandoned")[0]!.runId).toBe(first!.runId);
    expect(second!.runId).not.toBe(first!.runId);
  });

  it("starts again at once when nothing was ticked or taken yet", async () => {
    const h = await mount();
    await openSmallGuide();
    button("Opnieuw beginnen").click();
    await settle();
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    expect(events(h, "guide-opened")).toHaveLength(2);
  });

  it("undoes Sluiten: the closed walk is offered with its step and ticks, and Recent lists it online", async () => {
    const h = await mount();
    await openSmallGuide();
    for (const box of document.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) box.click();
    button("Volgende stap").click();
    await settle();
    button("Werkinstructie sluiten").click();
    await settle();
    expect(document.body.textContent).toContain("Gesloten: Adres controleren.");
    expect(document.body.textContent).toContain("Verder waar je was");
    expect(document.body.textContent).toContain("Bij stap: Bewijs bekijken");
    button("Adres controleren").click(); // the resume card
    await settle();
    expect(stepTitle()).toBe("Bewijs bekijken");
    expect(events(h, "guide-opened").at(-1)).toMatchObject({ guideId: "adres-controleren", via: "resume" });
    button("Terug").click();
    await settle();
    expect([...document.querySelectorAll<HTMLInputElement>("input[type=checkbox]")].every((box) => box.checked)).toBe(true);
  });

  it("lists recently opened guides online too, leaving out the ones suggested for the page", async () => {
    await mount();
    await openSmallGuide();
    for (const box of document.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) box.click();
    button("Volgende stap").click();
    await settle();
    button("Nee, ik twijfel").click(); // opens Twijfel aan de identiteit
    await settle();
    button("Werkinstructie sluiten").click();
    await settle();
    document.querySelector<HTMLElement>('[aria-label="Voorgestelde werkinstructies"] button')!.click(); // Adres controleren
    await settle();
    button("Werkinstructie sluiten").click();
    await settle();
    const recent = document.querySelector(".recent");
    expect(recent?.textContent).toContain("Recent geopend");
    expect([...recent!.querySelectorAll("button")].map((b) => b.textContent)).toEqual(["Twijfel aan de identiteit"]);
  });

  it("shows an outdated guide with a visible note", async () => {
    const server = defaultServer([smallGuide({ outdated: true, reviewBy: "2026-03-01" })]);
    await mount({ server });
    await openSmallGuide();
    expect(document.querySelector(".outdated")?.textContent).toContain("Deze werkinstructie is verouderd.");
    expect(document.querySelector(".outdated")?.textContent).toContain("1 maart 2026");
  });

  it("shows the step's sources as links out under the step, and the guide's sources folded away", async () => {
    const guide = smallGuide({
      sources: [
        { id: "ppw-44", title: "Paspoortwet", article: "art. 44", url: "https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44", checked: "2026-12-07", label: "Paspoortwet art. 44" },
        { id: "hup", title: "Handleiding Uitvoeringsprocedures", checked: null, label: "Handleiding Uitvoeringsprocedures" },
        { id: "evil", title: "Kwaad", url: "javascript:alert(1)", checked: null, label: "Kwaad <b>" },
      ],
    });
    const sources = guide.sources ?? [];
    guide.steps[0]!.sources = [sources[0]!, sources[2]!];
    await mount({ server: defaultServer([guide, twijfelGuide()]) });
    await openSmallGuide();

    const line = document.querySelector(".step-sources");
    expect(line?.textContent).toBe("Bronnen: Paspoortwet art. 44 (opent in een nieuw venster), Kwaad <b>");
    const link = line?.querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://wetten.overheid.nl/jci1.3:c:BWBR0005212&artikel=44");
    expect(link?.getAttribute("rel")).toBe("noopener noreferrer");
    expect(line?.querySelectorAll("a")).toHaveLength(1); // a javascript: address never becomes a link
    expect(line?.querySelector("b")).toBeNull();

    const all = document.querySelector("details.sources");
    expect(all?.querySelector("summary")?.textContent).toBe("Bronnen van deze werkinstructie");
    expect(all?.textContent).toContain("Paspoortwet art. 44 (opent in een nieuw venster) (nagekeken 7 december 2026)");
    expect(all?.textContent).toContain("Handleiding Uitvoeringsprocedures");

    button("Volgende stap").click();
    button("Toch verder").click();
    await settle();
    expect(stepTitle()).toBe("Bewijs bekijken");
    expect(document.querySelector(".step-sources")).toBeNull(); // a step that names no source shows none
  });

  it("sends a flag with Meld een probleem and confirms it", async () => {
    const h = await mount();
    await openSmallGuide();
    button("Meld een probleem").click();
    const text = document.activeElement as HTMLTextAreaElement;
    typeInto(text, "<script>alert(1)</script> stap klopt niet");
    button("Versturen").click();
    await settle();
    expect(h.connection.callsOf("FlagStep")).toEqual([[{ guideId: "adres-controleren", stepId: "identiteit", text: "<script>alert(1)</script> stap klopt niet", id: anyId }]]);
    expect(document.body.textContent).toContain("Dank je, je melding is opgeslagen");
    expect(document.querySelector("script")).toBeNull();
  });

  it("asks for a text before sending an empty flag", async () => {
    const h = await mount();
    await openSmallGuide();
    button("Meld een probleem").click();
    button("Versturen").click();
    await settle();
    expect(h.connection.callsOf("FlagStep")).toEqual([]);
    expect(document.querySelector('[role="alert"]')?.textContent).toBe("Schrijf kort wat er niet klopt.");
    expect(document.activeElement?.tagName).toBe("TEXTAREA");
  });

  it("returns from the search box to the step title with Escape", async () => {
    await mount();
    await openSmallGuide();
    const box = searchBox();
    box.focus();
    press(box, "Escape");
    expect(document.activeElement?.id).toBe("step-title");
  });

  it("shows the server's reason when a flag is refused, and keeps the text", async () => {
    const server = defaultServer();
    server.FlagStep = () => {
      throw hubError("Te veel verzoeken achter elkaar; probeer het over een paar seconden opnieuw.");
    };
    await mount({ server });
    await openSmallGuide();
    button("Meld een probleem").click();
    typeInto(document.activeElement as HTMLTextAreaElement, "onduidelijk");
    button("Versturen").click();
    await settle();
    expect(document.querySelector('[role="alert"]')?.textContent).toContain("Te veel verzoeken");
    expect(document.querySelector("textarea")?.value).toBe("onduidelijk");
  });
});

describe("guide changes on the server", () => {
  it("shows the new version at once, on the same step with the ticks kept, and says so", async () => {
    const h = await mount();
    await openSmallGuide();
    document.querySelector<HTMLInputElement>('input[data-check-id="foto"]')!.click();
    const updated = smallGuide({ version: "v2" });
    updated.steps[0]!.html = updated.steps[0]!.html.replace("Vraag naar een identiteitsbewijs.", "Vraag naar een geldig identiteitsbewijs.");
    h.connection.push("GuideUpdated", updated);
    await settle();
    expect(stepTitle()).toBe("Identiteit vaststellen");
    expect(document.querySelector(".step-body")?.textContent).toContain("Vraag naar een geldig identiteitsbewijs.");
    expect(document.querySelector<HTMLInputElement>('input[data-check-id="foto"]')!.checked).toBe(true);
    expect(document.querySelector('[aria-live="polite"]')?.textContent).toBe("Deze werkinstructie is zojuist bijgewerkt.");
    button("Volgende stap").click();
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain("1 van de 2");
  });

  it("keeps an unsent flag text when the guide is updated while the official types it", async () => {
    const h = await mount();
    await openSmallGuide();
    button("Meld een probleem").click();
    typeInto(document.activeElement as HTMLTextAreaElement, "De foto-check is dubbel");
    h.connection.push("GuideUpdated", smallGuide({ version: "v2" }));
    await settle();
    const text = document.querySelector("textarea")!;
    expect(text.value).toBe("De foto-check is dubbel");
    expect(document.activeElement).toBe(text);
  });

  it("says the guide is no longer available when it is removed, and goes back to the start screen", async () => {
    const h = await mount();
    await openSmallGuide();
    h.connection.push("GuideRemoved", "adres-controleren");
    await settle();
    expect(document.querySelector("main h1")?.textContent).toBe("Voor deze pagina");
    expect(document.body.textContent).toContain("De werkinstructie “Adres controleren” is niet meer beschikbaar.");
    expect(h.store.getItem(storageKeys.walk)).toBeNull();
  });
});

describe("reload, reconnect and offline", () => {
  it("restores the walk after a reload: the stored copy at once, then the guide reopened when connected", async () => {
    const store = memoryStore();
    const first = await mount({ store });
    await openSmallGuide();
    document.querySelector<HTMLInputElement>('input[data-check-id="geldig"]')!.click();
    button("Volgende stap").click();
    button("Toch verder").click();
    await settle();
    window.dispatchEvent(new Event("pagehide"));
    await first.panel.destroy();

    const second = await mount({ store, startOffline: true });
    expect(stepTitle()).toBe("Bewijs bekijken");
    expect(second.connection.callsOf("OpenGuide")).toEqual([]);
    button("Terug").click();
    await settle();
    expect(document.querySelector<HTMLInputElement>('input[data-check-id="geldig"]')!.checked).toBe(true);
    second.connection.startOutcomes.length = 0;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(second.connection.callsOf("OpenGuide")).toEqual([["adres-controleren"]]);

    // The abandon queued on pagehide was withdrawn; the walk was resumed under the same run.
    const opened = second.connection.events().filter((e) => e.type === "guide-opened");
    expect(opened.map((e) => e.via)).toEqual(["resume"]);
    expect(second.connection.events().filter((e) => e.type === "guide-abandoned")).toEqual([]);
    expect(opened[0]!.runId).toBe(events(first, "guide-opened")[0]!.runId);
  });

  it("queues guide-abandoned on pagehide and sends it next time when the walk is not picked up again", async () => {
    const store = memoryStore();
    const first = await mount({ store, startOffline: true });
    first.connection.startOutcomes.length = 0;
    await vi.advanceTimersByTimeAsync(1_000);
    await openSmallGuide();
    first.connection.drop();
    window.dispatchEvent(new Event("pagehide"));
    await first.panel.destroy();

    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000); // back two hours later
    const second = await mount({ store });
    expect(events(second, "guide-abandoned")).toEqual([expect.objectContaining({ guideId: "adres-controleren", stepId: "identiteit" })]);
    expect(document.body.textContent).toContain("Verder waar je was");
    button("Adres controleren", document.querySelector(".resume")!).click();
    await settle();
    expect(stepTitle()).toBe("Identiteit vaststellen");
    expect(events(second, "guide-opened").at(-1)).toMatchObject({ via: "resume" });
  });

  it("shows an offline notice, keeps the open guide usable, and sends what happened once back online", async () => {
    const h = await mount();
    await openSmallGuide();
    const before = h.connection.events().length;
    h.connection.drop();
    await settle();
    const notice = document.querySelector(".offline")!;
    expect(notice.getAttribute("role")).toBe("status");
    expect(notice.textContent).toContain("De verbinding is verbroken");
    expect(notice.textContent).toContain("Je kunt de open werkinstructie gewoon blijven gebruiken");

    for (const box of document.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) box.click();
    button("Volgende stap").click();
    await settle();
    expect(stepTitle()).toBe("Bewijs bekijken");
    button("Meld een probleem").click();
    typeInto(document.activeElement as HTMLTextAreaElement, "Tekst klopt niet");
    button("Versturen").click();
    await settle();
    expect(document.body.textContent).toContain("wordt verstuurd zodra die er weer is");
    expect(h.connection.events()).toHaveLength(before);

    h.connection.reconnect();
    await settle();
    expect(notice.textContent).toBe("");
    expect(h.connection.events().slice(before).map((e) => e.type)).toEqual(["check-ticked", "check-ticked", "step-viewed"]);
    expect(h.connection.callsOf("FlagStep")).toEqual([[{ guideId: "adres-controleren", stepId: "bewijs", text: "Tekst klopt niet", id: anyId }]]);
    expect(h.connection.callsOf("OpenGuide")).toEqual([["adres-controleren"], ["adres-controleren"]]); // subscribed again
  });

  it("opens a guide read before from the stored copy while offline", async () => {
    const store = memoryStore();
    const first = await mount({ store });
    await openSmallGuide();
    button("Werkinstructie sluiten").click();
    await first.panel.destroy();

    await mount({ store, startOffline: true });
    expect(document.body.textContent).toContain("Recent geopend");
    button("Adres controleren").click();
    await settle();
    expect(stepTitle()).toBe("Identiteit vaststellen");
  });

  it("keeps the usage events in the outbox until they are acknowledged, with client-made UUIDs", async () => {
    const server = defaultServer();
    server.RecordEvents = () => {
      throw hubError("Het gebruik kan nu niet worden opgeslagen.");
    };
    server.RecordEvent = server.RecordEvents;
    const h = await mount({ server });
    await openSmallGuide();
    await vi.advanceTimersByTimeAsync(5_000);
    const waiting = JSON.parse(h.store.getItem(storageKeys.outbox)!) as { event: UsageEventRequest }[];
    expect(waiting.map((item) => item.event.type)).toEqual(["guide-opened", "step-viewed"]);
    for (const item of waiting) expect(item.event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("a guide from another guide", () => {
  it("shows a guide the official cannot open without a connection as a message, not an error", async () => {
    const h = await mount({ server: defaultServer([smallGuide()]) });
    await openSmallGuide();
    h.connection.drop();
    button("Volgende stap").click();
    button("Toch verder").click();
    await settle();
    button("Nee, ik twijfel").click();
    await settle();
    expect(stepTitle()).toBe("Bewijs bekijken");
    expect(document.querySelector(".flash")?.textContent).toContain("er is geen verbinding");
    expect(twijfelGuide().id).toBe("twijfel");
  });
});
