// Review in the editor: QA issues after each save, approve / reject (with the QA override form),
// revision history with diffs and restore, comments per segment. Loaded as a module beside
// editor.js, which saves on our behalf (bitext:save-request) and reports saves (bitext:saved,
// bitext:save-refused). Text from documents is only assigned via textContent / value.

import { fetchJson, messagesOf } from './common.js';

const root = document.querySelector('.editor');
const lang = root?.dataset.lang;
const t = JSON.parse(root?.dataset.reviewI18n ?? '{}');
// Status and origin labels, shared with editor.js.
const labels = JSON.parse(root?.dataset.i18n ?? '{}');
const originLabel = (origin, engine) => `${labels.origins?.[origin] ?? origin}${engine ? ` (${engine})` : ''}`;

const msg = messagesOf(t);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node[k] = v;
  }
  node.append(...children);
  return node;
}

// ---- QA issues of a row ----

/** Shows a row's QA issues (list under the target, badges in the meta cell) in the server's words. */
function showIssues(row, issues) {
  const list = row.querySelector('.qa-issues');
  if (!list) return;
  list.replaceChildren(
    ...issues.map((i) => {
      const li = el(
        'li',
        { class: `qa-${i.severity}` },
        el('span', { class: 'qa-check', text: t.checks?.[i.check] ?? i.check }),
        // The server sends the message in the interface language; `message` is the English one.
        ` ${i.localizedMessage ?? i.message}`,
      );
      li.dataset.check = i.check;
      return li;
    }),
  );
  list.hidden = issues.length === 0;
  for (const severity of ['error', 'warning']) {
    const badge = row.querySelector(`.qa-badge.qa-${severity}`);
    const n = issues.filter((i) => i.severity === severity).length;
    badge.textContent = String(n);
    badge.title = msg(`${severity}sBadge`, { n });
    badge.hidden = n === 0;
  }
}

function showEngine(row, engine, status) {
  const e = row.querySelector('.engine');
  if (!e) return;
  e.textContent = engine ?? '';
  e.hidden = !engine || status === 'untranslated';
}

root?.addEventListener('bitext:saved', (e) => {
  const { row, data } = e.detail;
  if (data.qa) showIssues(row, data.qa.issues);
  showEngine(row, data.engine, data.status);
  // A save answering "rejected" stored the rejection's comment.
  if (data.status === 'rejected') setCommentCount(row, Number(row.dataset.comments || 0) + 1);
  const panel = panelOf(row, false);
  if ((panel?.dataset.mode === 'approve' && data.status === 'reviewed') || (panel?.dataset.mode === 'reject' && data.status === 'rejected'))
    panel.remove();
  else if (panel?.dataset.mode === 'history') openHistory(row);
});

root?.addEventListener('bitext:save-refused', (e) => {
  const { row, data } = e.detail;
  if (data.error?.code === 'qa_errors') {
    // Only the status change was refused: save the text as it is (a no-op when it already is), and let the panel explain.
    requestSave(row);
    showIssues(row, data.error.issues ?? []);
    openOverride(row, data.error.checks ?? []);
  }
});

// ---- the review area of the active segment's panel ----

/** The review area of the active panel when `row` is the active segment (created when `create`). */
function panelOf(row, create = true) {
  const slot = row.querySelector('.active-panel .review-slot');
  if (!slot) return null;
  const existing = slot.querySelector('.review-panel');
  if (existing) return existing;
  if (!create) return null;
  const panel = el('div', { class: 'review-panel' });
  panel.dataset.for = row.dataset.id;
  slot.append(panel);
  return panel;
}

/** Fills the area with a mode's content and a close button (Esc closes it too and returns to the target). */
function setPanel(row, mode, ...content) {
  const panel = panelOf(row);
  panel.dataset.mode = mode;
  const close = el('button', { type: 'button', class: 'panel-close', text: t.close });
  const back = () => {
    panel.remove();
    row.querySelector('.tgt textarea')?.focus();
  };
  close.addEventListener('click', back);
  panel.onkeydown = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      back();
    }
  };
  const cell = el('div', { class: 'review-body' }, ...content, close);
  panel.replaceChildren(cell);
  return cell;
}

