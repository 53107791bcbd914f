// The "Bewerken" tab: the Markdown text in CodeMirror (cm/setup.ts) with the server's diagnostics as lint marks, the live preview in the
// panel's own rendering, insert helpers, the step outline and the guide's sources, saving (with the merge view on a conflict) and the
// server-side autosave of unsaved text. The expert's text is never replaced without them choosing it.
import type { GuideResponse, SourceResponse, StepResponse } from "../shared/contract";
import type { ContentProblemResponse, DraftResponse, PreviewResponse, SavedResponse } from "../shared/editor-contract";
import { h, insertServerHtml, serverHtml, uniqueId } from "../panel/dom";
import { startWalk } from "../panel/state";
import { formatDate, renderGuide, type Destination } from "../panel/views/guide";
import { setDiagnostics as setLintDiagnostics } from "@codemirror/lint";
import { EditorSelection } from "@codemirror/state";
import { EditorView, type ViewUpdate } from "@codemirror/view";
import { ApiError, describeError } from "./api";
import { toLintDiagnostics } from "./cm/lint-bridge";
import { createCompare, type Compare } from "./cm/compare";
import { createSourceEditor, insertKeys, replaceText, type SourceEditor } from "./cm/setup";
import { draftDelayMs, previewDelayMs, type EditorContext } from "./context";
import { conflictBlocks, markerLines, mergeThreeWay, resolveConflict, type ConflictChoice, type MergeResult } from "./merge3";
import { appendBlock, headings, snippet, stepIdAtLine, type SnippetKind } from "./text";
import { formatDateTime, shortVersion } from "./widgets";

/** A conflict to resolve: their text (newest on the server), yours, and what the merged save must send. */
export interface MergeSpec {
  theirsText: string;
  theirsLabel: string;
  yoursText: string;
  /** baseVersion of the merged save. */
  saveBase: string | null;
  /** mergedWith of the merged save (after a publish conflict). */
  mergedWith?: string;
  /** The version both texts started from: with its text the merge view merges them three-way. */
  baseVersion?: string | null;
  /** Its text, when the editor has it; else it is fetched from the history. */
  baseText?: string;
  intro: string;
}

/** The merge view's state: the automatic merge is null when there was no base text to merge from. */
interface MergeState {
  spec: MergeSpec;
  /** Theirs beside the merged text (CodeMirror's merge view); the merged text is the right, editable side. */
  compare: Compare;
  merged: EditorView;
  auto: MergeResult | null;
  conflictList: HTMLElement;
}

export interface EditHost {
  readonly id: string;
  readonly ctx: EditorContext;
  onSaved(saved: SavedResponse): void;
  onPreview(guide: GuideResponse | null): void;
  onDirtyChange(dirty: boolean): void;
  /** The ids of the guides (for completion after guide:). */
  guideIds?(): Promise<readonly string[]>;
}


const toolbarItems: { kind: SnippetKind; label: string; hint: string }[] = [
  { kind: "step", label: "Stap", hint: "Stap invoegen: een kop met een nieuw step-id" },
  { kind: "check", label: "Controlepunt", hint: "Controlepunt invoegen: - [ ] …" },
  { kind: "warning", label: "Waarschuwing", hint: "Waarschuwing invoegen: > [!WARNING]" },
  { kind: "decision", label: "Beslissing", hint: "Beslissing invoegen: een vraag met twee keuzes, en twee nieuwe stappen onderaan" },
];

