// Asset page: everything about one ad at a glance – the player (renditions, captions, storyboard on the seek bar),
// poster, scene keyframes, keywords as chips that seek to where they are spoken, the transcript clickable by word,
// the probed media data, signed download links, and delete for uploaders.
import { api, bytes, clock, duration, el, fileUrl, session, toast, when } from './api.js';
import { player } from './player.js';

export function assetPage(main, assetId) {
  const page = el('div', { class: 'asset', id: 'asset-page', dataset: { asset: assetId } }, el('p', { class: 'hint' }, 'Loading…'));
  main.replaceChildren(page);
  let p = null;
  let gone = false;
  load(assetId, page).then((x) => { p = x; if (gone) p?.destroy(); })
    .catch((e) => page.replaceChildren(el('section', { class: 'card' }, el('h1', {}, 'Asset'),
      el('p', { class: 'error', role: 'alert' }, e.status === 404 ? 'No such asset in your tenant.' : e.message))));
  return () => { gone = true; p?.destroy(); };
}

async function load(assetId, page) {
  const asset = await api(`/v1/assets/${encodeURIComponent(assetId)}`);
  const latest = (asset.jobs || [])[0];
  const job = latest ? await api(`/v1/jobs/${latest.jobId}`).catch(() => null) : null;
  // Outputs live under the stage's name; find each filter's stage in the job (ad-standard: same names).
  const stageOf = (filter) => (job?.stages || []).find((s) => s.filter === filter && s.state === 'COMPLETED')?.name;
  const manifest = async (filter) => {
    const stage = stageOf(filter);
    if (!stage) return null;
    const m = await api(`/v1/assets/${assetId}/files/${stage}/manifest.json`).catch(() => null);
    return m ? { stage, ...m } : null;
  };
  const [thumb, trans, subs, kw] = await Promise.all(['thumbnail', 'transcode', 'subtitle', 'keyword'].map(manifest));
  const has = (m, name) => m?.outputs?.some((o) => o.name === name);

  const head = el('section', { class: 'card' },
    el('div', { class: 'row' }, el('h1', {}, asset.title || asset.filename || asset.assetId),
      el('span', { class: `badge state-${job?.state || asset.state}` }, job?.state || asset.state),
      session.me.can.upload ? el('span', { class: 'actions' }, el('button', { type: 'button', class: 'small danger', id: 'delete-asset',
        onclick: () => remove(asset) }, 'Delete')) : null),
    el('p', { class: 'hint' }, `${asset.filename || ''} · ${bytes(asset.size)} · uploaded ${when(asset.createdAt)} · `,
      latest ? el('a', { href: `#/jobs/${latest.jobId}` }, `job ${latest.jobId}`) : 'no job'));
  const parts = [head];

  let p = null;
  if (trans && has(trans, 'hls/master.m3u8')) {
    const captions = (subs?.outputs || []).filter((o) => o.name.endsWith('.vtt'))
      .map((o) => ({ path: `${subs.stage}/${o.name}`, lang: o.name.replace(/\.vtt$/, ''), label: language(o.name.replace(/\.vtt$/, '')) }));
    p = player(assetId, {
      hlsPath: `${trans.stage}/hls/master.m3u8`,
      posterPath: has(thumb, 'poster.jpg') ? `${thumb.stage}/poster.jpg` : null,
      storyboardPath: has(thumb, 'storyboard.vtt') ? `${thumb.stage}/storyboard.vtt` : null,
      captions,
    });
    parts.push(el('section', { class: 'card media' }, p.element));
  } else {
    parts.push(el('section', { class: 'card' }, el('p', { class: 'hint' },
      job && !['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.state) ? 'Still processing: the player appears when transcoding completes.' : 'No playable rendition.')));
  }
  const seek = (t) => p?.seekTo(t);

  const side = [];
  const keywords = kw && has(kw, 'keywords.json') ? await api(`/v1/assets/${assetId}/files/${kw.stage}/keywords.json`).catch(() => null) : null;
  if (keywords?.keywords?.length) {
    side.push(el('section', { class: 'card' }, el('h2', {}, 'Keywords'),
      el('ul', { class: 'chips', id: 'keywords' }, keywords.keywords.map((k) => {
        const r = (k.ranges || [])[0];
        return el('li', {}, el('button', { type: 'button', class: `chip${r ? '' : ' static'}`, disabled: !r || !p,
          title: r ? `spoken at ${clock(r.start)}` : `from ${(k.sources || []).join(', ')}`,
          dataset: r ? { start: String(r.start) } : {}, onclick: () => r && seek(r.start) },
        k.keyword, r ? el('span', { class: 'at' }, ` ${clock(r.start)}`) : null));
      }))));
  }
  const transcript = subs && has(subs, 'transcript.json') ? await api(`/v1/assets/${assetId}/files/${subs.stage}/transcript.json`).catch(() => null) : null;
  if (transcript?.words?.length) {
    const words = el('p', { class: 'transcript', id: 'transcript' }, transcript.words.map((w) => [el('button', {
      type: 'button', class: 'word', dataset: { start: String(w.start) }, title: clock(w.start), onclick: () => seek(w.start),
    }, w.word), ' ']));
    if (p) {
      p.video.addEventListener('timeupdate', () => {
        const t = p.video.currentTime;
        for (const b of words.children) b.classList.toggle('now', t >= +b.dataset.start && t < +b.dataset.start + 0.6);
      });
    }
    side.push(el('section', { class: 'card' }, el('h2', {}, 'Transcript'),
      el('p', { class: 'hint' }, `${transcript.source} · ${transcript.engine}${transcript.note ? ` · ${transcript.note}` : ''}`), words));
  } else if (transcript) {
    side.push(el('section', { class: 'card' }, el('h2', {}, 'Transcript'), el('p', { class: 'hint' }, transcript.note || 'No speech found.')));
  }
  const scenes = (thumb?.outputs || []).filter((o) => /^scene-\d+\.jpg$/.test(o.name));
  if (scenes.length) {
    const strip = el('ul', { class: 'scenes', id: 'scenes' });
    for (const s of scenes) {
      const img = el('img', { alt: `Scene at ${clock(s.attributes?.time)}`, width: 160 });
      fileUrl(assetId, `${thumb.stage}/${s.name}`).then((u) => { img.src = u; }).catch(() => {});
      strip.append(el('li', {}, el('button', { type: 'button', onclick: () => seek(s.attributes?.time || 0) }, img, el('span', {}, clock(s.attributes?.time)))));
    }
    side.push(el('section', { class: 'card' }, el('h2', {}, 'Scenes'), strip));
  }
  if (has(thumb, 'poster.jpg')) {
    const img = el('img', { alt: 'Poster frame', class: 'poster', id: 'poster' });
    fileUrl(assetId, `${thumb.stage}/poster.jpg`).then((u) => { img.src = u; }).catch(() => {});
    side.push(el('section', { class: 'card' }, el('h2', {}, 'Poster'), img));
  }
  side.push(probe(asset.media || {}));
  side.push(downloads(assetId, trans));
  parts.push(el('div', { class: 'columns' }, side));
  page.replaceChildren(...parts);
  return p;
}

function probe(m) {
  const v = m.video || {};
  const a = (m.audioStreams || [])[0];
  const rows = [
    ['Container', m.containerName || m.container],
    ['Duration', m.durationSeconds !== undefined ? `${duration(m.durationSeconds)} (${Number(m.durationSeconds).toFixed(2)} s)` : null],
    ['Bit rate', m.bitRate ? `${Math.round(m.bitRate / 1000)} kb/s` : null],
    ['Video', v.codec ? `${v.codec} ${v.displayWidth || v.width}×${v.displayHeight || v.height}, ${Number(v.frameRate || 0).toFixed(2)} fps, ${v.displayAspectRatio || ''}${v.rotation ? `, rotated ${v.rotation}°` : ''}` : 'none'],
    ['Audio', a ? `${a.codec} ${a.sampleRate} Hz, ${a.channels} ch` : 'none'],
    ['Subtitles', (m.subtitleStreams || []).map((s) => s.language || s.codec).join(', ') || 'none'],
  ];
  return el('section', { class: 'card' }, el('h2', {}, 'Media'), el('dl', { class: 'probe', id: 'probe' },
    rows.filter(([, x]) => x).map(([k, x]) => [el('dt', {}, k), el('dd', {}, x)])));
}

function downloads(assetId, trans) {
  const list = el('ul', { class: 'downloads', id: 'downloads' });
  const files = (trans?.outputs || []).filter((o) => o.name.endsWith('.mp4')).map((o) => ({ path: `${trans.stage}/${o.name}`, label: `${o.name.replace(/^.*\//, '')} (${bytes(o.size)})` }));
  files.push({ path: 'source/original', label: 'original upload' });
  for (const f of files) {
    const li = el('li', {}, el('span', { class: 'hint' }, f.label));
    list.append(li);
    api(`/v1/assets/${assetId}/files/${f.path}:presign?expiresIn=1h`, { method: 'POST' }).then((r) => {
      // The gateway signs the path, not the host: keep the link on this origin (the edge routes /v1/signed/**).
      const u = new URL(r.url, location.href);
      li.replaceChildren(el('a', { href: u.pathname + u.search, download: '' }, f.label),
        el('span', { class: 'hint' }, ` · link valid until ${new Date(r.expiresAt).toLocaleTimeString()}`));
    }).catch(() => { li.remove(); });
  }
  return el('section', { class: 'card' }, el('h2', {}, 'Downloads'), list);
}

async function remove(asset) {
  if (!confirm(`Delete "${asset.title || asset.filename}" with every rendition, picture and caption? This cannot be undone.`)) return;
  try {
    const r = await api(`/v1/assets/${asset.assetId}`, { method: 'DELETE' });
    toast(`Deleted ${r.removedObjects} files (${bytes(r.removedBytes)})`);
    location.hash = session.me.can.read ? '#/jobs' : '#/upload';
  } catch (e) {
    toast(e.message, 'error');
  }
}

function language(code) {
  try { return new Intl.DisplayNames(['en'], { type: 'language' }).of(code); } catch (_) { return code; }
}
