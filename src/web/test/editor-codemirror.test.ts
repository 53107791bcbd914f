// The CodeMirror parts of the editor: the guide format's highlighting, completion, and the server's diagnostics as
// lint marks with the "bedoel je" fix.
import { CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { describe, expect, it, vi } from "vitest";
import { guideCompletion } from "../src/editor/cm/completion";
import { guideHighlight } from "../src/editor/cm/guide-highlight";
import { nearestId, toLintDiagnostics } from "../src/editor/cm/lint-bridge";
import "./editor-fakes"; // jsdom's missing layout for CodeMirror

// The first CodeMirror view in a file takes seconds in jsdom on a loaded machine; 5 s failed for that, not for the test.
vi.setConfig({ testTimeout: 30_000 });

const guide = [
  "---",
  "id: paspoort",
  "title: Paspoort",
  "roles: [baliemedewerker]",
  "---",
  "",
  "## Identiteit {#identiteit target=\"#bsn\"}",
  "",
  "- [ ] Foto lijkt op de klant",
  "",
  "> [!WARNING]",
  "> Let op.",
  "",
  "- [Ja](#brp)",
  "- [Nee](guide:twijfel-aan-identiteit)",
  "",
  "## Persoonslijst {#brp .end}",
  "",
].join("\n");

async function complete(doc: string, pos = doc.length, explicit = false): Promise<CompletionResult | null> {
  const source = guideCompletion({ guideIds: () => Promise.resolve(["paspoort-aanvragen", "twijfel-aan-identiteit"]) });
  return await source(new CompletionContext(EditorState.create({ doc }), pos, explicit));
}

describe("completion", () => {
  it("offers the step ids after ](#, with their titles", async () => {
    const result = await complete(`${guide}Zie [hier](#pe`);
    expect(result?.options.map((option) => [option.label, option.detail])).toEqual([
      ["identiteit", "Identiteit"],
      ["brp", "Persoonslijst"],
    ]);
    expect(result?.from).toBe(guide.length + "Zie [hier](#".length);
  });

  it("offers the guide ids after guide:", async () => {
    const result = await complete(`${guide}- [Ander](guide:tw`);
    expect(result?.options.map((option) => option.label)).toEqual(["paspoort-aanvragen", "twijfel-aan-identiteit"]);
  });

  it("offers front matter keys and the known roles only in the front matter", async () => {
    const keys = await complete("---\nid: x\nsu", "---\nid: x\nsu".length);
    expect(keys?.options.map((option) => option.label)).toContain("summary");
    const roles = await complete("---\nroles: [baliemedewerker, ba", "---\nroles: [baliemedewerker, ba".length);
    expect(roles?.options.map((option) => option.label)).toEqual(["baliemedewerker", "backoffice"]);
    expect(await complete(`${guide}su`)).toBeNull();
  });
});

describe("lint", () => {
  it("puts a problem from its column to the end of its line, and past the text on the last line", () => {
    const doc = EditorState.create({ doc: guide }).doc;
    const [atLine, past] = toLintDiagnostics(doc, [
      { file: "a.md", line: 7, column: 4, level: "error", code: "E", message: "Fout." },
      { file: "a.md", line: 99, column: 1, level: "warning", code: "W", message: "Let op." },
    ]);
    expect(doc.sliceString(atLine!.from, atLine!.to)).toBe('Identiteit {#identiteit target="#bsn"}');
    expect(atLine?.severity).toBe("error");
    expect(doc.lineAt(past!.from).number).toBe(doc.lines);
    expect(past?.severity).toBe("warning");
  });

  it("offers the near step id for a link to an unknown one, and the fix replaces it", () => {
    const text = guide.replace("(#brp)", "(#bpr)");
    const view = new EditorView({ state: EditorState.create({ doc: text }) });
    const [problem] = toLintDiagnostics(view.state.doc, [
      { file: "a.md", line: 14, column: 3, level: "error", code: "link-step-unknown", message: "De link naar '#bpr' wijst naar een stap die niet in deze gids staat." },
    ]);
    const action = problem?.actions?.[0];
    expect(action?.name).toBe("Bedoel je #brp?");
    action?.apply(view, problem!.from, problem!.to);
    expect(view.state.doc.toString()).toBe(guide);
    view.destroy();
  });

  it("offers no fix when no id is obviously meant", () => {
    expect(nearestId("xyz", ["identiteit", "brp"])).toBeNull();
    expect(nearestId("ab", ["aa", "bb"])).toBeNull(); // a tie is not obvious
    expect(nearestId("identitet", ["identiteit", "brp"])).toBe("identiteit");
  });
});

describe("highlighting", () => {
  it("marks front matter keys, step ids and attributes, checks, alerts, decisions and guide links", () => {
    const view = new EditorView({ state: EditorState.create({ doc: guide, extensions: [guideHighlight] }), parent: document.body });
    const texts = (selector: string): string[] => [...view.dom.querySelectorAll(selector)].map((element) => element.textContent ?? "");
    expect(texts(".cm-guide-key")).toEqual(["id", "title", "roles"]);
    expect(texts(".cm-guide-step-id")).toEqual(["#identiteit", "#brp"]);
    expect(texts(".cm-guide-check-box")).toEqual(["[ ]"]);
    expect(texts(".cm-guide-alert-kind")).toEqual(["[!WARNING]"]);
    expect(texts(".cm-guide-decision")).toEqual(["- [Ja](#brp)", "- [Nee](guide:twijfel-aan-identiteit)"]);
    expect(texts(".cm-guide-guide-link")).toEqual(["guide:twijfel-aan-identiteit"]);
    expect(view.dom.querySelectorAll(".cm-guide-frontmatter")).toHaveLength(5);
    view.destroy();
  });
});
