// The document editor: a compact segment list (grid rows), the active segment with one toolbar and its panel,
// autosave with optimistic locking, conflict resolution, keyboard-first navigation, incremental loading.
// Plain browser JavaScript, loaded as a module (the CSP forbids inline script).
// Text from documents is only ever assigned through .value / .textContent, never as HTML.

import { fetchJson, messagesOf } from './common.js';
import { cancelJob, followJob as watchJob } from './jobs.js';

const root = document.querySelector('.editor');
const messages = JSON.parse(root.dataset.i18n);
const lang = root.dataset.lang;
const docId = root.dataset.documentId;
const drafts = document.querySelector('.drafts');
const AUTOSAVE_MS = 400;
const MAX_RETRY_MS = 30_000;

const msg = messagesOf(messages);

/** Per-row editing state, created lazily. */
const states = new WeakMap();
function stateOf(row) {
  let s = states.get(row);
  if (!s) {
    const area = row.querySelector('textarea');
    s = {
      saved: area.defaultValue,
      version: Number(row.dataset.version),
      timer: 0,
      inflight: false,
      queue: null,
      retryMs: 0,
      conflict: false,
    };
    states.set(row, s);
  }
  return s;
}

function setState(row, text, kind) {
  const el = row.querySelector('.state');
  // A save that ends while the page is being closed finds its row torn down: there is nothing left to show.
  if (!el) return;
  paintHits(row);
  el.textContent = text;
  el.className = `state ${kind || ''}`;
  row.classList.toggle('unsaved', kind === 'error' || kind === 'unsaved' || kind === 'conflict');
}

// ---- search hits in the targets ----

/** The filter's search text when it applies to targets (lower case), else ''. */
const targetSearch = (root.dataset.targetSearch || '').toLowerCase();

/**
 * Marks the filter's search text in a row's target, as the server marks it in the source: literal, ignoring case
 * (a text whose lower case changes length is left unmarked, as there). A textarea cannot hold markup, so the marks
 * are drawn in a layer behind it with the same text and metrics (.tgt .hits, aria-hidden; text only via textContent).
 */
function paintHits(row) {
  if (!targetSearch) return;
  const area = row.querySelector('.tgt textarea');
  if (!area) return;
  const tgt = area.parentElement;
  const text = area.value;
  const lower = text.toLowerCase();
  const parts = [];
  if (lower.length === text.length) {
    let at = 0;
    for (let i = lower.indexOf(targetSearch); i >= 0; i = lower.indexOf(targetSearch, i + targetSearch.length)) {
      if (i > at) parts.push(text.slice(at, i));
      const mark = document.createElement('mark');
      mark.className = 'hit';
      mark.textContent = text.slice(i, i + targetSearch.length);
      parts.push(mark);
      at = i + targetSearch.length;
    }
    if (parts.length && at < text.length) parts.push(text.slice(at));
  }
  let layer = tgt.querySelector('.hits');
  if (parts.length === 0) {
    layer?.remove();
    tgt.classList.remove('has-hits');
    return;
  }
  if (!layer) {
    layer = document.createElement('div');
    layer.className = 'hits';
    layer.setAttribute('aria-hidden', 'true');
    area.before(layer);
  }
  layer.replaceChildren(...parts);
  tgt.classList.add('has-hits');
}

/** Marks the search hits in the targets of `scope`'s rows (the page's, or a fragment just added). */
function paintAllHits(scope = document) {
  if (targetSearch) for (const row of scope.querySelectorAll('.seg:not(.opaque)')) paintHits(row);
}

/** Shows a row's status (badge, coloured mark) and origin. Exported to editor-live.js through the bitext:apply event. */
function setStatus(row, status, origin) {
  row.dataset.status = status;
  const badge = row.querySelector('.status');
  badge.textContent = messages.statuses[status] ?? status;
  badge.className = `status status-${status}`;
  const o = row.querySelector('.origin');
  o.textContent = messages.origins[origin] ?? origin ?? '';
  o.hidden = !origin || status === 'untranslated';
}

