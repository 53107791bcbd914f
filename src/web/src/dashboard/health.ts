// Flags per guide and step, fields not found on the host page, and content health: what needs an expert's attention.
import type { FlagReport, FlagRow, HealthReport, TargetMissingReport, TargetMissingRow } from "../shared/analytics-contract";
import { h, uniqueId } from "../panel/dom";
import { reports } from "./api";
import { csvFor, fill, loading, section, suppressionNote, type ViewContext } from "./context";
import { formatCount, formatDateTime, formatDay, formatPercent } from "./format";
import { guideCell } from "./guide-links";
import { periodLine } from "./overview";
import { renderTable, type Column } from "./table";

export async function healthView(ctx: ViewContext, host: HTMLElement): Promise<void> {
  const flagsBody = h("div", {}, loading("De meldingen"));
  const targetsBody = h("div", {}, loading("De velden"));
  const healthBody = h("div", {}, loading("De gegevens over de staat van de gidsen"));
  host.append(
    section("Meldingen per gids en stap", flagsBody),
    section("Velden niet gevonden op de pagina", targetsBody),
    section("Staat van de gidsen", settingsForm(ctx), healthBody),
  );
  const { filters } = ctx.state;
  await Promise.all([
    fill(ctx, flagsBody, ctx.api.flags(filters, ctx.signal), (report) => flags(ctx, report), "De meldingen"),
    fill(ctx, targetsBody, ctx.api.targetsMissing(filters, ctx.signal), (report) => targets(ctx, report), "De niet gevonden velden"),
    fill(ctx, healthBody, ctx.api.health(filters, settings(ctx), ctx.signal), (report) => health(ctx, report), "De staat van de gidsen"),
  ]);
}

function settings(ctx: ViewContext): { notOpenedDays: number; dropOffThreshold: number } {
  return { notOpenedDays: ctx.state.notOpenedDays, dropOffThreshold: ctx.state.dropOffThreshold };
}

function settingsForm(ctx: ViewContext): HTMLElement {
  const daysId = uniqueId("not-opened-days");
  const thresholdId = uniqueId("drop-off");
  const days = h("input", { class: "field field-number", id: daysId, attrs: { type: "number", min: 1, max: 3650, step: 1, required: true, value: ctx.state.notOpenedDays } });
  const threshold = h("input", {
    class: "field field-number",
    id: thresholdId,
    attrs: { type: "number", min: 1, max: 100, step: 1, required: true, value: Math.round(ctx.state.dropOffThreshold * 100) },
  });
  const error = h("p", { class: "form-error", attrs: { "aria-live": "polite" } });
  const form = h(
    "form",
    { class: "inline-form settings-form", attrs: { "aria-label": "Instellingen voor de staat van de gidsen", novalidate: true } },
    h("label", { class: "label-inline", text: "Niet geopend in (dagen)", attrs: { for: daysId } }),
    days,
    h("label", { class: "label-inline", text: "Hoge uitval vanaf (%)", attrs: { for: thresholdId } }),
    threshold,
    h("button", { class: "button button-small", text: "Bijwerken", attrs: { type: "submit" } }),
    error,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const n = Number(days.value);
    const percent = Number(threshold.value);
    if (!Number.isInteger(n) || n < 1 || n > 3650) {
      error.textContent = "Vul een aantal dagen in van 1 tot 3650.";
      days.focus();
      return;
    }
    if (!Number.isFinite(percent) || percent < 1 || percent > 100) {
      error.textContent = "Vul een percentage in van 1 tot 100.";
      threshold.focus();
      return;
    }
    error.textContent = "";
    ctx.go({ notOpenedDays: n, dropOffThreshold: Math.round(percent) / 100 });
  });
  return form;
}

const count = (value: number | null): string | null => (value === null ? null : formatCount(value));

