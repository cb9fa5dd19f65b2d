// The API as the console uses it: the key lives in sessionStorage (gone with the tab, never in a URL) and travels
// in the Authorization header of every request, including the SSE streams (read with fetch, since EventSource
// cannot send headers) and the media the player loads (hls.js xhrSetup; captions/sprites as blob URLs).

const KEY = 'reelpipe.key';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
  me: null,
};

/** An API error with the problem's human reason (RFC 9457 detail) as its message. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.reason || problem?.title || `the server answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function authHeaders(extra = {}) {
  const key = session.key();
  return key ? { Authorization: `Bearer ${key}`, ...extra } : { ...extra };
}

/** fetch with the key; JSON in and out; a non-2xx answer throws ApiError with the problem's reason. */
export async function api(path, { method = 'GET', body, headers = {}, raw = false, signal } = {}) {
  const init = { method, headers: authHeaders(headers), signal };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!init.headers['Content-Type']) init.headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { detail: 'the server cannot be reached (network down?)' });
  }
  if (res.status === 401) {
    window.dispatchEvent(new CustomEvent('reelpipe:unauthorized'));
  }
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch (_) { /* not JSON */ }
    throw new ApiError(res.status, problem);
  }
  if (raw) return res;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** A file of an asset as a blob: URL (for <img>, <track>, sprites), cached for the page's life. */
const blobs = new Map();
export function fileUrl(assetId, path) {
  const k = `${assetId}/${path}`;
  if (!blobs.has(k)) {
    blobs.set(k, api(`/v1/assets/${assetId}/files/${path}`, { raw: true })
      .then((r) => r.blob()).then((b) => URL.createObjectURL(b))
      .catch((e) => { blobs.delete(k); throw e; }));
  }
  return blobs.get(k);
}

/**
 * Server-Sent Events over fetch (so the key stays in a header). Calls onEvent({id, event, data}) per event,
 * reconnects after a drop with Last-Event-ID (the server resumes from its Redis stream), and stops when the
 * server ends the stream (a job's terminal event) or when the returned stop() is called.
 */
export function sse(path, onEvent, { onEnd, onError } = {}) {
  const ctl = new AbortController();
  let lastId = null;
  let stopped = false;
  let delay = 1000;
  const run = async () => {
    while (!stopped) {
      try {
        const headers = authHeaders({ Accept: 'text/event-stream' });
        if (lastId) headers['Last-Event-ID'] = lastId;
        const res = await fetch(path, { headers, signal: ctl.signal });
        if (!res.ok) {
          let problem = null;
          try { problem = await res.json(); } catch (_) { /* ignore */ }
          throw new ApiError(res.status, problem);
        }
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const ev = { id: null, event: 'message', data: '' };
            for (const line of block.split('\n')) {
              if (!line || line.startsWith(':')) continue;
              const i = line.indexOf(':');
              const field = i < 0 ? line : line.slice(0, i);
              const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
              if (field === 'data') ev.data += (ev.data ? '\n' : '') + val;
              else if (field === 'id') ev.id = val;
              else if (field === 'event') ev.event = val;
            }
            if (ev.id) lastId = ev.id;
            if (ev.data) {
              try { ev.json = JSON.parse(ev.data); } catch (_) { ev.json = null; }
              onEvent(ev);
            }
          }
        }
        stopped = true; // the server ends the stream after the job's terminal event
        onEnd?.();
      } catch (e) {
        if (stopped || e.name === 'AbortError') return;
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) { stopped = true; onError?.(e); return; }
        onError?.(e);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 15000);
      }
    }
  };
  run();
  return () => { stopped = true; ctl.abort(); };
}

// ---- formatting -------------------------------------------------------------------------------------------------

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return `${n.toFixed(n < 10 && i ? 1 : 0)} ${u[i]}`;
}

export function duration(s) {
  if (s === null || s === undefined || !isFinite(s)) return '–';
  s = Math.max(0, Math.round(s));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return h ? `${h}h ${String(m).padStart(2, '0')}m` : m ? `${m}m ${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

export function clock(t) {
  t = Math.max(0, t || 0);
  const m = Math.floor(t / 60), s = Math.floor(t % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  const ago = (Date.now() - d.getTime()) / 1000;
  if (ago < 60) return 'just now';
  if (ago < 3600) return `${Math.floor(ago / 60)} min ago`;
  if (ago < 86400) return `${Math.floor(ago / 3600)} h ago`;
  return d.toLocaleString();
}

/** Announces a message to screen readers and shows it briefly. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = `toast ${kind}`;
  clearTimeout(toast.t);
  toast.t = setTimeout(() => { box.className = 'toast hidden'; }, 6000);
}
