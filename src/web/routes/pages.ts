/**
 * Browser pages: the project list and export downloads.
 */
import { Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { projectOverview } from '../../services/overviewService.js';
import { exportDocument } from '../../services/exportService.js';
import { LAYOUTS } from '../../domain/layout.js';
import { parseLangList } from '../../domain/lang.js';
import {
  IMPORT_JOB,
  importAsJob,
  importFiles,
  type ImportedDocument,
  type ImportFile,
  type ImportJobParams,
} from '../../services/importService.js';
import { jobRunnerFor } from './jobs.js';
import { safeDocumentPath } from '../../domain/paths.js';
import { AppError } from '../../domain/errors.js';
import { deleteDocument, projectIfAny } from '../../services/projectService.js';
import { currentUser, guardDocument, guardRole } from '../auth.js';
import { uploadError } from '../forms.js';
import { localizeError } from '../errors.js';
import { localizeNotes } from '../presenters/notes.js';
import { translator, type UiLang } from '../i18n.js';
import { assertProjectAccess, audit, joinProject } from '../../services/auth/authService.js';

const MAX_UPLOAD_FILES = 500;
const XLIFF_FILE = /\.(xlf|xliff)$/i;
const importForm = z.object({
  project: z.string().trim().min(1, 'a project name is required').max(200),
  targets: z.string().trim().default('en,ru'),
  paths: z.union([z.string(), z.array(z.string())]).optional(),
  normalize: z.string().optional(),
  format: z.string().optional(),
});
import { parseConversionConfig } from '../../domain/convert.js';
import { parseFormatChoice } from '../../domain/formatDetect.js';
import { exportXliff, importXliff, XLIFF_FORMATS, type XliffImportReport } from '../../services/xliffService.js';
import { exportFileName, exportGlossary, importGlossaryUploads, isGlossaryFile } from '../../services/glossaryService.js';
import { ValidationError } from '../../domain/errors.js';
import { exportDocumentTmx, importMemoryTmxBytes, type TmxImportReport } from '../../services/tmxService.js';

const TMX_FILE = /\.tmx$/i;

const idParam = z.object({ id: z.coerce.number().int().positive() });
const exportQuery = z.object({
  layout: z.enum(LAYOUTS).default('source'),
  lang: z.union([z.string(), z.array(z.string())]).optional(),
  mark: z.enum(['1', 'on']).optional(),
  convert: z.string().optional(),
  format: z.enum(['', ...XLIFF_FORMATS, 'tmx', 'glossary-csv', 'glossary-tbx']).optional(),
});

/** Routes for the pages. */
export function pagesRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const user = currentUser(res);
    res.render('home', {
      projects: await projectOverview(ctx.db, user),
      layouts: LAYOUTS,
      canImport: user.role !== 'translator',
      maxImportBytes: ctx.config.MAX_IMPORT_BYTES,
    });
  });

  router.get('/documents/:id/export', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = exportQuery.parse(req.query);
    const doc = await guardDocument(ctx, res, id);
    const langList = Array.isArray(q.lang) ? q.lang.join(',') : (q.lang ?? '');
    const langs = q.layout === 'source' || !langList ? [] : parseLangList(langList, 'lang');
    if (q.format === 'glossary-csv' || q.format === 'glossary-tbx') {
      // The glossary that applies to the document: its project's entries merged with the shared ones.
      const format = q.format === 'glossary-csv' ? 'csv' : 'tbx';
      const text = await exportGlossary(ctx.db, { projectId: doc.projectId }, format, {
        merged: true,
        langs: langList ? parseLangList(langList, 'lang') : [],
      });
      res.attachment(exportFileName(doc.project.name, format));
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-tbx+xml; charset=utf-8');
      res.send(Buffer.from(text, 'utf8'));
      return;
    }
    if (q.format === 'tmx') {
      // The document's confirmed translations into the chosen languages, for other tools' memories.
      const tmx = await exportDocumentTmx(ctx.db, { documentId: id, langs: parseLangList(langList, 'lang'), actor: currentUser(res) });
      res.attachment(tmx.fileName);
      res.type('application/x-tmx+xml; charset=utf-8');
      res.send(Buffer.from(tmx.text, 'utf8'));
      return;
    }
    if (q.format) {
      const xliff = await exportXliff(ctx.db, {
        documentId: id,
        langs: langList ? parseLangList(langList, 'lang') : [],
        format: q.format,
        actor: currentUser(res),
      });
      res.attachment(xliff.fileName);
      res.type('application/xliff+xml; charset=utf-8');
      res.send(Buffer.from(xliff.text, 'utf8'));
      return;
    }
    const convert = q.convert ? parseConversionConfig(q.convert, 'convert') : undefined;
    const { text, fileName } = await exportDocument(ctx.db, {
      documentId: id,
      layout: q.layout,
      langs,
      markUntranslated: q.mark !== undefined,
      convert,
      actor: currentUser(res),
    });
    res.attachment(fileName);
    res.type('text/markdown; charset=utf-8');
    res.send(Buffer.from(text, 'utf8'));
  });

  // Uploads are read into memory; files over the import limit are refused by name by the import service,
  // so multer's own limit only guards the server (four times the import limit).
  const upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send UTF-8 file names (中文.md); folder uploads send their relative path.
    defParamCharset: 'utf8',
    preservePath: true,
    limits: { fileSize: ctx.config.MAX_IMPORT_BYTES * 4, files: MAX_UPLOAD_FILES, fields: MAX_UPLOAD_FILES + 10 },
  }).array('files', MAX_UPLOAD_FILES);

  router.post('/import', (req, res, next) => {
    upload(req, res, (err: unknown) => {
      if (err) return next(uploadError(err, ctx.config.MAX_IMPORT_BYTES * 4, MAX_UPLOAD_FILES));
      handleImport(req, res).catch(next);
    });
  });

  async function handleImport(req: import('express').Request, res: import('express').Response) {
    const user = guardRole(res, 'admin', 'reviewer');
    const form = importForm.parse(req.body);
    const existing = await projectIfAny(ctx.db, { name: form.project });
    if (existing) await assertProjectAccess(ctx.db, user, existing.id, ['project', form.project]);
    const all = (req.files as Express.Multer.File[] | undefined) ?? [];
    // XLIFF files translated elsewhere go back into their documents (each checked against it).
    const xliff: XliffImportReport[] = [];
    for (const f of all.filter((f) => XLIFF_FILE.test(f.originalname))) {
      xliff.push(
        await importXliff(ctx.db, f.originalname, f.buffer.toString('utf8'), user, (doc) =>
          assertProjectAccess(ctx.db, user, doc.projectId),
        ),
      );
    }
    // Glossary files (.csv, .tbx) go into the project's glossary (after the documents, which may create the project).
    const glossaryFiles = all.filter((f) => isGlossaryFile(f.originalname)).map((f) => ({ name: f.originalname, bytes: f.buffer }));
    const importGlossary = (project: { id: number; name: string } | null) =>
      importGlossaryUploads(ctx.db, project, glossaryFiles, ctx.config.MAX_IMPORT_BYTES, user);
    // TMX files go into the translation memory of the (existing) project.
    const tmx: TmxImportReport[] = [];
    for (const f of all.filter((f) => TMX_FILE.test(f.originalname))) {
      if (!existing)
        throw new ValidationError(
          `${f.originalname}: project ${form.project} does not exist; a TMX file goes into an existing project's memory`,
          { field: 'project' },
        );
      tmx.push(
        await importMemoryTmxBytes(ctx.db, f.originalname, f.buffer, ctx.config.MAX_IMPORT_BYTES * 4, {
          project: form.project,
          actor: user,
        }),
      );
    }
    // `paths` follow the order of all files: keep each document's own.
    const paths = form.paths === undefined ? [] : Array.isArray(form.paths) ? form.paths : [form.paths];
    const files = all
      .map((f, i) => ({ f, path: paths[i] || f.originalname }))
      .filter(({ f }) => !XLIFF_FILE.test(f.originalname) && !isGlossaryFile(f.originalname) && !TMX_FILE.test(f.originalname));
    if (files.length === 0 && xliff.length + glossaryFiles.length + tmx.length > 0) {
      const gloss = await importGlossary(existing);
      const status = xliff.length + tmx.length + gloss.glossary.length === 0 ? 422 : 200;
      if (req.accepts(['html', 'json']) === 'json')
        res.status(status).json({ documents: [], refused: gloss.refused, xliff, tmx, glossary: gloss.glossary });
      else
        res.status(status).render('import-result', {
          report: { documents: [], refused: gloss.refused },
          xliff,
          tmx,
          glossary: gloss.glossary,
          project: form.project,
        });
      return;
    }
    if (files.length === 0) throw new AppError('no_files', 'choose at least one Markdown or text file to import', 400, undefined, {});
    const named: ImportFile[] = files.map(({ f, path }) => ({ name: safeDocumentPath(path), bytes: f.buffer }));
    const options = {
      project: form.project,
      sourceLang: 'zh',
      targetLangs: parseLangList(form.targets, 'targets'),
      maxBytes: ctx.config.MAX_IMPORT_BYTES,
      actor: user,
      normalize: form.normalize ? parseConversionConfig(form.normalize, 'normalize') : undefined,
      format: parseFormatChoice(form.format, 'format'),
    };
    // Many or large files: a background job (progress per file, resumed after a restart).
    if (importAsJob(named, { files: ctx.config.IMPORT_JOB_FILES, bytes: ctx.config.IMPORT_JOB_BYTES })) {
      if (glossaryFiles.length > 0 && !existing) {
        throw new AppError(
          'glossary_needs_project',
          'a glossary file cannot go into a project that a background import has not created yet: upload the glossary after the documents',
          400,
        );
      }
      if (glossaryFiles.length > 0) await importGlossary(existing);
      const params: ImportJobParams = {
        project: options.project,
        sourceLang: options.sourceLang,
        targetLangs: options.targetLangs,
        ...(options.normalize ? { normalize: options.normalize } : {}),
        format: options.format,
        actor: { id: user.id, name: user.name, role: user.role },
        files: named.length,
        join: !existing,
      };
      const job = await jobRunnerFor(ctx).enqueue(IMPORT_JOB, params, named);
      await audit(ctx.db, user, 'import.job', `job:${job.id}`, { project: form.project, files: named.length });
      if (req.accepts(['html', 'json']) === 'json') res.status(202).json({ jobId: job.id, job });
      else res.redirect(303, `/jobs/${job.id}`);
      return;
    }
    const report = await importFiles(ctx.db, named, options);
    const created = report.documents[0];
    if (!existing && created) await joinProject(ctx.db, user, created.projectId);
    const gloss = await importGlossary(existing ?? (created ? { id: created.projectId, name: form.project } : null));
    report.refused.push(...gloss.refused);
    // Refusals speak the interface language (the English message stays for the CLI and logs).
    const lang = res.locals.lang as UiLang;
    report.refused = report.refused.map(({ key, params, ...r }) => ({
      ...r,
      message: localizeError(lang, { key, params, message: r.message }),
    }));
    const status = report.documents.length === 0 ? 422 : 200;
    if (req.accepts(['html', 'json']) === 'json') {
      // `summary` tells the upload page what happened to each document, in the interface language.
      const t = translator(lang) as unknown as (key: string, options?: object) => string;
      // The format chosen and the encoding note ("converted from GB18030/GBK to UTF-8"), in the interface language.
      const formatNote = (d: ImportedDocument) => t(`upload.formatReport.${d.formatReason}`, { format: t(`upload.formats.${d.format}`) });
      const documents = report.documents.map((d) => {
        const notes = d.notes ? ` (${localizeNotes(lang, d.notes)})` : '';
        return {
          ...d,
          summary: `${t(`upload.action.${d.action}`)}, ${t('home.segmentCount', { count: d.translatable })}, ${formatNote(d)}${notes}`,
        };
      });
      res.status(status).json({ ...report, documents, glossary: gloss.glossary, ...(tmx.length ? { tmx } : {}) });
    } else res.status(status).render('import-result', { report, glossary: gloss.glossary, tmx, project: form.project });
  }

  router.get('/documents/:id/delete', async (req, res) => {
    const { id } = idParam.parse(req.params);
    guardRole(res, 'admin', 'reviewer');
    res.render('delete', { doc: await guardDocument(ctx, res, id) });
  });

  router.post('/documents/:id/delete', async (req, res) => {
    const { id } = idParam.parse(req.params);
    await deleteDocument(ctx.db, currentUser(res), id);
    res.redirect(303, '/');
  });

  return router;
}
