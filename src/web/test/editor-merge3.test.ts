import { describe, expect, it } from "vitest";
import { conflictBlocks, markerLines, mergeThreeWay, resolveConflict } from "../src/editor/merge3";
import { foldRuns } from "../src/editor/widgets";

const lines = (...items: string[]): string => items.join("\n");

describe("mergeThreeWay", () => {
  const base = lines("# Gids", "", "## Stap 1", "Doe a.", "", "## Stap 2", "Doe b.", "", "## Stap 3", "Doe c.", "");

  it("takes edits to different lines from both sides", () => {
    const theirs = base.replace("Doe a.", "Doe a, grondig.");
    const yours = base.replace("Doe c.", "Doe c en d.");
    const result = mergeThreeWay(base, theirs, yours);
    expect(result.conflicts).toEqual([]);
    expect(result.text).toBe(base.replace("Doe a.", "Doe a, grondig.").replace("Doe c.", "Doe c en d."));
  });

  it("takes the same edit on both sides once", () => {
    const both = base.replace("Doe b.", "Doe b nu.");
    expect(mergeThreeWay(base, both, both)).toEqual({ text: both, conflicts: [] });
    const theirs = both.replace("Doe a.", "Doe a eerst.");
    expect(mergeThreeWay(base, theirs, both).text).toBe(theirs);
  });

  it("returns the other side when one side did not change", () => {
    const changed = base.replace("## Stap 2", "## Tweede stap");
    expect(mergeThreeWay(base, changed, base).text).toBe(changed);
    expect(mergeThreeWay(base, base, changed).text).toBe(changed);
  });

  it("marks different edits of the same lines as a conflict, with its lines in the merged text", () => {
    const theirs = base.replace("Doe b.", "Doe b snel.").replace("Doe a.", "Doe a, grondig.");
    const yours = base.replace("Doe b.", "Doe b langzaam.");
    const result = mergeThreeWay(base, theirs, yours, { theirs: "hun tekst (versie h3)", yours: "uw tekst" });
    expect(result.text).toBe(
      lines(
        "# Gids",
        "",
        "## Stap 1",
        "Doe a, grondig.",
        "",
        "## Stap 2",
        "<<<<<<< conflict 1: hun tekst (versie h3)",
        "Doe b snel.",
        "=======",
        "Doe b langzaam.",
        ">>>>>>> conflict 1: uw tekst",
        "",
        "## Stap 3",
        "Doe c.",
        "",
      ),
    );
    expect(result.conflicts).toEqual([{ number: 1, startLine: 7, endLine: 11, base: ["Doe b."], theirs: ["Doe b snel."], yours: ["Doe b langzaam."] }]);
  });

  it("treats edits of adjacent lines as one conflict, like diff3", () => {
    const theirs = base.replace("Doe b.", "Doe B.");
    const yours = base.replace("## Stap 2", "## Stap twee");
    const result = mergeThreeWay(base, theirs, yours);
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]).toMatchObject({ base: ["## Stap 2", "Doe b."], theirs: ["## Stap 2", "Doe B."], yours: ["## Stap twee", "Doe b."] });
  });

  it("keeps lines both sides added alike outside the markers", () => {
    const theirs = base.replace("Doe c.", "Doe c.\nControleer.\nKlaar: ja");
    const yours = base.replace("Doe c.", "Doe c.\nControleer.\nKlaar: nee");
    const result = mergeThreeWay(base, theirs, yours);
    expect(result.conflicts).toMatchObject([{ theirs: ["Klaar: ja"], yours: ["Klaar: nee"] }]);
    expect(result.text).toContain("Doe c.\nControleer.\n<<<<<<< conflict 1: hun tekst\nKlaar: ja\n=======\nKlaar: nee\n>>>>>>> conflict 1: uw tekst\n");
  });

  it("merges insertions at the start and at the end", () => {
    const theirs = `---\nid: gids\n---\n${base}`;
    const yours = `${base}## Stap 4\nDoe d.\n`;
    const result = mergeThreeWay(base, theirs, yours);
    expect(result.conflicts).toEqual([]);
    expect(result.text).toBe(`---\nid: gids\n---\n${base}## Stap 4\nDoe d.\n`);
  });

  it("makes different insertions at the same place a conflict", () => {
    const result = mergeThreeWay(base, `Eerst dit.\n${base}`, `Eerst dat.\n${base}`);
    expect(result.conflicts).toMatchObject([{ startLine: 1, endLine: 5, base: [], theirs: ["Eerst dit."], yours: ["Eerst dat."] }]);
    expect(result.text.endsWith(base)).toBe(true);
  });

  it("takes a deletion on one side and an edit elsewhere on the other", () => {
    const theirs = base.replace("## Stap 3\nDoe c.\n", "");
    const yours = base.replace("Doe a.", "Doe a!");
    expect(mergeThreeWay(base, theirs, yours)).toEqual({ text: theirs.replace("Doe a.", "Doe a!"), conflicts: [] });
  });

  it("makes deleting lines the other side edited a conflict", () => {
    const theirs = base.replace("Doe c.\n", "");
    const yours = base.replace("Doe c.", "Doe c, zorgvuldig.");
    const result = mergeThreeWay(base, theirs, yours);
    expect(result.conflicts).toMatchObject([{ base: ["Doe c."], theirs: [], yours: ["Doe c, zorgvuldig."] }]);
    expect(conflictBlocks(result.text)[0]).toMatchObject({ theirs: [], yours: ["Doe c, zorgvuldig."] });
  });

  it("merges from and to empty texts", () => {
    expect(mergeThreeWay("", "", "")).toEqual({ text: "", conflicts: [] });
    expect(mergeThreeWay("", "Nieuw.\n", "")).toEqual({ text: "Nieuw.\n", conflicts: [] });
    expect(mergeThreeWay(base, base, "")).toEqual({ text: "", conflicts: [] });
    expect(mergeThreeWay("", "a\n", "b\n").conflicts).toMatchObject([{ theirs: ["a"], yours: ["b"] }]);
  });

  it("keeps or drops the final newline as the side that changed it", () => {
    const noNewline = base.slice(0, -1);
    expect(mergeThreeWay(base, noNewline, base.replace("Doe a.", "Doe A."))).toEqual({ text: noNewline.replace("Doe a.", "Doe A."), conflicts: [] });
    expect(mergeThreeWay(noNewline, `${noNewline}\n`, noNewline).text).toBe(base);
  });

  it("keeps CRLF line endings", () => {
    const crlf = base.replaceAll("\n", "\r\n");
    const result = mergeThreeWay(crlf, crlf.replace("Doe a.", "Doe A."), crlf.replace("Doe c.", "Doe C."));
    expect(result.text).toBe(crlf.replace("Doe a.", "Doe A.").replace("Doe c.", "Doe C."));
  });
});

