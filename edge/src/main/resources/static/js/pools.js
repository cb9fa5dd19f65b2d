// Pools page (operators): per worker pool its workers, backlog (lag), oldest queued age, throughput, failure rate
// and ETA from GET /admin/pools (re-read every 5 s), a chart of the last 16 minutes (the pool's per-minute
// completions and failures, and the backlog sampled while the page is open), and the
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
  let stopped = false;
  let editing = false;
  grid.addEventListener('focusin', (e) => { editing = e.target.matches('input'); });
  grid.addEventListener('focusout', () => { editing = false; });
  const refresh = async () => {
    try {
      const r = await api('/admin/pools');
      const now = Date.now();
      for (const p of r.pools) {
        const h = (history[p.filter] ||= []);
        h.push([now, p.lag?.total ?? 0]);
        while (h.length && h[0][0] < now - KEEP) h.shift();
      }
      sessionStorage.setItem(HISTORY, JSON.stringify(history));
      stamp.textContent = `updated ${new Date(r.at || now).toLocaleTimeString()}`;
      if (!editing) grid.replaceChildren(...r.pools.map((p) => poolCard(p, history[p.filter], refresh)));
    } catch (e) {
      grid.replaceChildren(el('p', { class: 'error', role: 'alert' }, `Could not read the pools: ${e.message}`));
    }
    clearTimeout(timer); // a control's refresh and the periodic one share one timer
    if (!stopped) timer = setTimeout(refresh, EVERY);
  };
  refresh();
  return () => { stopped = true; clearTimeout(timer); };
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
    chart(p, history || []),
    el('div', { class: 'row controls' },
      el('label', { for: id }, 'Concurrency per instance'), conc,
      el('button', { type: 'button', class: 'small', dataset: { action: 'set-concurrency' }, onclick: act(() => {
        const n = Number(conc.value);
        if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error('concurrency is a whole number from 1 to 256');
        return api(`/admin/pools/${p.filter}/concurrency`, { method: 'PUT', body: { concurrency: n } });
      }, `${p.filter}: concurrency set`) }, 'Set'),
      el('button', { type: 'button', class: 'small link', dataset: { action: 'default-concurrency' }, onclick: act(() => api(`/admin/pools/${p.filter}/concurrency`, { method: 'DELETE' }), `${p.filter}: back to each instance's default`) }, 'Default'),
      p.paused
        ? el('button', { type: 'button', class: 'small', dataset: { action: 'resume' }, onclick: act(() => api(`/admin/pools/${p.filter}:resume`, { method: 'POST' }), `${p.filter} resumed`) }, 'Resume')
        : el('button', { type: 'button', class: 'small danger', dataset: { action: 'pause' }, onclick: act(() => api(`/admin/pools/${p.filter}:pause`, { method: 'POST' }), `${p.filter} paused: running stages finish, no new ones start`) }, 'Pause')));
}

/**
 * The last 16 minutes as an inline SVG: completed (green) and failed (red) stages per minute from the pool's own
 * counters (perMinute, oldest first, the current minute last), and the backlog sampled while this page is open (line).
 */
function chart(p, h) {
  const W = 320, H = 64, done = p.perMinute?.completed || [], failed = p.perMinute?.failed || [];
  const n = Math.max(done.length, 1);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  const sum = (a) => a.reduce((x, y) => x + y, 0);
  svg.setAttribute('aria-label', `${p.filter}, last ${n} minutes: ${sum(done)} completed, ${sum(failed)} failed; backlog now ${p.lag?.total ?? 0}`);
  const max = Math.max(1, ...done.map((d, i) => d + (failed[i] || 0)));
  const bw = W / n;
  const rect = (x, y, w, hh, cls, title) => {
    const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    Object.entries({ x, y, width: w, height: hh, class: cls }).forEach(([k, v]) => r.setAttribute(k, String(v)));
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    r.append(t);
    svg.append(r);
  };
  done.forEach((d, i) => {
    const f = failed[i] || 0;
    const hd = (d / max) * (H - 6), hf = (f / max) * (H - 6);
    const ago = n - 1 - i;
    const label = `${ago ? `${ago} min ago` : 'this minute'}: ${d} completed, ${f} failed`;
    if (d) rect(i * bw + 1, H - hd, bw - 2, hd, 'done', label);
    if (f) rect(i * bw + 1, H - hd - hf, bw - 2, hf, 'failed', label);
  });
  if (h.length > 1) {
    const t1 = h[h.length - 1][0], t0 = t1 - n * 60000;
    const maxLag = Math.max(1, ...h.map((x) => x[1]));
    const line = h.filter((s) => s[0] >= t0).map((s, i) => `${i ? 'L' : 'M'}${(((s[0] - t0) / (t1 - t0)) * W).toFixed(1)},${(H - (s[1] / maxLag) * (H - 6)).toFixed(1)}`).join(' ');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', line);
    path.setAttribute('class', 'lag');
    svg.append(path);
  }
  return el('figure', { class: 'chartbox' }, svg,
    el('figcaption', { class: 'hint' }, el('span', { class: 'key tp' }, 'completed'), ' ', el('span', { class: 'key bad' }, 'failed'),
      ' ', el('span', { class: 'key lag' }, 'backlog'), ` · per minute, last ${n} min`));
}

function num(x) {
  return x === null || x === undefined ? '–' : Number(x).toFixed(x < 10 ? 1 : 0);
}
