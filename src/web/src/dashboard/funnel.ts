// Funnel per guide: how many runs reached each step and where they left (horizontal bar chart and table), and the
// options taken at each decision.
import type { DecisionReport, DecisionRow, FunnelReport, FunnelStep } from "../shared/analytics-contract";
import { h, uniqueId } from "../panel/dom";
import { reports } from "./api";
import { seriesColours } from "./charts";
import { csvFor, fill, loading, section, suppressionNote, type ViewContext } from "./context";
import { funnelGuide } from "./filters";
import { formatCount, formatPercent } from "./format";
import { guideHref } from "./guide-links";
import { periodLine } from "./overview";
import { emptyPeriodText, noValue, renderTable, suppressedContent, type Column } from "./table";

export interface GuideChoice {
  id: string;
  title: string;
}

export async function funnelView(ctx: ViewContext, host: HTMLElement, guides: GuideChoice[]): Promise<void> {
  const guideId = funnelGuide(ctx.state);
  host.append(picker(ctx, guides, guideId));
  if (!guideId) {
    host.append(h("p", { class: "empty", text: "Kies een gids om te zien hoe ver medewerkers erin komen en waar ze stoppen." }));
    return;
  }
  const funnelBody = h("div", {}, loading("De stappen"));
  const decisionsBody = h("div", {}, loading("De keuzes"));
  host.append(section("Stappen: bereikt en gestopt", funnelBody), section("Keuzes per beslissing", decisionsBody));
  await Promise.all([
    fill(ctx, funnelBody, ctx.api.funnel(guideId, ctx.state.filters, ctx.signal), (report) => funnel(ctx, report), "De trechter van deze gids"),
    fill(ctx, decisionsBody, ctx.api.decisions(guideId, ctx.state.filters, ctx.signal), (report) => decisions(ctx, report), "De keuzes van deze gids"),
  ]);
}

function picker(ctx: ViewContext, guides: GuideChoice[], current: string): HTMLElement {
  const id = uniqueId("funnel-guide");
  const select = h("select", { class: "field field-inline", id }, h("option", { text: "Kies een gids…", attrs: { value: "" } }));
  const choices = [...guides];
  if (current && !choices.some((guide) => guide.id === current)) choices.push({ id: current, title: current });
  for (const guide of choices) select.append(h("option", { text: guide.title, attrs: { value: guide.id, selected: guide.id === current } }));
  // A button rather than navigating on change: arrow keys in a closed select fire change in some browsers.
  const form = h(
    "form",
    { class: "inline-form" },
    h("label", { class: "label-inline", text: "Trechter van", attrs: { for: id } }),
    select,
    h("button", { class: "button button-small", text: "Toon trechter", attrs: { type: "submit" } }),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.go({ funnel: select.value });
  });
  return form;
}

const count = (value: number | null): string | null => (value === null ? null : formatCount(value));

function stepLabel(step: FunnelStep): string {
  return step.position === null ? `${step.title} (niet meer in de gids)` : `${step.position}. ${step.title}`;
}

