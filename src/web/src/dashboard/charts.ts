// Charts through Chart.js, registered part by part (bar, line, two scales, tooltip, legend) so that esbuild leaves the
// rest of the library out. Every chart is a canvas with role="img" and a Dutch summary as its label; the table next to
// it is its text alternative. Suppressed values never reach a chart: callers pass only what may be shown.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { h } from "../panel/dom";
import { formatCount } from "./format";

let registered = false;
function register(): void {
  if (registered) return;
  Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
  // The page's own font and muted text colour (panel.css), instead of Chart.js' Helvetica and grey.
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#4a515b";
  registered = true;
}

/** The colours of panel.css (--primary, --success, --attention), so that a series means the same everywhere. */
export const seriesColours = { opened: "#154273", completed: "#1d6b3a", left: "#a54800" } as const;

export interface Series {
  label: string;
  /** null: no value for this label (suppressed); the chart shows a gap. */
  data: (number | null)[];
  colour: string;
}

export interface ChartSpec {
  kind: "bar" | "horizontal-bar" | "line";
  labels: string[];
  series: Series[];
  /** The chart's summary for screen readers (its aria-label). */
  summary: string;
  /** Tall enough for every bar of a horizontal chart to have a readable label. */
  height?: number;
}

/** Charts of the current view, destroyed before the view is replaced (Chart.js keeps observers on the canvas). */
export class ChartSet {
  private readonly charts: Chart[] = [];

  /** A figure with the chart; `note` says what was left out and why. */
  add(spec: ChartSpec, note: string | null): HTMLElement {
    const canvas = h("canvas", { attrs: { role: "img", "aria-label": spec.summary } });
    canvas.textContent = spec.summary; // fallback content for browsers without canvas
    const box = h("div", { class: "chart-box" }, canvas);
    box.style.height = `${spec.height ?? 300}px`;
    const figure = h("figure", { class: "chart" }, box, note ? h("figcaption", { class: "chart-note", text: note }) : null);
    register();
    this.charts.push(new Chart(canvas, configuration(spec)));
    return figure;
  }

  destroy(): void {
    for (const chart of this.charts.splice(0)) chart.destroy();
  }
}

export function configuration(spec: ChartSpec): ChartConfiguration<"bar" | "line", (number | null)[], string> {
  const horizontal = spec.kind === "horizontal-bar";
  const valueAxis = {
    beginAtZero: true,
    ticks: { precision: 0, callback: (value: string | number) => (typeof value === "number" ? formatCount(value) : value) },
  };
  return {
    type: spec.kind === "line" ? "line" : "bar",
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series) => ({
        label: series.label,
        data: series.data,
        backgroundColor: series.colour,
        borderColor: series.colour,
        ...(spec.kind === "line" ? { spanGaps: false, tension: 0, pointRadius: 2 } : {}),
      })),
    },
    options: {
      locale: "nl-NL",
      animation: false, // the numbers are the point; motion only delays reading them
      maintainAspectRatio: false,
      responsive: true,
      indexAxis: horizontal ? "y" : "x",
      scales: horizontal ? { x: valueAxis } : { y: valueAxis },
      plugins: { legend: { position: "bottom" } },
    },
  };
}
