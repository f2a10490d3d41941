/**
 * The whole project as one zip download (`/projects/:id/export.zip`), streamed: the same layouts,
 * languages and formats as a document's export, each file byte for byte its document's download.
 * The form is the project's export picker (views/partials/export-picker.ejs, its zip button).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { LAYOUTS } from '../../domain/layout.js';
import { parseLangList } from '../../domain/lang.js';
import { parseConversionConfig } from '../../domain/convert.js';
import { parseChangedSince } from '../../domain/projectExport.js';
import { XLIFF_FORMATS } from '../../services/xliffService.js';
import { planProjectExport, streamProjectZip } from '../../services/projectExportService.js';
import { assertProjectAccess } from '../../services/auth/authService.js';
import { currentUser } from '../auth.js';
import { ValidationError } from '../../domain/errors.js';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const zipQuery = z.object({
  layout: z.enum(LAYOUTS).default('source'),
  lang: z.union([z.string(), z.array(z.string())]).optional(),
  mark: z.enum(['1', 'on']).optional(),
  convert: z.string().optional(),
  format: z.enum(['', ...XLIFF_FORMATS]).optional(),
  /** Only documents changed since this date (re-imported, or a translation in the languages saved since). */
  since: z.string().max(40).optional(),
});

/** Routes of the project export. */
export function projectExportRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/projects/:id/export.zip', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = zipQuery.parse(req.query);
    const user = currentUser(res);
    await assertProjectAccess(ctx.db, user, id);
    const langList = Array.isArray(q.lang) ? q.lang.join(',') : (q.lang ?? '');
    const request = {
      project: id,
      layout: q.layout,
      langs: langList ? parseLangList(langList, 'lang') : [],
      format: q.format || ('markdown' as const),
      markUntranslated: q.mark !== undefined,
      convert: q.convert ? parseConversionConfig(q.convert, 'convert') : undefined,
      // A date only: `last` belongs to the command line, which records its exports.
      changedSince: q.since ? sinceDate(q.since) : undefined,
      actor: user,
    };
    // Everything that can be refused is refused here, before the first byte of the zip is sent.
    const plan = await planProjectExport(ctx.db, request);
    const what =
      request.format === 'markdown'
        ? [request.layout, ...(request.langs.length && request.layout !== 'source' ? [request.langs.join('+')] : [])]
        : [request.langs[0]!, request.format];
    res.attachment(`${plan.project}.${what.join('.')}.zip`);
    res.type('application/zip');
    try {
      await streamProjectZip(ctx.db, request, plan, res);
    } catch (err) {
      // Headers are gone: the only honest signal left is a broken download.
      ctx.log(`project export ${id} failed: ${(err as Error).message}`);
      res.destroy(err as Error);
    }
  });

  return router;
}

/** The zip's `since` field: a date such as 2026-12-01 (or with a time); `last` is refused here. */
function sinceDate(value: string): Date {
  const since = parseChangedSince(value, 'since');
  if (since === 'last') throw new ValidationError('since: give a date such as 2026-12-01', { field: 'since', value }, 'invalid_date');
  return since;
}
