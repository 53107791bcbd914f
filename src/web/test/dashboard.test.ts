import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChartConfiguration } from "chart.js";
import type {
  DecisionReport,
  FlagReport,
  FunnelReport,
  GuideUseReport,
  GuideUseRow,
  HealthReport,
  SearchReport,
  TargetMissingReport,
  UseOverTimeReport,
} from "../src/shared/analytics-contract";
import { DashboardApp } from "../src/dashboard/app";
import { deferred, FakeServer, fieldLabelled, type Reply } from "./editor-fakes";

// jsdom has no canvas: Chart.js is replaced by a recorder of what each chart was given.
const charts = vi.hoisted(() => ({ created: [] as { canvas: HTMLCanvasElement; config: ChartConfiguration; destroyed: boolean }[], registered: [] as unknown[] }));
vi.mock("chart.js", () => {
  class Chart {
    static defaults = { font: {} as Record<string, unknown>, color: "" };
    static register(...parts: unknown[]): void {
      charts.registered.push(...parts);
    }
    private readonly record: { canvas: HTMLCanvasElement; config: ChartConfiguration; destroyed: boolean };
    constructor(canvas: HTMLCanvasElement, config: ChartConfiguration) {
      this.record = { canvas, config, destroyed: false };
      charts.created.push(this.record);
    }
    destroy(): void {
      this.record.destroyed = true;
    }
  }
  const part = (id: string): { id: string } => ({ id });
  return {
    Chart,
    BarController: part("bar"),
    BarElement: part("barElement"),
    LineController: part("line"),
    LineElement: part("lineElement"),
    PointElement: part("point"),
    CategoryScale: part("category"),
    LinearScale: part("linear"),
    Tooltip: part("tooltip"),
    Legend: part("legend"),
  };
});

const period = { from: "2026-10-26", to: "2026-12-06", timeZone: "Europe/Amsterdam", firstWeek: "2026-W44", lastWeek: "2026-W49" };
const base = { period, minimumGroupSize: 5 };
const filters = "from=2026-11-01&to=2026-11-30";
const secret = 4321; // a number that must never appear when its cell is suppressed

function useRow(overrides: Partial<GuideUseRow> = {}): GuideUseRow {
  return {
    guideId: "paspoort-aanvragen",
    title: "Paspoort aanvragen",
    opened: 1234,
    completed: 562,
    abandoned: 300,
    completionRate: 0.4554,
    medianSecondsToComplete: 205,
    users: 87,
    suppressed: false,
    ...overrides,
  };
}

function guideUse(guides: GuideUseRow[] = [useRow()]): GuideUseReport {
  return { ...base, guides };
}

function overTime(): UseOverTimeReport {
  return {
    ...base,
    weeks: [
      { week: "2026-W44", from: "2026-10-26", to: "2026-11-01", opened: 40, completed: 20, users: 12, suppressed: false },
      { week: "2026-W45", from: "2026-11-02", to: "2026-11-08", opened: secret, completed: secret, users: 2, suppressed: true },
      { week: "2026-W46", from: "2026-11-09", to: "2026-11-15", opened: 55, completed: 31, users: 14, suppressed: false },
    ],
  };
}

function funnelReport(): FunnelReport {
  return {
    ...base,
    guideId: "paspoort-aanvragen",
    title: "Paspoort aanvragen",
    runs: 200,
    completed: 120,
    suppressed: false,
    steps: [
      { stepId: "identiteit", title: "Identiteit vaststellen", position: 1, reached: 200, leftHere: 20, dropOffRate: 0.1, suppressed: false },
      { stepId: "foto", title: "Foto controleren", position: 2, reached: 180, leftHere: 60, dropOffRate: 0.3333, suppressed: false },
      { stepId: "oud", title: "oud", position: null, reached: null, leftHere: null, dropOffRate: null, suppressed: true },
    ],
  };
}

