// Finding a step's target: a CSS selector searched in a document, in its same-origin iframes (recursively) and in
// the open shadow roots of both. Pure DOM reads, so the logic can be unit-tested in jsdom.

/** The selector is not valid CSS. */
export const invalidSelector = Symbol("invalid selector");

/**
 * Every element that matches `selector`, in document order per root: first the document itself, then its open shadow
 * roots, then its same-origin iframes. Cross-origin iframes are skipped (their document cannot be read, and that is
 * how it should be). Returns `invalidSelector` when the selector does not parse.
 */
export function findTargets(document: Document, selector: string): Element[] | typeof invalidSelector {
  try {
    // Parse once up front: a syntax error here means the selector is broken, not that the page is.
    document.createDocumentFragment().querySelector(selector);
  } catch {
    return invalidSelector;
  }
  const found: Element[] = [];
  for (const root of searchRoots(document)) {
    try {
      found.push(...Array.from(root.querySelectorAll(selector)));
    } catch {
      // A root of another document may throw for a selector its own parser dislikes; it simply has no match.
    }
  }
  return found;
}

/** The document, its open shadow roots and those of its same-origin iframes' documents, recursively. */
export function searchRoots(document: Document): (Document | ShadowRoot)[] {
  const roots: (Document | ShadowRoot)[] = [];
  const seen = new Set<Document>();
  const visit = (root: Document | ShadowRoot): void => {
    roots.push(root);
    // nodeType rather than instanceof: a frame's nodes belong to another realm.
    const owner = root.nodeType === Node.DOCUMENT_NODE ? (root as Document) : (root as ShadowRoot).host.ownerDocument;
    const walker = owner.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    const frames: Document[] = [];
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const element = node as Element;
      if (element.shadowRoot !== null) visit(element.shadowRoot);
      if (element.localName === "iframe" || element.localName === "frame") {
        const inner = frameDocument(element as HTMLIFrameElement);
        if (inner !== null && !seen.has(inner)) frames.push(inner);
      }
    }
    for (const inner of frames) {
      seen.add(inner);
      visit(inner);
    }
  };
  seen.add(document);
  visit(document);
  return roots;
}

/** The documents searched (the top one and every same-origin frame), for observing mutations. */
export function searchDocuments(document: Document): Document[] {
  return searchRoots(document).filter((root): root is Document => root.nodeType === Node.DOCUMENT_NODE);
}

function frameDocument(frame: HTMLIFrameElement): Document | null {
  try {
    // null for a cross-origin frame; some browsers throw instead.
    return frame.contentDocument;
  } catch {
    return null;
  }
}

/**
 * Whether an element is rendered and can be seen: connected, not in a closed <dialog> or display:none subtree, not
 * visibility:hidden, with a non-zero box, and inside a frame that is itself visible. jsdom has no layout, so the unit
 * tests pass their own check.
 */
export function isRendered(element: Element): boolean {
  if (!element.isConnected) return false;
  if (typeof element.checkVisibility === "function" && !element.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) return false;
  const box = element.getBoundingClientRect();
  if (box.width <= 0 && box.height <= 0) return false;
  const frame = element.ownerDocument.defaultView?.frameElement ?? null;
  return frame === null || isRendered(frame);
}
