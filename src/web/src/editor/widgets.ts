// Small pieces shared by the editor's views: Dutch labels, dates, and the line diff (signs and colours, so that
// the kind of a line never depends on colour alone).
import type { DiffLine, GuideStatus } from "../shared/editor-contract";
import { h } from "../panel/dom";

export const statusLabels: Record<GuideStatus, string> = {
  published: "Gepubliceerd",
  draft: "Concept",
  "in-review": "Ter beoordeling",
  "sent-back": "Teruggestuurd",
};

export function statusBadge(status: GuideStatus): HTMLElement {
  return h("span", { class: `badge badge-${status}`, text: statusLabels[status] });
}

const dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** "2027-06-01" → "1 juni 2027"; anything else as it is. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  return dateFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** An ISO timestamp in the expert's time zone, e.g. "3 maart 2026 om 14:05". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

export function shortVersion(version: string | null | undefined): string {
  if (!version) return "–";
  return version.length > 10 ? version.slice(0, 8) : version;
}

export interface DiffOptions {
  /** Makes each line a button; called with the line (and its row, to put a comment box under it). */
  onLineClick?: (line: DiffLine, row: HTMLElement) => void;
  /** Elements to show under a line (e.g. its comments). */
  below?: (line: DiffLine) => HTMLElement | null;
  /** Folds long runs of unchanged lines behind a button (not where lines carry comments: they would be hidden). */
  fold?: boolean;
  label: string;
}

const signs: Record<DiffLine["kind"], string> = { same: " ", added: "+", removed: "−" };
const kindNames: Record<DiffLine["kind"], string> = { same: "", added: "toegevoegd: ", removed: "verwijderd: " };

/** Unchanged lines kept visible next to a change, and the longest run of unchanged lines shown whole. */
export const foldContext = 3;
export const foldLongerThan = 6;

/** A readable line diff: old and new line numbers, a +/− sign, the line; added green, removed red. */
export function renderDiff(lines: readonly DiffLine[], options: DiffOptions): HTMLElement {
  const added = lines.filter((line) => line.kind === "added").length;
  const removed = lines.filter((line) => line.kind === "removed").length;
  const list = h("ol", { class: "diff", attrs: { "aria-label": options.label } });
  const row = (line: DiffLine): HTMLElement => diffRow(line, options);
  if (options.fold) {
    for (const part of foldRuns(lines)) list.append(Array.isArray(part) ? foldRow(part, row) : row(part));
  } else {
    for (const line of lines) list.append(row(line));
  }
  return h(
    "div",
    { class: "diff-wrap" },
    h("p", { class: "diff-summary", text: added + removed === 0 ? "Geen verschillen." : `${added} regel(s) toegevoegd, ${removed} regel(s) verwijderd.` }),
    list,
  );
}

/** The lines with each long run of unchanged lines replaced by an array of the lines to fold away. A run keeps
 * foldContext lines next to each change; at the start or end of the text there is no change to keep them for. */
export function foldRuns<T extends { kind: DiffLine["kind"] }>(lines: readonly T[]): (T | T[])[] {
  const parts: (T | T[])[] = [];
  let at = 0;
  while (at < lines.length) {
    if (lines[at]?.kind !== "same") {
      parts.push(lines[at] as T);
      at++;
      continue;
    }
    let end = at;
    while (end < lines.length && lines[end]?.kind === "same") end++;
    const run = lines.slice(at, end);
    const before = at === 0 ? 0 : foldContext;
    const after = end === lines.length ? 0 : foldContext;
    // Folding a single line would save no room: its placeholder takes a row too.
    if (run.length > foldLongerThan && run.length - before - after >= 2) {
      parts.push(...run.slice(0, before), run.slice(before, run.length - after), ...run.slice(run.length - after));
    } else {
      parts.push(...run);
    }
    at = end;
  }
  return parts;
}

function foldRow(hidden: DiffLine[], row: (line: DiffLine) => HTMLElement): HTMLElement {
  const first = hidden[0]?.newNumber ?? hidden[0]?.oldNumber;
  const last = hidden.at(-1)?.newNumber ?? hidden.at(-1)?.oldNumber;
  const item = h("li", { class: "diff-fold" });
  item.append(
    h("button", {
      class: "link-button diff-unfold",
      text: `… ${hidden.length} ongewijzigde ${hidden.length === 1 ? "regel" : "regels"} …`,
      attrs: { type: "button", title: first !== undefined && last !== undefined ? `Regel ${first}–${last} tonen` : "Tonen" },
      on: {
        click: () => {
          const rows = hidden.map(row);
          item.replaceWith(...rows);
          // The button is gone: keep the keyboard focus where the lines appeared.
          rows[0]?.setAttribute("tabindex", "-1");
          rows[0]?.focus();
        },
      },
    }),
  );
  return item;
}

function diffRow(line: DiffLine, options: DiffOptions): HTMLElement {
  const content = [
    h("span", { class: "diff-number", text: line.oldNumber?.toString() ?? "", attrs: { "aria-hidden": "true" } }),
    h("span", { class: "diff-number", text: line.newNumber?.toString() ?? "", attrs: { "aria-hidden": "true" } }),
    h("span", { class: "diff-sign", text: signs[line.kind], attrs: { "aria-hidden": "true" } }),
    h("span", { class: "sr-only", text: kindNames[line.kind] }),
    h("span", { class: "diff-text", text: line.line === "" ? " " : line.line }),
  ];
  const row = h("li", { class: `diff-line diff-${line.kind}` });
  if (options.onLineClick) {
    const number = line.newNumber ?? line.oldNumber;
    const click = options.onLineClick;
    row.append(
      h(
        "button",
        {
          class: "diff-button",
          attrs: { type: "button", title: `Opmerking bij regel ${number ?? ""}`, "aria-label": `Regel ${number ?? ""}, ${kindNames[line.kind]}${line.line}. Opmerking maken` },
          on: { click: () => click(line, row) },
        },
        ...content,
      ),
    );
  } else {
    row.append(...content);
  }
  const extra = options.below?.(line);
  if (extra) row.append(extra);
  return row;
}

/** A labelled text field; returns the wrapper and the field. */
export function labelledField<K extends "input" | "textarea">(
  tag: K,
  label: string,
  id: string,
  attrs: Record<string, string | number | boolean | null> = {},
): { wrap: HTMLElement; field: HTMLElementTagNameMap[K] } {
  const field = h<K>(tag, { id, class: "field", attrs });
  return { wrap: h("div", { class: "form-row" }, h("label", { class: "label", text: label, attrs: { for: id } }), field), field };
}
