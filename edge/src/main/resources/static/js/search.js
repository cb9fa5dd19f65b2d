// Search through the catalog service (GET /v1/search?q=). The box is shown only when the catalog answers: while the
// route gives 404 (not deployed) or 502/503 (down), the console works without it.
import { api, authHeaders, el, session } from './api.js';

export async function probeSearch(form) {
  form.hidden = true;
  if (!session.me?.can.read) return;
  try {
    const res = await fetch('/v1/search?q=&size=1', { headers: authHeaders() });
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
  api(`/v1/search?q=${encodeURIComponent(q)}&size=50`, { signal: ctl.signal }).then((r) => {
    // catalog-service's answer: { total, hits: [{ assetId, title, filename, keywords, highlights: [{ field,
    // snippet (matched words in <em>), start }] }], facets, cursor }
    const hits = r.hits || [];
    status.textContent = `${r.total ?? hits.length} result${(r.total ?? hits.length) === 1 ? '' : 's'}`;
    list.replaceChildren(...hits.map((h) => {
      const hl = (h.highlights || [])[0];
      const spoken = (h.highlights || []).find((x) => x.start !== undefined && x.start !== null);
      return el('li', { 'data-asset': h.assetId },
        el('a', { href: `#/asset/${encodeURIComponent(h.assetId)}` }, h.title || h.filename || h.assetId),
        hl ? el('p', { class: 'hint' }, `${hl.field}: ${String(hl.snippet).replace(/<[^>]*>/g, '')}`) : null,
        spoken ? el('span', { class: 'badge' }, `said at ${Math.round(spoken.start)} s`) : null,
        (h.keywords || []).length ? el('p', { class: 'hint' }, (h.keywords || []).slice(0, 6).join(' · ')) : null);
    }));
  }).catch((e) => { if (e.name !== 'AbortError') status.textContent = `Search failed: ${e.message}`; });
  return () => ctl.abort();
}
