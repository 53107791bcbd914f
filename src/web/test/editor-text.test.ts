import { describe, expect, it } from "vitest";
import { appendBlock, diffLines, freshStepId, headings, newGuideTemplate, snippet, stepIdAtLine } from "../src/editor/text";
import { guideText } from "./editor-fakes";

/** The text after inserting a snippet at a cursor, as the toolbar does. */
function insert(kind: Parameters<typeof snippet>[0], text: string, cursor: number): string {
  const insertion = snippet(kind, text, cursor);
  const next = text.slice(0, cursor) + insertion.text + text.slice(cursor);
  return insertion.append ? appendBlock(next, insertion.append) : next;
}

describe("insert helpers", () => {
  it("insert a step as a level-2 heading with a step id the text does not use yet", () => {
    const once = insert("step", guideText, guideText.length);
    expect(once).toMatch(/\n\n## Nieuwe stap \{#nieuwe-stap\}\n\nBeschrijf wat de medewerker doet\.\n$/);
    const twice = insert("step", once, once.length);
    expect(twice).toContain("## Nieuwe stap {#nieuwe-stap-2}");
    expect(headings(twice).map((heading) => heading.id)).toEqual(["identiteit", "bewijs", "verwerken", "nieuwe-stap", "nieuwe-stap-2"]);
  });

  it("insert a check as a task-list item and a warning as an alert block, each a block of its own", () => {
    const cursor = guideText.indexOf("Is het bewijs compleet?");
    const withCheck = insert("check", guideText, cursor);
    expect(withCheck).toContain("\n\n- [ ] Controlepunt\n\nIs het bewijs compleet?");
    const lineEnd = guideText.indexOf("\n", cursor);
    const withWarning = insert("warning", guideText, lineEnd);
    expect(withWarning).toContain("Is het bewijs compleet?\n\n> [!WARNING]\n> Beschrijf wat er mis kan gaan.\n\n");
  });

  it("insert a decision whose links point at two new steps that exist in the text", () => {
    const text = insert("decision", guideText, guideText.indexOf("## Verwerken"));
    const links = [...text.matchAll(/^- \[(Ja|Nee)\]\(#([a-z0-9-]+)\)$/gm)].map((match) => match[2]);
    expect(links).toEqual(["ja", "nee"]);
    const ids = headings(text).map((heading) => heading.id);
    expect(ids).toContain("ja");
    expect(ids).toContain("nee");
    expect(text).toMatch(/## Ja \{#ja \.end\}/);
  });

  it("select the placeholder so that typing replaces it", () => {
    const insertion = snippet("check", "", 0);
    expect(insertion.text.slice(...insertion.select)).toBe("Controlepunt");
  });

  it("never reuse an id given anywhere in an attribute block", () => {
    expect(freshStepId("## A {#nieuwe-stap target=\"#x\"}\n## B {#nieuwe-stap-2 .end}")).toBe("nieuwe-stap-3");
    expect(freshStepId('## A {target="#nieuwe-stap" #a}')).toBe("nieuwe-stap");
    expect(headings('## A {target="#x" #a}')[0]?.id).toBe("a");
  });
});

describe("headings", () => {
  it("skip the front matter and fenced code", () => {
    const text = "---\nid: x\ntitle: '## niet'\n---\n\n## Echt {#echt}\n\n```\n## ook niet\n```\n\n## Tweede\n";
    expect(headings(text)).toEqual([
      { line: 6, title: "Echt", id: "echt" },
      { line: 12, title: "Tweede", id: null },
    ]);
    expect(stepIdAtLine(text, 9)).toBe("echt");
  });
});

describe("new guide template", () => {
  it("has the id in its front matter, a review date a year ahead and one end step", () => {
    const text = newGuideTemplate("nieuwe-gids", new Date(Date.UTC(2026, 11, 1)));
    expect(text.startsWith("---\nid: nieuwe-gids\n")).toBe(true);
    expect(text).toContain("review-by: 2027-12-01");
    expect(headings(text)).toEqual([{ line: 13, title: "Eerste stap", id: "eerste-stap" }]);
  });
});

describe("line diff", () => {
  it("keep common lines and mark removed and added ones with both line numbers", () => {
    expect(diffLines("a\nb\nc", "a\nB\nc\nd")).toEqual([
      { kind: "same", line: "a", oldNumber: 1, newNumber: 1 },
      { kind: "removed", line: "b", oldNumber: 2 },
      { kind: "added", line: "B", newNumber: 2 },
      { kind: "same", line: "c", oldNumber: 3, newNumber: 3 },
      { kind: "added", line: "d", newNumber: 4 },
    ]);
  });
});