function flags(ctx: ViewContext, report: FlagReport): Node[] {
  ctx.knowGuides(report.flags);
  const columns: Column<FlagRow>[] = [
    { key: "guide", header: "Gids", sort: (row) => row.title, cell: (row) => guideCell(ctx, row.guideId, row.title) },
    {
      key: "step",
      header: "Stap",
      rowHeader: true,
      sort: (row) => row.stepTitle ?? row.stepId,
      cell: (row) => row.stepTitle ?? row.stepId ?? "Hele gids of zoekopdracht zonder resultaat",
    },
    { key: "open", header: "Open", numeric: true, suppressible: true, sort: (row) => row.open, cell: (row) => count(row.open) },
    { key: "answered", header: "Beantwoord", numeric: true, suppressible: true, sort: (row) => row.answered, cell: (row) => count(row.answered) },
    { key: "closed", header: "Gesloten", numeric: true, suppressible: true, sort: (row) => row.closed, cell: (row) => count(row.closed) },
  ];
  return [
    periodLine(report),
    renderTable({
      caption: "Meldingen per gids en stap",
      columns,
      rows: report.flags,
      note: suppressionNote(report),
      csv: csvFor(ctx, reports.flags(), "meldingen"),
      minimumGroupSize: report.minimumGroupSize,
      suppressed: (row) => row.suppressed,
      initialSort: { key: "open", direction: "descending" },
    }),
  ];
}

const targetStatusText: Record<string, string> = {
  missing: "niet gevonden",
  ambiguous: "meer dan één gevonden",
  invalid: "ongeldige selector",
};

function targets(ctx: ViewContext, report: TargetMissingReport): Node[] {
  ctx.knowGuides(report.targets);
  const columns: Column<TargetMissingRow>[] = [
    { key: "guide", header: "Gids", sort: (row) => row.title, cell: (row) => guideCell(ctx, row.guideId, row.title) },
    { key: "step", header: "Stap", rowHeader: true, sort: (row) => row.stepTitle, cell: (row) => row.stepTitle },
    { key: "selector", header: "Selector", sort: (row) => row.selector, cell: (row) => h("code", { class: "selector", text: row.selector }) },
    { key: "status", header: "Meestal", sort: (row) => row.targetStatus, cell: (row) => targetStatusText[row.targetStatus] ?? row.targetStatus },
    { key: "count", header: "Aantal", numeric: true, suppressible: true, sort: (row) => row.count, cell: (row) => count(row.count) },
    { key: "users", header: "Gebruikers", numeric: true, suppressible: true, sort: (row) => row.users, cell: (row) => count(row.users) },
    {
      key: "lastSeen",
      header: "Laatst gezien",
      suppressible: true,
      sort: (row) => row.lastSeen,
      cell: (row) => (row.lastSeen === null ? null : formatDateTime(row.lastSeen, report.period.timeZone)),
    },
    {
      key: "pages",
      header: "Pagina’s",
      // Host addresses can carry a case number: they are hidden with the rest of a small group.
      suppressible: true,
      cell: (row) =>
        row.pages.length === 0 ? null : h("ul", { class: "page-list" }, ...row.pages.map((page) => h("li", {}, h("span", { class: "user-text", text: page })))),
    },
  ];
  return [
    periodLine(report),
    renderTable({
      caption: "Velden die een stap aanwijst maar die niet op de pagina stonden",
      columns,
      rows: report.targets,
      note: `${suppressionNote(report)} Pagina’s zonder zoekdeel en anker, de vijf meest voorkomende.`,
      csv: csvFor(ctx, reports.targetsMissing(), "doelen-niet-gevonden"),
      minimumGroupSize: report.minimumGroupSize,
      suppressed: (row) => row.suppressed,
      initialSort: { key: "count", direction: "descending" },
    }),
  ];
}