// A small seeded generator, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Edit {
  side: "theirs" | "yours";
  start: number;
  end: number;
  lines: string[];
}

function apply(base: string[], edits: Edit[]): string[] {
  const out = [...base];
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out.splice(edit.start, edit.end - edit.start, ...edit.lines);
  return out;
}

describe("mergeThreeWay, on random edit scripts", () => {
  it("without conflicts, gives what applying both sides' edits to the base gives", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const size = Math.floor(next() * 40);
      // Unique lines: then each side's diff is exactly its edit script.
      const base = Array.from({ length: size }, (_, i) => `basis ${i}`);
      if (next() < 0.5) base.push("");
      const edits: Edit[] = [];
      let fresh = 0;
      for (let at = 0; at <= base.length; ) {
        if (next() < 0.35) {
          const length = Math.min(Math.floor(next() * 3), base.length - at);
          const added = Array.from({ length: Math.floor(next() * 3) }, () => `nieuw ${seed}.${fresh++}`);
          if (length === 0 && added.length === 0) added.push(`nieuw ${seed}.${fresh++}`);
          edits.push({ side: next() < 0.5 ? "theirs" : "yours", start: at, end: at + length, lines: added });
          at += length + 1; // an unchanged line between edits keeps the two sides apart
        } else {
          at++;
        }
      }
      const theirs = apply(base, edits.filter((edit) => edit.side === "theirs"));
      const yours = apply(base, edits.filter((edit) => edit.side === "yours"));
      const result = mergeThreeWay(base.join("\n"), theirs.join("\n"), yours.join("\n"));
      expect({ seed, conflicts: result.conflicts }).toEqual({ seed, conflicts: [] });
      expect({ seed, text: result.text }).toEqual({ seed, text: apply(base, edits).join("\n") });
    }
  });

  it("gives the changed side when the other is unchanged, and either when both are equal", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      // Few distinct lines: many repeats, the hard case for matching.
      const text = (): string => Array.from({ length: Math.floor(next() * 20) }, () => ["a", "b", "", "## c"][Math.floor(next() * 4)]).join("\n");
      const base = text();
      const other = text();
      expect(mergeThreeWay(base, other, base).text).toBe(other);
      expect(mergeThreeWay(base, base, other).text).toBe(other);
      expect(mergeThreeWay(base, other, other)).toEqual({ text: other, conflicts: [] });
    }
  });
});

