// Noticing in-page navigation in a single-page application, without patching history.pushState (the host's own
// scripts must keep their prototypes): the Navigation API's currententrychange where the browser has it (Chromium
// fires it for pushState and replaceState, in a content script's isolated world too), a MutationObserver on the
// document title (SPAs set it just after navigating), and a cheap look at location.href and document.title every
// second as the fallback for everything else. Bursts are coalesced, and nothing is reported when neither the URL nor
// the title changed.

export interface PageState {
  url: string;
  title: string;
}

export interface PageWatch {
  /** The page as it is now. */
  current(): PageState;
  stop(): void;
}

/** Minimal shape of the Navigation API, which TypeScript's DOM library does not have yet. */
interface NavigationLike {
  addEventListener(type: "currententrychange", listener: () => void): void;
  removeEventListener(type: "currententrychange", listener: () => void): void;
}

/** Wait this long after a navigation before reading the title: SPAs set it right after pushState, not before. */
const settleMs = 25;
const pollMs = 1_000;

export function watchPage(window: Window, onChange: (state: PageState) => void): PageWatch {
  const document = window.document;
  const read = (): PageState => ({ url: window.location.href, title: document.title });
  let last = read();
  let pending: ReturnType<typeof setTimeout> | null = null;

  const check = (): void => {
    pending = null;
    const now = read();
    if (now.url === last.url && now.title === last.title) return;
    last = now;
    try {
      onChange(now);
    } catch (error) {
      console.warn("Epss: page change handler failed", error);
    }
  };
  const soon = (): void => {
    pending ??= setTimeout(check, settleMs);
  };

  const navigation = (window as Window & { navigation?: NavigationLike }).navigation;
  navigation?.addEventListener("currententrychange", soon);
  window.addEventListener("popstate", soon);
  window.addEventListener("hashchange", soon);
  // The <title> may be replaced or its text changed; watch the head for both.
  const titles = new MutationObserver(soon);
  titles.observe(document.head ?? document.documentElement, { childList: true, characterData: true, subtree: true });
  const poll = setInterval(check, pollMs);

  return {
    current: () => {
      last = read();
      return last;
    },
    stop: () => {
      navigation?.removeEventListener("currententrychange", soon);
      window.removeEventListener("popstate", soon);
      window.removeEventListener("hashchange", soon);
      titles.disconnect();
      clearInterval(poll);
      if (pending !== null) clearTimeout(pending);
    },
  };
}
