// Live collaboration in the editor: other people's saves arrive by server-sent events (/api/documents/:id/live)
// and go into their rows within a second; the segment this tab has open is reported (/api/documents/:id/presence)
// so other editors see who is working where. The stream reads the database, so any app instance can serve it.
// Text is only ever assigned through .textContent / .value (editor.js applies the changes).

import { fetchJson, messagesOf } from './common.js';

const root = document.querySelector('.editor');
if (root && document.querySelector('.segments') && typeof EventSource === 'function') init(root);

function init(root) {
  const docId = root.dataset.documentId;
  const lang = root.dataset.lang;
  const msg = messagesOf(JSON.parse(root.dataset.i18n));
  const clientId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  const heartbeatMs = Number(root.dataset.presenceMs) || 10_000;
  const rowOf = (segmentId) => document.getElementById(`seg-${segmentId}`);

  // ---- other people's saves ----
  const source = new EventSource(`/api/documents/${docId}/live?lang=${encodeURIComponent(lang)}&since=${root.dataset.liveSince || 0}`);
  source.addEventListener('change', (e) => {
    const t = JSON.parse(e.data);
    const row = rowOf(t.segmentId);
    // Rows not loaded yet will be rendered with the new text when they are.
    if (row && !row.classList.contains('opaque'))
      root.dispatchEvent(new CustomEvent('bitext:remote-change', { detail: { row, translation: t } }));
  });

  // ---- presence: who has which segment open ----
  let shown = [];
  source.addEventListener('presence', (e) => {
    for (const row of shown) {
      const mark = row.querySelector('.presence');
      if (mark) mark.hidden = true;
    }
    shown = [];
    const byRow = new Map();
    for (const p of JSON.parse(e.data)) {
      if (p.clientId === clientId) continue;
      const names = byRow.get(p.segmentId) ?? new Set();
      names.add(p.userName);
      byRow.set(p.segmentId, names);
    }
    for (const [segmentId, names] of byRow) {
      const row = rowOf(segmentId);
      const mark = row?.querySelector('.presence');
      if (!mark) continue;
      mark.textContent = msg('editing', { user: [...names].join(', ') });
      mark.hidden = false;
      shown.push(row);
    }
  });

  let current = null;
  let timer = 0;
  const report = (segmentId) => {
    fetchJson('POST', `/api/documents/${docId}/presence`, { lang, segmentId, clientId }, { keepalive: segmentId === null }).catch(() => {});
  };
  const beat = () => {
    clearTimeout(timer);
    if (current === null) return;
    report(current);
    timer = setTimeout(beat, heartbeatMs);
  };
  root.addEventListener('bitext:activate', (e) => {
    const id = Number(e.detail.row.dataset.id);
    if (id === current) return;
    current = id;
    beat();
  });
  window.addEventListener('pagehide', () => {
    if (current !== null) report(null);
    current = null;
    source.close();
  });
}
