/**
 * QA and review routes: document QA (JSON API and the "Run QA" page), revision history and
 * restore, comments per segment and language.
 */
import { Router, json } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { idParam, langCode } from '../validation.js';
import { currentUser, guardDocument, guardSegment } from '../auth.js';
import { chooseLang } from '../../services/editorService.js';
import { documentQaIssues, documentQaSummary, runDocumentQa } from '../../services/qaService.js';
import { commentOnSegment, resolveComment, restoreRevision, segmentComments, segmentHistory } from '../../services/reviewService.js';
import { audit } from '../../services/auth/authService.js';
import type { UiLang } from '../i18n.js';
import { localizedIssues, localizedSave } from '../presenters/qa.js';

/** Segments of a QA report or of the stored issues, with each issue's message in `lang` as well. */
function localizedSegments<S extends { issues: { message: string; key?: string }[] }>(lang: UiLang, segments: S[]) {
  return segments.map((s) => ({ ...s, issues: localizedIssues(lang, s.issues) }));
}

const translationParams = z.object({ id: z.coerce.number().int().positive(), lang: langCode });
const langQuery = z.object({ lang: langCode.optional() });
const restoreBody = z.object({ revisionId: z.number().int().positive(), version: z.number().int().min(0) });
const commentBody = z.object({ lang: langCode, text: z.string().max(20_000) });
const resolveBody = z.object({ resolved: z.boolean() });

/** JSON routes, mounted under /api. */
export function reviewApiRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(json({ limit: '512kb' }));

  router.post('/documents/:id/qa', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { lang } = langQuery.parse(req.query);
    await guardDocument(ctx, res, id);
    const report = await runDocumentQa(ctx.db, id, lang);
    await audit(ctx.db, currentUser(res), 'qa.run', `document:${id}/${report.lang}`, { errors: report.errors, warnings: report.warnings });
    res.json({ ...report, segments: localizedSegments(res.locals.lang as UiLang, report.segments) });
  });

  router.get('/documents/:id/qa', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = langQuery.parse(req.query);
    const { lang } = chooseLang((await guardDocument(ctx, res, id)).project, q.lang);
    const [summary, segments] = await Promise.all([documentQaSummary(ctx.db, id, lang), documentQaIssues(ctx.db, id, lang)]);
    res.json({ documentId: id, lang, ...summary, segments: localizedSegments(res.locals.lang as UiLang, segments) });
  });

  router.get('/segments/:id/translations/:lang/history', async (req, res) => {
    const { id, lang } = translationParams.parse(req.params);
    const { project } = await guardSegment(ctx, res, id);
    res.json(await segmentHistory(ctx.db, id, lang, project));
  });

  router.post('/segments/:id/translations/:lang/restore', async (req, res) => {
    const { id, lang } = translationParams.parse(req.params);
    const body = restoreBody.parse(req.body);
    const { project } = await guardSegment(ctx, res, id);
    res.json(
      localizedSave(
        res.locals.lang as UiLang,
        await restoreRevision(ctx.db, { segmentId: id, lang, ...body, user: currentUser(res), project }),
      ),
    );
  });

  router.get('/segments/:id/comments', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { project } = await guardSegment(ctx, res, id);
    const { lang } = chooseLang(project, langQuery.parse(req.query).lang);
    res.json({ segmentId: id, lang, comments: await segmentComments(ctx.db, id, lang, project) });
  });

  router.post('/segments/:id/comments', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = commentBody.parse(req.body);
    const { project } = await guardSegment(ctx, res, id);
    res
      .status(201)
      .json(await commentOnSegment(ctx.db, { segmentId: id, lang: body.lang, text: body.text, user: currentUser(res), project }));
  });

  router.patch('/comments/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { resolved } = resolveBody.parse(req.body);
    res.json(
      await resolveComment(ctx.db, id, resolved, currentUser(res), (documentId) => guardDocument(ctx, res, documentId, ['comment', id])),
    );
  });

  return router;
}

/** The document QA page: stored results per segment, counts per check, and a "Run QA" button. */
export function reviewPagesRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/documents/:id/qa', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const doc = await guardDocument(ctx, res, id);
    const { langs, lang } = chooseLang(doc.project, langQuery.parse(req.query).lang);
    const [summary, segments] = await Promise.all([documentQaSummary(ctx.db, id, lang), documentQaIssues(ctx.db, id, lang)]);
    res.render('qa', { doc, langs, lang, summary, segments: localizedSegments(res.locals.lang as UiLang, segments) });
  });

  router.post('/documents/:id/qa', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const doc = await guardDocument(ctx, res, id);
    const { lang } = chooseLang(doc.project, langQuery.parse(req.body ?? {}).lang);
    const report = await runDocumentQa(ctx.db, id, lang);
    await audit(ctx.db, currentUser(res), 'qa.run', `document:${id}/${lang}`, { errors: report.errors, warnings: report.warnings });
    res.redirect(303, `/documents/${id}/qa?lang=${encodeURIComponent(lang)}`);
  });

  return router;
}