describe("conflict blocks", () => {
  const merged = mergeThreeWay(lines("a", "b", "c", "d", "e"), lines("a", "B1", "c", "d", "E1"), lines("a", "B2", "c", "d", "E2")).text;

  it("are found with their lines, and each can be resolved to theirs, yours or both", () => {
    expect(conflictBlocks(merged).map((block) => [block.number, block.startLine, block.endLine])).toEqual([
      [1, 2, 6],
      [2, 9, 13],
    ]);
    expect(resolveConflict(merged, 1, "theirs").split("\n").slice(0, 3)).toEqual(["a", "B1", "c"]);
    expect(resolveConflict(resolveConflict(merged, 2, "yours"), 1, "both")).toBe(lines("a", "B1", "B2", "c", "d", "E2"));
  });

  it("are still found by number after the expert edited or resolved others by hand", () => {
    const edited = `Nieuwe eerste regel\n${resolveConflict(merged, 1, "yours")}`;
    expect(conflictBlocks(edited).map((block) => [block.number, block.startLine])).toEqual([[2, 6]]);
    expect(resolveConflict(edited, 1, "theirs")).toBe(edited);
    expect(resolveConflict(edited, 2, "theirs")).toBe(lines("Nieuwe eerste regel", "a", "B2", "c", "d", "E1"));
  });

  it("leave marker lines that block a save, but not a heading underline of equals signs", () => {
    expect(markerLines(merged)).toEqual([2, 4, 6, 9, 11, 13]);
    expect(markerLines(lines("Titel", "=======", "tekst"))).toEqual([]);
    expect(markerLines(lines("a", ">>>>>>> conflict 1: uw tekst"))).toEqual([2]);
  });
});

describe("foldRuns", () => {
  const run = (kinds: string): { kind: "same" | "added" | "removed"; n: number }[] =>
    [...kinds].map((kind, n) => ({ kind: kind === "+" ? "added" : kind === "-" ? "removed" : "same", n }));
  const shape = (parts: ReturnType<typeof foldRuns<{ kind: "same" | "added" | "removed"; n: number }>>): string =>
    parts.map((part) => (Array.isArray(part) ? `[${part.length}]` : part.kind === "same" ? "=" : part.kind === "added" ? "+" : "-")).join("");

  it("folds runs longer than 6, keeping 3 lines next to each change", () => {
    expect(shape(foldRuns(run("+==========-")))).toBe("+===[4]===-");
    expect(shape(foldRuns(run("==========+")))).toBe("[7]===+");
    expect(shape(foldRuns(run("+==========")))).toBe("+===[7]");
  });

  it("leaves short runs whole, and never folds a single line", () => {
    expect(shape(foldRuns(run("+======-")))).toBe("+======-");
    expect(shape(foldRuns(run("+=======-")))).toBe("+=======-");
    expect(shape(foldRuns(run("+========-")))).toBe("+===[2]===-");
    expect(shape(foldRuns(run("+-+")))).toBe("+-+");
  });
});
