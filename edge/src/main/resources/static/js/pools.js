// Pools page (operators): per worker pool its workers, backlog (lag), oldest queued age, throughput, failure rate
// and ETA from GET /admin/pools, a chart of the last minutes (sampled here every 5 s, kept for this tab), and the
// concurrency / pause / resume controls of the admin API.
import { api, duration, el, toast } from './api.js';

const EVERY = 5000;
const KEEP = 15 * 60 * 1000;
const HISTORY = 'reelpipe.pools.history';

export function poolsPage(main) {
  const grid = el('div', { class: 'pools', id: 'pools', 'aria-live': 'polite' }, el('p', { class: 'hint' }, 'Loading…'));
  const stamp = el('span', { class: 'hint', id: 'pools-at' });
  main.replaceChildren(el('section', { class: 'card' },
    el('div', { class: 'row' }, el('h1', {}, 'Worker pools'), stamp), grid));
  const history = JSON.parse(sessionStorage.getItem(HISTORY) || '{}');
  let timer = null;
  let editing = false;
  grid.addEventListener('focusin', (e) => { editing = e.target.matches('input'); });
  grid.addEventListener('focusout', () => { editing = false; });
  const refresh = async () => {
    try {
      const r = await api('/admin/pools');
      const now = Date.now();
      for (const p of r.pools) {
        const h = (history[p.filter] ||= []);
        h.push([now, p.lag?.total ?? 0, p.throughputPerMinute?.['1m'] ?? 0]);
        while (h.length && h[0][0] < now - KEEP) h.shift();
      }
      sessionStorage.setItem(HISTORY, JSON.stringify(history));
      stamp.textContent = `updated ${new Date(r.at || now).toLocaleTimeString()}`;
      if (!editing) grid.replaceChildren(...r.pools.map((p) => poolCard(p, history[p.filter], refresh)));
    } catch (e) {
      grid.replaceChildren(el('p', { class: 'error', role: 'alert' }, `Could not read the pools: ${e.message}`));
    }
    timer = setTimeout(refresh, EVERY);
  };
  refresh();
  return () => clearTimeout(timer);
}

function poolCard(p, history, refresh) {
  const tp = p.throughputPerMinute || {};
  const fr = p.failureRate === null || p.failureRate === undefined ? '–' : `${(p.failureRate * 100).toFixed(1)} %`;
  const stats = [
    ['Workers', `${p.workers ?? 0}${p.capacity ? ` (${p.inFlight ?? 0}/${p.capacity} slots busy)` : ''}`],
    ['Backlog', `${p.lag?.total ?? 0} task${p.lag?.total === 1 ? '' : 's'}`],
    ['Oldest queued', p.oldestQueuedAgeSeconds ? duration(p.oldestQueuedAgeSeconds) : '–'],
    ['Throughput', `${num(tp['1m'])}/min now · ${num(tp['5m'])} (5 min) · ${num(tp['15m'])} (15 min)`],
    ['Failures (15 min)', `${fr}${p.counts ? ` · ${p.counts.failed15m ?? 0} of ${(p.counts.failed15m ?? 0) + (p.counts.completed15m ?? 0)}` : ''}`],
    ['Backlog clears in', p.etaSeconds === null || p.etaSeconds === undefined ? 'unknown' : p.etaSeconds === 0 ? 'nothing queued' : duration(p.etaSeconds)],
  ];
  const id = `conc-${p.filter}`;
  const conc = el('input', { id, type: 'number', min: 1, max: 256, value: p.concurrency ?? '', placeholder: 'default' });
  const act = (fn, msg) => async () => { try { await fn(); toast(msg); refresh(); } catch (e) { toast(e.message, 'error'); } };
  return el('article', { class: `card pool${p.paused ? ' paused' : ''}`, dataset: { pool: p.filter } },
    el('div', { class: 'row' }, el('h2', {}, p.filter), p.paused ? el('span', { class: 'badge state-CANCELLED' }, 'paused') : null),
    el('dl', { class: 'probe' }, stats.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    chart(history || [], p.filter),
    el('div', { class: 'row controls' },
      el('label', { for: id }, 'Concurrency per instance'), conc,
      el('button', { type: 'button', class: 'small', onclick: act(() => {
        const n = Number(conc.value);
        if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error('concurrency is a whole number from 1 to 256');
        return api(`/admin/pools/${p.filter}/concurrency`, { method: 'PUT', body: { concurrency: n } });
      }, `${p.filter}: concurrency set`) }, 'Set'),
      el('button', { type: 'button', class: 'small link', onclick: act(() => api(`/admin/pools/${p.filter}/concurrency`, { method: 'DELETE' }), `${p.filter}: back to each instance's default`) }, 'Default'),
      p.paused
        ? el('button', { type: 'button', class: 'small', onclick: act(() => api(`/admin/pools/${p.filter}:resume`, { method: 'POST' }), `${p.filter} resumed`) }, 'Resume')
        : el('button', { type: 'button', class: 'small danger', onclick: act(() => api(`/admin/pools/${p.filter}:pause`, { method: 'POST' }), `${p.filter} paused: running stages finish, no new ones start`) }, 'Pause')));
}

/** Backlog (filled) and throughput per minute (line) over the sampled minutes, as an inline SVG. */
function chart(h, name) {
  const W = 300, H = 60;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  const last = h[h.length - 1] || [0, 0, 0];
  svg.setAttribute('aria-label', `${name}: backlog ${last[1]}, throughput ${num(last[2])} per minute over the last ${Math.round(((last[0] - (h[0]?.[0] ?? last[0])) / 60000))} minutes`);
  if (h.length > 1) {
    const t0 = h[0][0], t1 = h[h.length - 1][0] || t0 + 1;
    const maxLag = Math.max(1, ...h.map((x) => x[1]));
    const maxTp = Math.max(1, ...h.map((x) => x[2]));
    const x = (t) => ((t - t0) / Math.max(1, t1 - t0)) * W;
    const area = `M0,${H} ${h.map((s) => `L${x(s[0]).toFixed(1)},${(H - (s[1] / maxLag) * (H - 4)).toFixed(1)}`).join(' ')} L${W},${H} Z`;
    const line = h.map((s, i) => `${i ? 'L' : 'M'}${x(s[0]).toFixed(1)},${(H - (s[2] / maxTp) * (H - 4)).toFixed(1)}`).join(' ');
    for (const [d, cls] of [[area, 'lag'], [line, 'tp']]) {
      const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('d', d);
      path.setAttribute('class', cls);
      svg.append(path);
    }
  }
  return el('figure', { class: 'chartbox' }, svg,
    el('figcaption', { class: 'hint' }, el('span', { class: 'key lag' }, 'backlog'), ' ', el('span', { class: 'key tp' }, 'done/min'), ' · last minutes'));
}

function num(x) {
  return x === null || x === undefined ? '–' : Number(x).toFixed(x < 10 ? 1 : 0);
}
