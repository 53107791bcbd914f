// Completion in the guide's text: step ids after `](#`, guide ids after `guide:`, front matter keys at the start of a
// front matter line, and the known roles in `roles:`. Pure over the editor state, so it is tested without a browser.
import type { CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import { headings } from "../text";
import { frontMatterEnd } from "./guide-highlight";

/** The front matter fields of content/README.md, with what each is for. */
export const frontMatterKeys: readonly { key: string; info: string }[] = [
  { key: "id", info: "Vaste naam van de werkinstructie (kebab-case, gelijk aan de bestandsnaam)" },
  { key: "title", info: "Titel zoals de medewerker hem ziet" },
  { key: "summary", info: "Eén zin: wanneer je deze werkinstructie gebruikt" },
  { key: "roles", info: "Voor wie: baliemedewerker, backoffice" },
  { key: "tags", info: "Trefwoorden in kleine letters" },
  { key: "synonyms", info: "Woorden die medewerkers echt intypen" },
  { key: "context", info: "urls, apps en titles waar de werkinstructie wordt voorgesteld" },
  { key: "owner", info: "Het verantwoordelijke team, in kebab-case" },
  { key: "review-by", info: "Datum (JJJJ-MM-DD) van de volgende controle" },
  { key: "related", info: "Ids van werkinstructies die erbij horen" },
  { key: "sources", info: "Wetten en regelingen waarop de werkinstructie rust" },
];

export const knownRoles: readonly string[] = ["baliemedewerker", "backoffice"];

export interface GuideCompletionOptions {
  /** The ids of the guides (the editor's guide list, fetched on first use); empty when it cannot be read. */
  guideIds(): Promise<readonly string[]>;
}

export function guideCompletion(options: GuideCompletionOptions): CompletionSource {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const { state, pos } = context;
    const line = state.doc.lineAt(pos);
    const before = line.text.slice(0, pos - line.from);

    const stepLink = /\]\(#([\w-]*)$/.exec(before);
    if (stepLink) {
      const steps = headings(state.doc.toString()).filter((heading) => heading.id !== null);
      return {
        from: pos - (stepLink[1]?.length ?? 0),
        options: steps.map((heading) => ({ label: heading.id ?? "", detail: heading.title, type: "constant" })),
        validFor: /^[\w-]*$/,
      };
    }

    const guideLink = /guide:([\w-]*)$/.exec(before);
    if (guideLink) {
      return {
        from: pos - (guideLink[1]?.length ?? 0),
        options: (await options.guideIds()).map((id) => ({ label: id, type: "namespace" })),
        validFor: /^[\w-]*$/,
      };
    }

    const fmEnd = frontMatterEnd(state.doc);
    const inFrontMatter = line.number > 1 && (fmEnd === 0 ? state.doc.line(1).text.trim() === "---" : line.number < fmEnd);
    if (!inFrontMatter) return null;

    const roles = /^roles:\s*\[?(?:[\w-]+\s*,\s*)*([\w-]*)$/.exec(before) ?? /^\s*-\s*([\w-]*)$/.exec(before);
    if (roles && (before.startsWith("roles:") || previousKey(state.doc, line.number) === "roles")) {
      return { from: pos - (roles[1]?.length ?? 0), options: knownRoles.map((role) => ({ label: role, type: "enum" })), validFor: /^[\w-]*$/ };
    }

    const key = /^([\w-]*)$/.exec(before);
    if (key && (key[1] !== "" || context.explicit)) {
      return {
        from: line.from,
        options: frontMatterKeys.map(({ key: name, info }) => ({ label: name, apply: `${name}: `, info, type: "property" })),
        validFor: /^[\w-]*$/,
      };
    }
    return null;
  };
}

/** The top-level key a front matter line belongs to (for list items under `roles:`). */
function previousKey(doc: { line(n: number): { text: string } }, lineNumber: number): string | null {
  for (let n = lineNumber - 1; n > 1; n--) {
    const key = /^([\w-]+):/.exec(doc.line(n).text);
    if (key) return key[1] ?? null;
  }
  return null;
}
