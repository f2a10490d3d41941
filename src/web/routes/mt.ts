/**
 * Machine-translation API: draft one segment now, pretranslate a document in the background,
 * follow and cancel jobs, usage and cost estimates. JSON in and out; errors go to the central
 * handler (`{error: {code, message, …details}}`).
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import type { Db } from '../../db/client.js';
import { getJob } from '../../db/jobs.js';
import { normalizeLang } from '../../domain/lang.js';
import { createProvider, isConfigured } from '../../mt/factory.js';
import { JobRunner } from '../../services/jobs.js';
import {
  draftSegment,
  estimatePretranslation,
  PRETRANSLATE_JOB,
  pretranslateJobHandler,
  type PretranslateJobParams,
} from '../../services/pretranslateService.js';
import { mtUsage } from '../../services/usageService.js';

const json = express.json({ limit: '1mb' });
const idParam = z.object({ id: z.coerce.number().int().positive() });
const lang = z.string().min(1).transform((l) => normalizeLang(l, 'lang'));
const langs = z.array(lang).min(1).max(10);
const segmentMtBody = z.object({ lang });
const pretranslateBody = z.object({
  langs,
  segmentIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
  overwriteDrafts: z.boolean().optional(),
});
const estimateBody = z
  .object({ documentId: z.number().int().positive().optional(), projectId: z.number().int().positive().optional(), langs, overwriteDrafts: z.boolean().optional() })
  .refine((b) => (b.documentId === undefined) !== (b.projectId === undefined), { message: 'give exactly one of documentId and projectId' });

const runners = new WeakMap<Db, JobRunner>();

/** The background worker of an app's database (one per database, resumed once). */
export function jobRunnerFor(ctx: AppContext): JobRunner {
  let runner = runners.get(ctx.db);
  if (!runner) {
    runner = new JobRunner(
      ctx.db,
      { [PRETRANSLATE_JOB]: pretranslateJobHandler(() => createProvider(ctx.config), ctx.config.MT_CONCURRENCY) },
      ctx.log,
    );
    runners.set(ctx.db, runner);
    // Jobs a stopped server left behind go on now (stored drafts are skipped, nothing is paid twice).
    runner.resume().catch((err: unknown) => ctx.log(`bitext: cannot resume jobs: ${String(err)}\n`));
  }
  return runner;
}

/** The worker already created for a database, if any (tests wait on it with `idle()`). */
export function existingJobRunner(db: Db): JobRunner | undefined {
  return runners.get(db);
}

/** Routes under /api for machine translation and jobs. */
export function mtRouter(ctx: AppContext): Router {
  const router = Router();
  const runner = jobRunnerFor(ctx);

  router.post('/api/segments/:id/mt', json, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = segmentMtBody.parse(req.body ?? {});
    const provider = createProvider(ctx.config);
    res.json(await draftSegment(ctx.db, provider, id, body.lang));
  });

  router.post('/api/documents/:id/pretranslate', json, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = pretranslateBody.parse(req.body ?? {});
    createProvider(ctx.config); // 503 mt_not_configured now rather than a failed job later
    const params: PretranslateJobParams = {
      documentId: id,
      langs: body.langs,
      ...(body.segmentIds ? { segmentIds: body.segmentIds } : {}),
      overwriteDrafts: body.overwriteDrafts ?? false,
    };
    // Validates document and languages (404 / 400) and tells the editor what is coming.
    const estimate = await estimatePretranslation(ctx.db, { scope: { documentId: id }, ...params, pricePerMillion: ctx.config.MT_PRICE_PER_MILLION });
    const job = await runner.enqueue(PRETRANSLATE_JOB, params);
    res.status(202).json({ jobId: job.id, job, estimate });
  });

  router.get('/api/jobs/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    res.json(await getJob(ctx.db, id));
  });

  router.post('/api/jobs/:id/cancel', async (req, res) => {
    const { id } = idParam.parse(req.params);
    res.json(await runner.cancel(id));
  });

  router.get('/api/mt/usage', async (_req, res) => {
    const provider = isConfigured(ctx.config) ? createProvider(ctx.config) : undefined;
    res.json(await mtUsage(ctx.db, provider, ctx.config.MT_PRICE_PER_MILLION));
  });

  router.post('/api/mt/estimate', json, async (req, res) => {
    const body = estimateBody.parse(req.body ?? {});
    const scope = body.documentId !== undefined ? { documentId: body.documentId } : { projectId: body.projectId ?? 0 };
    res.json(
      await estimatePretranslation(ctx.db, {
        scope,
        langs: body.langs,
        overwriteDrafts: body.overwriteDrafts ?? false,
        pricePerMillion: ctx.config.MT_PRICE_PER_MILLION,
      }),
    );
  });

  return router;
}
