/**
 * Browser pages: the project list and export downloads.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { projectOverview } from '../../services/overviewService.js';
import { exportDocument } from '../../services/exportService.js';
import { LAYOUTS } from '../../domain/layout.js';
import { parseLangList } from '../../domain/lang.js';
import { CONVERSION_CONFIGS, parseConversionConfig } from '../../domain/convert.js';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const exportQuery = z.object({
  layout: z.enum(LAYOUTS).default('source'),
  lang: z.union([z.string(), z.array(z.string())]).optional(),
  mark: z.enum(['1', 'on']).optional(),
  convert: z.string().optional(),
});

/** Routes for the pages. */
export function pagesRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.render('home', { projects: await projectOverview(ctx.db), layouts: LAYOUTS, conversionConfigs: CONVERSION_CONFIGS });
  });

  router.get('/documents/:id/export', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = exportQuery.parse(req.query);
    const langList = Array.isArray(q.lang) ? q.lang.join(',') : (q.lang ?? '');
    const langs = q.layout === 'source' || !langList ? [] : parseLangList(langList, 'lang');
    const convert = q.convert ? parseConversionConfig(q.convert, 'convert') : undefined;
    const { text, fileName } = await exportDocument(ctx.db, { documentId: id, layout: q.layout, langs, markUntranslated: q.mark !== undefined, convert });
    res.attachment(fileName);
    res.type('text/markdown; charset=utf-8');
    res.send(Buffer.from(text, 'utf8'));
  });

  return router;
}
