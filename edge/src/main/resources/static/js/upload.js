// Upload page: files go up over tus 1.0 (tus-js-client) to ingest through the edge. Several files at once (two
// uploading, the rest queued), a progress bar per file with speed and time left, automatic retries after a network
// drop, and resume after a reload: tus-js-client remembers each file's upload URL (never the key) in localStorage,
// so choosing the same file again continues where it stopped.
import { api, authHeaders, bytes, duration, el, session, toast } from './api.js';

const PARALLEL = 2;
// One PATCH per 64 MB: a retry re-sends at most this much. A browser on a poor link can ask for smaller PATCHes
// (localStorage 'reelpipe.upload.chunkBytes', at least 16 KB): less is lost when the line drops.
const CHUNK_DEFAULT = 64 * 1024 * 1024;
const chunkSize = () => Math.max(16 * 1024, Number(localStorage.getItem('reelpipe.upload.chunkBytes')) || CHUNK_DEFAULT);

export function uploadPage(main) {
  const rows = el('ul', { class: 'uploads', id: 'upload-list', 'aria-label': 'Uploads' });
  const pipeline = el('select', { id: 'up-pipeline', name: 'pipeline' }, el('option', { value: '' }, 'ad-standard (default)'));
  const title = el('input', { id: 'up-title', name: 'title', type: 'text', placeholder: 'Spring sale 30s' });
  const tags = el('input', { id: 'up-tags', name: 'tags', type: 'text', placeholder: 'shoes, summer' });
  const input = el('input', { id: 'up-files', type: 'file', multiple: true, accept: 'video/*,audio/*,.mp4,.mov,.mkv,.webm,.mxf' });
  const drop = el('div', { class: 'drop', id: 'drop', tabindex: '0', role: 'button',
    'aria-label': 'Drop video files here, or press Enter to choose files' },
  el('strong', {}, 'Drop videos here'), el('span', {}, ' or choose files'));
  const resumable = el('div', { id: 'resumable' });
  main.replaceChildren(el('section', { class: 'card' },
    el('h1', {}, 'Upload'),
    el('div', { class: 'grid3' },
      el('div', {}, el('label', { for: 'up-pipeline' }, 'Pipeline'), pipeline),
      el('div', {}, el('label', { for: 'up-title' }, 'Title'), title),
      el('div', {}, el('label', { for: 'up-tags' }, 'Tags (comma-separated)'), tags)),
    drop, el('label', { for: 'up-files', class: 'sr' }, 'Choose video files'), input,
    resumable, rows));

  api('/v1/pipelines').then((r) => {
    for (const p of r.pipelines || r) {
      pipeline.append(el('option', { value: p.name }, `${p.name} v${p.latestVersion ?? p.version}`));
    }
  }).catch(() => { /* an uploader-only key may not list pipelines: the default is used */ });

  const queue = [];
  let running = 0;
  const uploads = new Set();
  const pump = () => {
    while (running < PARALLEL && queue.length) {
      const next = queue.shift();
      running++;
      next().finally(() => { running--; pump(); });
    }
  };
  const add = (files) => {
    for (const file of files) {
      const meta = { filename: file.name, filetype: file.type || 'application/octet-stream' };
      if (title.value.trim()) meta.title = files.length > 1 ? `${title.value.trim()} – ${file.name}` : title.value.trim();
      if (pipeline.value) meta.pipeline = pipeline.value;
      if (tags.value.trim()) meta.tags = tags.value.trim();
      const row = uploadRow(file);
      rows.prepend(row.li);
      queue.push(() => start(file, meta, row, uploads).then(() => listResumable(resumable)));
    }
    pump();
  };
  input.addEventListener('change', () => { add([...input.files]); input.value = ''; });
  drop.addEventListener('click', () => input.click());
  drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); add([...e.dataTransfer.files]); });
  listResumable(resumable);
  // Leaving the page keeps uploads running (they are not tied to the page's DOM); only the queue is dropped.
  return () => { queue.length = 0; };
}

function uploadRow(file) {
  const bar = el('progress', { max: 1, value: 0, 'aria-label': `Upload of ${file.name}` });
  const stats = el('span', { class: 'stats' }, 'waiting');
  const state = el('span', { class: 'state', role: 'status' }, '');
  const pause = el('button', { type: 'button', class: 'small', disabled: true }, 'Pause');
  const cancel = el('button', { type: 'button', class: 'small danger' }, 'Cancel');
  const li = el('li', { class: 'upload', dataset: { file: file.name } },
    el('div', { class: 'row' }, el('strong', {}, file.name), el('span', { class: 'hint' }, bytes(file.size))),
    bar, el('div', { class: 'row' }, stats, state, el('span', { class: 'actions' }, pause, cancel)));
  return { li, bar, stats, state, pause, cancel };
}

