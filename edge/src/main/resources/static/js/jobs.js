// Jobs page: the tenant's jobs newest first (GET /v1/jobs, keyset pages), filtered by state. Every job that is not
// over gets its own SSE stream (/v1/jobs/{id}/events): stage bars move as events arrive and the job's ETA is re-read
// after them (at most every 2 s) – no polling loop. Cancel and re-run where the key may (editor role).
import { api, duration, el, session, sse, toast, when } from './api.js';

const STATES = ['', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'DELETED']);

export function jobsPage(main) {
  const focusJob = decodeURIComponent((location.hash.split('/')[2] || ''));
  const filter = el('select', { id: 'job-state', name: 'state' },
    STATES.map((s) => el('option', { value: s }, s ? s.toLowerCase() : 'all states')));
  const list = el('ol', { class: 'jobs', id: 'job-list', 'aria-live': 'polite', 'aria-label': 'Jobs, newest first' });
  const more = el('button', { type: 'button', id: 'jobs-more', hidden: true }, 'Older jobs');
  const refresh = el('button', { type: 'button', class: 'small', id: 'jobs-refresh' }, 'Refresh');
  main.replaceChildren(el('section', { class: 'card' },
    el('div', { class: 'row' }, el('h1', {}, 'Jobs'),
      el('span', { class: 'actions' }, el('label', { for: 'job-state' }, 'State '), filter, refresh)),
    list, more));

  const streams = new Map(); // jobId -> stop()
  let cursor = null;
  const load = async (append) => {
    const q = new URLSearchParams({ limit: '25' });
    if (filter.value) q.set('state', filter.value);
    if (append && cursor) q.set('cursor', cursor);
    try {
      const page = await api(`/v1/jobs?${q}`);
      cursor = page.next;
      more.hidden = !cursor;
      if (!append) {
        for (const stop of streams.values()) stop();
        streams.clear();
        list.replaceChildren();
      }
      if (!append && !page.jobs.length) list.append(el('li', { class: 'hint' }, 'No jobs yet.'));
      for (const j of page.jobs) list.append(jobCard(j, streams, j.jobId === focusJob));
    } catch (e) {
      list.replaceChildren(el('li', { class: 'error' }, `Could not list jobs: ${e.message}`));
    }
  };
  filter.addEventListener('change', () => load(false));
  refresh.addEventListener('click', () => load(false));
  more.addEventListener('click', () => load(true));
  load(false);
  return () => { for (const stop of streams.values()) stop(); streams.clear(); };
}

function jobCard(summary, streams, focused) {
  const id = summary.jobId;
  const state = el('span', { class: `badge state-${summary.state}`, dataset: { role: 'state' } }, summary.state);
  const eta = el('span', { class: 'hint eta' }, '');
  const error = el('p', { class: 'error', hidden: !summary.error }, summary.error || '');
  const stages = el('ul', { class: 'stages', 'aria-label': 'Stages' });
  const actions = el('span', { class: 'actions' });
  const li = el('li', { class: `job${focused ? ' focused' : ''}`, id: `job-${id}`, dataset: { job: id, state: summary.state } },
    el('div', { class: 'row' },
      el('a', { href: `#/asset/${encodeURIComponent(summary.assetId)}`, class: 'asset-link' }, summary.assetId),
      el('span', { class: 'hint' }, `${summary.pipeline} v${summary.pipelineVersion} · ${when(summary.createdAt)}`),
      state, eta, actions),
    error, stages);

  let job = { ...summary, stages: [] };
  const render = () => {
    li.dataset.state = job.state;
    state.textContent = job.state;
    state.className = `badge state-${job.state}`;
    eta.textContent = !ENDED.has(job.state) && job.etaSeconds !== null && job.etaSeconds !== undefined
      ? `about ${duration(job.etaSeconds)} left` : job.finishedAt ? `took ${duration((new Date(job.finishedAt) - new Date(job.createdAt)) / 1000)}` : '';
    error.hidden = !job.error;
    error.textContent = job.error ? `Failed: ${job.error}` : '';
    for (const s of job.stages || []) stageRow(stages, s, job, reload);
    actions.replaceChildren(...buttons(job, reload));
  };
  let pending = null;
  let last = 0;
  const reload = () => {
    if (pending) return;
    const wait = Math.max(0, 2000 - (Date.now() - last));
    pending = setTimeout(async () => {
      pending = null;
      last = Date.now();
      try { job = await api(`/v1/jobs/${id}`); render(); } catch (_) { /* keep what we show */ }
      if (!ENDED.has(job.state) && !streams.has(id)) watch();
    }, wait);
  };
  const watch = () => {
    streams.set(id, sse(`/v1/jobs/${id}/events`, (ev) => {
      const d = ev.json || {};
      if (d.stage && d.progress !== undefined) {
        const s = (job.stages || []).find((x) => x.name === d.stage);
        if (s) { s.progress = Number(d.progress); if (d.state) s.state = d.state; stageRow(stages, s, job, reload); }
      }
      if (ev.event === 'job' && d.state) { job.state = d.state; if (d.error) job.error = d.error; render(); }
      reload();
    }, { onEnd: () => { streams.delete(id); reload(); } }));
  };
  render();
  api(`/v1/jobs/${id}`).then((full) => {
    job = full;
    render();
    if (!ENDED.has(job.state)) watch();
  }).catch((e) => { error.hidden = false; error.textContent = e.message; });
  if (focused) setTimeout(() => li.scrollIntoView({ block: 'center' }), 50);
  return li;
}