function togglePanel(row, mode, open) {
  const panel = panelOf(row, false);
  if (panel?.dataset.mode === mode) panel.remove();
  else open(row);
}

// ---- approve / reject ----

function requestSave(row, status, extra) {
  root.dispatchEvent(new CustomEvent('bitext:save-request', { detail: { row, status, extra } }));
}

/** A form asking for a reason (override or rejection) that saves the row with `status` and the reason as `field`. */
function reasonForm(row, { formClass, input, label, submit, status, field }) {
  const form = el('form', { class: formClass }, el('label', {}, label, ' ', input), el('button', { type: 'submit', text: submit }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) requestSave(row, status, { [field]: input.value.trim() });
  });
  return form;
}

function openOverride(row, checks) {
  const input = el('input', { type: 'text', class: 'override-reason', required: true, maxLength: 2000 });
  const form = reasonForm(row, {
    formClass: 'override',
    input,
    label: t.overrideLabel,
    submit: t.overrideSubmit,
    status: 'reviewed',
    field: 'override',
  });
  const blocked = msg('blocked', { checks: checks.map((c) => t.checks?.[c] ?? c).join(', ') });
  setPanel(row, 'approve', el('p', { class: 'qa-blocked', text: blocked }), form);
  input.focus();
}

function openReject(row) {
  const input = el('textarea', { class: 'reject-comment', rows: 2, required: true, maxLength: 10000 });
  const form = reasonForm(row, {
    formClass: 'reject-form',
    input,
    label: t.rejectLabel,
    submit: t.rejectSubmit,
    status: 'rejected',
    field: 'comment',
  });
  setPanel(row, 'reject', form);
  input.focus();
}

// ---- history ----

function diffNode(parts) {
  return el(
    'div',
    { class: 'diff' },
    ...parts.map((p) =>
      p.op === 'insert' ? el('ins', { text: p.text }) : p.op === 'delete' ? el('del', { text: p.text }) : document.createTextNode(p.text),
    ),
  );
}

const when = (iso) => new Date(iso).toLocaleString();

async function openHistory(row) {
  const { res, data } = await fetchJson('GET', `/api/segments/${row.dataset.id}/translations/${encodeURIComponent(lang)}/history`);
  if (!res.ok)
    return setPanel(row, 'history', el('p', { class: 'error', text: msg('failed', { message: data.error?.message ?? res.statusText }) }));
  const content = [];
  if (data.provenance) {
    const p = data.provenance;
    content.push(
      el('p', { class: 'provenance', text: msg('provenance', { origin: originLabel(p.origin, p.engine), by: p.by, at: when(p.at) }) }),
    );
  }
  if (data.revisions.length === 0) content.push(el('p', { text: t.noHistory }));
  const list = el('ol', { class: 'revisions', reversed: true });
  data.revisions.forEach((r, i) => {
    const item = el(
      'li',
      { class: 'revision' },
      el('div', {
        class: 'revision-head',
        text: msg('revision', {
          version: r.version,
          status: labels.statuses?.[r.status] ?? r.status,
          origin: originLabel(r.origin, r.engine),
          by: r.createdBy,
          at: when(r.createdAt),
        }),
      }),
    );
    item.dataset.version = String(r.version);
    if (r.note) item.append(el('div', { class: 'revision-note', text: r.note }));
    item.append(diffNode(r.diff));
    if (i > 0) {
      const restore = el('button', { type: 'button', class: 'restore', text: t.restore });
      restore.addEventListener('click', () => restoreRevision(row, r));
      item.append(restore);
    }
    list.append(item);
  });
  content.push(list);
  setPanel(row, 'history', ...content);
  panelOf(row, false)?.querySelector('button')?.focus();
}