async function start(file, meta, row, uploads) {
  const speed = { t: performance.now(), bytes: 0, rate: 0 };
  let jobId = null;
  let assetId = null;
  return new Promise((resolve) => {
    const upload = new window.tus.Upload(file, {
      endpoint: '/v1/uploads/',
      chunkSize: chunkSize(),
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      metadata: meta,
      headers: authHeaders(),
      removeFingerprintOnSuccess: true,
      onAfterResponse(req, res) {
        // a resumed upload asks the server where it stands (HEAD) and goes on from there
        if (req.getMethod() === 'HEAD') row.li.dataset.resumedAt = res.getHeader('Upload-Offset') || '';
        jobId = res.getHeader('Reelpipe-Job-Id') || jobId;
        assetId = res.getHeader('Reelpipe-Asset-Id') || assetId;
      },
      onProgress(sent, total) {
        const now = performance.now();
        const dt = (now - speed.t) / 1000;
        if (dt >= 0.5) {
          const inst = (sent - speed.bytes) / dt;
          speed.rate = speed.rate ? speed.rate * 0.7 + inst * 0.3 : inst;
          speed.t = now;
          speed.bytes = sent;
        }
        row.bar.value = total ? sent / total : 0;
        const left = speed.rate > 0 ? (total - sent) / speed.rate : null;
        row.stats.textContent = `${Math.floor((sent / total) * 100)} % · ${bytes(sent)} of ${bytes(total)} · `
          + `${speed.rate ? `${bytes(speed.rate)}/s` : '–'} · ${left === null ? 'estimating' : `${duration(left)} left`}`;
      },
      onShouldRetry(err) {
        const s = err.originalResponse ? err.originalResponse.getStatus() : 0;
        row.state.textContent = s ? '' : 'connection lost, retrying…';
        return !s || s === 423 || s === 409 || s >= 500; // network, locked, offset moved, server trouble
      },
      onSuccess() {
        uploads.delete(upload);
        row.bar.value = 1;
        row.pause.remove();
        row.cancel.remove();
        row.li.classList.add('done');
        row.stats.textContent = `${bytes(file.size)} uploaded`;
        row.state.replaceChildren('Stored. ', session.me.can.read && jobId
          ? el('a', { href: `#/jobs/${encodeURIComponent(jobId)}`, class: 'job-link', dataset: { job: jobId, asset: assetId } }, 'Watch the job')
          : `Job ${jobId || ''} queued.`);
        toast(`${file.name} uploaded`);
        resolve();
      },
      onError(err) {
        uploads.delete(upload);
        let reason = err.message;
        try {
          const body = err.originalResponse && JSON.parse(err.originalResponse.getBody());
          reason = body.detail || body.reason || reason;
        } catch (_) { /* not a problem body */ }
        row.li.classList.add('failed');
        row.state.textContent = `Failed: ${reason}`;
        row.pause.disabled = true;
        resolve();
      },
    });
    uploads.add(upload);
    let paused = false;
    row.pause.disabled = false;
    row.pause.addEventListener('click', () => {
      paused = !paused;
      if (paused) { upload.abort(); row.pause.textContent = 'Resume'; row.state.textContent = 'paused'; } else { upload.start(); row.pause.textContent = 'Pause'; row.state.textContent = ''; }
    });
    row.cancel.addEventListener('click', () => {
      upload.abort(true).catch(() => {});
      uploads.delete(upload);
      row.li.classList.add('failed');
      row.state.textContent = 'Cancelled';
      row.pause.disabled = true;
      row.cancel.disabled = true;
      resolve();
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        row.li.dataset.resumed = 'true';
        row.state.textContent = 'resuming an earlier upload';
      }
      upload.start();
    });
  });
}

/** Uploads that a reload or a closed tab interrupted: choosing the same file again resumes them. */
async function listResumable(box) {
  const storage = window.tus?.defaultOptions?.urlStorage;
  if (!storage) return;
  const all = await storage.findAllUploads().catch(() => []);
  if (!all.length) { box.replaceChildren(); return; }
  box.replaceChildren(el('div', { class: 'notice' },
    el('p', {}, 'Unfinished uploads in this browser – choose or drop the same file again to continue where it stopped:'),
    el('ul', {}, all.map((u) => el('li', {},
      `${u.metadata?.filename || 'file'} (${bytes(u.size)}, started ${new Date(u.creationTime).toLocaleString()}) `,
      el('button', { type: 'button', class: 'small link', onclick: async () => {
        await storage.removeUpload(u.urlStorageKey);
        if (u.uploadUrl) fetch(u.uploadUrl, { method: 'DELETE', headers: authHeaders({ 'Tus-Resumable': '1.0.0' }) }).catch(() => {});
        toast('Discarded');
        listResumable(box);
      } }, 'Discard'))))));
}