function stageRow(list, s, job, reload) {
  let row = list.querySelector(`[data-stage="${CSS.escape(s.name)}"]`);
  if (!row) {
    row = el('li', { class: 'stage', dataset: { stage: s.name } },
      el('span', { class: 'name' }, s.name),
      el('progress', { max: 1, value: 0, 'aria-label': `${s.name} progress` }),
      el('span', { class: 'pct' }), el('span', { class: 'badge' }), el('span', { class: 'act' }),
      el('p', { class: 'error', hidden: true }));
    list.append(row);
  }
  row.dataset.state = s.state;
  row.querySelector('progress').value = s.progress || 0;
  const left = s.state === 'RUNNING' && s.etaSeconds ? ` · ${duration(s.etaSeconds)} left` : '';
  row.querySelector('.pct').textContent = `${Math.round((s.progress || 0) * 100)} %${left}${s.attempt > 1 ? ` · attempt ${s.attempt}` : ''}`;
  const badge = row.querySelector('.badge');
  badge.textContent = s.state;
  badge.className = `badge state-${s.state}`;
  const err = row.querySelector('.error');
  err.hidden = !s.error;
  err.textContent = s.error || '';
  const act = row.querySelector('.act');
  act.replaceChildren();
  if (session.me.can.read && ENDED.has(job.state) && job.state !== 'DELETED') {
    act.append(el('button', { type: 'button', class: 'small', 'aria-label': `Re-run ${s.name} and what follows it`,
      onclick: () => post(`/v1/jobs/${job.jobId}/stages/${encodeURIComponent(s.name)}:rerun`, `Re-running ${s.name}`, reload) }, 'Re-run'));
  }
}

function buttons(job, reload) {
  if (!session.me.can.read) return [];
  if (!ENDED.has(job.state)) {
    return [el('button', { type: 'button', class: 'small danger', dataset: { action: 'cancel' },
      onclick: () => { if (confirm('Cancel this job? Running stages stop within a second.')) post(`/v1/jobs/${job.jobId}:cancel`, 'Cancelling', reload); } }, 'Cancel')];
  }
  if (job.state === 'FAILED' || job.state === 'CANCELLED') {
    return [el('button', { type: 'button', class: 'small', dataset: { action: 'rerun' },
      onclick: () => post(`/v1/jobs/${job.jobId}:rerun`, 'Re-running the unfinished stages', reload) }, 'Re-run')];
  }
  return [];
}

async function post(path, message, reload) {
  try {
    await api(path, { method: 'POST', body: {} });
    toast(message);
    reload();
  } catch (e) {
    toast(e.message, 'error');
  }
}
