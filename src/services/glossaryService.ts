/**
 * Glossary use cases: import and export (CSV, TBX) for a project or the shared glossary, entries
 * typed in a form, and what the editor needs to show terms. Files are all or nothing: a bad row
 * refuses the whole file, naming it and the line (CSV) or entry (TBX), and nothing is stored.
 */
import type { Db } from '../db/client.js';
import type { AuthUser } from '../db/users.js';
import { audit } from './auth/authService.js';
import { allTargetLangs, findProject } from '../db/projects.js';
import {
  addGlossaryEntry,
  deleteGlossaryEntry as removeEntry,
  getGlossaryEntry,
  removeGlossaryTerm as removeTerm,
  type StoredGlossaryEntry,
  exchangeEntry,
  listGlossaryEntries,
  mergedGlossary,
  saveGlossaryEntries,
  updateGlossaryEntry,
  type GivenFields,
  type GlossaryScope,
  type GlossaryWriteResult,
} from '../db/glossary.js';
import { AppError, ValidationError } from '../domain/errors.js';
import { decodeFile } from '../domain/decode.js';
import { glossaryCsvLanguages, readGlossaryCsv, writeGlossaryCsv, type GlossaryEntry } from '../domain/formats/glossary.js';
import { readTbx, writeTbx } from '../domain/formats/tbx.js';
import { entryProblem, entriesForLang, targetsFor, termFinder, type TermSpan } from '../domain/glossary.js';

/** Exchange formats of a glossary. */
export const GLOSSARY_FORMATS = ['csv', 'tbx'] as const;
/** One of {@link GLOSSARY_FORMATS}. */
export type GlossaryFormat = (typeof GLOSSARY_FORMATS)[number];

/** A scope as the CLI names it: a project by name, or the shared glossary. */
export type ScopeName = { project: string } | { shared: true };

/** Resolves a CLI scope to a stored one (see db/projects.ts for an unknown project), with a label for messages. */
export async function resolveScope(db: Db, scope: ScopeName): Promise<{ scope: GlossaryScope; label: string; langs: string[] }> {
  if ('shared' in scope) return { scope: { shared: true }, label: 'shared glossary', langs: await allTargetLangs(db) };
  const p = await findProject(db, { name: scope.project });
  return { scope: { projectId: p.id }, label: p.name, langs: p.targetLangs };
}

/** The format of a file by its name: `.csv` or `.tbx` (`.xml` is read as TBX); throws naming the file otherwise. */
export function formatOfFile(name: string): GlossaryFormat {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.(tbx|xml)$/i.test(name)) return 'tbx';
  throw new ValidationError(`${name}: a glossary file is .csv or .tbx`, { file: name }, 'unsupported_glossary_file');
}

/** Parses a glossary file (CSV or TBX by its name), with the languages a CSV has columns for; errors name the file and the line or entry. */
export function parseGlossaryFile(
  file: { name: string; bytes: Uint8Array },
  maxBytes: number,
): { entries: GlossaryEntry[]; given?: GivenFields } {
  const format = formatOfFile(file.name);
  const { text } = decodeFile(file.name, file.bytes, maxBytes);
  try {
    return format === 'csv' ? { entries: readGlossaryCsv(text), given: glossaryCsvLanguages(text) } : { entries: readTbx(text) };
  } catch (err) {
    if (err instanceof AppError) throw new ValidationError(`${file.name}: ${err.message}`, { ...err.details, file: file.name }, err.code);
    throw err;
  }
}

/**
 * Imports a glossary file into a scope in one transaction (see {@link saveGlossaryEntries} for updates:
 * a CSV without a `forbidden_ru` column keeps the stored Russian forbidden variants), audited as
 * `glossary.import` (web page, upload and CLI alike).
 */