/** Schedules an autosave a moment after typing stops. */
function scheduleSave(row) {
  const s = stateOf(row);
  clearTimeout(s.timer);
  if (s.conflict) return;
  setState(row, msg('unsaved'), 'unsaved');
  s.timer = setTimeout(() => save(row), AUTOSAVE_MS);
}

/** Saves the row now; saves of one row run one after another. Resolves true when the text is stored. */
function save(row, status, extra) {
  const s = stateOf(row);
  clearTimeout(s.timer);
  if (status) s.pendingStatus = status;
  if (extra) s.pendingExtra = extra;
  s.queue = (s.queue ?? Promise.resolve(true)).then(() => saveNow(row));
  return s.queue;
}

async function saveNow(row) {
  const s = stateOf(row);
  const area = row.querySelector('textarea');
  if (s.conflict) return false;
  const status = s.pendingStatus;
  const extra = s.pendingExtra;
  s.pendingStatus = s.pendingExtra = undefined;
  const text = area.value;
  if (!status && text === s.saved) {
    setState(row, msg('saved'), 'saved');
    return true;
  }
  const body = { ...extra, text, version: s.version };
  if (status) body.status = status;
  if (status === 'translated' && !extra?.confirmAnyway) body.askOnQaErrors = true;
  delete body.confirmAnyway;
  setState(row, msg('saving'), 'saving');
  s.inflight = true;
  try {
    const { res, data } = await fetchJson('PUT', `/api/segments/${row.dataset.id}/translations/${encodeURIComponent(lang)}`, body);
    if (res.ok) {
      s.version = data.version;
      s.saved = data.text;
      s.retryMs = 0;
      row.dataset.version = String(data.version);
      setStatus(row, data.status, data.origin);
      const clean = area.value === s.saved;
      setState(row, clean ? msg('saved') : msg('unsaved'), clean ? 'saved' : 'unsaved');
      // editor-review.js shows the QA issues of the response.
      root.dispatchEvent(new CustomEvent('bitext:saved', { detail: { row, data } }));
      return true;
    }
    if (res.status === 409 && data.error?.current) {
      showConflict(row, data.error.current);
      return false;
    }
    if (res.status === 422 && data.error?.code === 'qa_errors_confirm') {
      // Nothing was stored: keep the text as a draft; the Ctrl+Enter handler then asks once whether to confirm anyway.
      await saveNow(row);
      s.askQa = data.error;
      return false;
    }
    if (res.status >= 500 || res.status === 429) throw new Error(data.error?.message || res.statusText);
    // Other 4xx: retrying cannot help; the text stays, visibly unsaved.
    setState(row, msg('error', { message: data.error?.message || res.statusText }), 'error');
    root.dispatchEvent(new CustomEvent('bitext:save-refused', { detail: { row, status: res.status, data } }));
    return false;
  } catch {
    if (!row.isConnected) return false;
    // Network or server failure: keep the text and retry with backoff.
    s.pendingStatus ??= status;
    s.pendingExtra ??= extra;
    s.retryMs = Math.min(MAX_RETRY_MS, s.retryMs ? s.retryMs * 2 : 1000);
    setState(row, msg('retrying', { seconds: Math.round(s.retryMs / 1000) }), 'error');
    clearTimeout(s.timer);
    s.timer = setTimeout(() => save(row), s.retryMs);
    return false;
  } finally {
    s.inflight = false;
  }
}

