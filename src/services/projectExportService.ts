/**
 * Whole-project export: every document of a project in one layout (or XLIFF), written under its stored
 * path into a folder (CLI) or streamed as one zip (browser). Each file's bytes are exactly those of the
 * document's own export. Incremental: only the documents changed since a date or since the last export
 * of the same project and target.
 */
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import yazl from 'yazl';
import type { Db } from '../db/client.js';
import type { AuthUser } from '../db/users.js';
import {
  documentsChangedSince,
  lastExportTime,
  projectWithDocuments,
  projectWithDocumentsById,
  rememberExport,
} from '../db/projectExport.js';
import { AppError, ValidationError } from '../domain/errors.js';
import type { Layout } from '../domain/layout.js';
import type { ConversionConfigName } from '../domain/convert.js';
import { exportTargetKey, uniqueOutputPaths, type ProjectExportFormat } from '../domain/projectExport.js';
import { checkLayoutLangs, exportDocument, exportFileName } from './exportService.js';
import { exportXliff, xliffFileName, xliffLang } from './xliffService.js';
import { audit } from './auth/authService.js';

/** What to export of a project. */
export interface ProjectExportRequest {
  /** Project name, or its id (browser). */
  project: string | number;
  layout: Layout;
  langs: string[];
  /** Markdown layouts (default) or XLIFF (one language; the layout is ignored). */
  format?: ProjectExportFormat;
  markUntranslated?: boolean;
  convert?: ConversionConfigName | undefined;
  /** Only documents changed after this time, or since the last export of the same project and target. */
  changedSince?: Date | 'last' | undefined;
  /** Who exports (one audit event for the whole export). */
  actor?: AuthUser | undefined;
}

/** One file of a project export. */
export interface ProjectExportEntry {
  documentId: number;
  /** The document's stored path. */
  path: string;
  /** Where its export goes, relative to the output folder or zip root. */
  file: string;
}

/** What a project export will write, decided before anything is rendered. */
export interface ProjectExportPlan {
  projectId: number;
  project: string;
  /** The remembered-export key (layout, languages, format, conversion). */
  target: string;
  /** When the export started: remembered as the last export time once it has completed. */
  startedAt: Date;
  /** Changes after this time were exported; null: every document. */
  since: Date | null;
  /** `--changed-since last` without an earlier export: everything is exported. */
  firstExport: boolean;
  entries: ProjectExportEntry[];
  /** Documents left out because they did not change since {@link since}. */
  notChanged: number;
  /** Documents that cannot be exported in this layout (e.g. i18next files in the interleaved layout). */
  skipped: { documentId: number; path: string; reason: string }[];
}

/** The outcome of writing a project export into a folder. */
export interface ProjectExportSummary extends ProjectExportPlan {
  outDir: string;
  written: number;
  /** Files already there with the same bytes (left untouched). */
  identical: number;
}

function formatOf(req: ProjectExportRequest): ProjectExportFormat {
  return req.format ?? 'markdown';
}

/** Validates the request and decides which documents go where. Nothing is rendered or written yet. */
export async function planProjectExport(db: Db, req: ProjectExportRequest): Promise<ProjectExportPlan> {
  const startedAt = new Date();
  const format = formatOf(req);
  const project =
    typeof req.project === 'number' ? await projectWithDocumentsById(db, req.project) : await projectWithDocuments(db, req.project);
  const langs = format === 'markdown' && req.layout === 'source' ? [] : req.langs;
  if (format !== 'markdown') {
    xliffLang(langs);
    if (!project.targetLangs.includes(langs[0]!)) {
      throw new ValidationError(`lang: "${langs[0]}" is not a target language of project ${project.name}`, {
        field: 'lang',
        value: langs[0],
      });
    }
  } else checkLayoutLangs({ layout: req.layout, langs });
  const markdown = format === 'markdown';
  const target = exportTargetKey({
    layout: markdown ? req.layout : '',
    langs,
    format,
    convert: markdown ? req.convert : undefined,
    mark: markdown && req.layout === 'target' && req.markUntranslated === true,
  });
  const last = req.changedSince === 'last' ? await lastExportTime(db, project.id, target) : null;
  const since = req.changedSince === 'last' ? last : (req.changedSince ?? null);
  const changed = since ? await documentsChangedSince(db, project.id, since, langs) : null;
  const skipped: ProjectExportPlan['skipped'] = [];
  const exportable = project.documents.filter((d) => {
    if (format === 'markdown' && d.format === 'i18next' && req.layout === 'interleaved') {
      skipped.push({
        documentId: d.id,
        path: d.path,
        reason: 'the interleaved layout is for Markdown articles; export i18next files as target or table',
      });
      return false;
    }
    return true;
  });
  // Names are decided over every exportable document, so an incremental export names a file as a full one does.
  const names = uniqueOutputPaths(
    exportable.map((d) => ({
      storedPath: d.path,
      downloadName:
        format === 'markdown'
          ? exportFileName(d, { layout: req.layout, langs, convert: req.convert })
          : xliffFileName(d.path, langs[0]!, format),
    })),
    format === 'markdown' && req.layout === 'source' && !req.convert,
  );
  const all = exportable.map((d, i) => ({ documentId: d.id, path: d.path, file: names[i]! }));
  const entries = changed ? all.filter((e) => changed.has(e.documentId)) : all;
  return {
    projectId: project.id,
    project: project.name,
    target,
    startedAt,
    since,
    firstExport: req.changedSince === 'last' && last === null,
    entries,
    notChanged: all.length - entries.length,
    skipped,
  };
}