/** A source's label, a link out when its address is http(s) (as the server accepts only those). */
function sourceLabel(source: SourceResponse): HTMLElement {
  if (source.url === undefined || !/^https?:\/\//i.test(source.url)) return h("span", { class: "source-label", text: source.label });
  return h("a", { class: "source-label", text: source.label, attrs: { href: source.url, target: "_blank", rel: "noopener noreferrer" } });
}

export class EditPanel {
  readonly element: HTMLElement;
  /** The text's CodeMirror view. */
  readonly view: EditorView;
  private readonly source: SourceEditor;
  private readOnly = false;
  /** Set while the text is replaced by the page itself (a load, a draft taken up): that is no typing to autosave. */
  private replacing = false;
  private readonly preview: HTMLElement;
  private readonly previewStatus: HTMLElement;
  private readonly diagnosticsList: HTMLElement;
  private readonly diagnosticsSummary: HTMLElement;
  private readonly outline: HTMLElement;
  private readonly sources: HTMLElement;
  private readonly note: HTMLInputElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly saveStatus: HTMLElement;
  private readonly draftStatus: HTMLElement;
  private readonly offerSlot: HTMLElement;
  private readonly mergeSlot: HTMLElement;
  private readonly showAll: HTMLInputElement;

  /** The version the next save is based on. */
  baseVersion: string | null;
  /** The text as last loaded or saved: the editor is dirty when the text differs from it. */
  private savedText: string;
  private diagnostics: ContentProblemResponse[] = [];
  private previewSeq = 0;
  private previewTimer: unknown = null;
  private draftTimer: unknown = null;
  private lastDraftText: string | null = null;
  private lastGuide: GuideResponse | null = null;
  private lastPreviewFailed = false;
  /** The step shown in the preview: follows the cursor, or a decision clicked in the preview. */
  private shownStepId: string | null = null;
  private draftOffer: DraftResponse | null = null;
  private merge: MergeState | null = null;
  /** Counts merge views opened or closed: a base text that arrives for an older one is dropped. */
  private mergeSeq = 0;
  /** The text of a saved version, kept so that a conflict can be merged three-way without asking the server. */
  private knownBase: { version: string; text: string } | null;
  private saving = false;
  private wasDirty = false;

  constructor(
    private readonly host: EditHost,
    text: string,
    baseVersion: string | null,
  ) {
    this.baseVersion = baseVersion;
    this.savedText = text;
    this.knownBase = baseVersion ? { version: baseVersion, text } : null;
    const textId = uniqueId("source");
    const summaryId = uniqueId("diag-summary");
    const noteId = uniqueId("save-note");

    this.source = createSourceEditor({
      doc: text,
      labelledBy: textId,
      describedBy: summaryId,
      onSave: () => void this.save(),
      onInsert: (kind) => this.insert(kind),
      onUpdate: (update) => this.onUpdate(update),
      guideIds: () => this.host.guideIds?.() ?? Promise.resolve([]),
    });
    this.view = this.source.view;
    this.preview = h("div", { class: "preview-frame" });
    this.previewStatus = h("p", { class: "preview-status hint" });
    this.diagnosticsSummary = h("p", { id: summaryId, class: "diag-summary" });
    this.diagnosticsList = h("ul", { class: "diagnostics" });
    this.outline = h("ol", { class: "outline-list" });
    this.sources = h("ul", { class: "source-list" });
    this.note = h("input", { id: noteId, class: "field note-field", attrs: { type: "text", maxlength: 500, placeholder: "Wat hebt u veranderd?" } });
    this.saveButton = h("button", {
      class: "button button-primary save-button",
      text: "Opslaan als concept",
      attrs: { type: "button", "aria-keyshortcuts": "Control+S" },
      on: { click: () => void this.save() },
    });
    this.saveStatus = h("p", { class: "save-status hint" });
    this.draftStatus = h("p", { class: "draft-status hint" });
    this.offerSlot = h("div", { class: "offer-slot" });
    this.mergeSlot = h("div", { class: "merge-slot" });
    this.showAll = h("input", { id: uniqueId("show-all"), attrs: { type: "checkbox" }, on: { change: () => this.renderPreview() } });

    const toolbar = h(
      "div",
      { class: "toolbar", attrs: { role: "toolbar", "aria-label": "Invoegen" } },
      h("span", { class: "toolbar-label", text: "Invoegen:" }),
      ...toolbarItems.map((item) =>
        h("button", {
          class: "button button-small",
          text: item.label,
          attrs: { type: "button", title: `${item.hint} (${insertKeys[item.kind].label})`, "data-insert": item.kind, "aria-keyshortcuts": insertKeys[item.kind].aria },
          on: { click: () => this.insert(item.kind) },
        }),
      ),
    );

    this.element = h(
      "div",
      { class: "edit-panel" },
      this.offerSlot,
      this.mergeSlot,
      toolbar,
      h(
        "div",
        { class: "edit-grid" },
        h(
          "div",
          { class: "outline-pane" },
          h("nav", { class: "outline", attrs: { "aria-label": "Stappen in de tekst" } }, h("h2", { class: "pane-title", text: "Stappen" }), this.outline),
          h("section", { class: "sources", attrs: { "aria-label": "Bronnen van de gids" } }, h("h2", { class: "pane-title", text: "Bronnen" }), this.sources),
        ),
        h(
          "div",
          { class: "source-pane" },
          h("h2", { id: textId, class: "pane-title", text: "Tekst (Markdown)" }),
          h("div", { class: "source-box" }, this.view.dom),
          h("p", { class: "hint source-keys", text: "Ctrl+S opslaan, Ctrl+F zoeken en vervangen, Ctrl+Spatie aanvullen, Ctrl+Shift+M meldingen, Tab verlaat de tekst." }),
          h("section", { class: "diag-section", attrs: { "aria-label": "Meldingen van de controle" } }, this.diagnosticsSummary, this.diagnosticsList),
        ),
        h(
          "section",
          { class: "preview-pane", attrs: { "aria-label": "Voorbeeld zoals de baliemedewerker het ziet" } },
          h("h2", { class: "pane-title", text: "Voorbeeld in het paneel" }),
          h("label", { class: "check-label", attrs: { for: this.showAll.id } }, this.showAll, " Alle stappen tonen"),
          this.previewStatus,
          this.preview,
        ),
      ),
      h(
        "div",
        { class: "save-bar" },
        h("label", { class: "label", text: "Notitie bij deze versie", attrs: { for: noteId } }),
        h("div", { class: "save-row" }, this.note, this.saveButton),
        this.saveStatus,
        this.draftStatus,
      ),
    );
    this.renderOutline();
  }

  /** The text as it stands in the editor. */
  get text(): string {
    return this.view.state.doc.toString();
  }

  get dirty(): boolean {
    return this.text !== this.savedText;
  }

  /** Starts the first preview (after the panel is in the document). */
  start(): void {
    void this.runPreview();
  }

  destroy(): void {
    this.host.ctx.timers.clearTimeout(this.previewTimer);
    this.host.ctx.timers.clearTimeout(this.draftTimer);
    this.previewSeq++; // answers still on their way are for a page that is gone
    this.mergeSeq++;
    this.view.destroy();
  }

  /** Puts a new text in (a reload after someone else saved, or a withdraw): only called when nothing is unsaved. */
  load(text: string, baseVersion: string | null): void {
    this.baseVersion = baseVersion;
    this.savedText = text;
    this.knownBase = baseVersion ? { version: baseVersion, text } : null;
    this.lastDraftText = null;
    this.setText(text);
    this.onInput(false);
  }

  /** Puts a text in without it counting as typing (no autosave of it). */
  private setText(text: string): void {
    this.replacing = true;
    try {
      replaceText(this.view, text);
    } finally {
      this.replacing = false;
    }
  }

  private onUpdate(update: ViewUpdate): void {
    if (update.docChanged && !this.replacing) this.onInput();
    else if (update.selectionSet) this.followCursor();
  }

  // ---- the text ---------------------------------------------------------------------------------------------

  private onInput(autosave = true): void {
    this.renderOutline();
    this.followCursor();
    this.schedulePreview();
    if (autosave) this.scheduleDraft();
    const dirty = this.dirty;
    if (dirty !== this.wasDirty) {
      this.wasDirty = dirty;
      this.host.onDirtyChange(dirty);
    }
    this.saveStatus.textContent = dirty ? "Niet-opgeslagen wijzigingen." : "";
  }

  /** Puts the cursor at a line (and column) and scrolls it into view. */
  goToLine(line: number, column = 1): void {
    const doc = this.view.state.doc;
    const at = doc.line(Math.min(Math.max(1, line), doc.lines));
    const offset = Math.min(at.from + Math.max(0, column - 1), at.to);
    this.view.dispatch({ selection: { anchor: offset }, effects: EditorView.scrollIntoView(offset, { y: "center" }) });
    this.view.focus();
    this.followCursor();
  }

  insert(kind: SnippetKind): void {
    if (this.readOnly) return;
    const text = this.text;
    const cursor = this.view.state.selection.main.head;
    const insertion = snippet(kind, text, cursor);
    const changes = [{ from: cursor, insert: insertion.text }];
    if (insertion.append) {
      // appendBlock only adds at the end: what it adds to the text with the snippet in goes at the end of the text.
      const withSnippet = text.slice(0, cursor) + insertion.text + text.slice(cursor);
      changes.push({ from: text.length, insert: appendBlock(withSnippet, insertion.append).slice(withSnippet.length) });
    }
    this.view.dispatch({
      changes,
      selection: EditorSelection.single(cursor + insertion.select[0], cursor + insertion.select[1]),
      scrollIntoView: true,
      userEvent: "input.insert",
    });
    this.view.focus();
    const names: Record<SnippetKind, string> = {
      step: "Stap ingevoegd.",
      check: "Controlepunt ingevoegd.",
      warning: "Waarschuwing ingevoegd.",
      decision: "Beslissing ingevoegd, met twee nieuwe stappen onderaan de tekst.",
    };
    this.host.ctx.announce(names[kind]);
  }

  private renderOutline(): void {
    const text = this.text;
    const found = headings(text);
    // The preview's steps are the truth when the text parses; the headings are the fallback while it has errors.
    const steps = this.lastGuide && !this.lastPreviewFailed ? this.lastGuide.steps.map((step) => ({ title: step.title, id: step.id })) : found;
    this.outline.replaceChildren(
      ...steps.map((step, index) => {
        const heading = found.find((candidate) => candidate.id !== null && candidate.id === step.id) ?? found[index];
        return h(
          "li",
          {},
          h("button", {
            class: "link-button outline-link",
            text: step.title || "(zonder titel)",
            attrs: { type: "button", "data-step-id": step.id ?? "", disabled: heading === undefined },
            on: { click: () => heading && this.goToLine(heading.line) },
          }),
        );
      }),
    );
    if (steps.length === 0) this.outline.append(h("li", { class: "hint", text: "Nog geen stappen." }));
    this.renderSources(found);
  }

  /**
   * The guide's sources from the last good preview, each with the day it was checked (flagged when that is more than a
   * year ago, as the linter does) and the steps that name it, which lead to their heading in the text.
   */
  private renderSources(found: ReturnType<typeof headings>): void {
    const guide = this.lastGuide;
    const sources = guide?.sources ?? [];
    if (!guide || sources.length === 0) {
      this.sources.replaceChildren(h("li", { class: "hint", text: "Nog geen bronnen. Zet ze onder sources in de front matter." }));
      return;
    }
    const yearAgo = new Date(this.host.ctx.now());
    yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
    this.sources.replaceChildren(
      ...sources.map((source) => {
        const namedBy = guide.steps.filter((step) => (step.sources ?? []).some((named) => named.id === source.id));
        const stale = source.checked !== null && new Date(`${source.checked}T00:00:00Z`) < yearAgo;
        return h(
          "li",
          { class: stale ? "guide-source is-stale" : "guide-source", attrs: { "data-source-id": source.id } },
          sourceLabel(source),
          h("span", {
            class: stale ? "source-checked notice-warning" : "source-checked hint",
            text: source.checked === null ? " — niet nagekeken" : ` — nagekeken ${formatDate(source.checked)}${stale ? ", meer dan een jaar geleden" : ""}`,
          }),
          namedBy.length === 0
            ? null
            : h("span", { class: "source-steps-label hint", text: "Genoemd in:" }),
          namedBy.length === 0
            ? null
            : h(
                "ul",
                { class: "source-steps" },
                ...namedBy.map((step) => {
                  const heading = found.find((candidate) => candidate.id === step.id);
                  return h(
                    "li",
                    {},
                    h("button", {
                      class: "link-button",
                      text: step.title,
                      attrs: { type: "button", "data-step-id": step.id, disabled: heading === undefined },
                      on: { click: () => heading && this.goToLine(heading.line) },
                    }),
                  );
                }),
              ),
        );
      }),
    );
  }

  // ---- preview and diagnostics --------------------------------------------------------------------------------

  private schedulePreview(): void {
    this.host.ctx.timers.clearTimeout(this.previewTimer);
    this.previewTimer = this.host.ctx.timers.setTimeout(() => void this.runPreview(), previewDelayMs);
  }

  private async runPreview(): Promise<void> {
    const seq = ++this.previewSeq;
    const text = this.text;
    this.previewStatus.textContent = "Voorbeeld wordt bijgewerkt…";
    let answer: PreviewResponse;
    try {
      answer = await this.host.ctx.api.preview(this.host.id, text);
    } catch (error) {
      if (seq !== this.previewSeq) return;
      this.previewStatus.textContent = describeError(error, "Het voorbeeld bijwerken");
      return;
    }
    if (seq !== this.previewSeq) return; // only the newest request counts: an older answer would show old text
    this.previewStatus.textContent = "";
    this.lastGuide = answer.guide ?? this.lastGuide;
    this.lastPreviewFailed = answer.guide === null;
    this.setDiagnostics(answer.diagnostics);
    this.renderOutline();
    this.renderPreview();
    this.host.onPreview(answer.guide);
  }

  setDiagnostics(diagnostics: ContentProblemResponse[]): void {
    this.diagnostics = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
    this.view.dispatch(setLintDiagnostics(this.view.state, toLintDiagnostics(this.view.state.doc, this.diagnostics)));
    const errors = diagnostics.filter((problem) => problem.level === "error").length;
    const warnings = diagnostics.length - errors;
    this.diagnosticsSummary.textContent =
      diagnostics.length === 0 ? "Geen fouten of waarschuwingen." : `${errors} fout(en), ${warnings} waarschuwing(en).`;
    this.diagnosticsSummary.classList.toggle("has-errors", errors > 0);
    this.diagnosticsList.replaceChildren(
      ...this.diagnostics.map((problem) =>
        h(
          "li",
          { class: `diagnostic diagnostic-${problem.level}` },
          h(
            "button",
            {
              class: "link-button",
              attrs: { type: "button", "data-line": problem.line },
              on: { click: () => this.goToLine(problem.line, problem.column) },
            },
            h("span", { class: "diag-level", text: problem.level === "error" ? "Fout" : "Waarschuwing" }),
            ` regel ${problem.line}: `,
            h("span", { text: problem.message }),
          ),
        ),
      ),
    );
  }

  private followCursor(): void {
    const state = this.view.state;
    const line = state.doc.lineAt(state.selection.main.head).number;
    const id = stepIdAtLine(this.text, line);
    if (id !== this.shownStepId && id !== null) {
      this.shownStepId = id;
      if (!this.showAll.checked) this.renderPreview();
    }
  }

  private renderPreview(): void {
    const guide = this.lastGuide;
    if (!guide) {
      this.preview.replaceChildren(h("p", { class: "hint", text: "De tekst bevat fouten; er is nog geen voorbeeld." }));
      return;
    }
    const notes = this.lastPreviewFailed ? [h("p", { class: "notice notice-warning", text: "De tekst bevat fouten. Dit is het laatste voorbeeld dat wel lukte." })] : [];
    if (this.showAll.checked) {
      this.preview.replaceChildren(...notes, allSteps(guide));
      return;
    }
    const walk = startWalk(guide, this.shownStepId ?? undefined, "link", "preview", this.host.ctx.now());
    const view = renderGuide(
      { walk, notice: null, backIntoGuide: null },
      {
        tick: () => undefined,
        go: (destination: Destination) => {
          const stepId = destination.kind === "jump" ? destination.stepId : destination.kind === "link" ? destination.stepId : destination.option.stepId;
          const otherGuide = destination.kind === "jump" ? undefined : destination.kind === "link" ? destination.guideId : destination.option.guideId;
          if (otherGuide) {
            this.previewStatus.textContent = `Deze keuze opent de gids „${otherGuide}”.`;
          } else if (stepId) {
            this.shownStepId = stepId;
            this.renderPreview();
          }
        },
        back: () => undefined,
        restart: () => {
          this.shownStepId = guide.steps[0]?.id ?? null;
          this.renderPreview();
        },
        complete: () => {
          this.previewStatus.textContent = "Hier eindigt de gids voor de baliemedewerker.";
        },
        close: () => undefined,
        flag: () => Promise.resolve("sent"),
        dismissAnswer: () => undefined,
      },
    );
    // The panel's own tools that make no sense in a preview: closing it, reporting a problem.
    view.querySelector(".guide-head button")?.remove();
    view.querySelector(".step-tools .report")?.remove();
    this.preview.replaceChildren(...notes, view);
  }

  // ---- saving --------------------------------------------------------------------------------------------------

  async save(): Promise<void> {
    if (this.saving || this.draftOffer) return;
    if (this.merge) {
      const { spec, merged } = this.merge;
      const text = merged.state.doc.toString();
      const markers = markerLines(text);
      if (markers.length > 0) {
        this.refuseMarkers(merged, markers);
        return;
      }
      this.setText(text);
      this.onInput(false);
      await this.send(text, spec.saveBase, spec.mergedWith);
      return;
    }
    await this.send(this.text, this.baseVersion, undefined);
  }

  private async send(text: string, baseVersion: string | null, mergedWith: string | undefined): Promise<void> {
    const { ctx } = this.host;
    this.saving = true;
    this.saveButton.disabled = true;
    this.saveStatus.textContent = "Bezig met opslaan…";
    ctx.timers.clearTimeout(this.draftTimer);
    const note = this.note.value.trim();
    try {
      const saved = await ctx.api.saveSource(this.host.id, {
        text,
        baseVersion,
        ...(note ? { note } : {}),
        ...(mergedWith ? { mergedWith } : {}),
      });
      this.baseVersion = saved.version;
      this.savedText = text;
      this.knownBase = { version: saved.version, text };
      this.lastDraftText = null; // the server dropped the draft with the save
      this.note.value = "";
      this.closeMerge();
      ctx.error(null);
      ctx.announce(`Opgeslagen als concept (versie ${shortVersion(saved.version)}).`);
      this.host.onSaved(saved);
      this.onInput(this.dirty); // typed during the save: that part is still unsaved
      this.saveStatus.textContent = this.dirty ? "Niet-opgeslagen wijzigingen." : `Opgeslagen om ${formatDateTime(new Date(ctx.now()).toISOString())}.`;
    } catch (error) {
      this.saveStatus.textContent = "Niet opgeslagen.";
      const conflict = error instanceof ApiError ? error.conflict : null;
      const diagnostics = error instanceof ApiError ? error.diagnostics : null;
      if (conflict) {
        const known = this.knownBase?.version === baseVersion ? this.knownBase.text : undefined;
        const outcome = await this.openMerge({
          theirsText: conflict.theirs.text ?? "",
          theirsLabel: conflict.theirs.version ? `versie ${shortVersion(conflict.theirs.version)}` : "de nieuwste versie",
          yoursText: text,
          // After a publish conflict theirs is the published text; the change's head stays the base.
          saveBase: conflict.publishedVersion ? baseVersion : (conflict.theirs.version ?? null),
          ...(conflict.publishedVersion ? { mergedWith: conflict.publishedVersion } : {}),
          // Both texts go back to the version this save started from (unless theirs is the published text).
          ...(conflict.publishedVersion ? {} : { baseVersion, ...(known !== undefined ? { baseText: known } : {}) }),
          intro: conflict.detail || "Iemand anders heeft deze gids intussen opgeslagen.",
        });
        ctx.announce(`Niet opgeslagen: er is een nieuwere versie. ${outcome}`);
      } else if (diagnostics) {
        this.setDiagnostics(diagnostics);
        ctx.error("Niet opgeslagen: de tekst bevat fouten. Zie de lijst onder de tekst.");
      } else {
        ctx.error(describeError(error, "Opslaan"));
      }
    } finally {
      this.saving = false;
      this.saveButton.disabled = false;
    }
  }

  /** Shows both texts, their difference and an editable merge, prefilled with the three-way merge when the base text
   * is known. Nothing is replaced or saved until the expert saves. Returns a sentence on what was merged. */
  async openMerge(spec: MergeSpec): Promise<string> {
    const seq = ++this.mergeSeq;
    const base = await this.mergeBase(spec);
    if (seq !== this.mergeSeq) return ""; // closed, or another merge opened, while the base text was on its way
    const auto = base.text === null ? null : mergeThreeWay(base.text, spec.theirsText, spec.yoursText, { theirs: `hun tekst (${spec.theirsLabel})`, yours: "uw tekst" });
    const headingId = uniqueId("merge-title");
    const mergedId = uniqueId("merged");
    this.merge?.compare.destroy();
    const conflictList = h("div", { class: "merge-conflicts" });
    // Filled in below: the merge view calls back on every change of the merged text.
    let state: MergeState | null = null;
    const compare = createCompare({
      left: { text: spec.theirsText, label: `Hun tekst (${spec.theirsLabel})` },
      right: { text: auto?.text ?? spec.yoursText, label: "Samengevoegde tekst", editable: true, onChange: () => state && this.renderConflicts(state) },
    });
    const merged = compare.right;
    state = { spec, compare, merged, auto, conflictList };
    const current = state;
    this.merge = state;
    const fill = (text: string, message: string): void => {
      replaceText(merged, text);
      this.renderConflicts(current);
      this.host.ctx.announce(message);
    };

    const outcome =
      auto === null
        ? "Voeg de teksten samen."
        : auto.conflicts.length === 0
          ? "Beide wijzigingen samengevoegd: controleer en sla op."
          : `Automatisch samengevoegd, maar ${auto.conflicts.length === 1 ? "één stuk tekst is" : `${auto.conflicts.length} stukken tekst zijn`} door beiden anders gewijzigd. Kies per conflict welke tekst blijft.`;
    const section = h(
      "section",
      { class: "merge", attrs: { "aria-labelledby": headingId } },
      h("h2", { id: headingId, class: "section-title", text: "Teksten samenvoegen", attrs: { tabindex: -1 } }),
      h("p", { text: spec.intro }),
      auto ? h("p", { class: `merge-outcome notice ${auto.conflicts.length === 0 ? "notice-success" : "notice-warning"}`, text: outcome }) : null,
      base.failed ? h("p", { class: "notice notice-warning", text: "De versie waarvan u uitging kon niet worden opgehaald, dus de teksten zijn niet automatisch samengevoegd." }) : null,
      h("p", { class: "hint", text: "Uw tekst blijft bewaard tot u zelf kiest. Pas de samengevoegde tekst aan en sla die op." }),
      conflictList,
      h(
        "div",
        { class: "merge-columns merge-heads" },
        h("h3", { class: "merge-title", text: `Hun tekst (${spec.theirsLabel})` }),
        h("h3", { id: mergedId, class: "merge-title", text: "Samengevoegde tekst (links hun tekst, rechts wat u opslaat)" }),
      ),
      compare.merge.dom,
      h("details", { class: "merge-yours" }, h("summary", { text: "Uw tekst zoals u hem had" }), h("pre", { class: "merge-text", text: spec.yoursText })),
      h(
        "div",
        { class: "button-row" },
        h("button", {
          class: "button",
          text: "Neem hun tekst over",
          attrs: { type: "button" },
          on: { click: () => fill(spec.theirsText, "De samengevoegde tekst is nu hun tekst.") },
        }),
        h("button", {
          class: "button",
          text: "Neem mijn tekst",
          attrs: { type: "button" },
          on: { click: () => fill(spec.yoursText, "De samengevoegde tekst is nu uw tekst.") },
        }),
        auto
          ? h("button", {
              class: "button",
              text: "Automatisch samenvoegen",
              attrs: { type: "button", title: "De samengevoegde tekst opnieuw vullen met de automatische samenvoeging" },
              on: { click: () => fill(auto.text, "De samengevoegde tekst is weer de automatische samenvoeging.") },
            })
          : null,
        h("button", { class: "button button-primary", text: "Samengevoegde tekst opslaan", attrs: { type: "button" }, on: { click: () => void this.save() } }),
        h("button", {
          class: "button button-quiet",
          text: "Samenvoegen sluiten",
          attrs: { type: "button" },
          on: {
            click: () => {
              this.closeMerge();
              this.view.focus();
            },
          },
        }),
      ),
    );
    this.renderConflicts(state);
    this.mergeSlot.replaceChildren(section);
    compare.firstChange();
    section.querySelector<HTMLElement>("h2")?.focus();
    return outcome;
  }

  get merging(): boolean {
    return this.merge !== null;
  }

  private closeMerge(): void {
    this.mergeSeq++;
    this.merge?.compare.destroy();
    this.merge = null;
    this.mergeSlot.replaceChildren();
  }

  /** The base text: given, kept from loading or saving, or fetched. null means merge by hand (a new guide, or the
   * history could not be read); failed says that it should have been there. */
  private async mergeBase(spec: MergeSpec): Promise<{ text: string | null; failed: boolean }> {
    if (spec.baseText !== undefined) return { text: spec.baseText, failed: false };
    if (!spec.baseVersion) return { text: null, failed: false };
    try {
      const version = await this.host.ctx.api.version(this.host.id, spec.baseVersion);
      return { text: version.text, failed: false };
    } catch {
      return { text: null, failed: true }; // merging by hand still works: the view says why it did not merge
    }
  }

  /** The conflicts still marked in the merged text (the expert may have edited it), with a choice per conflict. */
  private renderConflicts(state: MergeState): void {
    const { auto, merged, conflictList } = state;
    if (!auto || auto.conflicts.length === 0) {
      conflictList.replaceChildren();
      return;
    }
    const blocks = conflictBlocks(merged.state.doc.toString());
    const titleId = uniqueId("conflicts");
    const choices: { choice: ConflictChoice; label: string; done: string }[] = [
      { choice: "theirs", label: "Hun tekst", done: "hun tekst gekozen" },
      { choice: "yours", label: "Mijn tekst", done: "uw tekst gekozen" },
      { choice: "both", label: "Beide", done: "beide teksten gehouden, eerst die van hen" },
    ];
    conflictList.replaceChildren(
      h("h3", { id: titleId, class: "merge-title", text: blocks.length === 0 ? "Conflicten" : `Conflicten (${blocks.length})` }),
      blocks.length === 0
        ? h("p", { class: "hint", text: "Er staan geen conflicten meer in de samengevoegde tekst: controleer en sla op." })
        : h(
            "ul",
            { class: "conflict-list", attrs: { "aria-labelledby": titleId } },
            ...blocks.map((block) =>
              h(
                "li",
                { class: "conflict", attrs: { "data-conflict": block.number } },
                h("button", {
                  class: "link-button",
                  text: `Regel ${block.startLine}–${block.endLine}: beide gewijzigd`,
                  attrs: { type: "button", title: "Deze regels in de samengevoegde tekst selecteren" },
                  on: { click: () => this.selectLines(merged, block.startLine, block.endLine) },
                }),
                " ",
                ...choices.map(({ choice, label, done }) =>
                  h("button", {
                    class: "button button-small",
                    text: label,
                    attrs: { type: "button", "aria-label": `Conflict regel ${block.startLine}–${block.endLine}: ${label.toLowerCase()}` },
                    on: { click: () => this.resolve(state, block.number, choice, done) },
                  }),
                ),
              ),
            ),
          ),
    );
  }

  private resolve(state: MergeState, number: number, choice: ConflictChoice, done: string): void {
    const { merged, conflictList } = state;
    const block = conflictBlocks(merged.state.doc.toString()).find((candidate) => candidate.number === number);
    if (block) {
      // Only the block's lines change: the rest of the merged text (and its undo history) stays as it is.
      const doc = merged.state.doc;
      const from = doc.line(block.startLine).from;
      const to = doc.line(block.endLine).to;
      const chosen = resolveConflict(doc.sliceString(from, to), block.number, choice);
      merged.dispatch({ changes: { from, to, insert: chosen } });
    }
    this.renderConflicts(state);
    const left = conflictBlocks(merged.state.doc.toString()).length;
    this.host.ctx.announce(`Conflict: ${done}. ${left === 0 ? "Geen conflicten meer: controleer en sla op." : `Nog ${left} conflict(en).`}`);
    // The clicked button is gone with its row: go on with the next conflict, or to the text when there is none.
    const next = conflictList.querySelector<HTMLElement>(".conflict .button");
    if (next) next.focus();
    else merged.focus();
  }

  private selectLines(field: EditorView, first: number, last: number): void {
    const doc = field.state.doc;
    const from = doc.line(Math.min(Math.max(1, first), doc.lines)).from;
    const to = doc.line(Math.min(Math.max(1, last), doc.lines)).to;
    field.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
    field.focus();
  }

  /** A merged text with markers would put both versions, markers and all, in front of the officials. */
  private refuseMarkers(merged: EditorView, lines: number[]): void {
    const shown = lines.length > 6 ? `${lines.slice(0, 6).join(", ")}, …` : lines.join(", ");
    this.saveStatus.textContent = "Niet opgeslagen.";
    this.host.ctx.error(
      `Niet opgeslagen: de samengevoegde tekst bevat nog conflictmarkeringen (regel ${shown}). Kies bij elk conflict welke tekst blijft, of haal de regels met <<<<<<<, ======= en >>>>>>> weg.`,
    );
    this.selectLines(merged, lines[0] ?? 1, lines[0] ?? 1);
  }

  // ---- the unsaved draft on the server ---------------------------------------------------------------------

  /** Offers the draft found on opening; the text stays read-only until the expert chooses, so nothing overwrites it. */
  offerDraft(draft: DraftResponse, headVersion: string | null): void {
    if (draft.text === this.text) return;
    this.draftOffer = draft;
    this.setReadOnly(true);
    this.saveButton.disabled = true;
    const older = draft.baseVersion !== headVersion;
    const titleId = uniqueId("offer");
    this.offerSlot.replaceChildren(
      h(
        "section",
        { class: "notice notice-warning offer", attrs: { "aria-labelledby": titleId } },
        h("p", { id: titleId, class: "offer-title", text: `U hebt een niet-opgeslagen concept van ${formatDateTime(draft.updatedAt)}.` }),
        older ? h("p", { text: "Intussen is er een nieuwere versie opgeslagen. Gaat u verder met het concept, dan kunt u bij opslaan de teksten samenvoegen." }) : null,
        h(
          "div",
          { class: "button-row" },
          h("button", { class: "button button-primary", text: "Verder met concept", attrs: { type: "button" }, on: { click: () => this.continueDraft() } }),
          h("button", { class: "button", text: "Weggooien", attrs: { type: "button" }, on: { click: () => void this.discardDraft() } }),
        ),
      ),
    );
  }

  private continueDraft(): void {
    const draft = this.draftOffer;
    if (!draft) return;
    this.endOffer();
    this.baseVersion = draft.baseVersion; // a newer head makes the save conflict, and the merge view takes over
    this.setText(draft.text);
    this.lastDraftText = draft.text;
    this.onInput(false);
    this.host.ctx.announce("U gaat verder met uw concept.");
    this.view.focus();
  }

  private async discardDraft(): Promise<void> {
    try {
      await this.host.ctx.api.deleteDraft(this.host.id);
      this.endOffer();
      this.host.ctx.announce("Het concept is weggegooid.");
      this.view.focus();
    } catch (error) {
      this.host.ctx.error(describeError(error, "Het concept weggooien"));
    }
  }

  private endOffer(): void {
    this.draftOffer = null;
    this.setReadOnly(false);
    this.saveButton.disabled = false;
    this.offerSlot.replaceChildren();
  }

  private setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    this.source.setReadOnly(readOnly);
  }

  private scheduleDraft(): void {
    if (this.draftOffer) return;
    this.host.ctx.timers.clearTimeout(this.draftTimer);
    this.draftTimer = this.host.ctx.timers.setTimeout(() => void this.flushDraft(), draftDelayMs);
  }

  /** Sends the unsaved text now (keepalive when the page is going away). */
  async flushDraft(keepalive = false): Promise<void> {
    this.host.ctx.timers.clearTimeout(this.draftTimer);
    const text = this.text;
    if (this.draftOffer || !this.dirty || text === this.lastDraftText) return;
    this.lastDraftText = text;
    try {
      await this.host.ctx.api.putDraft(this.host.id, { text, baseVersion: this.baseVersion }, keepalive);
      this.draftStatus.textContent = `Niet-opgeslagen tekst bewaard om ${formatDateTime(new Date(this.host.ctx.now()).toISOString())}.`;
    } catch (error) {
      if (this.lastDraftText === text) this.lastDraftText = null;
      this.draftStatus.textContent = `${describeError(error, "Tussentijds bewaren")} Uw tekst staat nog in de editor.`;
    }
  }
}

/** Every step at once, as the panel renders its body (server HTML only through insertServerHtml). */
function allSteps(guide: GuideResponse): HTMLElement {
  const list = h("div", { class: "view all-steps" }, h("h1", { class: "guide-title", text: guide.title }));
  guide.steps.forEach((step: StepResponse, index) => {
    const body = h("div", { class: "step-body" });
    insertServerHtml(body, serverHtml(step.html));
    list.append(
      h(
        "section",
        { class: "step", attrs: { "data-step-id": step.id } },
        h("h2", { class: "step-title", text: `${index + 1}. ${step.title}` }),
        body,
        step.isEnd ? h("p", { class: "hint", text: "Einde van de gids." }) : null,
      ),
    );
  });
  return list;
}