export async function importGlossaryFile(
  db: Db,
  scope: GlossaryScope,
  file: { name: string; bytes: Uint8Array },
  maxBytes: number,
  actor?: AuthUser,
): Promise<GlossaryWriteResult & { entries: number }> {
  const { entries, given } = parseGlossaryFile(file, maxBytes);
  const result = { ...(await saveGlossaryEntries(db, scope, entries, given)), entries: entries.length };
  await audit(db, actor, 'glossary.import', glossaryPath(scope), { file: file.name, ...result });
  return result;
}

/**
 * A scope's entries as a file. `merged` (projects only) exports what applies to the project: its
 * entries and the shared ones. CSV columns: the source, `langs` first, then any other language present.
 */
export async function exportGlossary(
  db: Db,
  scope: GlossaryScope,
  format: GlossaryFormat,
  options: { langs?: string[]; merged?: boolean } = {},
): Promise<string> {
  const entries =
    options.merged && 'projectId' in scope
      ? await mergedGlossary(db, scope.projectId)
      : (await listGlossaryEntries(db, scope)).map(exchangeEntry);
  if (format === 'tbx') return writeTbx(entries);
  const present = entries.flatMap((e) => e.targets.map((t) => t.lang));
  return writeGlossaryCsv(entries, { langs: [...new Set([...(options.langs ?? []), ...present])] });
}

/** The download name of an export: `glossary-gnews.csv`, `glossary-shared.tbx`. */
export function exportFileName(label: string, format: GlossaryFormat): string {
  const safe = label.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80) || 'glossary';
  return `glossary-${safe}.${format}`;
}

/** An entry as typed in a form: several terms in one field separated by `|` (or line breaks). */
export interface GlossaryForm {
  source: string;
  pos: string;
  note: string;
  /** Per language: allowed translations and forbidden variants, as typed. */
  langs: { lang: string; terms: string; forbidden: string }[];
}

