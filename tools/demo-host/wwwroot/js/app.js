// The single-page router of the Burgerzaken demo: one view in the DOM at a time, the URL and document.title per page,
// pushState for the menu and the client list, popstate for back and forward. Rendering is synchronous.
import { pages, notFound, titleOf } from './pages.js';

const main = () => document.getElementById('inhoud');
let cleanup = null;

function pageFor(path) {
  const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return pages[normalised] ?? notFound;
}

function render() {
  if (location.pathname === '/' || location.pathname === '/index.html') {
    history.replaceState(null, '', '/klanten' + location.search + location.hash);
  }
  const page = pageFor(location.pathname);
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const params = new URLSearchParams(location.search);
  const view = page.render(params, navigate);
  main().replaceChildren(view.element);
  cleanup = view.cleanup ?? null;
  document.title = `${titleOf(page, params)} – Burgerzaken`;
  for (const link of document.querySelectorAll('.menu a')) {
    if (new URL(link.href).pathname === location.pathname) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

export function navigate(url) {
  const target = new URL(url, location.href);
  if (target.href !== location.href) {
    history.pushState(null, '', target.pathname + target.search + target.hash);
  }
  render();
  window.scrollTo(0, 0);
  main().focus({ preventScroll: true });
}

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const target = new URL(link.href);
  if (target.origin !== location.origin) {
    return;
  }
  event.preventDefault();
  navigate(target.href);
});

window.addEventListener('popstate', render);

render();
