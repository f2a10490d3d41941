/**
 * Import use case: files and folders in, documents and segments out. Files are read, parsed and saved in
 * bounded batches (one transaction per batch, each document alone when a batch fails), so an archive of
 * thousands of files costs a few hundred statements and holds one or two batches in memory.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { DocumentFormat } from '../domain/segment.js';
import { AppError, ImportFailed, ImportRefused } from '../domain/errors.js';
import { saveDocument, saveDocuments, storedDocumentFormats, type DocumentInput, type SavedDocument } from '../db/documents.js';
import { describeDbError } from '../db/errors.js';
import { languagesWithMemory } from '../db/tm.js';
import type { FormatChoice, FormatReason } from '../domain/formatDetect.js';
import { parseFile, type ParsedFile, type ParseRefusal, type StoredFormat } from './importParse.js';
import { ParseWorker, ParseWorkerLost, type ParseResult } from './importWorker.js';
import type { Db } from '../db/client.js';
import type { AuthUser } from '../db/users.js';
import { normalizeSources } from './conversionService.js';
import type { ConversionConfigName } from '../domain/convert.js';
import { jobFilesFrom } from '../db/jobs.js';
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

export { formatOf } from './importParse.js';

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

/** A file decoded and segmented, ready to be saved. */
interface PreparedFile {
  input: DocumentInput;
  notes: string;
  format: DocumentFormat;
  formatReason: FormatReason;
}

/** Decodes and segments one file (no write); `stored` is the format of the document already at its path, if any. */
async function prepareFile(db: Db, file: ImportFile, options: ImportOptions, stored: StoredFormat | undefined): Promise<PreparedFile> {
  return completeFile(db, parseFile(file, options.maxBytes, options.format ?? 'auto', stored), options);
}

/** A parsed file made ready to save: its segments normalised if asked (which reads the project's terms). */
async function completeFile(db: Db, parsed: ParsedFile, options: ImportOptions): Promise<PreparedFile> {
  const doc = parsed.doc;
  const normalized = options.normalize ? await normalizeSources(db, doc.segments, options.normalize, options.project) : null;
  const notes = [parsed.decodeNote, normalized?.note].filter(Boolean).join('; ');
  const input: DocumentInput = {
    projectName: options.project,
    sourceLang: options.sourceLang,
    targetLangs: options.targetLangs,
    path: parsed.name,
    format: parsed.format,
    formatChoice: parsed.formatChoice,
    encoding: parsed.encoding,
    bom: doc.bom,
    eol: doc.eol,
    trailer: doc.trailer,
    sourceHash: parsed.sourceHash,
    byteLength: parsed.byteLength,
    notes,
    sourceNormalization: options.normalize ?? '',
    segments: normalized?.segments ?? doc.segments,
    ...(options.actor ? { actor: options.actor } : {}),
  };
  return { input, notes, format: parsed.format, formatReason: parsed.formatReason };
}

/** Imports one file's bytes as a document (created, updated or unchanged); exact memory matches prefill its new segments. */
export async function importBytes(db: Db, file: ImportFile, options: ImportOptions): Promise<ImportedDocument> {
  const stored =
    (options.format ?? 'auto') === 'auto' ? (await storedDocumentFormats(db, options.project, [file.name])).get(file.name) : undefined;
  const p = await prepareFile(db, file, options, stored);
  const saved = await saveDocument(db, p.input);
  const base = { ...saved, notes: p.notes, format: p.format, formatReason: p.formatReason };
  if (saved.action === 'unchanged') return base;
  // Untranslated segments with an exact translation-memory match get a draft (origin tm); nothing else is touched.
  return { ...base, tmPrefilled: await prefillWithQa(db, saved.id) };
}

/**
 * Prefills a document's untranslated segments from the memory and gives those drafts their QA results at once, as
 * after an MT run (the editor's QA counts are per segment). Returns how many segments were prefilled.
 */
async function prefillWithQa(db: Db, documentId: number, langs?: string[]): Promise<number> {
  const prefill = await prefillFromMemory(db, documentId, langs);
  const prefilled = Object.keys(prefill.byLang).filter((lang) => prefill.byLang[lang]!.filled > 0);
  if (prefilled.length > 0) await refreshDocumentQa(db, documentId, prefilled);
  return prefill.filled;
}

