// The start view: every guide with its status, owner, review date and what needs attention (outdated, errors in the
// file, open flags, my unsaved draft); a filter on title/id and status; and "Nieuwe gids".
import type { EditorGuideSummary, GuideStatus } from "../shared/editor-contract";
import { h, uniqueId } from "../panel/dom";
import { describeError } from "./api";
import type { EditorContext } from "./context";
import { guideIdPattern } from "./text";
import { formatDate, statusBadge, statusLabels } from "./widgets";

export class ListView {
  readonly element = h("div", { class: "list-view" });
  private guides: EditorGuideSummary[] = [];
  private readonly filter: HTMLInputElement;
  private readonly status: HTMLSelectElement;
  private readonly body = h("tbody", {});
  private readonly count = h("p", { class: "hint list-count", attrs: { "aria-live": "polite" } });
  private readonly newSlot = h("div", { class: "new-slot" });

  constructor(
    private readonly ctx: EditorContext,
    private readonly onNew: (id: string) => void,
  ) {
    const filterId = uniqueId("filter");
    const statusId = uniqueId("status");
    this.filter = h("input", { id: filterId, class: "field", attrs: { type: "search", autocomplete: "off" }, on: { input: () => this.renderRows() } });
    this.status = h(
      "select",
      { id: statusId, class: "field", on: { change: () => this.renderRows() } },
      h("option", { text: "Alle statussen", attrs: { value: "" } }),
      ...(Object.keys(statusLabels) as GuideStatus[]).map((status) => h("option", { text: statusLabels[status], attrs: { value: status } })),
    );
    this.element.append(
      h(
        "div",
        { class: "list-head" },
        h("h1", { class: "page-title", text: "Gidsen", attrs: { tabindex: -1 } }),
        h("button", { class: "button button-primary new-guide", text: "Nieuwe gids", attrs: { type: "button" }, on: { click: () => this.showNewForm() } }),
      ),
      this.newSlot,
      h(
        "div",
        { class: "filters" },
        h("div", { class: "form-row" }, h("label", { class: "label", text: "Zoek op titel of id", attrs: { for: filterId } }), this.filter),
        h("div", { class: "form-row" }, h("label", { class: "label", text: "Status", attrs: { for: statusId } }), this.status),
      ),
      this.count,
      h(
        "table",
        { class: "table guide-table" },
        h("caption", { class: "sr-only", text: "Gidsen, op titel" }),
        h("thead", {}, h("tr", {}, ...["Titel", "Status", "Eigenaar", "Herzien vóór", "Open meldingen", "Let op"].map((name) => h("th", { text: name, attrs: { scope: "col" } })))),
        this.body,
      ),
    );
  }

  async load(): Promise<void> {
    this.count.textContent = "De gidsen worden geladen…";
    try {
      this.guides = [...(await this.ctx.api.guides())].sort((a, b) => a.title.localeCompare(b.title, "nl", { sensitivity: "base" }));
      this.renderRows();
    } catch (error) {
      this.count.textContent = "";
      this.ctx.error(describeError(error, "De gidsen ophalen"));
    }
  }

  focus(): void {
    this.element.querySelector<HTMLElement>("h1")?.focus();
  }

  private visible(): EditorGuideSummary[] {
    const query = this.filter.value.trim().toLocaleLowerCase("nl");
    const status = this.status.value;
    return this.guides.filter(
      (guide) =>
        (status === "" || guide.status === status) &&
        (query === "" || guide.title.toLocaleLowerCase("nl").includes(query) || guide.id.includes(query)),
    );
  }

  private renderRows(): void {
    const shown = this.visible();
    this.count.textContent = `${shown.length} van ${this.guides.length} gidsen.`;
    this.body.replaceChildren(...shown.map((guide) => row(guide)));
  }

  private showNewForm(): void {
    const inputId = uniqueId("new-id");
    const hintId = uniqueId("new-hint");
    const input = h("input", { id: inputId, class: "field", attrs: { type: "text", autocomplete: "off", spellcheck: false, "aria-describedby": hintId } });
    const error = h("p", { class: "form-error", attrs: { role: "alert" } });
    const form = h(
      "form",
      {
        class: "new-form",
        on: {
          submit: (event) => {
            event.preventDefault();
            const id = input.value.trim();
            const problem = !guideIdPattern.test(id)
              ? "Gebruik alleen kleine letters, cijfers en streepjes, zoals paspoort-aanvragen."
              : this.guides.some((guide) => guide.id === id)
                ? `Er is al een gids met id „${id}”.`
                : null;
            if (problem) {
              error.textContent = problem;
              input.setAttribute("aria-invalid", "true");
              input.focus();
              return;
            }
            this.newSlot.replaceChildren();
            this.onNew(id);
          },
          keydown: (event) => {
            if (event.key === "Escape") this.newSlot.replaceChildren();
          },
        },
      },
      h("label", { class: "label", text: "Id van de nieuwe gids", attrs: { for: inputId } }),
      h("p", { id: hintId, class: "hint", text: "Kleine letters, cijfers en streepjes; wordt ook de bestandsnaam. Verander het later niet meer." }),
      input,
      error,
      h(
        "div",
        { class: "button-row" },
        h("button", { class: "button button-primary", text: "Aanmaken", attrs: { type: "submit" } }),
        h("button", { class: "button button-quiet", text: "Annuleren", attrs: { type: "button" }, on: { click: () => this.newSlot.replaceChildren() } }),
      ),
    );
    this.newSlot.replaceChildren(form);
    input.focus();
  }
}

function row(guide: EditorGuideSummary): HTMLElement {
  const href = `#/gids/${encodeURIComponent(guide.id)}`;
  const marks = [
    guide.outdated ? h("span", { class: "badge badge-outdated", text: "Verouderd" }) : null,
    guide.hasErrors ? h("span", { class: "badge badge-error", text: "Fouten in bestand" }) : null,
    guide.myDraft ? h("span", { class: "badge badge-unsaved", text: "Mijn niet-opgeslagen concept" }) : null,
  ];
  return h(
    "tr",
    { attrs: { "data-guide-id": guide.id } },
    h("td", {}, h("a", { class: "guide-link", text: guide.title, attrs: { href } }), h("span", { class: "guide-id", text: guide.id })),
    h("td", {}, statusBadge(guide.status)),
    h("td", { text: guide.owner ?? "–" }),
    h("td", { text: guide.reviewBy ? formatDate(guide.reviewBy) : "–" }),
    h(
      "td",
      {},
      guide.openFlags > 0
        ? h("a", { class: "flag-link", text: String(guide.openFlags), attrs: { href: `${href}/meldingen`, "aria-label": `${guide.openFlags} open meldingen bij ${guide.title}` } })
        : "0",
    ),
    h("td", { class: "marks" }, ...marks),
  );
}
