// The "Beoordeling" tab: the open change (status, authors, notes), its diff with per-line comments, and the review
// actions: submit, send back, publish, withdraw. Publishing is disabled, with the reason, for whoever sent the change
// for review or wrote a version of it (when the page knows who is signed in; otherwise the server's 403 says it; the
// server decides by stable id, this is a hint by name).
import type { ChangeResponse, DiffLine, ReviewCommentResponse } from "../shared/editor-contract";
import { h, uniqueId } from "../panel/dom";
import { ApiError, describeError } from "./api";
import type { PageHost } from "./page-host";
import { compareSection, type Compare } from "./cm/compare";
import { formatDateTime, labelledField, renderDiff, shortVersion, statusBadge } from "./widgets";

/** Why the signed-in expert may not publish this change, or null when they may (as far as the page knows). */
export function publishBlockedReason(change: ChangeResponse, me: string | null): string | null {
  if (change.status !== "in-review") return "Alleen een wijziging die ter beoordeling staat, kan worden gepubliceerd.";
  if (change.publishedChangedSince) return "De gepubliceerde tekst is intussen veranderd; voeg die eerst samen.";
  if (me === null) return null;
  if (change.submittedBy === me) return "U hebt deze wijziging zelf ter beoordeling aangeboden; een andere inhoudsdeskundige moet publiceren.";
  if (change.headAuthor === me || change.authors.includes(me)) return "U hebt aan deze wijziging meegeschreven; een inhoudsdeskundige die er niet aan schreef, moet publiceren.";
  return null;
}

export class ReviewPanel {
  readonly element = h("div", { class: "review-panel" });
  private diffSeq = 0;
  private diff: DiffLine[] | null = null;
  /** The side-by-side comparison shown now: destroyed before a new one replaces it. */
  private compare: Compare | null = null;
  private busy = false;

  constructor(private readonly page: PageHost) {}

  render(): void {
    const { change } = this.page;
    const ctx = this.page.ctx;
    if (!change) {
      this.element.replaceChildren(
        h("h2", { class: "section-title", text: "Beoordeling" }),
        h("p", { text: "Er is geen open wijziging. Sla een concept op om een wijziging te beginnen; die kunt u daarna ter beoordeling aanbieden." }),
      );
      return;
    }
    const me = ctx.me();
    const parts: (HTMLElement | null)[] = [
      h("h2", { class: "section-title", text: "Beoordeling van de open wijziging" }),
      h(
        "dl",
        { class: "facts" },
        h("dt", { text: "Status" }),
        h("dd", {}, statusBadge(change.status)),
        h("dt", { text: "Auteurs" }),
        h("dd", { text: change.authors.join(", ") || "–" }),
        h("dt", { text: "Nieuwste versie" }),
        h("dd", { text: `${shortVersion(change.headVersion)} door ${change.headAuthor}, ${formatDateTime(change.updatedAt)}` }),
        change.submittedBy ? h("dt", { text: "Aangeboden door" }) : null,
        change.submittedBy ? h("dd", { text: `${change.submittedBy}${change.submittedAt ? `, ${formatDateTime(change.submittedAt)}` : ""}` }) : null,
        change.submitNote ? h("dt", { text: "Toelichting" }) : null,
        change.submitNote ? h("dd", { class: "user-text", text: change.submitNote }) : null,
      ),
    ];
    if (change.status === "sent-back" && change.sentBackNote !== undefined) {
      parts.push(
        h(
          "div",
          { class: "notice notice-warning sent-back" },
          h("p", { class: "offer-title", text: `Teruggestuurd door ${change.sentBackBy ?? "een inhoudsdeskundige"}${change.sentBackAt ? ` op ${formatDateTime(change.sentBackAt)}` : ""}:` }),
          h("p", { class: "user-text", text: change.sentBackNote }),
        ),
      );
    }
    if (change.publishedChangedSince) parts.push(this.publishedChangedNotice());
    parts.push(this.actions(change, me));
    const diffSlot = h("div", { class: "diff-slot" });
    parts.push(h("h3", { class: "merge-title", text: change.baseVersion ? "Wijzigingen ten opzichte van de gepubliceerde versie" : "Nieuwe gids: de hele tekst" }), h("p", { class: "hint", text: "Kies een regel om er een opmerking bij te maken." }), diffSlot);
    const older = change.comments.filter((comment) => comment.version !== change.headVersion && comment.version !== change.baseVersion);
    if (older.length > 0) {
      parts.push(h("h3", { class: "merge-title", text: "Opmerkingen bij eerdere versies" }), h("ul", { class: "comments" }, ...older.map((comment) => commentItem(comment, true))));
    }
    this.element.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
    if (this.diff) diffSlot.replaceChildren(this.renderDiff(change, this.diff));
    void this.loadDiff(change, diffSlot);
  }

