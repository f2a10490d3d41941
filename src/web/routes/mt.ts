/**
 * Machine-translation API: draft one segment now, pretranslate a document in the background,
 * usage and cost estimates. JSON in and out; errors go to the central
 * handler (`{error: {code, message, …details}}`).
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { assertProjectAccess, audit } from '../../services/auth/authService.js';
import { currentUser, guardDocument, guardRole, guardSegment } from '../auth.js';
import { idParam, langCode } from '../validation.js';
import { createProvider, isConfigured, providerProfile } from '../../mt/factory.js';
import { jobRunnerFor } from './jobs.js';
import { draftSegment } from '../../services/pretranslate/draftOne.js';
import { estimatePretranslation } from '../../services/pretranslate/estimate.js';
import { PRETRANSLATE_JOB, type PretranslateJobParams } from '../../services/pretranslate/job.js';
import { mtUsage } from '../../services/usageService.js';
import { translationJson } from '../presenters/translation.js';

const json = express.json({ limit: '1mb' });
const lang = langCode;
const langs = z.array(langCode).min(1).max(10);
const segmentMtBody = z.object({ lang });
const pretranslateBody = z.object({
  langs,
  segmentIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
  overwriteDrafts: z.boolean().optional(),
});
const estimateBody = z
  .object({
    documentId: z.number().int().positive().optional(),
    projectId: z.number().int().positive().optional(),
    langs,
    overwriteDrafts: z.boolean().optional(),
    /** With documentId: only these segments (the editor's "MT draft for this filter"), exactly what the run would get. */
    segmentIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
  })
  .refine((b) => (b.documentId === undefined) !== (b.projectId === undefined), { message: 'give exactly one of documentId and projectId' });

export { existingJobRunner, jobRunnerFor } from './jobs.js';

/**
 * Routes under /api for machine translation. Access: a segment's or document's project
 * must be visible to the user (404 otherwise); drafting one segment is open to every role, bulk
 * pretranslation needs reviewer or admin (they spend money), usage needs admin.
 */
export function mtRouter(ctx: AppContext): Router {
  const router = Router();
  const runner = jobRunnerFor(ctx);
  router.post('/api/segments/:id/mt', json, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = segmentMtBody.parse(req.body ?? {});
    await guardSegment(ctx, res, id);
    const provider = createProvider(ctx.config);
    const translation = await draftSegment(ctx.db, provider, id, body.lang);
    await audit(ctx.db, currentUser(res), 'translation.mt', `segment:${id}/${body.lang}`, { provider: provider.name });
    res.json(translation ? translationJson(translation) : null);
  });

  router.post('/api/documents/:id/pretranslate', json, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = pretranslateBody.parse(req.body ?? {});
    await guardDocument(ctx, res, id);
    const user = guardRole(res, 'admin', 'reviewer');
    const provider = createProvider(ctx.config); // 503 mt_not_configured now rather than a failed job later
    const params: PretranslateJobParams = {
      documentId: id,
      langs: body.langs,
      ...(body.segmentIds ? { segmentIds: body.segmentIds } : {}),
      overwriteDrafts: body.overwriteDrafts ?? false,
    };
    // Validates document and languages (404 / 400) and tells the editor what is coming.
    const estimate = await estimatePretranslation(ctx.db, {
      scope: { documentId: id },
      ...params,
      provider,
      pricePerMillion: ctx.config.MT_PRICE_PER_MILLION,
    });
    const job = await runner.enqueue(PRETRANSLATE_JOB, params);
    await audit(ctx.db, user, 'document.pretranslate', `document:${id}`, {
      jobId: job.id,
      langs: body.langs,
      characters: estimate.characters,
    });
    res.status(202).json({ jobId: job.id, job, estimate });
  });

  router.get('/api/mt/usage', async (_req, res) => {
    guardRole(res, 'admin');
    const provider = isConfigured(ctx.config) ? createProvider(ctx.config) : undefined;
    res.json(await mtUsage(ctx.db, provider, ctx.config.MT_PRICE_PER_MILLION));
  });

  router.get('/admin/usage', async (_req, res) => {
    guardRole(res, 'admin');
    const provider = isConfigured(ctx.config) ? createProvider(ctx.config) : undefined;
    res.render('admin/usage', { usage: await mtUsage(ctx.db, provider, ctx.config.MT_PRICE_PER_MILLION), configured: Boolean(provider) });
  });

  router.post('/api/mt/estimate', json, async (req, res) => {
    const body = estimateBody.parse(req.body ?? {});
    let scope: { documentId: number } | { projectId: number };
    if (body.documentId !== undefined) {
      await guardDocument(ctx, res, body.documentId);
      scope = { documentId: body.documentId };
    } else {
      const projectId = body.projectId ?? 0;
      await assertProjectAccess(ctx.db, currentUser(res), projectId);
      scope = { projectId };
    }
    res.json(
      await estimatePretranslation(ctx.db, {
        scope,
        langs: body.langs,
        ...(body.segmentIds ? { segmentIds: body.segmentIds } : {}),
        overwriteDrafts: body.overwriteDrafts ?? false,
        provider: providerProfile(ctx.config),
        pricePerMillion: ctx.config.MT_PRICE_PER_MILLION,
      }),
    );
  });

  return router;
}
