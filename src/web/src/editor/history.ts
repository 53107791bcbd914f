// The "Geschiedenis" tab: every version (which were published, which officials see now), one version's text, a
// comparison of any two, and restoring an old version (it becomes a new draft version of the open change).
import type { HistoryEntryResponse } from "../shared/editor-contract";
import { h, uniqueId } from "../panel/dom";
import { ApiError, describeError } from "./api";
import type { PageHost } from "./page-host";
import { formatDateTime, labelledField, renderDiff, shortVersion } from "./widgets";

const sourceLabels: Record<HistoryEntryResponse["source"], string> = {
  editor: "editor",
  watcher: "buiten de editor gewijzigd",
  restore: "teruggezet",
};

export class HistoryPanel {
  readonly element = h("div", { class: "history-panel" });
  private readonly viewSlot = h("div", { class: "history-view" });
  private entries: HistoryEntryResponse[] = [];

  constructor(private readonly page: PageHost) {}

  async load(force = false): Promise<void> {
    try {
      this.entries = await this.page.history(force);
      this.render();
    } catch (error) {
      this.element.replaceChildren(h("p", { class: "form-error", text: describeError(error, "De geschiedenis ophalen") }));
    }
  }

  private render(): void {
    const from = h("select", { id: uniqueId("from"), class: "field field-inline" });
    const to = h("select", { id: uniqueId("to"), class: "field field-inline" });
    for (const entry of this.entries) {
      const label = `${shortVersion(entry.version)} — ${entry.author}, ${formatDateTime(entry.createdAt)}`;
      from.append(h("option", { text: label, attrs: { value: entry.version } }));
      to.append(h("option", { text: label, attrs: { value: entry.version } }));
    }
    // Newest first: compare the one before the newest with the newest by default.
    if (this.entries.length > 1) from.selectedIndex = 1;

    const table = h(
      "table",
      { class: "table history-table" },
      h("caption", { class: "sr-only", text: "Versies, nieuwste eerst" }),
      h("thead", {}, h("tr", {}, ...["Versie", "Door", "Wanneer", "Notitie", "Gepubliceerd", "Acties"].map((name) => h("th", { text: name, attrs: { scope: "col" } })))),
      h(
        "tbody",
        {},
        ...this.entries.map((entry) =>
          h(
            "tr",
            { class: entry.current ? "is-current" : "", attrs: { "data-version": entry.version } },
            h("td", {}, h("code", { text: shortVersion(entry.version) }), entry.current ? h("span", { class: "badge badge-published", text: "Huidige versie" }) : null),
            h("td", { text: entry.author }),
            h("td", { text: formatDateTime(entry.createdAt) }),
            h("td", {}, h("span", { class: "user-text", text: entry.note }), entry.source !== "editor" ? h("span", { class: "hint", text: ` (${sourceLabels[entry.source]})` }) : null),
            h("td", { text: entry.publishedAt ? `${formatDateTime(entry.publishedAt)}${entry.publishedBy ? ` door ${entry.publishedBy}` : ""}` : "Nee" }),
            h(
              "td",
              { class: "row-actions" },
              h("button", { class: "button button-small", text: "Bekijken", attrs: { type: "button", "aria-label": `Versie ${shortVersion(entry.version)} bekijken` }, on: { click: () => void this.show(entry) } }),
              h("button", {
                class: "button button-small",
                text: "Deze versie terugzetten",
                attrs: { type: "button", "aria-label": `Versie ${shortVersion(entry.version)} terugzetten` },
                on: { click: () => this.confirmRestore(entry) },
              }),
            ),
          ),
        ),
      ),
    );

    this.element.replaceChildren(
      h("h2", { class: "section-title", text: "Geschiedenis" }),
      this.entries.length === 0 ? h("p", { text: "Nog geen versies." }) : table,
      h(
        "form",
        { class: "compare-form", on: { submit: (event) => (event.preventDefault(), void this.compare(from.value, to.value)) } },
        h("h3", { class: "merge-title", text: "Twee versies vergelijken" }),
        h("label", { class: "label-inline", text: "Van ", attrs: { for: from.id } }),
        from,
        h("label", { class: "label-inline", text: " naar ", attrs: { for: to.id } }),
        to,
        " ",
        h("button", { class: "button button-small", text: "Vergelijken", attrs: { type: "submit", disabled: this.entries.length < 2 } }),
      ),
      this.viewSlot,
    );
  }

