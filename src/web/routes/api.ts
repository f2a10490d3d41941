/**
 * The JSON API used by the editor's scripts (and by scripts and tests).
 */
import { Router, json } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { idParam, langCode, segmentQuery } from '../validation.js';
import { chooseLang, editorPage, saveFromEditor } from '../../services/editorService.js';
import { segmentJson } from '../presenters/segment.js';
import { STATUSES } from '../../domain/status.js';
import { currentUser, guardDocument, guardSegmentForSave } from '../auth.js';
import type { UiLang } from '../i18n.js';
import { localizedSave } from '../presenters/qa.js';

const translationParams = z.object({ id: z.coerce.number().int().positive(), lang: langCode });
const saveBody = z.object({
  text: z.string(),
  status: z.enum(STATUSES).optional(),
  version: z.number().int().min(0),
  /** Required with status rejected. */
  comment: z.string().max(10_000).optional(),
  /** Reviewers: mark reviewed although QA errors remain, for this reason. */
  override: z.string().max(2_000).optional(),
  /** The editor: refuse (422 qa_errors_confirm) a confirmation with QA errors so it can ask first. */
  askOnQaErrors: z.boolean().optional(),
});

/** Routes under /api. */
export function apiRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(json({ limit: '512kb' }));

  router.get('/documents/:id/segments', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = segmentQuery.parse(req.query);
    const { lang } = chooseLang((await guardDocument(ctx, res, id)).project, q.lang);
    const page = await editorPage(ctx.db, id, lang, q, { offset: q.offset, limit: q.limit });
    res.json({
      documentId: id,
      lang,
      total: page.total,
      offset: page.offset,
      limit: page.limit,
      counts: page.counts,
      segments: page.segments.map(segmentJson),
    });
  });

  router.put('/segments/:id/translations/:lang', async (req, res) => {
    const { id, lang } = translationParams.parse(req.params);
    const body = saveBody.parse(req.body);
    const segment = await guardSegmentForSave(ctx, res, id);
    res.json(
      localizedSave(
        res.locals.lang as UiLang,
        await saveFromEditor(ctx.db, { segmentId: id, lang, ...body, user: currentUser(res), segment }),
      ),
    );
  });

  return router;
}