function funnel(ctx: ViewContext, report: FunnelReport): Node[] {
  ctx.knowGuides([{ guideId: report.guideId, title: report.title }]);
  const total = (value: number | null): Node => (report.suppressed || value === null ? suppressedContent(report.minimumGroupSize) : document.createTextNode(formatCount(value)));
  const nodes: Node[] = [
    h("h4", { class: "funnel-title", text: report.title }),
    periodLine(report),
    h(
      "p",
      { class: "funnel-totals" },
      "Gestart: ",
      total(report.runs),
      " · voltooid: ",
      total(report.completed),
      " · ",
      h("a", { text: "Gids bekijken", attrs: { href: guideHref(report.guideId), "aria-label": `Gids bekijken: ${report.title}` } }),
    ),
  ];
  const visible = report.steps.filter((step) => !step.suppressed);
  const hidden = report.steps.length - visible.length;
  const used = hidden > 0 || visible.some((step) => (step.reached ?? 0) > 0);
  if (!used) nodes.push(h("p", { class: "empty", text: emptyPeriodText }));
  else {
    const value = (step: FunnelStep, pick: number | null): number | null => (step.suppressed ? null : pick);
    const first = visible[0];
    const worst = [...visible].filter((step) => step.dropOffRate !== null).sort((a, b) => (b.dropOffRate ?? 0) - (a.dropOffRate ?? 0))[0];
    nodes.push(
      ctx.charts.add(
        {
          kind: "horizontal-bar",
          labels: report.steps.map(stepLabel),
          series: [
            { label: "Bereikt", data: report.steps.map((step) => value(step, step.reached)), colour: seriesColours.opened },
            { label: "Hier gestopt", data: report.steps.map((step) => value(step, step.leftHere)), colour: seriesColours.left },
          ],
          summary:
            `Staafdiagram: per stap van ${report.title} hoeveel keer de stap is bereikt en hoeveel keer men daar stopte, ${report.steps.length} stappen. ` +
            (first ? `${first.title}: ${formatCount(first.reached ?? 0)} keer bereikt. ` : "") +
            (worst?.dropOffRate ? `Grootste uitval: ${worst.title}, ${formatPercent(worst.dropOffRate)}. ` : "") +
            "De tabel hieronder geeft alle cijfers.",
          height: Math.max(200, 40 + report.steps.length * 44),
        },
        hidden > 0 ? `${hidden} ${hidden === 1 ? "stap heeft" : "stappen hebben"} geen balk: minder dan ${report.minimumGroupSize} gebruikers.` : null,
      ),
    );
  }
  const columns: Column<FunnelStep>[] = [
    {
      key: "position",
      header: "Positie",
      numeric: true,
      sort: (step) => step.position,
      cell: (step) => (step.position === null ? noValue("staat niet meer in de gids") : String(step.position)),
    },
    { key: "title", header: "Stap", rowHeader: true, sort: (step) => step.title, cell: (step) => (step.position === null ? `${step.title} (niet meer in de gids)` : step.title) },
    { key: "reached", header: "Bereikt", numeric: true, suppressible: true, sort: (step) => step.reached, cell: (step) => count(step.reached) },
    { key: "leftHere", header: "Hier gestopt", numeric: true, suppressible: true, sort: (step) => step.leftHere, cell: (step) => count(step.leftHere) },
    {
      key: "dropOffRate",
      header: "Uitval",
      numeric: true,
      suppressible: true,
      sort: (step) => step.dropOffRate,
      cell: (step) => (step.dropOffRate === null ? null : formatPercent(step.dropOffRate)),
    },
  ];
  nodes.push(
    renderTable({
      caption: `Stappen van ${report.title}`,
      columns,
      rows: report.steps,
      note: suppressionNote(report),
      csv: csvFor(ctx, reports.funnel(report.guideId), `trechter-${report.guideId}`),
      minimumGroupSize: report.minimumGroupSize,
      suppressed: (step) => step.suppressed,
      emptyText: "Deze gids heeft geen stappen.",
    }),
  );
  return nodes;
}

function optionText(row: DecisionRow): string {
  if (row.label) return row.label;
  if (row.toGuideId) return `naar gids ${row.toGuideId}${row.toStepId ? `, stap ${row.toStepId}` : ""} (keuze bestaat niet meer)`;
  if (row.toStepId) return `naar stap ${row.toStepId} (keuze bestaat niet meer)`;
  return "onbekende keuze";
}

function decisions(ctx: ViewContext, report: DecisionReport): Node[] {
  const columns: Column<DecisionRow>[] = [
    { key: "step", header: "Beslissing (stap)", rowHeader: true, sort: (row) => row.stepTitle, cell: (row) => row.stepTitle },
    { key: "option", header: "Gekozen", sort: optionText, cell: optionText },
    { key: "count", header: "Aantal", numeric: true, suppressible: true, sort: (row) => row.count, cell: (row) => count(row.count) },
    { key: "share", header: "Aandeel", numeric: true, suppressible: true, sort: (row) => row.share, cell: (row) => (row.share === null ? null : formatPercent(row.share)) },
  ];
  return [
    renderTable({
      caption: `Keuzes in ${report.title}`,
      columns,
      rows: report.decisions,
      note: `${suppressionNote(report)} Het aandeel is het deel van alle keuzes bij die stap.`,
      csv: csvFor(ctx, reports.decisions(report.guideId), `keuzes-${report.guideId}`),
      minimumGroupSize: report.minimumGroupSize,
      suppressed: (row) => row.suppressed,
      emptyText: "Geen keuzes gemaakt in deze periode (of de gids heeft geen beslissingen).",
    }),
  ];
}