function health(ctx: ViewContext, report: HealthReport): Node[] {
  ctx.knowGuides([...report.outdated, ...report.notOpened, ...report.highDropOff, ...report.openFlags]);
  const address = reports.health(settings(ctx));
  const named = "Deze tabel noemt gidsen, geen medewerkers: er is niets weggelaten.";
  const guide = <R extends { guideId: string; title: string }>(): Column<R> => ({
    key: "guide",
    header: "Gids",
    rowHeader: true,
    sort: (row) => row.title,
    cell: (row) => guideCell(ctx, row.guideId, row.title),
  });
  const owner = <R extends { owner: string | null }>(): Column<R> => ({ key: "owner", header: "Eigenaar", sort: (row) => row.owner, cell: (row) => row.owner });
  const block = (title: string, node: HTMLElement): HTMLElement => h("div", { class: "health-block" }, h("h4", { class: "health-title", text: title }), node);
  const days = ctx.state.notOpenedDays;
  const threshold = formatPercent(ctx.state.dropOffThreshold);
  return [
    block(
      "Verouderd",
      renderTable({
        caption: "Gidsen voorbij hun herzieningsdatum",
        columns: [guide(), owner(), { key: "reviewBy", header: "Herzien vóór", sort: (row) => row.reviewBy, cell: (row) => formatDay(row.reviewBy) }],
        rows: report.outdated,
        note: named,
        csv: csvFor(ctx, address, "verouderd", "outdated"),
        minimumGroupSize: report.minimumGroupSize,
        initialSort: { key: "reviewBy", direction: "ascending" },
        emptyText: "Geen verouderde gidsen.",
      }),
    ),
    block(
      `Niet geopend in ${formatCount(days)} dagen`,
      renderTable({
        caption: `Gidsen die in ${formatCount(days)} dagen niemand opende`,
        columns: [
          guide(),
          owner(),
          {
            key: "lastOpened",
            header: "Laatst geopend",
            sort: (row) => row.lastOpened,
            cell: (row) => (row.lastOpened === null ? "nooit (voor zover bewaard)" : row.lastOpened.length === 10 ? formatDay(row.lastOpened) : formatDateTime(row.lastOpened, report.period.timeZone)),
          },
        ],
        rows: report.notOpened,
        note: named,
        csv: csvFor(ctx, address, "niet-geopend", "not-opened"),
        minimumGroupSize: report.minimumGroupSize,
        emptyText: "Elke gids is in deze tijd geopend.",
      }),
    ),
    block(
      `Hoge uitval (vanaf ${threshold})`,
      renderTable({
        caption: `Gidsen waarvan ${threshold} of meer niet werd voltooid`,
        columns: [
          guide(),
          { key: "runs", header: "Gestart", numeric: true, sort: (row) => row.runs, cell: (row) => formatCount(row.runs) },
          { key: "completionRate", header: "Voltooiingspercentage", numeric: true, sort: (row) => row.completionRate, cell: (row) => formatPercent(row.completionRate) },
          { key: "dropOff", header: "Uitval", numeric: true, sort: (row) => 1 - row.completionRate, cell: (row) => formatPercent(1 - row.completionRate) },
        ],
        rows: report.highDropOff,
        note: `Dit rust op gebruik: gidsen die minder dan ${report.minimumGroupSize} gebruikers openden, staan hier niet in.`,
        csv: csvFor(ctx, address, "hoge-uitval", "high-drop-off"),
        minimumGroupSize: report.minimumGroupSize,
        initialSort: { key: "dropOff", direction: "descending" },
        emptyText: "Geen gidsen met hoge uitval in deze periode.",
      }),
    ),
    block(
      "Open meldingen",
      renderTable({
        caption: "Gidsen met open meldingen",
        columns: [guide(), { key: "open", header: "Open meldingen", numeric: true, suppressible: true, sort: (row) => row.open, cell: (row) => count(row.open) }],
        rows: report.openFlags,
        note: suppressionNote(report),
        suppressed: (row) => row.suppressed,
        csv: csvFor(ctx, address, "open-meldingen", "open-flags"),
        minimumGroupSize: report.minimumGroupSize,
        initialSort: { key: "open", direction: "descending" },
        emptyText: "Geen open meldingen.",
      }),
    ),
  ];
}
