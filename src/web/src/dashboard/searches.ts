// Failed searches: what officials looked for and did not find, and what they found but did not open. Queries are
// text typed by officials: they go into the page through textContent only.
import type { SearchReport, SearchRow } from "../shared/analytics-contract";
import { h } from "../panel/dom";
import { reports } from "./api";
import { csvFor, fill, loading, section, type ViewContext } from "./context";
import { formatCount, formatDateTime } from "./format";
import { periodLine } from "./overview";
import { renderTable, type Column } from "./table";

export async function searchesView(ctx: ViewContext, host: HTMLElement): Promise<void> {
  const body = h("div", {}, loading("De zoekopdrachten"));
  host.append(body);
  await fill(ctx, body, ctx.api.searches(ctx.state.filters, ctx.signal), (report) => searches(ctx, report), "De zoekopdrachten");
}

function searches(ctx: ViewContext, report: SearchReport): Node[] {
  const count = (value: number | null): string | null => (value === null ? null : formatCount(value));
  const columns: Column<SearchRow>[] = [
    { key: "query", header: "Zoekopdracht", rowHeader: true, suppressible: true, sort: (row) => row.query, cell: (row) => (row.query === null ? null : h("span", { class: "user-text", text: row.query })) },
    { key: "count", header: "Aantal", numeric: true, suppressible: true, sort: (row) => row.count, cell: (row) => count(row.count) },
    { key: "users", header: "Gebruikers", numeric: true, suppressible: true, sort: (row) => row.users, cell: (row) => count(row.users) },
    {
      key: "lastSeen",
      header: "Laatst gezien",
      suppressible: true,
      sort: (row) => row.lastSeen,
      cell: (row) => (row.lastSeen === null ? null : formatDateTime(row.lastSeen, report.period.timeZone)),
    },
  ];
  const note =
    `Zoekopdrachten die minder dan ${report.minimumGroupSize} gebruikers typten, tonen we niet (“—”): ze kunnen een naam of ander persoonsgegeven bevatten. ` +
    "Gelijke zoekopdrachten zijn samengenomen (kleine letters, spaties opgeschoond).";
  const table = (caption: string, rows: SearchRow[], name: string, csvTable: string): HTMLElement =>
    renderTable({
      caption,
      columns,
      rows,
      note,
      csv: csvFor(ctx, reports.searches(), name, csvTable),
      minimumGroupSize: report.minimumGroupSize,
      suppressed: (row) => row.suppressed,
      initialSort: { key: "count", direction: "descending" },
    });
  return [
    periodLine(report),
    section("Geen resultaten", table("Zoekopdrachten zonder resultaten", report.noHits, "zoekopdrachten-geen-resultaten", "no-hits")),
    section("Resultaten niet geopend", table("Zoekopdrachten waarvan geen resultaat is geopend", report.notOpened, "zoekopdrachten-niet-geopend", "not-opened")),
  ];
}
