/**
 * Import use case: files and folders in, documents and segments out, one transaction per document.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeFile } from '../domain/decode.js';
import { segmentDocument, type DocumentFormat, type SegmentedDocument } from '../domain/segment.js';
import { segmentI18next } from '../domain/i18nextDoc.js';
import { AppError, ImportRefused } from '../domain/errors.js';
import { saveDocument, storedDocumentFormat, type SavedDocument } from '../db/documents.js';
import { decideFormat, type FormatChoice, type FormatReason } from '../domain/formatDetect.js';
import type { Db } from '../db/client.js';
import type { AuthUser } from '../db/users.js';
import { normalizeSources } from './conversionService.js';
import type { ConversionConfigName } from '../domain/convert.js';
import { jobFileAt } from '../db/jobs.js';
import { joinProject } from './auth/authService.js';
import type { JobHandler } from './jobs.js';
import { prefillFromMemory } from './tmService.js';
import { refreshDocumentQa } from './qaService.js';

/** Options for an import. */
export interface ImportOptions {
  project: string;
  sourceLang: string;
  targetLangs: string[];
  maxBytes: number;
  /** Who imports (recorded in the audit log); the CLI leaves it out. */
  actor?: AuthUser;
  /** Chinese script conversion: normalise each segment's source (never its raw bytes) with this OpenCC configuration. */
  normalize?: ConversionConfigName | undefined;
  /** Markdown or plain text: `auto` (the default) decides by extension, by a `.txt` file's content, or keeps a re-imported document's format. */
  format?: FormatChoice | undefined;
}

/** A file to import: its stored name and its bytes. */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

/** One imported document: what was saved, the format it was read in and why, notes, memory prefill. */
export type ImportedDocument = SavedDocument & { notes: string; tmPrefilled?: number; format: DocumentFormat; formatReason: FormatReason };

/** The outcome of importing several files: what was saved and what was refused (with reasons). */
export interface ImportReport {
  documents: ImportedDocument[];
  refused: { path: string; code: string; message: string; key?: string | undefined; params?: Record<string, unknown> }[];
}

const IMPORTABLE = /\.(md|markdown|mdown|txt|text|json)$/i;

/**
 * The document format of a file: i18next for `.json`, otherwise Markdown or text as
 * {@link decideFormat} rules (the user's choice, the stored format on re-import, extension, content).
 */
export function formatOf(
  name: string,
  text = '',
  choice: FormatChoice = 'auto',
  stored?: string,
): { format: DocumentFormat; reason: FormatReason } {
  if (/\.json$/i.test(name)) return { format: 'i18next', reason: 'extension' };
  return decideFormat({ name, text, choice, stored: stored === 'markdown' || stored === 'text' ? stored : undefined });
}

/**
 * Expands paths into files: a file stands for itself (stored under its base name), a folder for every
 * Markdown or text file below it (stored relative to the folder). Hidden entries are skipped.
 */
export async function collectFiles(paths: string[]): Promise<{ name: string; file: string }[]> {
  const out: { name: string; file: string }[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw new ImportRefused('file_not_found', p, 'no such file or folder');
    if (info.isFile()) {
      out.push({ name: path.basename(p), file: p });
      continue;
    }
    const walk = async (dir: string): Promise<void> => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile() && IMPORTABLE.test(e.name)) out.push({ name: path.relative(p, full).split(path.sep).join('/'), file: full });
      }
    };
    await walk(p);
  }
  return out;
}