async function restoreRevision(row, revision) {
  const { res, data } = await fetchJson('POST', `/api/segments/${row.dataset.id}/translations/${encodeURIComponent(lang)}/restore`, {
    revisionId: revision.id,
    version: Number(row.dataset.version),
  });
  if (!res.ok) {
    panelOf(row)
      .querySelector('.review-body')
      .prepend(el('p', { class: 'error', text: msg('failed', { message: data.error?.message ?? res.statusText }) }));
    return;
  }
  root.dispatchEvent(new CustomEvent('bitext:apply', { detail: { row, translation: data } }));
  showIssues(row, data.qa?.issues ?? []);
  showEngine(row, data.engine, data.status);
  await openHistory(row);
}

// ---- comments ----

/** The open-comment count of a row: its badge, and the toolbar button while it is the active row. */
function setCommentCount(row, n) {
  row.dataset.comments = String(n);
  const badge = row.querySelector('.comment-badge');
  if (badge) {
    badge.textContent = String(n);
    badge.title = msg('comments', { n });
    badge.hidden = n === 0;
  }
  const button = row.querySelector('.active-panel .comments-toggle');
  if (button) {
    button.dataset.count = String(n);
    button.textContent = msg('comments', { n });
  }
}

async function openComments(row) {
  const base = `/api/segments/${row.dataset.id}/comments`;
  const { res, data } = await fetchJson('GET', `${base}?lang=${encodeURIComponent(lang)}`);
  if (!res.ok)
    return setPanel(row, 'comments', el('p', { class: 'error', text: msg('failed', { message: data.error?.message ?? res.statusText }) }));
  const list = el('ul', { class: 'comments' });
  for (const c of data.comments) {
    const toggle = el('button', { type: 'button', class: 'resolve', text: c.resolved ? t.reopen : t.resolve });
    toggle.addEventListener('click', async () => {
      await fetchJson('PATCH', `/api/comments/${c.id}`, { resolved: !c.resolved });
      await openComments(row);
    });
    list.append(
      el(
        'li',
        { class: `comment kind-${c.kind}${c.resolved ? ' resolved' : ''}` },
        el('strong', { text: c.author }),
        ` · ${when(c.createdAt)} · ${t.kinds?.[c.kind] ?? c.kind}${c.resolved ? ` · ${t.resolved}` : ''}`,
        el('div', { class: 'comment-text', text: c.text }),
        toggle,
      ),
    );
  }
  const input = el('textarea', { class: 'comment-input', rows: 2, maxLength: 10000 });
  const form = el(
    'form',
    { class: 'comment-form' },
    el('label', {}, msg('addComment'), ' ', input),
    el('button', { type: 'submit', text: t.commentSubmit }),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    const added = await fetchJson('POST', base, { lang, text: input.value });
    if (added.res.ok) await openComments(row);
    else form.append(el('p', { class: 'error', text: msg('failed', { message: added.data.error?.message ?? added.res.statusText }) }));
  });
  setCommentCount(row, data.comments.filter((c) => !c.resolved).length);
  setPanel(row, 'comments', data.comments.length ? list : el('p', { text: t.noComments }), form);
  input.focus();
}

// ---- wiring ----

root?.querySelector('.segments')?.addEventListener('click', (e) => {
  const button = e.target.closest('.toolbar button');
  const row = button?.closest('.seg');
  if (!row) return;
  if (button.classList.contains('history-toggle')) togglePanel(row, 'history', openHistory);
  else if (button.classList.contains('comments-toggle')) togglePanel(row, 'comments', openComments);
  else if (button.classList.contains('approve')) requestSave(row, 'reviewed');
  else if (button.classList.contains('reject')) togglePanel(row, 'reject', openReject);
});
// Keyboard shortcuts of editor.js: Ctrl+Shift+Enter approves, Ctrl+Shift+Backspace opens the rejection form.
root?.addEventListener('bitext:approve-request', (e) => requestSave(e.detail.row, 'reviewed'));
root?.addEventListener('bitext:reject-request', (e) => openReject(e.detail.row));
root?.addEventListener('bitext:comment-count', (e) => setCommentCount(e.detail.row, e.detail.n));
root?.addEventListener('bitext:qa-issues', (e) => showIssues(e.detail.row, e.detail.issues));