function decisionReport(): DecisionReport {
  return {
    ...base,
    guideId: "paspoort-aanvragen",
    title: "Paspoort aanvragen",
    decisions: [
      { stepId: "foto", stepTitle: "Foto controleren", toStepId: "afgeven", label: "Foto is goed", count: 90, share: 0.75, suppressed: false },
      { stepId: "foto", stepTitle: "Foto controleren", toGuideId: "twijfel-aan-identiteit", count: null, share: null, suppressed: true },
    ],
  };
}

const evilQuery = "<img src=x onerror=alert(1)>";

function searchReport(): SearchReport {
  return {
    ...base,
    noHits: [
      { query: "rijbewijs omwisselen", count: 14, users: 9, lastSeen: "2026-11-29T14:03:00Z", suppressed: false },
      { query: evilQuery, count: 7, users: 6, lastSeen: "2026-11-28T09:00:00Z", suppressed: false },
      { query: null, count: null, users: null, lastSeen: null, suppressed: true },
    ],
    notOpened: [],
  };
}

function flagReport(): FlagReport {
  return {
    ...base,
    flags: [
      { guideId: "paspoort-aanvragen", title: "Paspoort aanvragen", stepId: "foto", stepTitle: "Foto controleren", open: 6, answered: 8, closed: 2, suppressed: false },
      { guideId: "paspoort-aanvragen", title: "Paspoort aanvragen", stepId: null, stepTitle: null, open: null, answered: null, closed: null, suppressed: true },
    ],
  };
}

function targetReport(): TargetMissingReport {
  return {
    ...base,
    targets: [
      {
        guideId: "paspoort-aanvragen",
        title: "Paspoort aanvragen",
        stepId: "foto",
        stepTitle: "Foto controleren",
        selector: '#foto"><img src=x onerror=alert(2)>',
        targetStatus: "missing",
        count: 31,
        users: 11,
        lastSeen: "2026-11-30T08:00:00Z",
        pages: ["https://burgerzaken.example/aanvraag", "https://burgerzaken.example/<b>vet</b>"],
        suppressed: false,
      },
    ],
  };
}

function healthReport(): HealthReport {
  return {
    ...base,
    outdated: [{ guideId: "oud-rijbewijs", title: "Oud rijbewijs", owner: "team-rijbewijs", reviewBy: "2026-06-01" }],
    notOpened: [{ guideId: "zelden", title: "Zelden gebruikt", owner: null, lastOpened: null }],
    highDropOff: [{ guideId: "paspoort-aanvragen", title: "Paspoort aanvragen", runs: 200, completionRate: 0.4 }],
    openFlags: [
      { guideId: "paspoort-aanvragen", title: "Paspoort aanvragen", open: 6, suppressed: false },
      { guideId: "zelden", title: "Zelden gebruikt", open: null, suppressed: true },
    ],
  };
}

const ok = (body: unknown): Reply => ({ status: 200, body });

/** A server that answers every report for November 2026 without further filters. */
function server(): FakeServer {
  return new FakeServer()
    .on("GET /api/guides", ok([
      { id: "paspoort-aanvragen", title: "Paspoort aanvragen", roles: ["baliemedewerker"] },
      { id: "rijbewijs-uitreiken", title: "Rijbewijs uitreiken", roles: ["baliemedewerker", "backoffice"] },
    ]))
    .on(`GET /api/analytics/guides?${filters}`, ok(guideUse()))
    .on(`GET /api/analytics/use-over-time?${filters}`, ok(overTime()))
    .on(`GET /api/analytics/guides/paspoort-aanvragen/funnel?${filters}`, ok(funnelReport()))
    .on(`GET /api/analytics/guides/paspoort-aanvragen/decisions?${filters}`, ok(decisionReport()))
    .on(`GET /api/analytics/searches?${filters}`, ok(searchReport()))
    .on(`GET /api/analytics/flags?${filters}`, ok(flagReport()))
    .on(`GET /api/analytics/targets-missing?${filters}`, ok(targetReport()))
    .on(`GET /api/analytics/health?${filters}&notOpenedDays=30&dropOffThreshold=0.5`, ok(healthReport()));
}