/** Shows both texts after a 409 and lets the user choose. */
function showConflict(row, current) {
  const s = stateOf(row);
  row.querySelector('.conflict')?.remove();
  s.conflict = true;
  setState(row, msg('conflict'), 'conflict');
  // The badge shows the status stored now (theirs), not the one this page loaded.
  setStatus(row, current.status, current.origin);
  const area = row.querySelector('textarea');
  const box = document.createElement('div');
  box.className = 'conflict';
  const theirsLabel = document.createElement('div');
  theirsLabel.className = 'label';
  theirsLabel.textContent = msg('theirs', { version: current.version, user: current.updatedBy || '?' });
  const theirs = document.createElement('pre');
  theirs.className = 'theirs';
  theirs.textContent = current.text;
  const useTheirs = document.createElement('button');
  useTheirs.type = 'button';
  useTheirs.className = 'use-theirs';
  useTheirs.textContent = msg('useTheirs');
  const keepMine = document.createElement('button');
  keepMine.type = 'button';
  keepMine.className = 'keep-mine';
  keepMine.textContent = msg('keepMine');
  box.append(theirsLabel, theirs, useTheirs, keepMine);
  row.querySelector('.state').after(box);
  const resolve = (text) => {
    box.remove();
    s.conflict = false;
    s.version = current.version;
    row.dataset.version = String(current.version);
    setStatus(row, current.status, current.origin);
    if (text === null) {
      area.value = current.text;
      s.saved = current.text;
      setState(row, msg('saved'), 'saved');
    } else {
      s.saved = current.text;
      save(row);
    }
    area.focus();
  };
  useTheirs.addEventListener('click', () => resolve(null));
  keepMine.addEventListener('click', () => resolve(area.value));
}

// ---- navigation and the active segment ----

const list = document.querySelector('.segments');
const panel = document.querySelector('.active-panel');
const toolbar = panel?.querySelector('.toolbar');

function rows() {
  return [...document.querySelectorAll('.seg:not(.opaque)')];
}

/** Focuses a row's target; `scroll`: 'center' when moving, 'nearest' for the first focus. */
function focusRow(row, block = 'center') {
  const area = row?.querySelector('textarea');
  if (!area) return false;
  area.focus({ preventScroll: true });
  row.scrollIntoView({ block });
  return true;
}

let active = null;

/**
 * Makes `row` the active segment: the one toolbar and the panel (memory matches, glossary terms; history and
 * comments on demand) move under it. Other scripts follow through the bitext:activate event.
 */
function activate(row) {
  if (active === row || !panel) return;
  active?.classList.remove('active');
  active = row;
  row.classList.add('active');
  row.append(panel);
  panel.hidden = false;
  // History, comments or a rejection form belonged to the previous segment.
  panel.querySelector('.review-slot').replaceChildren();
  const comments = panel.querySelector('.comments-toggle');
  if (comments) root.dispatchEvent(new CustomEvent('bitext:comment-count', { detail: { row, n: Number(row.dataset.comments || 0) } }));
  showTerms(row);
  panel.querySelector('.qa-confirm')?.remove();
  root.dispatchEvent(new CustomEvent('bitext:activate', { detail: { row } }));
}

/** The glossary terms marked in the row's source (the server marked them, with their translations in the title). */
function showTerms(row) {
  const box = panel.querySelector('.terms-panel');
  const seen = new Set();
  const items = [];
  for (const term of row.querySelectorAll('.src .term')) {
    if (seen.has(term.textContent)) continue;
    seen.add(term.textContent);
    const [translations, ...rest] = (term.title || '').split('\n');
    const li = document.createElement('li');
    const src = document.createElement('span');
    src.className = 'term-src';
    src.lang = 'zh';
    src.textContent = term.textContent;
    li.append(src, ` → ${translations ?? ''}`);
    for (const line of rest) {
      const extra = document.createElement('div');
      extra.className = line.startsWith(messages.doNotUse) ? 'term-forbidden-list' : 'term-note';
      extra.textContent = line;
      li.append(extra);
    }
    items.push(li);
  }
  const title = document.createElement('h3');
  title.textContent = messages.glossaryTitle;
  if (items.length) {
    const ul = document.createElement('ul');
    ul.append(...items);
    box.replaceChildren(title, ul);
  } else {
    const none = document.createElement('p');
    none.textContent = messages.glossaryNone;
    box.replaceChildren(title, none);
  }
}

