// Search through the catalog service (GET /v1/search?q=). The box is shown only when the catalog answers: while the
// route gives 404 (not deployed) or 502/503 (down), the console works without it.
import { api, authHeaders, el, session } from './api.js';

export async function probeSearch(form) {
  form.hidden = true;
  if (!session.me?.can.read) return;
  try {
    const res = await fetch('/v1/search?q=&limit=1', { headers: authHeaders() });
    form.hidden = [404, 502, 503, 504].includes(res.status);
  } catch (_) {
    form.hidden = true;
  }
}

export function searchPage(main, q) {
  const list = el('ol', { class: 'results', id: 'search-results', 'aria-live': 'polite' });
  const status = el('p', { class: 'hint' }, 'Searching…');
  main.replaceChildren(el('section', { class: 'card' }, el('h1', {}, `Search: ${q}`), status, list));
  const ctl = new AbortController();
  api(`/v1/search?q=${encodeURIComponent(q)}&limit=50`, { signal: ctl.signal }).then((r) => {
    const hits = r.hits || r.results || r.items || r.assets || [];
    status.textContent = `${r.total ?? hits.length} result${(r.total ?? hits.length) === 1 ? '' : 's'}`;
    list.replaceChildren(...hits.map((h) => {
      const id = h.assetId || h.id;
      const snippet = h.snippet || h.highlight || (h.matches || []).map((m) => m.text || m).join(' … ');
      return el('li', {}, el('a', { href: `#/asset/${encodeURIComponent(id)}` }, h.title || h.filename || id),
        snippet ? el('p', { class: 'hint' }, String(snippet).replace(/<[^>]*>/g, '')) : null,
        h.time !== undefined ? el('span', { class: 'badge' }, `at ${Math.round(h.time)} s`) : null);
    }));
  }).catch((e) => { if (e.name !== 'AbortError') status.textContent = `Search failed: ${e.message}`; });
  return () => ctl.abort();
}