let app: DashboardApp | null = null;
let redirects: string[] = [];

async function mount(fake: FakeServer, search = `?${filters}`): Promise<HTMLElement> {
  document.body.replaceChildren();
  window.history.replaceState(null, "", `/dashboard${search}`);
  const root = document.createElement("div");
  document.body.append(root);
  redirects = [];
  app = new DashboardApp({ root, fetch: fake.fetch, redirect: (url) => redirects.push(url), now: () => new Date(2026, 10, 30, 10, 0) });
  await app.start();
  await flush();
  return root;
}

/** Lets the fake server's answers and the renders they cause run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

function paths(fake: FakeServer, prefix = "/api/analytics"): string[] {
  return fake.requests.map((request) => request.path).filter((path) => path.startsWith(prefix));
}

function table(caption: string): HTMLTableElement {
  const found = [...document.querySelectorAll("table")].find((candidate) => candidate.caption?.textContent === caption);
  if (!found) throw new Error(`No table "${caption}"`);
  return found;
}

function rows(caption: string): HTMLTableRowElement[] {
  return [...table(caption).tBodies[0]!.rows];
}

function cells(row: HTMLTableRowElement | undefined): string[] {
  return [...(row?.cells ?? [])].map((cell) => cell.textContent ?? "");
}

function csvLinkOf(caption: string): HTMLAnchorElement {
  const block = table(caption).closest(".table-block");
  const link = block?.querySelector<HTMLAnchorElement>("a.csv-link");
  if (!link) throw new Error(`No CSV link for "${caption}"`);
  return link;
}

function link(text: string, root: ParentNode = document): HTMLAnchorElement {
  const found = [...root.querySelectorAll<HTMLAnchorElement>("a")].find((candidate) => candidate.textContent === text);
  if (!found) throw new Error(`No link "${text}"`);
  return found;
}

function button(text: string, root: ParentNode = document): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>("button")].find((candidate) => candidate.textContent === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

function liveCharts(): { canvas: HTMLCanvasElement; config: ChartConfiguration }[] {
  return charts.created.filter((chart) => !chart.destroyed);
}

beforeEach(() => {
  charts.created.length = 0;
});
afterEach(() => {
  app?.destroy();
  app = null;
});

describe("filters", () => {
  it("asks every report of the view for the period in the address bar", async () => {
    const fake = server();
    await mount(fake);
    expect(paths(fake)).toEqual([`/api/analytics/guides?${filters}`, `/api/analytics/use-over-time?${filters}`]);
    expect(fieldLabelled("Van").value).toBe("2026-11-01");
    expect(fieldLabelled("Tot en met").value).toBe("2026-11-30");
  });

  it("defaults to the last 30 days and writes them into the address bar", async () => {
    const fake = server();
    await mount(fake, "");
    expect(window.location.search).toBe(`?${filters}`);
    expect(paths(fake)[0]).toBe(`/api/analytics/guides?${filters}`);
  });

  it("applies role, application and guide to the requests and to the URL, so a view can be shared", async () => {
    const fake = server();
    const march = "role=baliemedewerker&app=burgerzaken&guideId=paspoort-aanvragen";
    fake
      .on(`GET /api/analytics/guides?${filters}&${march}`, ok({ ...guideUse(), role: "baliemedewerker" }))
      .on(`GET /api/analytics/use-over-time?${filters}&${march}`, ok(overTime()));
    await mount(fake);
    fieldLabelled("Rol").value = "baliemedewerker";
    fieldLabelled("Toepassing").value = " burgerzaken ";
    const guide = fieldLabelled<HTMLSelectElement>("Gids");
    expect([...guide.options].map((option) => option.textContent)).toEqual(["Alle gidsen", "Paspoort aanvragen", "Rijbewijs uitreiken"]);
    guide.value = "paspoort-aanvragen";
    button("Toepassen").click();
    await flush();
    expect(paths(fake).slice(-2)).toEqual([`/api/analytics/guides?${filters}&${march}`, `/api/analytics/use-over-time?${filters}&${march}`]);
    expect(window.location.pathname + window.location.search).toBe(`/dashboard?${filters}&${march}`);
    expect(document.querySelector(".applied")?.textContent).toContain("gids Paspoort aanvragen");
    expect(csvLinkOf("Gebruik per gids").getAttribute("href")).toBe(`/api/analytics/guides?${filters}&${march}&format=csv`);
  });

  it("restores filters and view from the URL after a reload", async () => {
    const fake = server();
    await mount(fake, `?${filters}&role=baliemedewerker&view=zoekopdrachten`);
    expect(paths(fake)).toEqual([`/api/analytics/searches?${filters}&role=baliemedewerker`]);
    expect(fieldLabelled("Rol").value).toBe("baliemedewerker");
    expect(document.querySelector(".tab[aria-current=page]")?.textContent).toBe("Zoekopdrachten zonder succes");
  });

  it("offers the last 7, 30 and 90 days as quick choices", async () => {
    const fake = server();
    await mount(fake);
    button("Laatste 7 dagen").click();
    await flush();
    expect(window.location.search).toBe("?from=2026-11-24&to=2026-11-30");
    expect(paths(fake)).toContain("/api/analytics/guides?from=2026-11-24&to=2026-11-30");
    button("Laatste 90 dagen").click();
    await flush();
    expect(window.location.search).toBe("?from=2026-09-02&to=2026-11-30");
  });

  it("refuses a period that ends before it starts, without asking the server", async () => {
    const fake = server();
    await mount(fake);
    const before = fake.requests.length;
    fieldLabelled("Van").value = "2026-12-10";
    button("Toepassen").click();
    await flush();
    expect(fake.requests.length).toBe(before);
    expect(document.querySelector(".filters .form-error")?.textContent).toBe("De begindatum ligt na de einddatum.");
  });

  it("goes back to the previous filters with the browser's Back", async () => {
    const fake = server();
    fake.on("GET /api/analytics/guides?from=2026-11-24&to=2026-11-30", ok(guideUse([useRow({ title: "Week" })])));
    await mount(fake);
    button("Laatste 7 dagen").click();
    await flush();
    window.history.replaceState(null, "", `/dashboard?${filters}`);
    window.dispatchEvent(new PopStateEvent("popstate"));
    await flush();
    expect(fieldLabelled("Van").value).toBe("2026-11-01");
    expect(paths(fake).at(-2)).toBe(`/api/analytics/guides?${filters}`);
  });
});

describe("overview", () => {
  it("shows the guide use table with nl-NL numbers, percentages and mm:ss", async () => {
    await mount(server());
    const row = rows("Gebruik per gids")[0];
    expect(row?.cells[0]?.tagName).toBe("TH");
    expect(row?.cells[0]?.getAttribute("scope")).toBe("row");
    expect(cells(row).slice(1)).toEqual(["1.234", "562", "300", "45,5%", "03:25", "87"]);
    expect([...table("Gebruik per gids").tHead!.rows[0]!.cells].every((cell) => cell.getAttribute("scope") === "col")).toBe(true);
  });

  it("links a guide's row to its funnel in the dashboard and to the guide itself", async () => {
    const fake = server();
    await mount(fake);
    const row = rows("Gebruik per gids")[0]!;
    expect(link("Gids bekijken", row).getAttribute("href")).toBe("/panel?guide=paspoort-aanvragen");
    const funnel = link("Trechter", row);
    expect(funnel.getAttribute("href")).toBe(`/dashboard?${filters}&view=trechter&funnel=paspoort-aanvragen`);
    funnel.click();
    await flush();
    expect(window.location.search).toBe(`?${filters}&view=trechter&funnel=paspoort-aanvragen`);
    expect(paths(fake).slice(-2)).toEqual([
      `/api/analytics/guides/paspoort-aanvragen/funnel?${filters}`,
      `/api/analytics/guides/paspoort-aanvragen/decisions?${filters}`,
    ]);
    expect(cells(rows("Stappen van Paspoort aanvragen")[1])).toEqual(["2", "Foto controleren", "180", "60", "33,3%"]);
  });

  it("sorts by a column on a click, both ways, with suppressed rows last", async () => {
    const fake = server().on(
      `GET /api/analytics/guides?${filters}`,
      ok(guideUse([
        useRow({ guideId: "a", title: "Adres", users: 12 }),
        useRow({ guideId: "b", title: "Bewijs", users: secret, suppressed: true }),
        useRow({ guideId: "c", title: "Curatele", users: 40 }),
      ])),
    );
    await mount(fake);
    const titles = (): string[] => rows("Gebruik per gids").map((row) => row.querySelector(".guide-title")?.textContent ?? "");
    const header = button("Gebruikers");
    header.click();
    expect(titles()).toEqual(["Adres", "Curatele", "Bewijs"]);
    expect(header.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    header.click();
    expect(titles()).toEqual(["Curatele", "Adres", "Bewijs"]);
    expect(header.closest("th")?.getAttribute("aria-sort")).toBe("descending");
    button("Gids").click();
    expect(titles()).toEqual(["Adres", "Bewijs", "Curatele"]);
  });

  it("shows a suppressed cell as a dash with its reason, never its number", async () => {
    const fake = server().on(
      `GET /api/analytics/guides?${filters}`,
      // The server sends null; a number sent by mistake must still not reach the page.
      ok(guideUse([useRow(), useRow({ guideId: "klein", title: "Kleine gids", opened: secret, completed: secret, abandoned: secret, users: 3, completionRate: 0.9, medianSecondsToComplete: 61, suppressed: true })])),
    );
    await mount(fake);
    const suppressed = rows("Gebruik per gids").find((row) => row.textContent?.includes("Kleine gids"))!;
    for (const cell of [...suppressed.cells].slice(1)) {
      expect(cell.querySelector("[aria-hidden=true]")?.textContent).toBe("—");
      expect(cell.querySelector(".sr-only")?.textContent).toBe("minder dan 5 gebruikers: niet getoond");
    }
    expect(suppressed.textContent).not.toMatch(/4\.?321|90%|01:01/);
    expect(document.body.textContent).not.toMatch(/4\.?321/);
    expect(table("Gebruik per gids").closest(".table-block")?.querySelector(".table-note")?.textContent).toContain("minder dan 5 gebruikers");
  });

  it("says which whole weeks the figures are for, whatever days were asked", async () => {
    await mount(server());
    // Asked: 1 to 30 November; answered for the weeks of 26 October to 6 December (issue 16).
    expect(document.querySelector(".period")?.textContent).toBe("week 44–49: 26 oktober 2026 t/m 6 december 2026 (hele weken, maandag t/m zondag, in tijdzone Europe/Amsterdam)");
    expect(cells(rows("Gebruik per week")[0])[0]).toBe("week 44 (26 okt – 1 nov)");
  });

  it("gives every table a CSV link with the filters, format=csv and a dated file name", async () => {
    await mount(server());
    const use = csvLinkOf("Gebruik per gids");
    expect(use.getAttribute("href")).toBe(`/api/analytics/guides?${filters}&format=csv`);
    expect(use.getAttribute("download")).toBe("epss-gidsgebruik-2026-11-01-2026-11-30.csv");
    expect(use.textContent).toBe("Download CSV");
    expect(csvLinkOf("Gebruik per week").getAttribute("href")).toBe(`/api/analytics/use-over-time?${filters}&format=csv`);
  });

  it("draws the charts from the shown numbers only and says what it left out", async () => {
    const fake = server().on(
      `GET /api/analytics/guides?${filters}`,
      ok(guideUse([useRow(), useRow({ guideId: "klein", title: "Kleine gids", opened: secret, completed: secret, suppressed: true }), useRow({ guideId: "leeg", title: "Leeg", opened: 0, completed: 0, users: 0 })])),
    );
    await mount(fake);
    const [bar, line] = liveCharts();
    expect(bar?.config.type).toBe("bar");
    expect(bar?.config.data.labels).toEqual(["Paspoort aanvragen"]);
    expect(bar?.config.data.datasets.map((set) => set.data)).toEqual([[1234], [562]]);
    expect(bar?.canvas.getAttribute("role")).toBe("img");
    expect(bar?.canvas.getAttribute("aria-label")).toContain("Meest geopend: Paspoort aanvragen, 1.234 keer geopend");
    expect(line?.config.type).toBe("line");
    expect(line?.config.data.datasets.map((set) => set.data)).toEqual([
      [40, null, 55],
      [20, null, 31],
    ]);
    expect(JSON.stringify(liveCharts().map((chart) => chart.config.data))).not.toContain(String(secret));
    const notes = [...document.querySelectorAll(".chart-note")].map((note) => note.textContent);
    expect(notes[0]).toContain("1 gids is weggelaten: minder dan 5 gebruikers");
    expect(notes[1]).toContain("1 week is weggelaten");
    expect(charts.registered).toContainEqual({ id: "bar" });
  });

  it("says so when nothing happened in the period", async () => {
    const fake = server()
      .on(`GET /api/analytics/guides?${filters}`, ok(guideUse([useRow({ opened: 0, completed: 0, abandoned: 0, users: 0, completionRate: null, medianSecondsToComplete: null })])))
      .on(`GET /api/analytics/use-over-time?${filters}`, ok({ ...base, weeks: [] }));
    await mount(fake);
    expect([...document.querySelectorAll(".empty")].map((node) => node.textContent)).toContain("Geen gegevens in deze periode.");
    expect(liveCharts()).toHaveLength(0);
  });

  it("destroys the old charts when the view changes", async () => {
    await mount(server());
    expect(liveCharts()).toHaveLength(2);
    link("Zoekopdrachten zonder succes").click();
    await flush();
    expect(liveCharts()).toHaveLength(0);
  });
});

describe("funnel", () => {
  it("shows the steps as horizontal bars and a table, and the decisions with their share", async () => {
    await mount(server(), `?${filters}&view=trechter&funnel=paspoort-aanvragen`);
    const [chart] = liveCharts();
    expect(chart?.config.options?.indexAxis).toBe("y");
    expect(chart?.config.data.labels).toEqual(["1. Identiteit vaststellen", "2. Foto controleren", "oud (niet meer in de gids)"]);
    expect(chart?.config.data.datasets.map((set) => set.data)).toEqual([
      [200, 180, null],
      [20, 60, null],
    ]);
    expect(document.querySelector(".chart-note")?.textContent).toContain("1 stap heeft geen balk");
    expect(cells(rows("Stappen van Paspoort aanvragen")[0])).toEqual(["1", "Identiteit vaststellen", "200", "20", "10%"]);
    expect(cells(rows("Keuzes in Paspoort aanvragen")[0])).toEqual(["Foto controleren", "Foto is goed", "90", "75%"]);
    expect(rows("Keuzes in Paspoort aanvragen")[1]?.cells[2]?.textContent).toContain("—");
    expect(csvLinkOf("Stappen van Paspoort aanvragen").getAttribute("download")).toBe("epss-trechter-paspoort-aanvragen-2026-11-01-2026-11-30.csv");
    expect(csvLinkOf("Keuzes in Paspoort aanvragen").getAttribute("href")).toBe(`/api/analytics/guides/paspoort-aanvragen/decisions?${filters}&format=csv`);
  });

  it("takes the guide filter as the funnel's guide and lets the analyst pick another", async () => {
    const fake = server();
    await mount(fake, `?${filters}&view=trechter`);
    expect(document.querySelector(".view-trechter .empty")?.textContent).toContain("Kies een gids");
    fieldLabelled<HTMLSelectElement>("Trechter van").value = "paspoort-aanvragen";
    button("Toon trechter").click();
    await flush();
    expect(window.location.search).toBe(`?${filters}&view=trechter&funnel=paspoort-aanvragen`);
    expect(paths(fake)).toContain(`/api/analytics/guides/paspoort-aanvragen/funnel?${filters}`);
  });
});

describe("failed searches", () => {
  it("shows both tables with queries as text, never as HTML", async () => {
    await mount(server(), `?${filters}&view=zoekopdrachten`);
    const noHits = rows("Zoekopdrachten zonder resultaten");
    expect(cells(noHits[0])).toEqual(["rijbewijs omwisselen", "14", "9", "29 nov 2026, 15:03"]);
    expect(noHits[1]?.cells[0]?.textContent).toBe(evilQuery);
    expect(document.querySelector("main img")).toBeNull();
    expect(noHits[2]?.cells[0]?.textContent).toBe("—minder dan 5 gebruikers: niet getoond");
    expect(document.querySelector(".view-zoekopdrachten")?.textContent).toContain("Geen gegevens in deze periode.");
    expect(csvLinkOf("Zoekopdrachten zonder resultaten").getAttribute("href")).toBe(`/api/analytics/searches?${filters}&format=csv&table=no-hits`);
    expect(csvLinkOf("Zoekopdrachten zonder resultaten").getAttribute("download")).toBe("epss-zoekopdrachten-geen-resultaten-2026-11-01-2026-11-30.csv");
  });
});

describe("flags and content health", () => {
  it("shows flags per step, missing targets with their pages, and the four health tables", async () => {
    await mount(server(), `?${filters}&view=meldingen`);
    expect(cells(rows("Meldingen per gids en stap")[0]).slice(1)).toEqual(["Foto controleren", "6", "8", "2"]);
    expect(cells(rows("Meldingen per gids en stap")[1])[1]).toBe("Hele gids of zoekopdracht zonder resultaat");
    const target = rows("Velden die een stap aanwijst maar die niet op de pagina stonden")[0]!;
    expect(target.querySelector("code")?.textContent).toBe('#foto"><img src=x onerror=alert(2)>');
    expect([...target.querySelectorAll("li")].map((item) => item.textContent)).toEqual(["https://burgerzaken.example/aanvraag", "https://burgerzaken.example/<b>vet</b>"]);
    expect(document.querySelector("main img, main b")).toBeNull();
    expect(cells(rows("Gidsen voorbij hun herzieningsdatum")[0]).slice(1)).toEqual(["team-rijbewijs", "1 juni 2026"]);
    expect(cells(rows("Gidsen waarvan 50% of meer niet werd voltooid")[0]).slice(1)).toEqual(["200", "40%", "60%"]);
    expect(csvLinkOf("Gidsen met open meldingen").getAttribute("href")).toBe(`/api/analytics/health?${filters}&notOpenedDays=30&dropOffThreshold=0.5&format=csv&table=open-flags`);
    // Open flags rest on the officials who raised them: too few, and the count is not shown (issue 16).
    const openFlags = rows("Gidsen met open meldingen");
    expect(cells(openFlags.find((row) => row.textContent?.includes("Paspoort"))).slice(1)).toEqual(["6"]);
    expect(cells(openFlags.find((row) => row.textContent?.includes("Zelden"))).slice(1)).toEqual(["—minder dan 5 gebruikers: niet getoond"]);
    expect(csvLinkOf("Meldingen per gids en stap").getAttribute("href")).toBe(`/api/analytics/flags?${filters}&format=csv`);
    expect(csvLinkOf("Velden die een stap aanwijst maar die niet op de pagina stonden").getAttribute("href")).toBe(`/api/analytics/targets-missing?${filters}&format=csv`);
  });

  it("asks for content health with the analyst's N days and drop-off threshold", async () => {
    const fake = server().on(`GET /api/analytics/health?${filters}&notOpenedDays=60&dropOffThreshold=0.4`, ok(healthReport()));
    await mount(fake, `?${filters}&view=meldingen`);
    fieldLabelled("Niet geopend in (dagen)").value = "60";
    fieldLabelled("Hoge uitval vanaf (%)").value = "40";
    button("Bijwerken").click();
    await flush();
    expect(window.location.search).toBe(`?${filters}&view=meldingen&notOpenedDays=60&dropOffThreshold=0.4`);
    expect(paths(fake)).toContain(`/api/analytics/health?${filters}&notOpenedDays=60&dropOffThreshold=0.4`);
    expect(table("Gidsen die in 60 dagen niemand opende")).toBeTruthy();
  });
});

describe("errors", () => {
  it("sends an analyst who is not signed in to sign in, and back here after", async () => {
    const fake = new FakeServer()
      .on(`GET /api/analytics/guides?${filters}&role=baliemedewerker`, { status: 401 })
      .on(`GET /api/analytics/use-over-time?${filters}&role=baliemedewerker`, { status: 401 });
    await mount(fake, `?${filters}&role=baliemedewerker`);
    expect(redirects).toEqual([`/signin?returnUrl=${encodeURIComponent(`/dashboard?${filters}&role=baliemedewerker`)}`]);
  });

  it("tells someone who is not an analyst or administrator that the page is not for them", async () => {
    const forbidden = { status: 403, body: { title: "Geen toegang", status: 403 } };
    const fake = new FakeServer().on(`GET /api/analytics/guides?${filters}`, forbidden).on(`GET /api/analytics/use-over-time?${filters}`, forbidden);
    await mount(fake);
    expect(document.querySelector(".view")?.textContent).toContain("Alleen analisten en beheerders");
    expect(document.querySelectorAll("table")).toHaveLength(0);
  });

  it("says in Dutch what failed and leaves the other report standing", async () => {
    const fake = server()
      .on(`GET /api/analytics/use-over-time?${filters}`, { status: 400, body: { title: "Ongeldig filter", detail: "De periode is langer dan 400 dagen.", status: 400 } });
    await mount(fake);
    expect(document.body.textContent).toContain("Het gebruik per week kon niet worden geladen: De periode is langer dan 400 dagen.");
    expect(rows("Gebruik per gids")).toHaveLength(1);
  });

  it("says when the server cannot be reached", async () => {
    const fake = server();
    fake.offline = true;
    await mount(fake);
    expect(document.body.textContent).toContain("Het gebruik per gids kon niet worden geladen: er is geen verbinding met de server.");
  });
});

describe("stale answers", () => {
  it("never lets an older answer replace the view of newer filters", async () => {
    const slow = deferred<Reply>();
    const fake = server()
      .on(`GET /api/analytics/guides?${filters}`, () => slow.promise)
      .on("GET /api/analytics/guides?from=2026-11-24&to=2026-11-30", ok(guideUse([useRow({ title: "Nieuw" })])))
      .on("GET /api/analytics/use-over-time?from=2026-11-24&to=2026-11-30", ok(overTime()));
    document.body.replaceChildren();
    window.history.replaceState(null, "", `/dashboard?${filters}`);
    const root = document.createElement("div");
    document.body.append(root);
    app = new DashboardApp({ root, fetch: fake.fetch, redirect: () => undefined, now: () => new Date(2026, 10, 30) });
    const started = app.start();
    await flush();
    expect(document.querySelector(".view-overzicht [aria-busy=true] .loading")?.textContent).toBe("De cijfers per gids worden geladen…");
    button("Laatste 7 dagen").click();
    await flush();
    slow.resolve(ok(guideUse([useRow({ title: "Oud" })])));
    await started;
    await flush();
    expect(rows("Gebruik per gids").map((row) => row.querySelector(".guide-title")?.textContent)).toEqual(["Nieuw"]);
    // The old answer draws no chart either: the bar and line charts are those of the new period.
    expect(liveCharts()).toHaveLength(2);
    expect(liveCharts()[0]?.config.data.labels).toEqual(["Nieuw"]);
  });
});
