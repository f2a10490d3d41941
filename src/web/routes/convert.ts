/**
 * Chinese script conversion in the browser and over JSON: the converter page, a project's terms
 * page, and the APIs that draft Traditional Chinese targets. Routes validate (zod), call a
 * service, present; errors go to the central handler.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { parseForm } from '../forms.js';
import { currentUser, guardDocument, guardRole, guardSegment } from '../auth.js';
import { assertProjectAccess, audit } from '../../services/auth/authService.js';
import { projectIdsOf } from '../../services/auth/accountService.js';
import type { Response } from 'express';
import { CONVERSION_CONFIGS, parseConversionConfig } from '../../domain/convert.js';
import { highlightPieces } from '../../domain/diff.js';
import { TERM_KINDS } from '../../domain/conversionTerms.js';
import { DEFAULT_TARGET_CONFIGS } from '../../domain/chineseTargets.js';
import { normalizeLang } from '../../domain/lang.js';
import {
  addTerm,
  convertWithProject,
  convertedFileName,
  decodeText,
  importTermsFile,
  projectConversionSettings,
  removeTerm,
  setProjectTargetConfigs,
} from '../../services/conversionService.js';
import {
  checkProjectConversion,
  CONVERT_TARGETS_JOB,
  draftDocumentTargets,
  draftProjectTargets,
  draftSegmentTarget,
  type ConvertTargetsJobParams,
} from '../../services/chineseTargetsService.js';
import { documentIdsOf, projectList } from '../../services/projectService.js';
import { jobRunnerFor } from './jobs.js';

const FORMATS = ['markdown', 'plain'] as const;
const idParam = z.object({ id: z.coerce.number().int().positive() });
const termParam = idParam.extend({ termId: z.coerce.number().int().positive() });
const optionalId = z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number().int().positive().optional());
const TERM_LIMIT = 1024 * 1024;

const convertForm = z.object({
  text: z.string().default(''),
  config: z.string().default('s2twp'),
  projectId: optionalId,
  format: z.enum(FORMATS).default('markdown'),
  name: z.string().max(255).default(''),
  action: z.enum(['show', 'download']).default('show'),
});
const convertApi = z.object({
  text: z.string(),
  config: z.string(),
  projectId: z.number().int().positive().optional(),
  format: z.enum(FORMATS).optional(),
});
const termForm = z.object({ kind: z.enum(TERM_KINDS), term: z.string(), replacement: z.string().optional() });
const importForm = z.object({ kind: z.enum(TERM_KINDS) });
const noticeQuery = z.object({
  added: z.coerce.number().int().min(0).optional(),
  updated: z.coerce.number().int().min(0).optional(),
  unchanged: z.coerce.number().int().min(0).optional(),
  deleted: z.literal('1').optional(),
  saved: z.literal('1').optional(),
  drafted: z.coerce.number().int().min(0).optional(),
  kept: z.coerce.number().int().min(0).optional(),
});
const langsBody = z.object({ langs: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(','))) });
const langBody = z.object({ lang: z.string() });
const TARGET_LANGS = ['zh-Hant', 'zh-TW', 'zh-HK'] as const;

function langList(values: readonly string[]): string[] {
  return [
    ...new Set(
      values
        .map((v) => v.trim())
        .filter(Boolean)
        .map((v) => normalizeLang(v, 'langs')),
    ),
  ];
}

/** Routes for conversion pages and APIs. */
export function convertRouter(ctx: AppContext): Router {
  const router = Router();
  const maxBytes = ctx.config.MAX_IMPORT_BYTES;
  const json = express.json({ limit: maxBytes + 64 * 1024 });
  /** Projects whose terms the user may apply. */
  const visibleProjects = async (res: Response) => {
    const user = currentUser(res);
    const all = await projectList(ctx.db);
    if (user.role === 'admin') return all;
    const member = new Set(await projectIdsOf(ctx.db, user));
    return all.filter((p) => member.has(p.id));
  };
  const guardProject = (res: Response, id: number) => assertProjectAccess(ctx.db, currentUser(res), id);

  router.get('/convert', async (_req, res) => {
    res.render('convert', { configs: CONVERSION_CONFIGS, projects: await visibleProjects(res), form: convertForm.parse({}), result: null });
  });

  router.post('/convert', async (req, res) => {
    const parsed = await parseForm(req, res, maxBytes + 64 * 1024);
    const form = convertForm.parse(parsed.fields);
    const config = parseConversionConfig(form.config);
    const file = parsed.files.file;
    if (form.projectId) await guardProject(res, form.projectId);
    const input = file ? decodeText(file.name, file.bytes, maxBytes) : form.text;
    const name = file ? file.name : form.name;
    const result = await convertWithProject(ctx.db, { text: input, config, projectId: form.projectId, format: form.format });
    if (form.action === 'download') {
      res.attachment(convertedFileName(name || (form.format === 'plain' ? 'converted.txt' : 'converted.md'), config));
      res.type(form.format === 'plain' ? 'text/plain; charset=utf-8' : 'text/markdown; charset=utf-8');
      res.send(Buffer.from(result.text, 'utf8'));
      return;
    }
    res.render('convert', {
      configs: CONVERSION_CONFIGS,
      projects: await visibleProjects(res),
      form: { ...form, text: input, name },
      result: { text: result.text, pieces: highlightPieces(input, result.text), changed: result.changed.length },
    });
  });

  router.post('/api/convert', json, async (req, res) => {
    const body = convertApi.parse(req.body ?? {});
    const config = parseConversionConfig(body.config);
    if (body.projectId) await guardProject(res, body.projectId);
    res.json(await convertWithProject(ctx.db, { text: body.text, config, projectId: body.projectId, format: body.format }));
  });

  router.get('/projects/:id/conversion', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const notice = noticeQuery.parse(req.query);
    await guardProject(res, id);
    res.render('conversionTerms', {
      ...(await projectConversionSettings(ctx.db, id)),
      notice,
      targetLangs: Object.keys(DEFAULT_TARGET_CONFIGS).filter((l) => (TARGET_LANGS as readonly string[]).includes(l)),
      fromSimplified: CONVERSION_CONFIGS.filter((c) => c.source === 'zh-Hans'),
    });
  });

  router.post('/projects/:id/conversion/terms', async (req, res) => {
    const { id } = idParam.parse(req.params);
    guardRole(res, 'admin', 'reviewer');
    await guardProject(res, id);
    const form = termForm.parse((await parseForm(req, res, TERM_LIMIT)).fields);
    const r = await addTerm(ctx.db, id, form.kind, form.term, form.replacement);
    res.redirect(303, `/projects/${id}/conversion?added=${r.added}&updated=${r.updated}&unchanged=${r.unchanged}`);
  });

  router.post('/projects/:id/conversion/terms/:termId/delete', async (req, res) => {
    const { id, termId } = termParam.parse(req.params);
    guardRole(res, 'admin', 'reviewer');
    await guardProject(res, id);
    await removeTerm(ctx.db, id, termId);
    res.redirect(303, `/projects/${id}/conversion?deleted=1`);
  });

  router.post('/projects/:id/conversion/import', async (req, res) => {
    const { id } = idParam.parse(req.params);
    guardRole(res, 'admin', 'reviewer');
    await guardProject(res, id);
    const parsed = await parseForm(req, res, maxBytes + 64 * 1024);
    const form = importForm.parse(parsed.fields);
    const file = parsed.files.file ?? { name: 'file', bytes: new Uint8Array() };
    const r = await importTermsFile(ctx.db, { id }, file, form.kind, maxBytes);
    res.redirect(303, `/projects/${id}/conversion?added=${r.added}&updated=${r.updated}&unchanged=${r.unchanged}`);
  });

  router.post('/projects/:id/conversion/configs', async (req, res) => {
    const { id } = idParam.parse(req.params);
    guardRole(res, 'admin', 'reviewer');
    await guardProject(res, id);
    const fields = (await parseForm(req, res, TERM_LIMIT)).fields;
    const configs = Object.fromEntries(TARGET_LANGS.filter((l) => fields[l]).map((l) => [l, fields[l] as string]));
    await setProjectTargetConfigs(ctx.db, id, configs);
    res.redirect(303, `/projects/${id}/conversion?saved=1`);
  });

  router.post('/projects/:id/conversion/targets', async (req, res) => {
    const { id } = idParam.parse(req.params);
    await guardProject(res, id);
    const parsed = await parseForm(req, res, TERM_LIMIT);
    const langs = langList(parsed.all.langs ?? []);
    const { project } = await projectConversionSettings(ctx.db, id);
    // A large project is drafted by a background job (one document after another, resumable).
    if ((await documentIdsOf(ctx.db, id)).length > ctx.config.CONVERT_JOB_DOCUMENTS) {
      const job = await enqueueConversion(res, id, langs);
      res.redirect(303, `/jobs/${job.id}`);
      return;
    }
    const reports = await draftProjectTargets(ctx.db, project.name, langs);
    const sum = (k: 'drafted' | 'updated' | 'kept') => reports.reduce((n, r) => n + r.langs.reduce((m, l) => m + l[k], 0), 0);
    res.redirect(303, `/projects/${id}/conversion?drafted=${sum('drafted') + sum('updated')}&kept=${sum('kept')}`);
  });

  /** Queues the conversion of a whole project (checked first: languages, a Simplified source). */
  async function enqueueConversion(res: Response, projectId: number, langs: string[]) {
    await checkProjectConversion(ctx.db, projectId, langs);
    const params: ConvertTargetsJobParams = { projectId, langs };
    const job = await jobRunnerFor(ctx).enqueue(CONVERT_TARGETS_JOB, params);
    await audit(ctx.db, currentUser(res), 'project.convert_targets', `project:${projectId}`, { jobId: job.id, langs });
    return job;
  }

  router.post('/api/projects/:id/convert-targets', json, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { langs } = langsBody.parse(req.body ?? {});
    await guardProject(res, id);
    const job = await enqueueConversion(res, id, langList(langs));
    res.status(202).json({ jobId: job.id, job });
  });

  router.post('/api/documents/:id/convert-targets', json, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { langs } = langsBody.parse(req.body ?? {});
    await guardDocument(ctx, res, id);
    res.json(await draftDocumentTargets(ctx.db, id, langList(langs)));
  });

  router.post('/api/segments/:id/convert', json, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { lang } = langBody.parse(req.body ?? {});
    await guardSegment(ctx, res, id);
    res.json(await draftSegmentTarget(ctx.db, id, normalizeLang(lang)));
  });

  return router;
}
