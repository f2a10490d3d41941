/**
 * Whole-project export, the pure part: where each document goes (its stored folder, named as its
 * per-document download), paths that cannot leave the output folder, the key under which the last
 * export of a project is remembered, and `--changed-since` values.
 */
import { ValidationError } from './errors.js';

/** What a project export produces per document: Markdown layouts (the default) or XLIFF. */
export type ProjectExportFormat = 'markdown' | 'xliff' | 'xliff12';

/** A document's file name without folder and extension (`politics/seed.txt` → `seed`), the stem of its download names. */
export function documentBaseName(documentPath: string): string {
  return (
    documentPath
      .replace(/\.[^./]+$/, '')
      .split('/')
      .pop() || 'document'
  );
}

/**
 * A relative output path that stays inside the output folder: forward slashes, no empty, `.` or `..`
 * part, no absolute path or drive letter, no backslash or control character. Throws otherwise.
 */
export function checkRelativePath(p: string): string {
  const parts = p.split('/');
  const bad =
    p === '' ||
    p.length > 1000 ||
    /[\u0000-\u001f\u007f\\]/.test(p) ||
    /^[A-Za-z]:/.test(p) ||
    parts.some((part) => part === '' || part === '.' || part === '..');
  if (bad)
    throw new ValidationError(`path "${p}" would leave the output folder or is not a plain relative path`, { path: p }, 'unsafe_path');
  return p;
}

/**
 * The output path of one document: the `source` layout in Markdown keeps the stored path (the original
 * file, byte for byte); other layouts and XLIFF put the per-document download name in the stored folder.
 */
export function outputPathOf(storedPath: string, downloadName: string, sourceCopy: boolean): string {
  if (sourceCopy) return checkRelativePath(storedPath);
  const slash = storedPath.lastIndexOf('/');
  return checkRelativePath(slash < 0 ? downloadName : `${storedPath.slice(0, slash + 1)}${downloadName}`);
}

/**
 * Output paths for all documents of a project, without collisions: when two documents would get the
 * same name (`a.md` and `a.txt` both give `a.target.en.md`), each of them keeps its own extension in
 * the name (`a.md.target.en.md`, `a.txt.target.en.md`). Deterministic for a given set of documents.
 */
export function uniqueOutputPaths(docs: { storedPath: string; downloadName: string }[], sourceCopy: boolean): string[] {
  const first = docs.map((d) => outputPathOf(d.storedPath, d.downloadName, sourceCopy));
  const seen = new Map<string, number>();
  for (const p of first) seen.set(p.toLowerCase(), (seen.get(p.toLowerCase()) ?? 0) + 1);
  return docs.map((d, i) => {
    const p = first[i]!;
    // Stored paths are unique in a project: a source copy cannot collide (except by letter case).
    if (sourceCopy || seen.get(p.toLowerCase())! < 2) return p;
    // The download name is the stored base name without its extension, then the layout suffix.
    return checkRelativePath(`${d.storedPath}${d.downloadName.slice(documentBaseName(d.storedPath).length)}`);
  });
}

/** The key under which a project's last export to a target is remembered (layout, languages, format, conversion, untranslated marks). */
export function exportTargetKey(t: {
  layout: string;
  langs: string[];
  format: ProjectExportFormat;
  convert?: string | undefined;
  mark?: boolean;
}): string {
  return [t.layout, t.langs.join(','), t.format, t.convert ?? '', ...(t.mark ? ['mark'] : [])].join('|');
}

/**
 * Parses `--changed-since`: `last` (the last export of the same project and target), or a date
 * (`2026-12-01`, read as UTC midnight) or date and time (`2026-12-01T08:30`, `…Z`, `…+08:00`).
 */
export function parseChangedSince(value: string, field = '--changed-since'): Date | 'last' {
  const v = value.trim();
  if (v === 'last') return 'last';
  const m = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(v);
  const date = m ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v.replace(' ', 'T')) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ValidationError(
      `${field}: "${value}" is neither "last" nor a date such as 2026-12-01 or 2026-12-01T08:30Z`,
      { field, value },
      'invalid_date',
    );
  }
  return date;
}
