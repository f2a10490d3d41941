/**
 * Background jobs in the browser: the job's state as JSON, a server-sent events stream of its
 * progress, a page that follows it, and cancelling. The state is read from the Job table, so any
 * app instance answers for a job run by any worker.
 */
import { localizedJob, localizeError } from '../errors.js';
import { NotFoundError } from '../../domain/errors.js';
import type { UiLang } from '../i18n.js';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app.js';
import type { Db } from '../../db/client.js';
import { projectIfAny } from '../../services/projectService.js';
import { cancelJob, jobProgressState, jobView, type JobView } from '../../services/jobService.js';
import { workerMode } from '../../config.js';
import { assertProjectAccess } from '../../services/auth/authService.js';
import { createJobRunner } from '../../services/jobTypes.js';
import type { JobRunner } from '../../services/jobs.js';
import { currentUser, guardDocument } from '../auth.js';
import { idParam } from '../validation.js';

const runners = new WeakMap<Db, JobRunner>();

/**
 * The job runner of an app's database (one per database): it always enqueues and cancels; it
 * also runs jobs when the server's worker is inline (BITEXT_WORKER; the default on either database),
 * first resuming what a stopped process left.
 */
export function jobRunnerFor(ctx: AppContext): JobRunner {
  let runner = runners.get(ctx.db);
  if (!runner) {
    runner = createJobRunner(ctx.db, ctx.config, { log: ctx.log });
    runners.set(ctx.db, runner);
    if (workerMode(ctx.config) === 'inline')
      runner.start().catch((err: unknown) => ctx.log(`bitext: cannot start the job worker: ${String(err)}\n`));
  }
  return runner;
}

/** The runner already created for a database, if any (tests wait on it with `idle()`, the server stops it). */
export function existingJobRunner(db: Db): JobRunner | undefined {
  return runners.get(db);
}

const FINISHED = new Set(['done', 'failed', 'cancelled']);
/** How often an event stream looks at the job row. */
const EVENTS_POLL_MS = 250;
/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * A job the user may see (404 otherwise): one about a document or project of theirs, an import
 * they started or into a project of theirs; admins see every job.
 */
export async function guardJob(ctx: AppContext, res: Response, id: number): Promise<JobView> {
  const job = await jobView(ctx.db, id);
  const user = currentUser(res);
  const p = (job.params ?? {}) as { documentId?: unknown; projectId?: unknown; project?: unknown; actor?: { id?: unknown } };
  // Whatever the reason, a job the user may not see is "not found", as a missing one.
  const requested = ['job', id] as const;
  const adminOnly = () => {
    if (user.role !== 'admin') throw new NotFoundError(...requested);
  };
  if (typeof p.documentId === 'number') await guardDocument(ctx, res, p.documentId, requested);
  else if (typeof p.projectId === 'number') await assertProjectAccess(ctx.db, user, p.projectId, requested);
  else if (typeof p.project === 'string' && p.actor?.id !== user.id) {
    const project = await projectIfAny(ctx.db, { name: p.project });
    if (!project) adminOnly();
    else await assertProjectAccess(ctx.db, user, project.id, requested);
  } else if (p.actor?.id !== user.id) adminOnly();
  return job;
}

/** Routes of /api/jobs and the job page. */
export function jobsRouter(ctx: AppContext): Router {
  const router = Router();
  const runner = jobRunnerFor(ctx);

  router.get('/api/jobs/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    res.json(localizedJob(res.locals.lang as UiLang, await guardJob(ctx, res, id)));
  });

  // Server-sent events: `progress` with the job whenever its status or progress changes, then
  // `end` with the finished job, and the stream closes.
  router.get('/api/jobs/:id/events', async (req, res) => {
    const { id } = idParam.parse(req.params);
    await guardJob(ctx, res, id);
    await streamJob(ctx.db, id, req, res, res.locals.lang as UiLang);
  });

  router.post('/api/jobs/:id/cancel', async (req, res) => {
    const { id } = idParam.parse(req.params);
    await guardJob(ctx, res, id);
    const job = await cancelJob(ctx.db, currentUser(res), id, runner);
    res.json(localizedJob(res.locals.lang as UiLang, job));
  });

  router.get('/jobs/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    // An import's refusals are stored with their key: the page says them in the interface language.
    res.render('job', { job: await guardJob(ctx, res, id), finished: FINISHED, localizeError });
  });

  return router;
}

async function streamJob(db: Db, id: number, req: Request, res: Response, lang: UiLang): Promise<void> {
  res.status(200);
  res.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  let closed = false;
  let wake: (() => void) | undefined;
  req.on('close', () => {
    closed = true;
    wake?.();
  });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let last = '';
  let quietSince = Date.now();
  try {
    await follow();
  } catch {
    // Headers are sent: an `error` event ends the stream (the browser then polls, and sees the error there).
    send('error', { code: 'internal_error', message: 'the job could not be read' });
  }
  res.end();

  async function follow(): Promise<void> {
    while (!closed) {
      const state = await jobProgressState(db, id);
      if (!state) break;
      const key = `${state.status}:${state.done}:${state.total}:${state.cancelRequested}`;
      if (FINISHED.has(state.status)) {
        send('end', localizedJob(lang, await jobView(db, id)));
        break;
      }
      if (key !== last) {
        last = key;
        quietSince = Date.now();
        send('progress', localizedJob(lang, await jobView(db, id)));
      } else if (Date.now() - quietSince > KEEPALIVE_MS) {
        quietSince = Date.now();
        res.write(': keep-alive\n\n');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, EVENTS_POLL_MS).unref();
      });
    }
  }
}
