/**
 * Per-document tools beside the editor: find and replace (preview, then apply) and the analysis
 * report. HTML for browsers, JSON for `Accept: application/json`.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { idParam, langCode } from '../validation.js';
import { currentUser, guardDocument } from '../auth.js';
import { chooseLang } from '../../services/editorService.js';
import { applyReplace, previewReplace } from '../../services/replaceService.js';
import { analyseDocument } from '../../services/analysisService.js';
import { MATCH_BANDS } from '../../domain/tm/similarity.js';
import { ValidationError } from '../../domain/errors.js';
import { STATUSES } from '../../domain/status.js';

const checkbox = z
  .enum(['on', '1', 'true', ''])
  .optional()
  .transform((v) => v !== undefined && v !== '');

const replaceFields = {
  lang: langCode.optional(),
  find: z.string().max(1000).default(''),
  replace: z.string().max(10_000).default(''),
  regex: checkbox,
  matchCase: checkbox,
  wholeWord: checkbox,
  includeReviewed: checkbox,
};
const replaceQuery = z.object(replaceFields);
const replaceBody = z.object({
  ...replaceFields,
  lang: langCode,
  find: z.string().min(1, 'enter the text to find').max(1000),
  /** The previewed translations, "segmentId:version" separated by commas. */
  previewed: z
    .string()
    .max(200_000)
    .regex(/^(\d+:\d+(,\d+:\d+)*)?$/, 'expected segmentId:version pairs'),
});
const langQuery = z.object({ lang: langCode.optional() });

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

/** Routes for find and replace and the analysis report. */
export function documentToolsRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/documents/:id/replace', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = replaceQuery.parse(req.query);
    const doc = await guardDocument(ctx, res, id);
    const { langs, lang } = chooseLang(doc.project, q.lang);
    const options = { ...q, lang };
    const plan = q.find ? await previewReplace(ctx.db, id, lang, options, currentUser(res)) : undefined;
    if (wantsJson(req)) {
      if (!plan) throw new ValidationError('find: enter the text to find', { field: 'find' });
      res.json(plan);
      return;
    }
    res.render('replace', {
      doc,
      langs,
      targetLang: lang,
      options,
      plan,
      previewed: plan ? plan.changes.map((c) => `${c.segmentId}:${c.version}`).join(',') : '',
      canIncludeReviewed: currentUser(res).role !== 'translator',
    });
  });

  router.post('/documents/:id/replace', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = replaceBody.parse(req.body);
    const doc = await guardDocument(ctx, res, id);
    const previewed = new Map(
      body.previewed
        .split(',')
        .filter(Boolean)
        .map((p) => p.split(':').map(Number) as [number, number]),
    );
    const result = await applyReplace(ctx.db, id, body.lang, body, previewed, currentUser(res));
    if (wantsJson(req)) {
      res.json(result);
      return;
    }
    res.render('replace-result', { doc, targetLang: body.lang, options: body, result });
  });

  router.get('/documents/:id/analysis', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = langQuery.parse(req.query);
    const doc = await guardDocument(ctx, res, id);
    const { langs, lang } = chooseLang(doc.project, q.lang);
    const report = await analyseDocument(ctx.db, id, lang, { pricePerMillion: ctx.config.MT_PRICE_PER_MILLION });
    if (wantsJson(req)) {
      res.json(report);
      return;
    }
    // Statuses in workflow order, then any others the data holds.
    const statuses = [...new Set<string>([...STATUSES, ...Object.keys(report.byStatus)])].filter((s) => report.byStatus[s]);
    res.render('analysis', { doc, langs, targetLang: lang, report, statuses, bands: MATCH_BANDS.map((b) => b.band) });
  });

  return router;
}