async function moveFrom(row, step, predicate = () => true) {
  for (;;) {
    const all = rows();
    const i = all.indexOf(row);
    for (let j = i + step; j >= 0 && j < all.length; j += step) {
      if (predicate(all[j])) return focusRow(all[j]);
    }
    if (step < 0 || !(await loadMore())) return false;
  }
}

const unconfirmed = (r) => r.dataset.status !== 'translated' && r.dataset.status !== 'reviewed';

/** The first unconfirmed segment (loading further rows while needed), else the first segment. */
async function firstOpenRow() {
  for (;;) {
    const found = rows().find(unconfirmed);
    if (found) return found;
    if (!(await loadMore())) return rows()[0] ?? null;
  }
}

// ---- incremental loading ----

const more = document.getElementById('more');
let loading = null;

/** Parses rows sent by the server (our own HTML fragment) and marks the search hits in their targets. */
function fragmentOf(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  paintAllHits(template.content);
  return template.content;
}

/** Appends the next batch of rows; resolves false when there are no more. */
function loadMore() {
  if (!more || !more.dataset.url) return Promise.resolve(false);
  loading ??= (async () => {
    try {
      const res = await fetch(more.dataset.url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!res.ok) return false;
      list.append(fragmentOf(await res.text()));
      more.dataset.url = res.headers.get('X-Next-Url') || '';
      if (!more.dataset.url) more.replaceChildren();
      return true;
    } finally {
      loading = null;
    }
  })();
  return loading;
}

if (more) {
  new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    },
    { rootMargin: '800px' },
  ).observe(more);
  more.addEventListener('click', (e) => {
    if (e.target.closest('.load-more')) loadMore();
  });
}

// ---- events ----

if (list) {
  paintAllHits(list);
  list.addEventListener('input', (e) => {
    const row = e.target.closest('.seg');
    if (row && e.target.matches('.tgt textarea')) scheduleSave(row);
  });
  list.addEventListener('focusin', (e) => {
    const row = e.target.closest('.seg');
    if (row && e.target.matches('.tgt textarea')) activate(row);
  });
  list.addEventListener('focusout', (e) => {
    const row = e.target.closest('.seg');
    if (row && e.target.matches('.tgt textarea') && !stateOf(row).conflict && e.target.value !== stateOf(row).saved) save(row);
  });
  list.addEventListener('click', (e) => {
    const btn = e.target.closest('.copy-src');
    if (btn) copySource(btn.closest('.seg'));
  });
  // Opening: the segment asked for ("Go to segment"), else the first one still to confirm.
  // After every editor script has run (they follow the bitext:activate event), i.e. at DOMContentLoaded.
  const open = async () => {
    const focusId = list.dataset.focus;
    const row = focusId ? document.getElementById(`seg-${focusId}`) : await firstOpenRow();
    if (row) focusRow(row, focusId ? 'center' : 'nearest');
  };
  if (document.readyState === 'complete') open();
  else document.addEventListener('DOMContentLoaded', open, { once: true });
}

// The skip link lands in the first segment to work on.
document.querySelector('.skip-link')?.addEventListener('click', async (e) => {
  if (!list) return;
  e.preventDefault();
  focusRow(await firstOpenRow());
});

/** The row of segment number `n` if it is loaded (the next one with a target when `n` has none), else null. */
function loadedRow(n) {
  const row = document.querySelector(`.seg[data-index="${n - 1}"]`);
  if (!row || !row.classList.contains('opaque')) return row;
  return rows().find((r) => Number(r.dataset.index) >= n - 1) ?? null;
}

