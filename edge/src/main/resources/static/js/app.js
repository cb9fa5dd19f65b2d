// The console's shell: sign-in, the navigation the key may use, the search box (when the catalog answers) and a
// hash router (#/upload, #/jobs, #/asset/<id>, #/pools) that renders one page into <main>.
import { api, ApiError, el, session, toast } from './api.js';
import { uploadPage } from './upload.js';
import { jobsPage } from './jobs.js';
import { assetPage } from './asset.js';
import { poolsPage } from './pools.js';
import { searchPage, probeSearch } from './search.js';

const main = document.getElementById('main');
let leave = null; // the current page's cleanup (closes SSE streams, timers, players)

function signInPage(message) {
  const error = el('p', { class: 'error', id: 'signin-error', role: 'alert' }, message || '');
  const input = el('input', { id: 'api-key', name: 'key', type: 'password', required: true, autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'api-key-help signin-error' });
  const form = el('form', { class: 'card narrow', id: 'signin-form' },
    el('h1', {}, 'Sign in'),
    el('label', { for: 'api-key' }, 'API key'),
    input,
    el('p', { class: 'hint', id: 'api-key-help' },
      'Kept in this tab only (session storage) and sent in a header, never in a link. ',
      'An admin makes keys with POST /v1/api-keys.'),
    el('button', { type: 'submit', id: 'signin-submit' }, 'Sign in'),
    error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    session.set(input.value.trim());
    try {
      await loadMe();
      location.hash = landing();
      route();
    } catch (err) {
      session.clear();
      error.textContent = err.status === 401 ? 'This key is not valid: unknown, mistyped or revoked.' : err.message;
    }
  });
  main.replaceChildren(form);
  input.focus();
  return null;
}

async function loadMe() {
  session.me = await api('/v1/me');
  const me = session.me;
  document.getElementById('nav').hidden = false;
  for (const a of document.querySelectorAll('#nav a')) a.hidden = !me.can[a.dataset.need];
  document.getElementById('who').hidden = false;
  document.getElementById('who-text').textContent = `${me.name || me.keyId || 'key'} · ${me.tenant} · ${me.roles.join(', ')}`;
  probeSearch(document.getElementById('search'));
}

function landing() {
  const can = session.me.can;
  return can.read ? '#/jobs' : can.upload ? '#/upload' : can.operate ? '#/pools' : '#/none';
}

function signOut(message) {
  session.clear();
  session.me = null;
  document.getElementById('toast').className = 'toast hidden';
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('search').hidden = true;
  location.hash = '#/signin';
  leave?.();
  leave = null;
  signInPage(message);
}

async function route() {
  leave?.();
  leave = null;
  if (!session.key()) return signInPage();
  if (!session.me) {
    try { await loadMe(); } catch (e) { return signOut(e instanceof ApiError && e.status === 401 ? 'Your key is no longer valid.' : e.message); }
  }
  const [, page, arg] = (location.hash || '#/').split('/');
  const can = session.me.can;
  const pages = {
    upload: () => can.upload && uploadPage(main),
    jobs: () => can.read && jobsPage(main),
    asset: () => can.read && assetPage(main, decodeURIComponent(arg || '')),
    pools: () => can.operate && poolsPage(main),
    search: () => can.read && searchPage(main, decodeURIComponent(arg || '')),
  };
  const render = pages[page];
  const result = render ? render() : null;
  if (!result) {
    if (!render && page !== 'none') { location.hash = landing(); return undefined; }
    main.replaceChildren(el('section', { class: 'card' }, el('h1', {}, 'Nothing here for this key'),
      el('p', {}, `The key's roles (${session.me.roles.join(', ') || 'none'}) do not include this page.`)));
    return undefined;
  }
  leave = result;
  main.focus({ preventScroll: true });
  for (const a of document.querySelectorAll('#nav a')) {
    a.toggleAttribute('aria-current', a.getAttribute('href') === `#/${page}`);
  }
  return undefined;
}

document.getElementById('signout').addEventListener('click', () => signOut());
window.addEventListener('reelpipe:unauthorized', () => { if (session.me) { toast('Your key was refused (revoked?). Sign in again.', 'error'); signOut('Your key is no longer valid.'); } });
window.addEventListener('hashchange', route);
document.getElementById('search').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = document.getElementById('search-q').value.trim();
  if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
});
route();