const splitField = (v: string) =>
  v
    .split(/[|\r\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Turns a form into an entry; throws a ValidationError naming the field (`source`, `en`, `forbidden_ru`, …). */
export function entryOfForm(form: GlossaryForm): GlossaryEntry {
  const entry: GlossaryEntry = {
    source: form.source.trim(),
    targets: form.langs
      .map((l) => ({ lang: l.lang, terms: splitField(l.terms), forbidden: splitField(l.forbidden) }))
      .filter((t) => t.terms.length > 0 || t.forbidden.length > 0),
  };
  if (form.pos.trim()) entry.pos = form.pos.trim();
  if (form.note.trim()) entry.note = form.note.trim();
  const bad = entryProblem(entry);
  if (bad) throw new ValidationError(`${bad[0]}: ${bad[1]}`, { field: bad[0] }, 'invalid_glossary');
  return entry;
}

/** The glossary page of a scope (`/projects/ID/glossary` or `/glossary/shared`), also the target of its audit entries. */
export function glossaryPath(scope: GlossaryScope): string {
  return 'projectId' in scope ? `/projects/${scope.projectId}/glossary` : '/glossary/shared';
}

/**
 * Adds (no `id`) or replaces (with `id`) an entry typed in the web form or on the command line, for the form's
 * languages, and audits it (`glossary.add` / `glossary.edit`; no actor: the CLI, recorded as "system"). Adding a
 * source the scope already has is refused (`duplicate_term`, field `source`). Returns the entry's id.
 */
export async function saveGlossaryForm(
  db: Db,
  scope: GlossaryScope,
  form: GlossaryForm,
  options: { id?: number; actor?: AuthUser } = {},
): Promise<number> {
  const entry = entryOfForm(form);
  let id = options.id;
  if (id === undefined) id = await addGlossaryEntry(db, scope, entry);
  else
    await updateGlossaryEntry(
      db,
      scope,
      id,
      entry,
      form.langs.map((l) => l.lang),
    );
  await audit(db, options.actor, options.id === undefined ? 'glossary.add' : 'glossary.edit', `${glossaryPath(scope)}#${id}`, {
    source: form.source,
  });
  return id;
}

/** The entries of a scope, optionally those matching a search (source terms, translations, notes). */
export function glossaryEntries(db: Db, scope: GlossaryScope, options: { q?: string } = {}): Promise<StoredGlossaryEntry[]> {
  return listGlossaryEntries(db, scope, options);
}

/** One entry of a scope (404 when it is not there). */
export function glossaryEntry(db: Db, scope: GlossaryScope, id: number): Promise<StoredGlossaryEntry> {
  return getGlossaryEntry(db, scope, id);
}

/** What applies to a project: its entries over the shared ones, language by language. */
export function projectGlossary(db: Db, projectId: number, lang?: string): Promise<GlossaryEntry[]> {
  return mergedGlossary(db, projectId, lang);
}

/** Deletes an entry (web form), audited as `glossary.delete`. */
export async function deleteGlossaryEntry(db: Db, scope: GlossaryScope, id: number, actor?: AuthUser): Promise<void> {
  await removeEntry(db, scope, id);
  await audit(db, actor, 'glossary.delete', `${glossaryPath(scope)}#${id}`);
}

/**
 * Removes an entry by its source term, or only its translations into `lang` (`bitext glossary remove`), audited as
 * `glossary.delete` like the web form's delete. Returns false when there was nothing to remove.
 */
export async function removeGlossaryTerm(db: Db, scope: GlossaryScope, source: string, lang?: string, actor?: AuthUser): Promise<boolean> {
  const removed = await removeTerm(db, scope, source, lang);
  if (removed) await audit(db, actor, 'glossary.delete', glossaryPath(scope), { source, ...(lang ? { lang } : {}) });
  return removed;
}

/** A glossary term found in a text, with what the editor shows on hover. */
export interface FoundTerm extends TermSpan {
  /** Allowed translations into the language, preferred first. */
  terms: string[];
  forbidden: string[];
  note?: string;
  pos?: string;
}

/** A finder of a project's glossary terms (project and shared) in texts, for one target language. */
export type GlossaryHighlighter = (text: string) => FoundTerm[];

/** Builds the editor's term finder for a project and target language (one query). */
export async function glossaryHighlighter(db: Db, projectId: number, lang: string): Promise<GlossaryHighlighter> {
  const entries = entriesForLang(await mergedGlossary(db, projectId), lang);
  const bySource = new Map(entries.map((e) => [e.source, e]));
  const find = termFinder(bySource.keys());
  return (text) =>
    find(text).map((span) => {
      const e = bySource.get(span.source)!;
      const t = targetsFor(e, lang);
      return {
        ...span,
        terms: t?.terms ?? [],
        forbidden: t?.forbidden ?? [],
        ...(e.note ? { note: e.note } : {}),
        ...(e.pos ? { pos: e.pos } : {}),
      };
    });
}

/** Glossary files of a document upload, each imported on its own (one transaction per file). */
export interface GlossaryUploadReport {
  glossary: (GlossaryWriteResult & { path: string; entries: number })[];
  refused: { path: string; code: string; message: string }[];
}

/** Whether an uploaded file is a glossary (`.csv`, `.tbx`) rather than a document. */
export const isGlossaryFile = (name: string): boolean => /\.(csv|tbx)$/i.test(name);

/**
 * Imports the glossary files of an upload into a project's glossary; a refused file is reported
 * (by name, with the line) and does not stop the others. Without a project every file is refused.
 */
export async function importGlossaryUploads(
  db: Db,
  project: { id: number; name: string } | null,
  files: { name: string; bytes: Uint8Array }[],
  maxBytes: number,
  actor?: AuthUser,
): Promise<GlossaryUploadReport> {
  const report: GlossaryUploadReport = { glossary: [], refused: [] };
  for (const f of files) {
    try {
      if (!project)
        throw new ValidationError(
          `${f.name}: a glossary goes into an existing project: import its documents first`,
          { file: f.name },
          'no_project',
        );
      report.glossary.push({ path: f.name, ...(await importGlossaryFile(db, { projectId: project.id }, f, maxBytes, actor)) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      report.refused.push({ path: f.name, code: err.code, message: err.message });
    }
  }
  return report;
}