/** True when a row holds text not stored yet (typed, being saved, or in a conflict). */
function dirty(row) {
  const s = states.get(row);
  return Boolean(s && (s.inflight || s.conflict || row.querySelector('.tgt textarea').value !== s.saved));
}

const loadMoreButton = more?.querySelector('.load-more')?.cloneNode(true);
/** Rows fetched by "Go to segment": a screenful (the next ones load as you scroll). */
const GOTO_ROWS = 40;
/** The rows of the number being typed in "Go to segment", fetched ahead: { n, rows: Promise<Response> }. */
let prefetched = null;

/** Fetches the rows from segment `n` on (once per number: a prefetch is used by the Enter that follows). */
function rowsFrom(n) {
  if (prefetched?.n !== n) {
    const url = `/documents/${docId}/rows?lang=${encodeURIComponent(lang)}&goto=${n}&limit=${GOTO_ROWS}`;
    const rows = fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    rows.catch(() => {});
    prefetched = { n, rows };
  }
  return prefetched.rows;
}

/**
 * Opens the list at segment `n` without loading the page again: only the rows from `n` on are fetched (one HTML
 * fragment) and replace the rows in the list; a link leads to the earlier ones and scrolling loads the next ones, as
 * on a page opened at `n`. Resolves false when it cannot (the page load does it then).
 */
async function goTo(n) {
  if (rows().some(dirty)) return false;
  const pending = rowsFrom(n);
  prefetched = null;
  const res = await pending;
  if (!res.ok) return false;
  const rowsHtml = fragmentOf(await res.text());
  // A number past the end: the page load says so. Rows still arriving from scrolling belong to the old place.
  if (!rowsHtml.querySelector('.seg')) return false;
  await loading;
  if (rows().some(dirty)) return false;
  // The active segment's panel lives in its row: keep it out of the rows about to go.
  if (panel) {
    panel.hidden = true;
    more.after(panel);
  }
  active?.classList.remove('active');
  active = null;
  list.replaceChildren(rowsHtml);
  delete list.dataset.focus;
  more.dataset.url = res.headers.get('X-Next-Url') || '';
  more.replaceChildren(...(more.dataset.url && loadMoreButton ? [loadMoreButton.cloneNode(true)] : []));
  const prev = res.headers.get('X-Prev-Url');
  let earlier = document.querySelector('a.earlier');
  if (prev && !earlier) {
    earlier = document.createElement('a');
    earlier.className = 'earlier';
    earlier.textContent = messages.earlier;
    const p = document.createElement('p');
    p.append(earlier);
    document.querySelector('.seg-head').before(p);
  }
  if (prev) earlier.href = prev;
  else earlier?.parentElement.remove();
  history.replaceState(null, '', `/documents/${docId}?lang=${encodeURIComponent(lang)}&goto=${n}`);
  const row = loadedRow(n);
  return row ? focusRow(row) : true;
}

// "Go to segment N": in the page when that row is loaded; otherwise goTo fetches the rows from N on. With a filter
// set (the list is filtered, the segment may not be in it) the page opens at N without the filter, as before.
const filters = document.querySelector('form.filters');
let prefetchTimer = 0;
// While a number is typed, its rows are fetched ahead, so Enter usually finds them here already.
filters?.elements.goto?.addEventListener('input', (e) => {
  clearTimeout(prefetchTimer);
  const n = Number(e.target.value);
  if (n >= 1 && list && more && !drafts?.dataset.filtered && !loadedRow(n)) prefetchTimer = setTimeout(() => rowsFrom(n), 150);
});
filters?.addEventListener('submit', async (e) => {
  clearTimeout(prefetchTimer);
  const form = e.target;
  const n = Number(form.elements.goto?.value);
  if (!n) return;
  const row = loadedRow(n);
  if (row && focusRow(row)) {
    e.preventDefault();
    return;
  }
  if (!list || !more || drafts?.dataset.filtered) return;
  e.preventDefault();
  const done = await goTo(n).catch(() => false);
  if (!done) form.submit();
});

