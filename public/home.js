// Project page: drag-and-drop import of files and folders with an upload progress bar.
// Without this script the form still posts (files or a folder) and shows a result page.

import { csrfToken, fill } from './common.js';

const form = document.querySelector('.upload-form');
const zone = form?.querySelector('.dropzone');
const status = form?.querySelector('.upload-status');
const bar = form?.querySelector('.upload-progress');
const IMPORTABLE = /\.(md|markdown|mdown|txt|text|json|xlf|xliff|csv|tbx|tmx)$/i;
const HIDDEN = /(^|\/)\./;
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];

/** A size as people read it, in the page's language (as src/domain/bytes.ts on the server): "12,7 МБ". */
function humanBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const options = {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  };
  return new Intl.NumberFormat(document.documentElement.lang || 'en', options).format(value);
}

/** Reads every file below a dropped folder entry, keeping its relative path. */
async function filesOfEntry(entry, prefix = '') {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: prefix + file.name }];
  }
  const reader = entry.createReader();
  const out = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) out.push(...(await filesOfEntry(child, `${prefix}${entry.name}/`)));
  }
  return out;
}

function showLines(lines, kind) {
  if (lines.length === 0) return;
  const list = document.createElement('ul');
  list.className = kind;
  for (const line of lines) {
    const li = document.createElement('li');
    li.textContent = line;
    list.append(li);
  }
  status.append(list);
}

/** Uploads files with their paths; shows progress, then the report, then refreshes the project list. */
function upload(entries) {
  // Checked before sending: a file over the server's limit is named with its size and never uploaded, and a
  // file of another type (a .png beside the .md) is named too instead of silently left out.
  const max = Number(form.dataset.maxBytes);
  const visible = entries.filter((e) => !HIDDEN.test(e.path));
  const unsupported = visible.filter((e) => !IMPORTABLE.test(e.path));
  const tooLarge = visible.filter((e) => IMPORTABLE.test(e.path) && e.file.size > max);
  const chosen = visible.filter((e) => IMPORTABLE.test(e.path) && e.file.size <= max);
  const refusedHere = [
    ...tooLarge.map((e) => `✗ ${fill(form.dataset.tooLarge, { file: e.path, size: humanBytes(e.file.size) })}`),
    ...unsupported.map((e) => `✗ ${fill(form.dataset.unsupported, { file: e.path })}`),
  ];
  status.replaceChildren();
  if (chosen.length === 0) {
    showLines(refusedHere.length ? refusedHere : [form.dataset.none], 'import-refused');
    return;
  }
  const data = new FormData();
  data.append('project', form.project.value);
  data.append('targets', form.targets.value);
  if (form.normalize.value) data.append('normalize', form.normalize.value);
  if (form.format) data.append('format', form.format.value);
  for (const e of chosen) {
    data.append('files', e.file, e.file.name);
    data.append('paths', e.path);
  }
  const xhr = new XMLHttpRequest();
  xhr.open('POST', form.action);
  xhr.setRequestHeader('Accept', 'application/json');
  const token = csrfToken();
  if (token) xhr.setRequestHeader('X-CSRF-Token', token);
  bar.hidden = false;
  bar.value = 0;
  xhr.upload.addEventListener('progress', (ev) => {
    if (ev.lengthComputable) bar.value = Math.round((100 * ev.loaded) / ev.total);
  });
  xhr.addEventListener('load', async () => {
    bar.hidden = true;
    let report;
    try {
      report = JSON.parse(xhr.responseText);
    } catch {
      showLines([`${xhr.status} ${xhr.statusText}`, ...refusedHere], 'import-refused');
      return;
    }
    if (report.error) return showLines([report.error.message, ...refusedHere], 'import-refused');
    // Many or large files are imported by a background job: its page shows the progress per file.
    if (xhr.status === 202 && report.jobId) return location.assign(`/jobs/${report.jobId}`);
    showLines(
      report.documents.map((d) => `✓ ${d.path} (${d.summary ?? `${d.action}, ${d.translatable}`})`),
      'import-ok',
    );
    showLines(
      (report.glossary ?? []).map((g) => `✓ ${g.path} (+${g.added}, ~${g.updated}, =${g.unchanged})`),
      'import-ok',
    );
    showLines([...report.refused.map((r) => `✗ ${r.message}`), ...refusedHere], 'import-refused');
    const page = await fetch('/', { headers: { Accept: 'text/html' } }).then((r) => r.text());
    const fresh = new DOMParser().parseFromString(page, 'text/html').querySelector('.projects');
    if (fresh) document.querySelector('.projects').replaceWith(fresh);
  });
  xhr.addEventListener('error', () => {
    bar.hidden = true;
    showLines([form.dataset.network], 'import-refused');
  });
  xhr.send(data);
}

if (form) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const entries = [...form.querySelectorAll('input[type=file]')].flatMap((input) =>
      [...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name })),
    );
    upload(entries);
  });
  for (const ev of ['dragenter', 'dragover']) {
    zone.addEventListener(ev, (e) => {
      e.preventDefault();
      zone.classList.add('over');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const items = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
    const entries = items.length
      ? (await Promise.all(items.map((entry) => filesOfEntry(entry)))).flat()
      : [...e.dataTransfer.files].map((file) => ({ file, path: file.name }));
    upload(entries);
  });
}