  private publishedChangedNotice(): HTMLElement {
    return h(
      "div",
      { class: "notice notice-warning published-changed" },
      h("p", { text: "De gepubliceerde tekst is buiten de editor veranderd sinds deze wijziging begon. Voeg die tekst eerst samen met de wijziging; anders zou publiceren hem overschrijven." }),
      h("button", { class: "button", text: "Samenvoegen met de gepubliceerde tekst", attrs: { type: "button" }, on: { click: () => void this.mergePublished() } }),
    );
  }

  /** theirs = the published text; the merged save continues the change (base: its head) and names what it merged. */
  async mergePublished(): Promise<void> {
    const { publishedVersion, change, edit, ctx } = this.page;
    if (!publishedVersion || !change) return;
    try {
      const published = await ctx.api.version(this.page.id, publishedVersion);
      this.page.showTab("bewerken");
      await edit.openMerge({
        theirsText: published.text,
        theirsLabel: `gepubliceerde versie ${shortVersion(publishedVersion)}`,
        yoursText: edit.text,
        saveBase: edit.baseVersion,
        mergedWith: publishedVersion,
        // The change and the published text both go back to the published version the change started from.
        baseVersion: change.baseVersion,
        intro: "De gepubliceerde tekst is buiten de editor veranderd. Neem die veranderingen over in de wijziging.",
      });
    } catch (error) {
      ctx.error(describeError(error, "De gepubliceerde tekst ophalen"));
    }
  }

  private actions(change: ChangeResponse, me: string | null): HTMLElement {
    const box = h("div", { class: "review-actions" });
    const dirty = this.page.edit.dirty;
    if (change.status === "draft" || change.status === "sent-back") {
      const { wrap, field } = labelledField("textarea", "Toelichting voor de beoordelaar (optioneel)", uniqueId("submit-note"), { rows: 2, maxlength: 2000 });
      const reasonId = uniqueId("submit-reason");
      box.append(
        h(
          "form",
          { class: "action-form", on: { submit: (event) => (event.preventDefault(), void this.run("Ter beoordeling aanbieden", () => this.submit(change, field.value))) } },
          wrap,
          h("button", { class: "button button-primary", text: "Ter beoordeling aanbieden", attrs: { type: "submit", disabled: dirty, "aria-describedby": dirty ? reasonId : null } }),
          dirty ? h("p", { id: reasonId, class: "hint", text: "Sla eerst uw wijzigingen op: aangeboden wordt de laatst opgeslagen versie." }) : null,
        ),
      );
    }
    if (change.status === "in-review") {
      const blocked = publishBlockedReason(change, me);
      const reasonId = uniqueId("publish-reason");
      box.append(
        h(
          "div",
          { class: "action-form" },
          h("button", {
            class: "button button-primary",
            text: "Publiceren",
            attrs: { type: "button", disabled: blocked !== null, "aria-describedby": blocked ? reasonId : null },
            on: { click: (event) => this.confirmPublish(change, event.currentTarget as HTMLElement) },
          }),
          blocked ? h("p", { id: reasonId, class: "hint publish-reason", text: blocked }) : null,
        ),
      );
      const { wrap, field } = labelledField("textarea", "Waarom stuurt u de wijziging terug? (verplicht)", uniqueId("sendback-note"), { rows: 2, maxlength: 2000, required: true });
      const error = h("p", { class: "form-error", attrs: { role: "alert" } });
      box.append(
        h(
          "form",
          {
            class: "action-form",
            attrs: { novalidate: true }, // our own Dutch message, next to the field
            on: {
              submit: (event) => {
                event.preventDefault();
                if (field.value.trim() === "") {
                  error.textContent = "Schrijf op waarom u de wijziging terugstuurt.";
                  field.setAttribute("aria-invalid", "true");
                  field.focus();
                  return;
                }
                void this.run("Terugsturen", () => this.sendBack(change, field.value.trim()));
              },
            },
          },
          wrap,
          error,
          h("button", { class: "button", text: "Terugsturen", attrs: { type: "submit" } }),
        ),
      );
    }
    const confirmSlot = h("div", {});
    box.append(
      h(
        "div",
        { class: "action-form" },
        h("button", {
          class: "button button-quiet",
          text: "Wijziging intrekken",
          attrs: { type: "button" },
          on: { click: () => confirmSlot.replaceChildren(this.withdrawConfirm(confirmSlot)) },
        }),
        confirmSlot,
      ),
    );
    return box;
  }

