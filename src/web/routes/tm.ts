/**
 * Translation memory in the browser and over JSON: fuzzy matches for the editor, the concordance
 * page and API, TMX download and upload. Routes validate (zod), authorise, call a service, present.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { currentUser, guardRole, guardSegment } from '../auth.js';
import { idParam, langCode } from '../validation.js';
import { parseForm } from '../forms.js';
import { chooseLang } from '../../services/editorService.js';
import { fuzzyMatches, memoryProjectsFor, memoryStats, searchMemory, visibleProjects } from '../../services/tmService.js';
import { exportMemoryTmx, importMemoryTmxBytes, type TmxImportReport } from '../../services/tmxService.js';
import { assertProjectAccess } from '../../services/auth/authService.js';
import { projectOf } from '../../services/projectService.js';
import { AppError, ValidationError } from '../../domain/errors.js';
import type { AuthUser } from '../../db/users.js';

const optionalLang = z.preprocess((v) => (v === '' ? undefined : v), langCode.optional());
const matchQuery = z.object({ lang: optionalLang });
const concordanceQuery = z.object({
  q: z.string().max(500).default(''),
  side: z.enum(['source', 'target']).default('source'),
  lang: optionalLang,
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const exportQuery = z.object({
  project: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional()),
  lang: optionalLang,
});
/** Largest TMX upload (memories are larger than articles). */
const MAX_TMX_UPLOAD = 256 * 1024 * 1024;

/** Checks that the user may read or write a named project's memory (404 otherwise). */
async function guardProjectName(ctx: AppContext, user: AuthUser, name: string | undefined) {
  if (!name) return;
  const p = await projectOf(ctx.db, { name });
  await assertProjectAccess(ctx.db, user, p.id, ['project', name]);
}

/** Routes of the translation memory. */
export function tmRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/api/segments/:id/tm', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = matchQuery.parse(req.query);
    const { project } = await guardSegment(ctx, res, id);
    const { lang } = chooseLang(project, q.lang);
    res.json({ segmentId: id, lang, matches: await fuzzyMatches(ctx.db, currentUser(res), id, lang) });
  });

  router.get('/api/tm', async (req, res) => {
    const q = concordanceQuery.parse(req.query);
    res.json(await searchMemory(ctx.db, currentUser(res), q));
  });

  const renderPage = async (res: Response, imported?: TmxImportReport) => {
    const user = currentUser(res);
    const q = concordanceQuery.parse(res.req.query);
    const [stats, projects, result] = await Promise.all([
      memoryStats(ctx.db),
      memoryProjectsFor(ctx.db, user),
      searchMemory(ctx.db, user, q),
    ]);
    const params = (offset: number) => {
      const p = new URLSearchParams({ q: q.q, side: q.side, offset: String(offset) });
      if (q.lang) p.set('lang', q.lang);
      return `/tm?${p.toString()}`;
    };
    res.render('tm', {
      query: q,
      stats,
      langs: [...new Set(stats.map((s) => s.targetLang))],
      projects,
      result,
      imported,
      canImport: user.role !== 'translator',
      canImportShared: user.role === 'admin',
      prevUrl: q.offset > 0 ? params(Math.max(0, q.offset - q.limit)) : '',
      nextUrl: q.offset + q.limit < result.total ? params(q.offset + q.limit) : '',
    });
  };

  router.get('/tm', async (_req, res) => renderPage(res));

  router.get('/tm/export', async (req, res) => {
    const q = exportQuery.parse(req.query);
    const user = currentUser(res);
    await guardProjectName(ctx, user, q.project);
    const { text, fileName } = await exportMemoryTmx(ctx.db, {
      project: q.project,
      lang: q.lang,
      projectIds: await visibleProjects(ctx.db, user),
      actor: user,
    });
    res.attachment(fileName);
    res.type('application/x-tmx+xml; charset=utf-8');
    res.send(Buffer.from(text, 'utf8'));
  });

  router.post('/tm/import', async (req, res) => {
    const user = guardRole(res, 'admin', 'reviewer');
    const form = await parseForm(req, res, MAX_TMX_UPLOAD);
    const file = form.files.file;
    if (!file) throw new AppError('no_files', 'choose a .tmx file to import', 400);
    const project = form.fields.project || undefined;
    // Shared memory is seen by everyone: only admins import into it.
    if (!project && user.role !== 'admin')
      throw new ValidationError('project: choose one of your projects (shared memory is imported by admins)', { field: 'project' });
    await guardProjectName(ctx, user, project);
    const report = await importMemoryTmxBytes(ctx.db, file.name, file.bytes, MAX_TMX_UPLOAD, { project, actor: user });
    if (req.accepts(['html', 'json']) === 'json') res.json(report);
    else await renderPage(res, report);
  });

  return router;
}