/** The bytes of one entry: exactly what the document's own export (CLI or download) gives. */
export async function renderProjectEntry(db: Db, req: ProjectExportRequest, entry: ProjectExportEntry): Promise<Buffer> {
  const format = formatOf(req);
  if (format !== 'markdown') {
    return Buffer.from((await exportXliff(db, { documentId: entry.documentId, langs: req.langs, format })).text, 'utf8');
  }
  const { text } = await exportDocument(db, {
    documentId: entry.documentId,
    layout: req.layout,
    langs: req.layout === 'source' ? [] : req.langs,
    markUntranslated: req.markUntranslated ?? false,
    convert: req.convert,
  });
  return Buffer.from(text, 'utf8');
}

/** What is at a path inside the output folder: nothing, a regular file, or something that must not be written through. */
async function kindAt(p: string): Promise<'none' | 'file' | 'dir' | 'other'> {
  const info = await lstat(p).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (!info) return 'none';
  if (info.isFile()) return 'file';
  return info.isDirectory() ? 'dir' : 'other';
}

/**
 * Where an entry goes on disk; refuses a path that would leave the folder, or that goes through a
 * symbolic link or a non-folder below it. Returns the absolute path and whether a file is already there.
 */
async function destination(outDir: string, file: string): Promise<{ abs: string; exists: boolean }> {
  const abs = path.resolve(outDir, ...file.split('/'));
  const rel = path.relative(outDir, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    throw new ValidationError(`path "${file}" would leave ${outDir}`, { path: file }, 'unsafe_path');
  const parts = rel.split(path.sep);
  let at = outDir;
  for (const part of parts.slice(0, -1)) {
    at = path.join(at, part);
    const kind = await kindAt(at);
    if (kind === 'none') break;
    if (kind !== 'dir')
      throw new ValidationError(
        `${at} is not a plain folder (a file or a symbolic link); nothing was written`,
        { path: at },
        'unsafe_path',
      );
  }
  const kind = await kindAt(abs);
  if (kind === 'dir' || kind === 'other')
    throw new ValidationError(
      `${abs} is not a plain file (a folder or a symbolic link); nothing was written`,
      { path: abs },
      'unsafe_path',
    );
  return { abs, exists: kind === 'file' };
}

/**
 * Writes a planned export into `outDir` (created if needed), each document under its stored folder.
 * Existing files are refused before anything is written unless `force` (then files with the same bytes
 * are left untouched). When every file is written, the start time is remembered for `--changed-since last`.
 */
export async function writeProjectExport(
  db: Db,
  req: ProjectExportRequest,
  plan: ProjectExportPlan,
  outDir: string,
  options: { force?: boolean; onProgress?: (done: number, total: number, file: string) => void } = {},
): Promise<ProjectExportSummary> {
  const root = path.resolve(outDir);
  const rootKind = await kindAt(root);
  if (rootKind === 'file' || rootKind === 'other')
    throw new ValidationError(`--out-dir: ${outDir} is not a folder`, { field: 'out-dir', value: outDir });
  const targets = [];
  for (const e of plan.entries) targets.push({ entry: e, ...(await destination(root, e.file)) });
  const existing = targets.filter((t) => t.exists);
  if (existing.length > 0 && !options.force) {
    throw new AppError(
      'export_exists',
      `${existing.length} files already exist in ${outDir} (first: ${existing[0]!.entry.file}); nothing was written. Use --force to overwrite them`,
      409,
      { files: existing.map((t) => t.entry.file) },
      { params: { count: existing.length, dir: outDir, file: existing[0]!.entry.file } },
    );
  }
  let written = 0;
  let identical = 0;
  for (const [i, t] of targets.entries()) {
    const bytes = await renderProjectEntry(db, req, t.entry);
    if (t.exists && (await readFile(t.abs)).equals(bytes)) identical++;
    else {
      await mkdir(path.dirname(t.abs), { recursive: true });
      await writeFile(t.abs, bytes);
      written++;
    }
    options.onProgress?.(i + 1, targets.length, t.entry.file);
  }
  await rememberExport(db, plan.projectId, plan.target, plan.startedAt);
  if (req.actor)
    await audit(db, req.actor, 'export', `project:${plan.projectId}`, { target: plan.target, files: plan.entries.length, outDir: root });
  return { ...plan, outDir: root, written, identical };
}

/**
 * Streams a planned export as one zip into `out` (an HTTP response): each entry is rendered only when
 * the zip reaches it, so neither the archive nor all documents are held in memory at once.
 * Resolves when the archive is complete.
 */
export async function streamProjectZip(db: Db, req: ProjectExportRequest, plan: ProjectExportPlan, out: Writable): Promise<void> {
  const zip = new yazl.ZipFile();
  const mtime = plan.startedAt;
  for (const entry of plan.entries) {
    zip.addReadStreamLazy(entry.file, { mtime }, (cb) => {
      renderProjectEntry(db, req, entry).then(
        (bytes) => cb(null, Readable.from([bytes])),
        (err: unknown) => cb(err as Error, undefined as unknown as Readable),
      );
    });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    (zip as unknown as NodeJS.EventEmitter).on('error', reject);
    zip.outputStream.on('error', reject);
    out.on('error', reject);
    zip.outputStream.pipe(out).on('finish', resolve);
  });
  if (req.actor)
    await audit(db, req.actor, 'export', `project:${plan.projectId}`, { target: plan.target, files: plan.entries.length, zip: true });
}
