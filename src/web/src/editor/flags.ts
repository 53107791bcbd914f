// The "Meldingen" tab: what officials flagged on this guide, grouped per step, with the version they saw; an expert
// answers (optionally naming the version that fixes it) or closes a flag. Who raised a flag is never shown.
import type { FlagDetailResponse, HistoryEntryResponse } from "../shared/editor-contract";
import { h, uniqueId } from "../panel/dom";
import { ApiError, describeError } from "./api";
import type { PageHost } from "./page-host";
import { formatDateTime, labelledField, shortVersion } from "./widgets";

const flagStatusLabels: Record<FlagDetailResponse["status"], string> = { open: "Open", answered: "Beantwoord", closed: "Gesloten" };

export class FlagsPanel {
  readonly element = h("div", { class: "flags-panel" });
  private flags: FlagDetailResponse[] = [];
  private history: HistoryEntryResponse[] = [];

  constructor(
    private readonly page: PageHost,
    private readonly onCount: (open: number) => void,
  ) {}

  async load(): Promise<void> {
    try {
      this.flags = await this.page.ctx.api.flags(this.page.id);
      // The versions to choose "opgelost in versie" from; the list of flags is still useful without them.
      this.history = await this.page.history().catch(() => []);
      this.render();
    } catch (error) {
      this.element.replaceChildren(h("p", { class: "form-error", text: describeError(error, "De meldingen ophalen") }));
    }
  }

  private render(): void {
    this.onCount(this.flags.filter((flag) => flag.status === "open").length);
    const groups = new Map<string, FlagDetailResponse[]>();
    for (const flag of this.flags) groups.set(flag.stepId ?? "", [...(groups.get(flag.stepId ?? "") ?? []), flag]);
    const sections = [...groups].map(([stepId, flags]) =>
      h(
        "section",
        { class: "flag-group", attrs: { "data-step-id": stepId } },
        h("h3", { class: "merge-title", text: this.groupTitle(stepId, flags.length) }),
        h("ul", { class: "flag-list" }, ...flags.map((flag) => this.flagItem(flag))),
      ),
    );
    this.element.replaceChildren(
      h("h2", { class: "section-title", text: "Meldingen van baliemedewerkers" }),
      ...(sections.length > 0 ? sections : [h("p", { text: "Er zijn geen meldingen bij deze gids." })]),
    );
  }

  /**
   * Names the steps again once their titles are known: they come from the preview, which may answer after the flags.
   * Only the headings change, so an answer being typed stays.
   */
  refreshStepTitles(): void {
    for (const group of this.element.querySelectorAll<HTMLElement>(".flag-group")) {
      const stepId = group.dataset.stepId ?? "";
      const heading = group.querySelector("h3");
      const count = this.flags.filter((flag) => (flag.stepId ?? "") === stepId).length;
      if (heading) heading.textContent = this.groupTitle(stepId, count);
    }
  }

  private groupTitle(stepId: string, count: number): string {
    const title = stepId === "" ? "De gids als geheel" : `Stap: ${this.page.stepTitle(stepId) ?? stepId}`;
    return `${title} (${count})`;
  }

  private flagItem(flag: FlagDetailResponse): HTMLElement {
    const item = h(
      "li",
      { class: `flag flag-${flag.status}`, attrs: { "data-flag-id": flag.id } },
      h(
        "p",
        { class: "comment-meta" },
        h("span", { class: `badge badge-flag-${flag.status}`, text: flagStatusLabels[flag.status] }),
        ` ${formatDateTime(flag.createdAt)} — gezien in versie ${shortVersion(flag.guideVersion)}`,
      ),
      flag.query ? h("p", { class: "hint", text: `Zocht naar: ${flag.query}` }) : null,
      h("p", { class: "user-text flag-text", text: flag.text }),
    );
    if (flag.answer !== undefined) {
      item.append(
        h(
          "div",
          { class: "flag-answer" },
          h("p", { class: "comment-meta", text: `Antwoord${flag.answeredBy ? ` van ${flag.answeredBy}` : ""}${flag.answeredAt ? `, ${formatDateTime(flag.answeredAt)}` : ""}${flag.fixedInVersion ? ` — opgelost in versie ${shortVersion(flag.fixedInVersion)}` : ""}` }),
          h("p", { class: "user-text", text: flag.answer }),
        ),
      );
    }
    if (flag.status === "open") item.append(this.answerForm(flag));
    return item;
  }

  private answerForm(flag: FlagDetailResponse): HTMLElement {
    const { wrap, field } = labelledField("textarea", "Antwoord aan de baliemedewerker", uniqueId("answer"), { rows: 3, maxlength: 2000 });
    const versionId = uniqueId("fixed");
    const version = h(
      "select",
      { id: versionId, class: "field field-inline" },
      h("option", { text: "(geen)", attrs: { value: "" } }),
      ...this.history.map((entry) => h("option", { text: `${shortVersion(entry.version)} — ${entry.author}, ${formatDateTime(entry.createdAt)}`, attrs: { value: entry.version } })),
    );
    const error = h("p", { class: "form-error", attrs: { role: "alert" } });
    const form = h(
      "form",
      {
        class: "answer-form",
        on: {
          submit: (event) => {
            event.preventDefault();
            const text = field.value.trim();
            if (!text) {
              error.textContent = "Schrijf een antwoord.";
              field.setAttribute("aria-invalid", "true");
              field.focus();
              return;
            }
            void this.update(flag, "Beantwoorden", () => this.page.ctx.api.answerFlag(flag.id, { text, ...(version.value ? { fixedInVersion: version.value } : {}) }), "Antwoord verstuurd.");
          },
        },
      },
      wrap,
      h("div", { class: "form-row" }, h("label", { class: "label", text: "Opgelost in versie (optioneel)", attrs: { for: versionId } }), version),
      error,
      h(
        "div",
        { class: "button-row" },
        h("button", { class: "button button-primary button-small", text: "Antwoord versturen", attrs: { type: "submit" } }),
        h("button", {
          class: "button button-small",
          text: "Sluiten zonder antwoord",
          attrs: { type: "button" },
          on: { click: () => void this.update(flag, "Sluiten", () => this.page.ctx.api.closeFlag(flag.id), "Melding gesloten.") },
        }),
      ),
    );
    return form;
  }

  private async update(flag: FlagDetailResponse, doing: string, call: () => Promise<FlagDetailResponse>, done: string): Promise<void> {
    try {
      const updated = await call();
      this.flags = this.flags.map((candidate) => (candidate.id === flag.id ? updated : candidate));
      this.page.ctx.error(null);
      this.page.ctx.announce(done);
      this.render();
    } catch (error) {
      this.page.ctx.error(describeError(error, doing));
      // A 409 means someone answered first: show what is true now. Otherwise the typed answer stays in its field.
      if (error instanceof ApiError && error.status === 409) await this.load();
    }
  }
}
