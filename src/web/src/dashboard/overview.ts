// Overview: use per guide (bar chart and sortable table) and use per week (line chart and table).
import type { GuideUseReport, GuideUseRow, Period, UseOverTimeReport, UseOverTimeRow } from "../shared/analytics-contract";
import { h } from "../panel/dom";
import { reports } from "./api";
import { seriesColours } from "./charts";
import { csvFor, fill, loading, section, suppressionNote, type ViewContext } from "./context";
import { formatCount, formatDay, formatDuration, formatPercent, formatShortDay } from "./format";
import { guideCell } from "./guide-links";
import { emptyPeriodText, renderTable, type Column } from "./table";

export async function overviewView(ctx: ViewContext, host: HTMLElement): Promise<void> {
  const useBody = h("div", {}, loading("De cijfers per gids"));
  const daysBody = h("div", {}, loading("De cijfers per week"));
  host.append(section("Gebruik per gids", useBody), section("Gebruik per week", daysBody));
  await Promise.all([
    fill(ctx, useBody, ctx.api.guideUse(ctx.state.filters, ctx.signal), (report) => guideUse(ctx, report), "Het gebruik per gids"),
    fill(ctx, daysBody, ctx.api.useOverTime(ctx.state.filters, ctx.signal), (report) => useOverTime(ctx, report), "Het gebruik per week"),
  ]);
}

/** The period the figures are for: whole weeks, which may be wider than the days asked for (issue 16). */
export function periodLine(report: { period: Period }): HTMLElement {
  const { from, to, timeZone, firstWeek, lastWeek } = report.period;
  const weeks = firstWeek === lastWeek ? `week ${weekNumber(firstWeek)}` : `week ${weekNumber(firstWeek)}–${weekNumber(lastWeek)}`;
  return h("p", {
    class: "period",
    text: `${weeks}: ${formatDay(from)} t/m ${formatDay(to)} (hele weken, maandag t/m zondag, in tijdzone ${timeZone})`,
  });
}

/** "2026-W45" → "45". */
function weekNumber(isoWeek: string): string {
  return isoWeek.slice(isoWeek.indexOf("W") + 1).replace(/^0/, "");
}

const count = (value: number | null): string | null => (value === null ? null : formatCount(value));

function guideUse(ctx: ViewContext, report: GuideUseReport): Node[] {
  ctx.knowGuides(report.guides);
  const shown = report.guides.filter((row) => !row.suppressed && row.opened !== null && row.opened > 0).sort((a, b) => (b.opened ?? 0) - (a.opened ?? 0));
  const hidden = report.guides.filter((row) => row.suppressed).length;
  const used = shown.length > 0 || hidden > 0;
  const columns: Column<GuideUseRow>[] = [
    { key: "title", header: "Gids", rowHeader: true, sort: (row) => row.title, cell: (row) => guideCell(ctx, row.guideId, row.title) },
    { key: "opened", header: "Geopend", numeric: true, suppressible: true, sort: (row) => row.opened, cell: (row) => count(row.opened) },
    { key: "completed", header: "Voltooid", numeric: true, suppressible: true, sort: (row) => row.completed, cell: (row) => count(row.completed) },
    { key: "abandoned", header: "Afgebroken", numeric: true, suppressible: true, sort: (row) => row.abandoned, cell: (row) => count(row.abandoned) },
    {
      key: "completionRate",
      header: "Voltooiingspercentage",
      numeric: true,
      suppressible: true,
      sort: (row) => row.completionRate,
      cell: (row) => (row.completionRate === null ? null : formatPercent(row.completionRate)),
    },
    {
      key: "median",
      header: "Mediane tijd tot voltooien (mm:ss)",
      numeric: true,
      suppressible: true,
      sort: (row) => row.medianSecondsToComplete,
      cell: (row) => (row.medianSecondsToComplete === null ? null : formatDuration(row.medianSecondsToComplete)),
    },
    { key: "users", header: "Gebruikers", numeric: true, suppressible: true, sort: (row) => row.users, cell: (row) => count(row.users) },
  ];
  const nodes: Node[] = [periodLine(report)];
  if (!used) nodes.push(h("p", { class: "empty", text: emptyPeriodText }));
  if (shown.length > 0) {
    const top = shown[0]!;
    nodes.push(
      ctx.charts.add(
        {
          kind: "bar",
          labels: shown.map((row) => row.title),
          series: [
            { label: "Geopend", data: shown.map((row) => row.opened), colour: seriesColours.opened },
            { label: "Voltooid", data: shown.map((row) => row.completed), colour: seriesColours.completed },
          ],
          summary:
            `Staafdiagram: geopend en voltooid per gids, ${shown.length} ${shown.length === 1 ? "gids" : "gidsen"}. ` +
            `Meest geopend: ${top.title}, ${formatCount(top.opened ?? 0)} keer geopend en ${formatCount(top.completed ?? 0)} keer voltooid. ` +
            "De tabel Gebruik per gids geeft alle cijfers.",
        },
        [
          "Gidsen die niet zijn geopend, staan alleen in de tabel.",
          hidden > 0 ? `${hidden} ${hidden === 1 ? "gids is" : "gidsen zijn"} weggelaten: minder dan ${report.minimumGroupSize} gebruikers.` : "",
        ].join(" ").trim(),
      ),
    );
  }
  nodes.push(
    renderTable({
      caption: "Gebruik per gids",
      columns,
      rows: report.guides,
      note: suppressionNote(report),
      csv: csvFor(ctx, reports.guideUse(), "gidsgebruik"),
      minimumGroupSize: report.minimumGroupSize,
      suppressed: (row) => row.suppressed,
      initialSort: { key: "opened", direction: "descending" },
      emptyText: "Er zijn geen gidsen.",
    }),
  );
  return nodes;
}