  private async show(entry: HistoryEntryResponse): Promise<void> {
    try {
      const version = await this.page.ctx.api.version(this.page.id, entry.version);
      const title = h("h3", { class: "merge-title", text: `Versie ${shortVersion(version.version)} van ${version.author}, ${formatDateTime(version.createdAt)}`, attrs: { tabindex: -1 } });
      this.viewSlot.replaceChildren(title, h("pre", { class: "merge-text version-text", text: version.text }));
      title.focus();
    } catch (error) {
      this.page.ctx.error(describeError(error, "De versie ophalen"));
    }
  }

  async compare(from: string, to: string): Promise<void> {
    try {
      const lines = await this.page.ctx.api.diff(this.page.id, from, to);
      const title = h("h3", { class: "merge-title", text: `Van versie ${shortVersion(from)} naar versie ${shortVersion(to)}`, attrs: { tabindex: -1 } });
      this.viewSlot.replaceChildren(title, renderDiff(lines, { label: `Verschillen van versie ${shortVersion(from)} naar ${shortVersion(to)}`, fold: true }));
      title.focus();
    } catch (error) {
      this.page.ctx.error(describeError(error, "Vergelijken"));
    }
  }

  private confirmRestore(entry: HistoryEntryResponse): void {
    const { edit } = this.page;
    if (edit.dirty) {
      // The restore becomes the new head: unsaved text would then conflict. Saving first keeps both in the history.
      this.viewSlot.replaceChildren(h("p", { class: "notice notice-warning", text: "U hebt niet-opgeslagen wijzigingen. Sla die eerst op; daarna kunt u een oude versie terugzetten." }));
      return;
    }
    const { wrap, field } = labelledField("input", "Notitie (optioneel)", uniqueId("restore-note"), { type: "text", maxlength: 500 });
    field.value = `Versie ${shortVersion(entry.version)} teruggezet`;
    const form = h(
      "form",
      { class: "confirm", on: { submit: (event) => (event.preventDefault(), void this.restore(entry, field.value.trim())) } },
      h("p", { class: "confirm-title", text: `Versie ${shortVersion(entry.version)} terugzetten?` }),
      h("p", { text: "De oude tekst wordt een nieuwe conceptversie van de open wijziging. Daarna moet die worden beoordeeld en gepubliceerd." }),
      wrap,
      h(
        "div",
        { class: "button-row" },
        h("button", { class: "button button-primary", text: "Ja, terugzetten", attrs: { type: "submit" } }),
        h("button", { class: "button button-quiet", text: "Annuleren", attrs: { type: "button" }, on: { click: () => this.viewSlot.replaceChildren() } }),
      ),
    );
    this.viewSlot.replaceChildren(form);
    field.focus();
  }

  private async restore(entry: HistoryEntryResponse, note: string): Promise<void> {
    const { ctx, edit } = this.page;
    try {
      this.page.expectEcho("saved");
      const saved = await ctx.api.restore(this.page.id, { version: entry.version, baseVersion: edit.baseVersion, ...(note ? { note } : {}) });
      ctx.error(null);
      ctx.announce(`Versie ${shortVersion(entry.version)} is teruggezet als nieuwe conceptversie ${shortVersion(saved.version)}.`);
      this.viewSlot.replaceChildren();
      await this.page.reloadGuide();
      await this.load(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        ctx.error("Terugzetten is niet gelukt: iemand anders heeft intussen een nieuwe versie opgeslagen. De gegevens zijn opnieuw opgehaald; probeer het nog eens.");
        await this.page.reloadGuide().catch(() => undefined);
        return;
      }
      ctx.error(describeError(error, "Terugzetten"));
    }
  }
}
