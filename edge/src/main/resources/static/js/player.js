// The HLS player of the asset page: hls.js (key sent on every playlist/segment request), a rendition menu, the
// captions track (WebVTT fetched with the key, given to <track> as a blob: URL), and a seek bar that shows the
// storyboard tile (storyboard.vtt + sprite sheets) for the time under the pointer.
import { api, clock, el, fileUrl, session } from './api.js';

export function player(assetId, { hlsPath, posterPath, captions, storyboardPath }) {
  const video = el('video', { id: 'player', playsinline: true, preload: 'metadata', crossorigin: 'anonymous',
    'aria-label': 'Video player' });
  const play = el('button', { type: 'button', id: 'play', class: 'small', 'aria-label': 'Play' }, '▶');
  const seek = el('input', { id: 'seek', type: 'range', min: 0, max: 0, step: 0.1, value: 0, 'aria-label': 'Seek' });
  const time = el('span', { class: 'time', id: 'time', 'aria-live': 'off' }, '0:00 / 0:00');
  const rendition = el('select', { id: 'rendition', 'aria-label': 'Rendition' }, el('option', { value: '-1' }, 'Auto'));
  const cc = el('button', { type: 'button', id: 'cc', class: 'small', 'aria-pressed': 'true', hidden: true }, 'CC');
  const size = el('span', { class: 'hint', id: 'playing-size' }, '');
  const tile = el('div', { class: 'tile', id: 'storyboard-tile', hidden: true, 'aria-hidden': 'true' }, el('span', { class: 't' }));
  const bar = el('div', { class: 'seekwrap' }, seek, tile);
  const box = el('div', { class: 'player', id: 'player-box' }, video,
    el('div', { class: 'controls' }, play, bar, time, rendition, cc, size));

  let hls = null;
  if (posterPath) fileUrl(assetId, posterPath).then((u) => { video.poster = u; }).catch(() => {});
  const key = session.key();
  const src = `/v1/assets/${assetId}/files/${hlsPath}`;
  if (window.Hls && window.Hls.isSupported()) {
    hls = new window.Hls({ xhrSetup: (xhr) => xhr.setRequestHeader('Authorization', `Bearer ${key}`), capLevelToPlayerSize: false });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => {
      hls.levels.forEach((l, i) => rendition.append(el('option', { value: String(i) },
        `${l.height}p (${l.width}×${l.height}, ${Math.round(l.bitrate / 1000)} kb/s)`)));
    });
    hls.on(window.Hls.Events.LEVEL_SWITCHED, (_e, d) => { box.dataset.level = String(d.level); });
    hls.on(window.Hls.Events.ERROR, (_e, d) => {
      if (d.fatal) size.textContent = `Playback error: ${d.details}`;
    });
    hls.loadSource(src);
    hls.attachMedia(video);
  } else {
    size.textContent = 'This browser cannot play HLS through Media Source Extensions.';
  }
  rendition.addEventListener('change', () => {
    if (!hls) return;
    hls.currentLevel = Number(rendition.value); // -1 = automatic; otherwise switch now (flushes the buffer)
  });
  const showSize = () => { if (video.videoWidth) size.textContent = `playing ${video.videoWidth}×${video.videoHeight}`; };
  video.addEventListener('resize', showSize);
  video.addEventListener('loadedmetadata', () => { seek.max = String(video.duration || 0); showSize(); });
  video.addEventListener('timeupdate', () => {
    if (!seek.matches(':active')) seek.value = String(video.currentTime);
    time.textContent = `${clock(video.currentTime)} / ${clock(video.duration)}`;
  });
  video.addEventListener('play', () => { play.textContent = '❚❚'; play.setAttribute('aria-label', 'Pause'); });
  video.addEventListener('pause', () => { play.textContent = '▶'; play.setAttribute('aria-label', 'Play'); });
  play.addEventListener('click', () => (video.paused ? video.play().catch(() => {}) : video.pause()));
  seek.addEventListener('input', () => { video.currentTime = Number(seek.value); });

  if (captions?.length) {
    for (const c of captions) {
      fileUrl(assetId, c.path).then((u) => {
        const track = el('track', { kind: 'captions', srclang: c.lang, label: c.label, src: u, default: c === captions[0] });
        video.append(track);
        track.track.mode = c === captions[0] ? 'showing' : 'hidden';
        cc.hidden = false;
      }).catch(() => {});
    }
    cc.addEventListener('click', () => {
      const on = cc.getAttribute('aria-pressed') !== 'true';
      cc.setAttribute('aria-pressed', String(on));
      if (video.textTracks[0]) video.textTracks[0].mode = on ? 'showing' : 'hidden';
    });
  }

  if (storyboardPath) storyboard(assetId, storyboardPath, seek, tile, video);

  return {
    element: box,
    video,
    seekTo: (t) => { video.currentTime = t; video.play().catch(() => {}); },
    destroy: () => { hls?.destroy(); },
  };
}

async function storyboard(assetId, path, seek, tile, video) {
  let cues;
  try {
    cues = parseStoryboard(await api(`/v1/assets/${assetId}/files/${path}`));
  } catch (_) { return; }
  if (!cues.length) return;
  const dir = path.replace(/[^/]*$/, '');
  const urls = new Map();
  for (const c of cues) if (!urls.has(c.file)) urls.set(c.file, fileUrl(assetId, dir + c.file));
  const at = (t) => cues.find((c) => t >= c.start && t < c.end) || cues[cues.length - 1];
  seek.addEventListener('mousemove', async (e) => {
    const r = seek.getBoundingClientRect();
    const frac = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
    const dur = video.duration || cues[cues.length - 1].end;
    const t = frac * dur;
    const c = at(t);
    const u = await urls.get(c.file).catch(() => null);
    if (!u) return;
    tile.style.width = `${c.w}px`;
    tile.style.height = `${c.h}px`;
    tile.style.backgroundImage = `url("${u}")`;
    tile.style.backgroundPosition = `-${c.x}px -${c.y}px`;
    tile.style.left = `${Math.min(Math.max(0, e.clientX - r.left - c.w / 2), r.width - c.w)}px`;
    tile.querySelector('.t').textContent = clock(t);
    tile.dataset.time = String(t);
    tile.hidden = false;
  });
  seek.addEventListener('mouseleave', () => { tile.hidden = true; });
}

/** WebVTT storyboard: cues whose text is `sprite-0.jpg#xywh=x,y,w,h`. */
export function parseStoryboard(text) {
  const ts = (s) => s.split(':').reduce((acc, p) => acc * 60 + parseFloat(p), 0);
  const out = [];
  const re = /([\d:.]+)\s+-->\s+([\d:.]+)[^\n]*\n([^\n#]+)#xywh=(\d+),(\d+),(\d+),(\d+)/g;
  let m;
  while ((m = re.exec(text))) {
    out.push({ start: ts(m[1]), end: ts(m[2]), file: m[3].trim(), x: +m[4], y: +m[5], w: +m[6], h: +m[7] });
  }
  return out;
}