function useOverTime(ctx: ViewContext, report: UseOverTimeReport): Node[] {
  const hidden = report.weeks.filter((row) => row.suppressed).length;
  const visible = report.weeks.filter((row) => !row.suppressed);
  const used = hidden > 0 || visible.some((row) => (row.opened ?? 0) > 0);
  const columns: Column<UseOverTimeRow>[] = [
    { key: "week", header: "Week", rowHeader: true, sort: (row) => row.from, cell: (row) => `week ${weekNumber(row.week)} (${formatShortDay(row.from)} – ${formatShortDay(row.to)})` },
    { key: "opened", header: "Geopend", numeric: true, suppressible: true, sort: (row) => row.opened, cell: (row) => count(row.opened) },
    { key: "completed", header: "Voltooid", numeric: true, suppressible: true, sort: (row) => row.completed, cell: (row) => count(row.completed) },
    { key: "users", header: "Gebruikers", numeric: true, suppressible: true, sort: (row) => row.users, cell: (row) => count(row.users) },
  ];
  const nodes: Node[] = [];
  if (!used) nodes.push(h("p", { class: "empty", text: emptyPeriodText }));
  else {
    const opened = visible.reduce((sum, row) => sum + (row.opened ?? 0), 0);
    const completed = visible.reduce((sum, row) => sum + (row.completed ?? 0), 0);
    // A suppressed week is a gap in the line, not a zero: zero would be a number we do not know.
    const value = (row: UseOverTimeRow, pick: (row: UseOverTimeRow) => number | null): number | null => (row.suppressed ? null : pick(row));
    nodes.push(
      ctx.charts.add(
        {
          kind: "line",
          labels: report.weeks.map((row) => `wk ${weekNumber(row.week)}`),
          series: [
            { label: "Geopend", data: report.weeks.map((row) => value(row, (r) => r.opened)), colour: seriesColours.opened },
            { label: "Voltooid", data: report.weeks.map((row) => value(row, (r) => r.completed)), colour: seriesColours.completed },
          ],
          summary:
            `Lijndiagram: gebruik per week van ${formatDay(report.period.from)} tot en met ${formatDay(report.period.to)}. ` +
            `In de getoonde weken samen ${formatCount(opened)} keer geopend en ${formatCount(completed)} keer voltooid. ` +
            "De tabel Gebruik per week geeft alle cijfers.",
        },
        hidden > 0 ? `${hidden} ${hidden === 1 ? "week is" : "weken zijn"} weggelaten (onderbroken lijn): minder dan ${report.minimumGroupSize} gebruikers.` : null,
      ),
    );
  }
  nodes.push(
    renderTable({
      caption: "Gebruik per week",
      columns,
      rows: report.weeks,
      note: suppressionNote(report),
      csv: csvFor(ctx, reports.useOverTime(), "gebruik-per-week"),
      minimumGroupSize: report.minimumGroupSize,
      suppressed: (row) => row.suppressed,
      initialSort: { key: "week", direction: "ascending" },
    }),
  );
  return nodes;
}
