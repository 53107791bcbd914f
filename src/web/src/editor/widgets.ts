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
  label: string;
}

const signs: Record<DiffLine["kind"], string> = { same: " ", added: "+", removed: "−" };
const kindNames: Record<DiffLine["kind"], string> = { same: "", added: "toegevoegd: ", removed: "verwijderd: " };

/** A readable line diff: old and new line numbers, a +/− sign, the line; added green, removed red. */
export function renderDiff(lines: readonly DiffLine[], options: DiffOptions): HTMLElement {
  const added = lines.filter((line) => line.kind === "added").length;
  const removed = lines.filter((line) => line.kind === "removed").length;
  const list = h("ol", { class: "diff", attrs: { "aria-label": options.label } });
  for (const line of lines) {
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
    list.append(row);
  }
  return h(
    "div",
    { class: "diff-wrap" },
    h("p", { class: "diff-summary", text: added + removed === 0 ? "Geen verschillen." : `${added} regel(s) toegevoegd, ${removed} regel(s) verwijderd.` }),
    list,
  );
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
