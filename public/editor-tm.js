// Translation-memory part of the active segment's panel: the best matches (from 70 %) of the focused
// segment, with their score, an "in context" mark and the differences between the memory's
// source and this segment's highlighted. Ctrl+1..3 (or the buttons) insert a match: the text goes
// into the textarea and an `input` event lets the editor's own autosave store it.
// Text from the memory is only ever assigned through textContent / value, never as HTML.

import { fetchJson, messagesOf } from './common.js';

const root = document.querySelector('.editor');
const panel = document.querySelector('.tm-panel');
if (root && panel) init(root, panel);

function init(root, panel) {
  const lang = root.dataset.lang;
  const msg = messagesOf(JSON.parse(panel.dataset.i18n));
  /** The row the panel shows matches for, and those matches. */
  let active = null;
  let seq = 0;

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function status(text) {
    panel.replaceChildren(el('h3', 'tm-title', msg('title')), el('p', 'tm-status', text));
  }

  function insert(area, text) {
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    area.focus();
  }

  function render(row, matches) {
    if (matches.length === 0) return status(msg('none'));
    const list = el('ol', 'tm-matches');
    matches.forEach((m, i) => {
      const item = el('li', 'tm-match');
      item.dataset.score = String(m.score);
      const head = el('div', 'tm-head');
      head.append(el('span', `tm-score ${m.score === 100 ? 'tm-exact' : ''}`, `${m.score} %`));
      if (m.inContext) head.append(el('span', 'tm-context', msg('inContext')));
      if (m.qaErrors) head.append(el('span', 'tm-qa-errors', msg('qaErrors')));
      const button = el('button', 'tm-insert', msg('insert', { n: i + 1 }));
      button.type = 'button';
      // Ctrl+1…3 insert from the keyboard; Tab goes from target to target, not through these buttons.
      button.tabIndex = -1;
      button.addEventListener('click', () => insert(row.querySelector('textarea'), m.target));
      head.append(button, el('span', 'tm-by', msg('by', { user: m.createdBy || '?', date: String(m.updatedAt).slice(0, 10) })));
      const source = el('div', 'tm-source');
      source.lang = 'zh';
      for (const p of m.diff)
        source.append(p.op === 'equal' ? document.createTextNode(p.text) : el(p.op === 'insert' ? 'ins' : 'del', '', p.text));
      const target = el('div', 'tm-target', m.target);
      target.lang = lang;
      item.append(head, source, target);
      list.append(item);
    });
    panel.replaceChildren(el('h3', 'tm-title', msg('title')), list);
  }

  async function show(row) {
    const mine = ++seq;
    active = { row, matches: [] };
    status(msg('loading'));
    try {
      const { res, data } = await fetchJson('GET', `/api/segments/${row.dataset.id}/tm?lang=${encodeURIComponent(lang)}`);
      if (mine !== seq) return;
      if (!res.ok) throw new Error(data.error?.message || res.statusText);
      active.matches = data.matches;
      render(row, data.matches);
    } catch (err) {
      if (mine === seq) status(msg('failed', { message: err.message }));
    }
  }

  // editor.js moves the active segment's panel (this one included) under the focused segment.
  root.addEventListener('bitext:activate', (e) => {
    if (active?.row !== e.detail.row) show(e.detail.row);
  });

  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
    const n = ['Digit1', 'Digit2', 'Digit3'].indexOf(e.code);
    if (n < 0) return;
    const area = e.target.closest?.('.seg .tgt textarea');
    if (!area || active?.row !== area.closest('.seg')) return;
    const m = active.matches[n];
    if (!m) return;
    e.preventDefault();
    insert(area, m.target);
  });
}