  private withdrawConfirm(slot: HTMLElement): HTMLElement {
    const { wrap, field } = labelledField("input", "Waarom trekt u de wijziging in? (optioneel)", uniqueId("withdraw-note"), { type: "text", maxlength: 2000 });
    const form = h(
      "form",
      { class: "confirm", on: { submit: (event) => (event.preventDefault(), void this.run("Intrekken", () => this.withdraw(field.value.trim()))) } },
      h("p", { class: "confirm-title", text: "Wijziging intrekken?" }),
      h("p", { text: "De open wijziging vervalt; haar versies blijven in de geschiedenis. De gepubliceerde tekst blijft wat hij is." }),
      wrap,
      h(
        "div",
        { class: "button-row" },
        h("button", { class: "button button-primary", text: "Ja, intrekken", attrs: { type: "submit" } }),
        h("button", { class: "button button-quiet", text: "Annuleren", attrs: { type: "button" }, on: { click: () => slot.replaceChildren() } }),
      ),
    );
    queueMicrotask(() => field.focus());
    return form;
  }

  private async run(doing: string, action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await action();
      this.page.ctx.error(null);
    } catch (error) {
      this.page.ctx.error(describeError(error, doing));
    } finally {
      this.busy = false;
    }
  }

  private async submit(change: ChangeResponse, note: string): Promise<void> {
    this.page.expectEcho("submitted");
    this.page.change = await this.page.ctx.api.submit(this.page.id, { version: change.headVersion, ...(note.trim() ? { note: note.trim() } : {}) });
    this.page.ctx.announce("De wijziging staat nu ter beoordeling.");
    this.page.reloadChange().catch(() => undefined);
  }

  private async sendBack(change: ChangeResponse, note: string): Promise<void> {
    this.page.expectEcho("sent-back");
    this.page.change = await this.page.ctx.api.sendBack(this.page.id, { version: change.headVersion, note });
    this.page.ctx.announce("De wijziging is teruggestuurd.");
    await this.page.reloadChange();
  }

  /** Comments on the change are its open points (there is no "resolved" yet): publishing over them asks first. */
  private confirmPublish(change: ChangeResponse, button: HTMLElement): void {
    const open = change.comments.length;
    if (open === 0) {
      void this.run("Publiceren", () => this.publish(change));
      return;
    }
    const row = button.parentElement;
    row?.querySelector(".confirm")?.remove();
    const titleId = uniqueId("confirm-publish");
    const box = h(
      "div",
      { class: "confirm", attrs: { role: "group", "aria-labelledby": titleId } },
      h("p", { id: titleId, class: "confirm-title", text: `Er ${open === 1 ? "staat nog één opmerking" : `staan nog ${open} opmerkingen`} bij deze wijziging. Toch publiceren?` }),
      h(
        "div",
        { class: "button-row" },
        h("button", {
          class: "button button-primary",
          text: "Ja, toch publiceren",
          attrs: { type: "button" },
          on: {
            click: () => {
              box.remove();
              void this.run("Publiceren", () => this.publish(change));
            },
          },
        }),
        h("button", {
          class: "button",
          text: "Annuleren",
          attrs: { type: "button" },
          on: {
            click: () => {
              box.remove();
              button.focus();
            },
          },
        }),
      ),
    );
    row?.append(box);
    box.querySelector<HTMLElement>("button")?.focus();
  }

  private async publish(change: ChangeResponse): Promise<void> {
    try {
      this.page.expectEcho("published");
      const saved = await this.page.ctx.api.publish(this.page.id, change.headVersion);
      this.page.ctx.announce(`Gepubliceerd (versie ${shortVersion(saved.version)}). De baliemedewerkers zien de nieuwe tekst.`);
      await this.page.reloadGuide();
    } catch (error) {
      const conflict = error instanceof ApiError ? error.conflict : null;
      const diagnostics = error instanceof ApiError ? error.diagnostics : null;
      if (conflict?.publishedVersion) {
        const { edit } = this.page;
        this.page.showTab("bewerken");
        await edit.openMerge({
          theirsText: conflict.theirs.text ?? "",
          theirsLabel: conflict.theirs.version ? `versie ${shortVersion(conflict.theirs.version)}` : "de gepubliceerde tekst",
          yoursText: edit.text,
          // theirs is the published text; the merged text is a new version of the change, on its head.
          saveBase: change.headVersion,
          mergedWith: conflict.publishedVersion,
          baseVersion: change.baseVersion,
          intro: conflict.detail || "De gepubliceerde tekst is veranderd; voeg die eerst samen.",
        });
        return;
      }
      if (diagnostics) {
        this.page.edit.setDiagnostics(diagnostics);
        this.page.ctx.error("Niet gepubliceerd: de tekst bevat fouten. Zie de lijst onder de tekst (tab Bewerken).");
        return;
      }
      if (error instanceof ApiError && error.status === 409) this.page.reloadChange().catch(() => undefined);
      throw error;
    }
  }

  private async withdraw(note: string): Promise<void> {
    this.page.expectEcho("withdrawn");
    await this.page.ctx.api.withdraw(this.page.id, note || undefined);
    this.page.ctx.announce("De wijziging is ingetrokken.");
    await this.page.reloadGuide();
  }

  private async loadDiff(change: ChangeResponse, slot: HTMLElement): Promise<void> {
    const seq = ++this.diffSeq;
    try {
      let lines: DiffLine[];
      if (change.baseVersion) {
        lines = await this.page.ctx.api.diff(this.page.id, change.baseVersion, change.headVersion);
      } else {
        // A new guide: there is nothing to compare with, so every line is new.
        const head = await this.page.ctx.api.version(this.page.id, change.headVersion);
        lines = head.text.split("\n").map((line, index) => ({ kind: "added", line, newNumber: index + 1 }));
      }
      if (seq !== this.diffSeq) return;
      this.diff = lines;
      slot.replaceChildren(this.renderDiff(change, lines));
    } catch (error) {
      if (seq === this.diffSeq) slot.replaceChildren(h("p", { class: "form-error", text: describeError(error, "De verschillen ophalen") }));
    }
  }

  private renderDiff(change: ChangeResponse, lines: DiffLine[]): HTMLElement {
    this.compare?.destroy();
    this.compare = null;
    const list = this.renderLines(change, lines);
    if (!change.baseVersion) return list; // a new guide: every line is new, there is nothing to compare
    // Both texts side by side (CodeMirror's merge view), opened at the first change; the line list below takes comments.
    const { element, compare } = compareSection({
      label: "Gepubliceerde versie en deze wijziging naast elkaar",
      left: { text: lines.filter((line) => line.kind !== "added").map((line) => line.line).join("\n"), label: "Gepubliceerde versie" },
      right: { text: lines.filter((line) => line.kind !== "removed").map((line) => line.line).join("\n"), label: "Deze wijziging" },
      announce: (text) => this.page.ctx.announce(text),
    });
    this.compare = compare;
    return h("div", { class: "review-diff" }, element, h("h4", { class: "merge-title", text: "Regel voor regel, met opmerkingen" }), list);
  }

  private renderLines(change: ChangeResponse, lines: DiffLine[]): HTMLElement {
    const commentsAt = (line: DiffLine): ReviewCommentResponse[] =>
      change.comments.filter((comment) =>
        line.kind === "removed"
          ? comment.version === change.baseVersion && comment.line === line.oldNumber
          : comment.version === change.headVersion && comment.line === line.newNumber,
      );
    return renderDiff(lines, {
      label: "Verschillen in deze wijziging",
      below: (line) => {
        const comments = commentsAt(line);
        return comments.length > 0 ? h("ul", { class: "comments" }, ...comments.map((comment) => commentItem(comment, false))) : null;
      },
      onLineClick: (line, row) => this.openCommentBox(change, line, row),
    });
  }

  private openCommentBox(change: ChangeResponse, line: DiffLine, row: HTMLElement): void {
    row.querySelector(".comment-form")?.remove();
    // A removed line exists only in the base version; every other line is commented on in the head.
    const version = line.kind === "removed" ? change.baseVersion : change.headVersion;
    const number = line.kind === "removed" ? line.oldNumber : line.newNumber;
    if (!version || number === undefined) return;
    const { wrap, field } = labelledField("textarea", `Opmerking bij regel ${number}`, uniqueId("comment"), { rows: 2, maxlength: 2000 });
    const form = h(
      "form",
      {
        class: "comment-form",
        on: {
          submit: (event) => {
            event.preventDefault();
            const text = field.value.trim();
            if (!text) return void field.focus();
            void this.run("De opmerking plaatsen", async () => {
              this.page.expectEcho("commented");
              const comment = await this.page.ctx.api.comment(this.page.id, { version, line: number, text });
              if (this.page.change) this.page.change = { ...this.page.change, comments: [...this.page.change.comments, comment] };
              this.page.ctx.announce("Opmerking geplaatst.");
              this.render();
            });
          },
          keydown: (event) => {
            if (event.key === "Escape") form.remove();
          },
        },
      },
      wrap,
      h(
        "div",
        { class: "button-row" },
        h("button", { class: "button button-small", text: "Opmerking plaatsen", attrs: { type: "submit" } }),
        h("button", { class: "button button-quiet button-small", text: "Annuleren", attrs: { type: "button" }, on: { click: () => form.remove() } }),
      ),
    );
    row.append(form);
    field.focus();
  }
}

function commentItem(comment: ReviewCommentResponse, withLine: boolean): HTMLElement {
  return h(
    "li",
    { class: "comment" },
    h("p", { class: "comment-meta", text: `${comment.author}, ${formatDateTime(comment.createdAt)}${withLine ? ` — versie ${shortVersion(comment.version)}, regel ${comment.line}` : ""}` }),
    h("p", { class: "user-text", text: comment.text }),
  );
}