/**
 * Files and bytes of one batch: a batch of documents is saved in one transaction. Larger batches save
 * no time (statements are already multi-row) but raise the importing process's peak memory: 4 MB batches
 * peaked near 1 GiB on the 85 MB archive, 1 MB batches near 600 MiB (bench/archive.ts).
 */
const IMPORT_BATCH = { files: 100, bytes: 1_000_000 };

/**
 * Splits files into consecutive batches of at most {@link IMPORT_BATCH} files and bytes (a longer file
 * is a batch of its own), and where a name repeats (the later file updates the earlier document).
 */
function importBatches<F extends { name: string; bytes: Uint8Array }>(files: Iterable<F>, limits = IMPORT_BATCH): F[][] {
  const out: F[][] = [];
  let batch: F[] = [];
  let bytes = 0;
  let names = new Set<string>();
  for (const f of files) {
    if (batch.length > 0 && (batch.length >= limits.files || bytes + f.bytes.length > limits.bytes || names.has(f.name))) {
      out.push(batch);
      batch = [];
      bytes = 0;
      names = new Set();
    }
    batch.push(f);
    bytes += f.bytes.length;
    names.add(f.name);
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/**
 * Imports a batch of files with distinct names (see {@link importBatches}): decodes and segments each
 * (a refused file is reported), saves them all in one transaction, then prefills new segments from
 * exact memory matches. When the batch's transaction fails, nothing of it is kept and each document is
 * saved again in its own transaction, so that one document the database refuses is reported
 * (code `import_failed`, one line) and the others are saved: a failure never leaves a document half-written.
 */
async function importBatch(db: Db, files: ImportFile[], options: ImportOptions, parsed?: ParseResult[]): Promise<ImportReport> {
  const report: ImportReport = { documents: [], refused: [] };
  const refuse = (name: string, err: AppError | ParseRefusal) =>
    report.refused.push({ path: name, code: err.code, message: err.message, key: err.key, params: err.params });
  const stored: Map<string, StoredFormat> =
    (options.format ?? 'auto') === 'auto'
      ? await storedDocumentFormats(
          db,
          options.project,
          files.map((f) => f.name),
        )
      : new Map();
  const prepared: PreparedFile[] = [];
  for (const [k, f] of files.entries()) {
    // Parsed ahead (in the worker) as a new file: right unless a document at its path keeps its format.
    const ahead = stored.has(f.name) ? undefined : parsed?.[k];
    try {
      if (ahead && 'refused' in ahead) refuse(f.name, ahead.refused);
      else prepared.push(ahead ? await completeFile(db, ahead.parsed, options) : await prepareFile(db, f, options, stored.get(f.name)));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refuse(f.name, err);
    }
  }
  if (prepared.length === 0) return report;
  let saved: (SavedDocument | undefined)[];
  try {
    saved = await saveDocuments(
      db,
      prepared.map((p) => p.input),
    );
  } catch {
    saved = [];
    for (const p of prepared) {
      try {
        saved.push(await saveDocument(db, p.input));
      } catch (err) {
        saved.push(undefined);
        refuse(p.input.path, err instanceof AppError ? err : new ImportFailed(p.input.path, describeDbError(err)));
      }
    }
  }
  // Untranslated segments with an exact translation-memory match get a draft (origin tm); nothing else is
  // touched. An empty memory (the usual case of a first import) costs one query per batch.
  const changed = saved.find((d) => d && d.action !== 'unchanged');
  const langs = changed ? await languagesWithMemory(db, changed.id) : [];
  for (const [k, doc] of saved.entries()) {
    if (!doc) continue;
    const p = prepared[k]!;
    const base = { ...doc, notes: p.notes, format: p.format, formatReason: p.formatReason };
    if (doc.action === 'unchanged') report.documents.push(base);
    else report.documents.push({ ...base, tmPrefilled: langs.length ? await prefillWithQa(db, doc.id, langs) : 0 });
  }
  return report;
}

/** Imports many files, batch after batch; a refused file is reported and does not stop the others. */
export async function importFiles(db: Db, files: ImportFile[], options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { documents: [], refused: [] };
  for (const batch of importBatches(files)) {
    const one = await importBatch(db, batch, options);
    report.documents.push(...one.documents);
    report.refused.push(...one.refused);
  }
  return report;
}

/** A batch of files read from disk: the files, the ones that could not be read, and where the next batch starts. */
interface DiskBatch {
  files: (ImportFile & { file: string })[];
  refused: ImportReport['refused'];
  next: number;
}

/**
 * Reads files from disk in bounded batches from position `from` (the next batch is read while the
 * previous one is saved), so that an archive of any size holds at most two batches in memory. A file
 * that cannot be read (gone since it was listed) is refused, naming it.
 */
async function* readBatches(found: { name: string; file: string }[], from = 0, limits = IMPORT_BATCH): AsyncGenerator<DiskBatch> {
  const read = async (start: number): Promise<DiskBatch> => {
    const batch: DiskBatch = { files: [], refused: [], next: start };
    let bytes = 0;
    const names = new Set<string>();
    let i = start;
    for (; i < found.length; i++) {
      const f = found[i]!;
      if (batch.files.length >= limits.files || bytes >= limits.bytes || names.has(f.name)) break;
      const data = await readFile(f.file).catch(() => null);
      if (!data) {
        const err = new ImportRefused('file_not_found', f.name, 'cannot be read');
        batch.refused.push({ path: f.name, code: err.code, message: err.message, key: err.key, params: err.params });
        continue;
      }
      batch.files.push({ name: f.name, bytes: data, file: f.file });
      bytes += data.length;
      names.add(f.name);
    }
    batch.next = i;
    return batch;
  };
  let pending = read(from);
  for (;;) {
    const batch = await pending;
    if (batch.files.length === 0 && batch.refused.length === 0) return;
    pending = read(batch.next);
    yield batch;
  }
}

/** Imports files and folders from disk, in bounded batches. */
export async function importPaths(db: Db, paths: string[], options: ImportOptions): Promise<ImportReport> {
  const files = await collectFiles(paths);
  const report: ImportReport = { documents: [], refused: [] };
  for await (const batch of readBatches(files)) {
    const one = await importBatch(db, batch.files, options);
    const fileOf = new Map(files.slice(batch.next - batch.files.length - batch.refused.length, batch.next).map((f) => [f.name, f.file]));
    report.documents.push(...one.documents);
    report.refused.push(
      ...[...batch.refused, ...one.refused].map((r) => ({ ...r, message: r.message.replace(r.path, fileOf.get(r.path) ?? r.path) })),
    );
  }
  return report;
}

/** The job type of a large import. */
export const IMPORT_JOB = 'import';

/**
 * Parameters of an {@link IMPORT_JOB}. The files are stored with the job (JobFile: uploads), or, for
 * `bitext import` of files on disk, named in `disk` and read from there by the worker (an archive is
 * not copied into the database; a worker that resumes the job must see the same files).
 */
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
  /** Files on disk to import, in order (name stored, file read), instead of the job's stored files. */
  disk?: { name: string; file: string }[];
}

/** Least time between two checkpoints of an import job (its progress is recorded after every batch). */
const CHECKPOINT_MS = 3_000;

/** Where an import job stopped: the next file, and the report so far. */
interface ImportCheckpoint extends ImportReport {
  next: number;
}

/** The stored files of a job from position `from`, in batches of distinct names (see {@link importBatches}). */
async function* storedBatches(
  db: Db,
  jobId: number,
  from: number,
  limits: typeof IMPORT_BATCH,
): AsyncGenerator<{ files: ImportFile[]; refused: ImportReport['refused']; next: number }> {
  for (;;) {
    const files = await jobFilesFrom(db, jobId, from, limits);
    if (files.length === 0) return;
    for (const batch of importBatches(files, limits)) yield { files: batch, refused: [], next: (from = batch.at(-1)!.index + 1) };
  }
}

/** Batches handed to the parser's worker ahead of the one being saved. */
const PARSE_AHEAD = 3;

/** The parser's worker thread, or undefined on one core or when it cannot start (files are then parsed on this thread). */
function startParseWorker(start: () => ParseWorker): ParseWorker | undefined {
  // On one core a second thread only adds its memory (about 60 MiB).
  if (availableParallelism() < 2) return undefined;
  try {
    return start();
  } catch {
    return undefined;
  }
}

/**
 * Batches with their files parsed ahead in `worker`: the next batches ({@link PARSE_AHEAD}) are read and parsed while
 * the caller saves the current one. Files are parsed as new (no stored format; {@link importBatch} parses again the few that are not), and
 * normalisation, which reads the project's terms, stays on this thread. When the worker dies (out of memory on a
 * huge file), batches come without `parsed` and are parsed on this thread.
 */
async function* parsedAhead<B extends { files: ImportFile[] }>(
  batches: AsyncIterable<B>,
  worker: ParseWorker | undefined,
  options: ImportOptions,
): AsyncGenerator<B & { parsed?: ParseResult[] | undefined }> {
  const it = batches[Symbol.asyncIterator]();
  let lost = !worker;
  const start = async () => {
    const r = await it.next();
    if (r.done) return null;
    const parsed =
      lost || !worker
        ? undefined
        : worker.parse(r.value.files, options.maxBytes, options.format ?? 'auto').catch((err: unknown) => {
            if (!(err instanceof ParseWorkerLost)) throw err;
            lost = true;
            return undefined;
          });
    // A rejection is awaited below, in order; until then it must not count as unhandled.
    parsed?.catch(() => {});
    return { batch: r.value, parsed };
  };
  // Several batches queued in the worker: parsing times vary with the files (a 2,000-segment transcript against
  // short posts), and with one batch ahead this thread waited for the parser about a third of the archive import.
  const queue: ReturnType<typeof start>[] = [];
  const fill = () => {
    while (queue.length < PARSE_AHEAD) {
      const next = start();
      next.catch(() => {});
      queue.push(next);
    }
  };
  fill();
  try {
    for (;;) {
      const current = await queue.shift()!;
      if (!current) return;
      const parsed = await current.parsed;
      fill();
      yield { ...current.batch, parsed };
    }
  } finally {
    await it.return?.(undefined);
  }
}

/** Whether an upload is large enough to be imported as a background job. */
export function importAsJob(files: ImportFile[], limits: { files: number; bytes: number }): boolean {
  return files.length > limits.files || files.reduce((n, f) => n + f.bytes.length, 0) > limits.bytes;
}

/**
 * The import job handler: imports the job's files in batches (one transaction each, see
 * {@link importBatch}), reading and parsing the next batch (in a worker thread started by `parseWorker`) while it
 * saves the current one, and records progress after every batch and the report every few seconds, so a resumed job
 * goes on with the batch after its checkpoint.
 */
export function importJobHandler(maxBytes: number, limits = IMPORT_BATCH, parseWorker = () => new ParseWorker()): JobHandler {
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
    let next = cp.next;
    let saved = cp.next;
    let savedAt = performance.now();
    // The checkpoint holds the whole report so far: written after every batch, the archive's 100 batches wrote
    // 60 MB of JSON (2 s of the import's CPU). Progress is recorded after every batch; the checkpoint every few
    // seconds and when the job stops, so a killed worker repeats at most those seconds of batches (reported
    // `unchanged` on resume).
    const checkpoint = async () => {
      await progress(next, p.files, { next, ...report } satisfies ImportCheckpoint);
      saved = next;
      savedAt = performance.now();
    };
    const source = p.disk ? readBatches(p.disk, next, limits) : storedBatches(db, job.id, next, limits);
    const worker = startParseWorker(parseWorker);
    const batches = parsedAhead(source, worker, options);
    try {
      for await (const batch of batches) {
        if (signal.aborted) {
          if (saved !== next) await checkpoint();
          return { status: 'cancelled', result: report };
        }
        const joinNow = p.join && p.actor && report.documents.length === 0;
        const one = await importBatch(db, batch.files, options, batch.parsed);
        report.documents.push(...one.documents);
        report.refused.push(...batch.refused, ...one.refused);
        // The uploader joins the project it created, once the project exists.
        if (joinNow && p.actor && one.documents[0]) await joinProject(db, p.actor, one.documents[0].projectId);
        next = batch.next;
        if (performance.now() - savedAt >= CHECKPOINT_MS) await checkpoint();
        else await progress(next, p.files);
      }
      if (signal.aborted && saved !== next) await checkpoint();
    } catch (err) {
      if (err instanceof AppError) throw err;
      // A database that stops answering: one line for the job's error (Prisma's message spans many), the report so far kept.
      throw new AppError('import_failed', `the import stopped after ${next} of ${p.files} files: ${describeDbError(err)}`, 500, {
        summary: report,
      });
    } finally {
      await batches.return(undefined);
      await worker?.close();
    }
    return { status: 'done', result: report };
  };
}