function copySource(row) {
  const area = row.querySelector('textarea');
  area.value = area.dataset.source;
  scheduleSave(row);
  area.focus();
}

const help = document.querySelector('.shortcuts');
let helpReturn = null;
function toggleHelp(show = help.hidden) {
  help.hidden = !show;
  if (show) {
    helpReturn = document.activeElement;
    help.querySelector('.help-close').focus();
  } else helpReturn?.focus?.();
}
document.querySelector('.help-toggle')?.addEventListener('click', () => toggleHelp());
help?.querySelector('.help-close').addEventListener('click', () => toggleHelp(false));

// ---- the toolbar: F2 from the target, arrows inside, Esc back ----

const toolbarButtons = () => [...(toolbar?.querySelectorAll('button') ?? [])].filter((b) => !b.hidden && !b.disabled);
toolbar?.addEventListener('keydown', (e) => {
  const buttons = toolbarButtons();
  const i = buttons.indexOf(document.activeElement);
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    e.preventDefault();
    buttons[(i + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
  } else if (e.key === 'Home' || e.key === 'End') {
    e.preventDefault();
    buttons[e.key === 'Home' ? 0 : buttons.length - 1]?.focus();
  } else if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    active?.querySelector('textarea')?.focus();
  }
});

// ---- confirming with QA errors asks once ----

/** Shows "QA errors remain: confirm anyway?" in the active row; resolves true when confirmed anyway. */
function askQaConfirm(row, error) {
  return new Promise((resolve) => {
    row.querySelector('.qa-confirm')?.remove();
    const checks = (error.checks ?? []).map((c) => reviewChecks[c] ?? c).join(', ');
    const box = document.createElement('div');
    box.className = 'qa-confirm';
    box.setAttribute('role', 'alertdialog');
    const question = document.createElement('p');
    question.id = `qa-confirm-${row.dataset.id}`;
    question.textContent = msg('qaConfirm', { checks });
    box.setAttribute('aria-labelledby', question.id);
    const yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'qa-confirm-yes';
    yes.textContent = messages.qaConfirmYes;
    const no = document.createElement('button');
    no.type = 'button';
    no.className = 'qa-confirm-no';
    no.textContent = messages.qaConfirmNo;
    box.append(question, yes, no);
    (panel && active === row ? panel : row).prepend(box);
    const area = row.querySelector('textarea');
    const done = async (confirm) => {
      box.remove();
      if (!confirm) {
        area.focus();
        return resolve(false);
      }
      const ok = await save(row, 'translated', { confirmAnyway: true });
      resolve(ok);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        done(false);
      }
    });
    root.dispatchEvent(new CustomEvent('bitext:qa-issues', { detail: { row, issues: error.issues ?? [] } }));
    yes.focus();
  });
}
const reviewChecks = JSON.parse(root.dataset.reviewI18n || '{}').checks ?? {};

document.addEventListener('keydown', async (e) => {
  // An input method composing (pinyin, zhuyin…) owns the keys until it commits.
  if (e.isComposing || e.keyCode === 229) return;
  const area = e.target.closest?.('.tgt textarea');
  const row = area?.closest('.seg');
  if (e.key === 'Escape' && !help.hidden) {
    toggleHelp(false);
    return;
  }
  if (e.key === '?' && !e.target.closest?.('textarea, input, select')) {
    e.preventDefault();
    toggleHelp();
    return;
  }
  if (e.key === 'F2' && active) {
    e.preventDefault();
    toolbarButtons()[0]?.focus();
    return;
  }
  if (!row) return;
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.shiftKey) {
    e.preventDefault();
    if (root.dataset.canReview && area.value.trim() !== '')
      root.dispatchEvent(new CustomEvent('bitext:approve-request', { detail: { row } }));
  } else if (e.key === 'Backspace' && (e.ctrlKey || e.metaKey) && e.shiftKey) {
    e.preventDefault();
    if (root.dataset.canReview) root.dispatchEvent(new CustomEvent('bitext:reject-request', { detail: { row } }));
  } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    if (area.value.trim() === '') return;
    const s = stateOf(row);
    s.askQa = null;
    let ok = await save(row, 'translated');
    if (!ok && s.askQa) {
      const error = s.askQa;
      s.askQa = null;
      ok = await askQaConfirm(row, error);
    }
    if (ok) await moveFrom(row, 1, unconfirmed);
  } else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    e.preventDefault();
    await moveFrom(row, e.key === 'ArrowDown' ? 1 : -1);
  } else if (e.ctrlKey && e.shiftKey && e.key === 'Insert') {
    e.preventDefault();
    copySource(row);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    const s = stateOf(row);
    clearTimeout(s.timer);
    area.value = s.saved;
    setState(row, msg('saved'), 'saved');
  }
});