/** Imports one file's bytes as a document (created, updated or unchanged); exact memory matches prefill its new segments. */
export async function importBytes(db: Db, file: ImportFile, options: ImportOptions): Promise<ImportedDocument> {
  const decoded = decodeFile(file.name, file.bytes, options.maxBytes);
  const choice = options.format ?? 'auto';
  const stored = choice === 'auto' ? await storedDocumentFormat(db, options.project, file.name) : undefined;
  const { format, reason } = formatOf(file.name, decoded.text, choice, stored?.format);
  // A kept format keeps the choice it was made with (an explicit --format text stays explicit).
  const formatChoice = reason === 'kept' ? (stored?.formatChoice ?? 'auto') : choice;
  // i18next resource files: one segment per string value, the JSON around it kept as glue.
  const doc: SegmentedDocument =
    format === 'i18next'
      ? (segmentI18next(decoded.text, file.name) as unknown as SegmentedDocument)
      : segmentDocument(decoded.text, format);
  const normalized = options.normalize ? await normalizeSources(db, doc.segments, options.normalize, options.project) : null;
  const notes = [decoded.note, normalized?.note].filter(Boolean).join('; ');
  const saved = await saveDocument(db, {
    projectName: options.project,
    sourceLang: options.sourceLang,
    targetLangs: options.targetLangs,
    path: file.name,
    format,
    formatChoice,
    encoding: decoded.encoding,
    bom: doc.bom,
    eol: doc.eol,
    trailer: doc.trailer,
    sourceHash: createHash('sha256').update(decoded.text).digest('hex'),
    byteLength: file.bytes.length,
    notes,
    sourceNormalization: options.normalize ?? '',
    segments: normalized?.segments ?? doc.segments,
    ...(options.actor ? { actor: options.actor } : {}),
  });
  if (saved.action === 'unchanged') return { ...saved, notes, format, formatReason: reason };
  // Untranslated segments with an exact translation-memory match get a draft (origin tm); nothing else is touched.
  const prefill = await prefillFromMemory(db, saved.id);
  // The memory's drafts get their QA results at once, as after an MT run (the editor's QA counts are per segment).
  const prefilled = Object.keys(prefill.byLang).filter((lang) => prefill.byLang[lang]!.filled > 0);
  if (prefilled.length > 0) await refreshDocumentQa(db, saved.id, prefilled);
  return { ...saved, notes, tmPrefilled: prefill.filled, format, formatReason: reason };
}

/** Imports many files; a refused file is reported and does not stop the others. */
export async function importFiles(db: Db, files: ImportFile[], options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { documents: [], refused: [] };
  for (const f of files) {
    try {
      report.documents.push(await importBytes(db, f, options));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      report.refused.push({ path: f.name, code: err.code, message: err.message, key: err.key, params: err.params });
    }
  }
  return report;
}

/** Imports files and folders from disk. */
export async function importPaths(db: Db, paths: string[], options: ImportOptions): Promise<ImportReport> {
  const files = await collectFiles(paths);
  const report: ImportReport = { documents: [], refused: [] };
  for (const f of files) {
    const bytes = await readFile(f.file);
    const one = await importFiles(db, [{ name: f.name, bytes }], options);
    report.documents.push(...one.documents);
    report.refused.push(...one.refused.map((r) => ({ ...r, message: r.message.replace(f.name, f.file) })));
  }
  return report;
}

/** The job type of a large import. */
export const IMPORT_JOB = 'import';

/** Parameters of an {@link IMPORT_JOB}; the files are stored with the job (JobFile). */
export interface ImportJobParams {
  project: string;
  sourceLang: string;
  targetLangs: string[];
  normalize?: ConversionConfigName;
  /** Markdown or text (default auto). */
  format?: FormatChoice;
  actor?: AuthUser;
  /** How many files the job has. */
  files: number;
  /** Make the actor a member of the project once it exists (it did not before the upload). */
  join?: boolean;
}

/** Where an import job stopped: the next file, and the report so far. */
interface ImportCheckpoint extends ImportReport {
  next: number;
}

/** Whether an upload is large enough to be imported as a background job. */
export function importAsJob(files: ImportFile[], limits: { files: number; bytes: number }): boolean {
  return files.length > limits.files || files.reduce((n, f) => n + f.bytes.length, 0) > limits.bytes;
}

/**
 * The import job handler: imports the job's files one after the other (one transaction each),
 * recording progress and the report after every file, so a resumed job goes on with the next file.
 */
export function importJobHandler(maxBytes: number): JobHandler {
  return async ({ db, job, signal, progress }) => {
    const p = job.params as ImportJobParams;
    const cp = (job.checkpoint as ImportCheckpoint | null) ?? { next: 0, documents: [], refused: [] };
    const report: ImportReport = { documents: cp.documents, refused: cp.refused };
    const options: ImportOptions = {
      project: p.project,
      sourceLang: p.sourceLang,
      targetLangs: p.targetLangs,
      maxBytes,
      normalize: p.normalize,
      format: p.format,
      ...(p.actor ? { actor: p.actor } : {}),
    };
    await progress(cp.next, p.files);
    for (let i = cp.next; i < p.files; i++) {
      if (signal.aborted) return { status: 'cancelled', result: report };
      const file = await jobFileAt(db, job.id, i);
      if (file) {
        const one = await importFiles(db, [file], options);
        report.documents.push(...one.documents);
        report.refused.push(...one.refused);
        if (p.join && p.actor && one.documents[0] && report.documents.length === one.documents.length)
          await joinProject(db, p.actor, one.documents[0].projectId);
      }
      await progress(i + 1, p.files, { next: i + 1, ...report } satisfies ImportCheckpoint);
    }
    return { status: 'done', result: report };
  };
}
