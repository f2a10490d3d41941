/**
 * Every job type bitext runs in the background, with its handler, and the worker of a database:
 * the same registry serves the server's inline worker, `bitext worker` and CLI commands that run
 * their own job.
 */
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { createProvider } from '../mt/factory.js';
import { CONVERT_TARGETS_JOB, convertTargetsJobHandler } from './chineseTargetsService.js';
import { IMPORT_JOB, importJobHandler } from './importService.js';
import { createJobQueue } from './jobQueue.js';
import { JobRunner, type JobHandler } from './jobs.js';
import { PRETRANSLATE_JOB, pretranslateJobHandler } from './pretranslate/job.js';

/** The handlers of every job type. */
export function jobHandlers(config: Config): Record<string, JobHandler> {
  return {
    [PRETRANSLATE_JOB]: pretranslateJobHandler(() => createProvider(config), config.MT_CONCURRENCY),
    [IMPORT_JOB]: importJobHandler(config.MAX_IMPORT_BYTES),
    [CONVERT_TARGETS_JOB]: convertTargetsJobHandler(),
  };
}

/**
 * A worker for a database with every job type: on a PostgreSQL URL it uses pg-boss on the same
 * database (same connection string), otherwise the in-process queue, polling the Job table every
 * `pollMs` (default 2 s) for jobs queued by other processes. Call `start()` to consume the queue;
 * without it the runner only enqueues and cancels.
 */
export function createJobRunner(
  db: Db,
  config: Config,
  options: { log?: (line: string) => void; concurrency?: number; pollMs?: number; workerId?: string } = {},
): JobRunner {
  const log = options.log ?? (() => {});
  return new JobRunner(db, jobHandlers(config), {
    queue: createJobQueue(config.DATABASE_URL, { pollMs: options.pollMs ?? 2000, log }),
    concurrency: options.concurrency ?? config.JOB_CONCURRENCY,
    staleMs: config.JOB_STALE_SECONDS * 1000,
    log,
    ...(options.workerId ? { workerId: options.workerId } : {}),
  });
}