window.addEventListener('beforeunload', (e) => {
  if (rows().some(dirty)) {
    e.preventDefault();
    e.returnValue = messages.leave;
  }
});

// ---- drafts: machine translation and OpenCC ----

const draftKind = drafts?.dataset.kind ?? 'mt';

/** Puts a stored translation into its row (text, version, status, origin) as saved. */
function applyTranslation(row, t, label = msg('drafted')) {
  const s = stateOf(row);
  const area = row.querySelector('textarea');
  clearTimeout(s.timer);
  area.value = t.text;
  s.saved = t.text;
  s.version = t.version;
  row.dataset.version = String(t.version);
  setStatus(row, t.status, t.origin);
  setState(row, label, 'saved');
}

async function draftOne(row) {
  const s = stateOf(row);
  const area = row.querySelector('textarea');
  if (area.value !== s.saved) await save(row);
  setState(row, msg('drafting'), 'saving');
  const path = draftKind === 'opencc' ? 'convert' : 'mt';
  const { res, data } = await fetchJson('POST', `/api/segments/${row.dataset.id}/${path}`, { lang });
  if (res.ok) applyTranslation(row, data);
  else if (res.status === 409) setState(row, msg('kept', { message: data.error?.message ?? '' }), 'saved');
  else setState(row, msg('error', { message: data.error?.message || res.statusText }), 'error');
}

list?.addEventListener('click', (e) => {
  const btn = e.target.closest('.draft-one');
  if (btn) draftOne(btn.closest('.seg'));
});

const jobKey = `bitext-job-${docId}-${lang}`;
const progress = drafts?.querySelector('.job-progress');
const jobStatus = drafts?.querySelector('.job-status');
const cancelBtn = drafts?.querySelector('.job-cancel');

/** Follows a background job (server-sent events, polling as fallback) until it ends; the job id is kept so a reload resumes the progress bar. */
async function followJob(jobId) {
  localStorage.setItem(jobKey, String(jobId));
  progress.hidden = false;
  cancelBtn.hidden = false;
  cancelBtn.onclick = () => cancelJob(jobId);
  const show = (job) => {
    const done = job.progress?.done ?? 0;
    const total = job.progress?.total ?? 0;
    progress.max = Math.max(1, total);
    progress.value = done;
    return { done, total };
  };
  const job = await watchJob(jobId, (j) => {
    const { done, total } = show(j);
    jobStatus.textContent = msg('jobProgress', { done, total });
  });
  localStorage.removeItem(jobKey);
  progress.hidden = true;
  cancelBtn.hidden = true;
  if (!job) return;
  const { done, total } = show(job);
  if (job.status === 'done') {
    jobStatus.textContent = msg('jobDone', { done, total });
    location.reload();
  } else if (job.status === 'cancelled') jobStatus.textContent = msg('jobCancelled', { done, total });
  else jobStatus.textContent = msg('jobFailed', { message: job.errorMessage ?? job.error ?? job.status });
}

