// One table component for every report: caption, th scope, a note on suppression above it, a "Download CSV" link with
// the current filters, sortable columns (buttons in the headers, aria-sort), and suppressed cells as "—" with an
// explanation for screen readers. Cells are built with textContent only: queries and selectors are user text.
import { h } from "../panel/dom";

export type CellValue = Node | string;

export interface Column<R> {
  key: string;
  header: string;
  /** Right-aligned, sorted as numbers. */
  numeric?: boolean;
  /** What the column sorts on; null sorts last either way. Without it the column cannot be sorted. */
  sort?: (row: R) => string | number | null;
  /** The cell; null shows "—" (no value, e.g. a rate over zero runs). Not called for a suppressed cell. */
  cell: (row: R) => CellValue | null;
  /** Rests on users, so it is hidden when the row is suppressed (guide titles and step names are not). */
  suppressible?: boolean;
  /** The row's header cell (th scope=row). */
  rowHeader?: boolean;
}

export interface CsvLink {
  href: string;
  fileName: string;
}

export interface TableOptions<R> {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  /** Short text above the table: what is suppressed here and why. */
  note: string;
  csv: CsvLink;
  minimumGroupSize: number;
  suppressed?: (row: R) => boolean;
  initialSort?: { key: string; direction: SortDirection };
  /** Shown instead of the table when there are no rows. */
  emptyText?: string;
  className?: string;
}

export type SortDirection = "ascending" | "descending";

export const emptyPeriodText = "Geen gegevens in deze periode.";

export function suppressionText(minimumGroupSize: number): string {
  return `minder dan ${minimumGroupSize} gebruikers: niet getoond`;
}

/** A suppressed cell: a dash for the eye, the reason for screen readers and on hover. Never the number. */
export function suppressedContent(minimumGroupSize: number): HTMLSpanElement {
  const reason = suppressionText(minimumGroupSize);
  return h("span", { class: "suppressed", attrs: { title: reason } }, h("span", { text: "—", attrs: { "aria-hidden": "true" } }), h("span", { class: "sr-only", text: reason }));
}

/** An empty value (nothing to compute), not a hidden one. */
export function noValue(explanation = "geen waarde"): HTMLSpanElement {
  return h("span", { class: "no-value" }, h("span", { text: "—", attrs: { "aria-hidden": "true" } }), h("span", { class: "sr-only", text: explanation }));
}

export function csvLink(link: CsvLink, what: string): HTMLAnchorElement {
  return h("a", { class: "csv-link", text: "Download CSV", attrs: { href: link.href, download: link.fileName, "aria-label": `Download CSV: ${what}` } });
}

/** The table in a section with its note and CSV link. Sorting redraws only the body. */
export function renderTable<R>(options: TableOptions<R>): HTMLElement {
  const section = h("div", { class: `table-block ${options.className ?? ""}`.trim() });
  const head = h("div", { class: "table-head" }, h("p", { class: "table-note", text: options.note }), csvLink(options.csv, options.caption));
  section.append(head);
  if (options.rows.length === 0) {
    section.append(h("p", { class: "empty", text: options.emptyText ?? emptyPeriodText }));
    return section;
  }
  let sort = options.initialSort ?? null;
  const tbody = h("tbody");
  const headerCells = new Map<string, HTMLTableCellElement>();
  const headRow = h("tr");
  for (const column of options.columns) {
    const th = h("th", { class: column.numeric ? "num" : undefined, attrs: { scope: "col" } });
    if (column.sort) {
      const button = h("button", { class: "sort-button", text: column.header, attrs: { type: "button" } });
      button.addEventListener("click", () => {
        const direction: SortDirection = sort?.key === column.key && sort.direction === "ascending" ? "descending" : "ascending";
        sort = { key: column.key, direction };
        draw();
      });
      th.append(button);
    } else {
      th.textContent = column.header;
    }
    headerCells.set(column.key, th);
    headRow.append(th);
  }
  const table = h(
    "table",
    { class: "table data-table" },
    h("caption", { text: options.caption }),
    h("thead", {}, headRow),
    tbody,
  );

  const draw = (): void => {
    for (const [key, th] of headerCells) {
      if (sort?.key === key) th.setAttribute("aria-sort", sort.direction);
      else th.removeAttribute("aria-sort");
    }
    const rows = sortRows(options.rows, options.columns, sort, options.suppressed);
    tbody.replaceChildren(...rows.map((row) => renderRow(row, options)));
  };
  draw();
  section.append(h("div", { class: "table-scroll" }, table));
  return section;
}

function renderRow<R>(row: R, options: TableOptions<R>): HTMLTableRowElement {
  const hidden = options.suppressed?.(row) ?? false;
  const tr = h("tr", { class: hidden ? "is-suppressed" : undefined });
  for (const column of options.columns) {
    const cell = column.rowHeader ? h("th", { attrs: { scope: "row" } }) : h("td");
    if (column.numeric) cell.classList.add("num");
    if (hidden && column.suppressible) {
      cell.append(suppressedContent(options.minimumGroupSize));
    } else {
      const value = column.cell(row);
      cell.append(value ?? noValue());
    }
    tr.append(cell);
  }
  return tr;
}

function sortRows<R>(
  rows: R[],
  columns: Column<R>[],
  sort: { key: string; direction: SortDirection } | null,
  suppressed: ((row: R) => boolean) | undefined,
): R[] {
  const column = sort ? columns.find((candidate) => candidate.key === sort.key) : undefined;
  if (!sort || !column?.sort) return rows;
  const sortValue = column.sort;
  // A suppressed number must not leak through the order of the rows either.
  const key = (row: R): string | number | null => (column.suppressible && suppressed?.(row) ? null : sortValue(row));
  const factor = sort.direction === "ascending" ? 1 : -1;
  const collator = new Intl.Collator("nl-NL", { numeric: true, sensitivity: "base" });
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    // Missing and suppressed values stay at the bottom in both directions: they are not small, they are unknown.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === "number" && typeof y === "number") return (x - y) * factor;
    return collator.compare(String(x), String(y)) * factor;
  });
}