/** The ids of every segment matching the editor's current filter (all pages). */
async function filteredIds() {
  const ids = [];
  for (let offset = 0; ; offset += 500) {
    const { data: page } = await fetchJson(
      'GET',
      `/api/documents/${docId}/segments?${drafts.dataset.filterQuery}&offset=${offset}&limit=500`,
    );
    ids.push(...page.segments.filter((s) => s.translatable).map((s) => s.id));
    if (offset + 500 >= page.total) return ids;
  }
}

async function draftMany(segmentIds) {
  if (draftKind === 'opencc') {
    jobStatus.textContent = msg('drafting');
    const { res, data } = await fetchJson('POST', `/api/documents/${docId}/convert-targets`, { langs: [lang] });
    if (res.ok) location.reload();
    else jobStatus.textContent = msg('jobFailed', { message: data.error?.message || res.statusText });
    return;
  }
  const overwriteDrafts = drafts.querySelector('.overwrite-drafts')?.checked ?? false;
  // Show what the run will cost before anything is sent.
  // The estimate covers exactly what the run will get: the filtered segments, or the whole document.
  const scope = segmentIds ? { segmentIds } : {};
  if (segmentIds && segmentIds.length === 0) {
    jobStatus.textContent = messages.nothingToSend;
    return;
  }
  const estimate = await fetchJson('POST', '/api/mt/estimate', { documentId: Number(docId), langs: [lang], overwriteDrafts, ...scope });
  if (!estimate.res.ok) {
    jobStatus.textContent = msg('jobFailed', { message: estimate.data.error?.message || estimate.res.statusText });
    return;
  }
  const { characters, estimatedCost, requests } = estimate.data;
  if (characters === 0) {
    jobStatus.textContent = messages.nothingToSend;
    return;
  }
  if (
    !window.confirm(
      msg('estimate', { characters: characters.toLocaleString(document.documentElement.lang), cost: estimatedCost.toFixed(2), requests }),
    )
  )
    return;
  const { res, data } = await fetchJson('POST', `/api/documents/${docId}/pretranslate`, { langs: [lang], overwriteDrafts, ...scope });
  if (res.ok && data.jobId) followJob(data.jobId);
  else jobStatus.textContent = msg('jobFailed', { message: data.error?.message || res.statusText });
}

drafts?.querySelector('.draft-document')?.addEventListener('click', () => draftMany());
drafts?.querySelector('.draft-filter')?.addEventListener('click', async () => draftMany(await filteredIds()));
const pendingJob = drafts && localStorage.getItem(jobKey);
if (pendingJob) followJob(pendingJob);

// ---- hooks for editor-review.js and editor-live.js (approve / reject / restore / live updates go through here) ----
root.addEventListener('bitext:save-request', (e) => save(e.detail.row, e.detail.status, e.detail.extra));
root.addEventListener('bitext:apply', (e) => applyTranslation(e.detail.row, e.detail.translation, e.detail.label));
root.addEventListener('bitext:remote-change', (e) => remoteChange(e.detail.row, e.detail.translation));

/**
 * Someone else saved this segment (live update): a row without local edits takes their text and status at once; a
 * row being edited shows both texts (the conflict choice) instead of waiting for its save to fail.
 */
function remoteChange(row, t) {
  const s = stateOf(row);
  if (t.version <= s.version) return;
  const area = row.querySelector('textarea');
  if (s.conflict) return;
  // This user's own save from this page: its answer brings the same version.
  if (t.updatedBy === root.dataset.user && (s.inflight || t.text === area.value)) return;
  if (s.inflight || area.value !== s.saved) {
    showConflict(row, t);
    return;
  }
  applyTranslation(row, t, msg('liveChanged', { user: t.updatedBy || '?' }));
  row.classList.remove('live-updated');
  void row.offsetWidth;
  row.classList.add('live-updated');
}
