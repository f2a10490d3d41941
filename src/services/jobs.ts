/**
 * The worker side of background jobs. A {@link JobRunner} takes job ids from a queue (in-process
 * for SQLite, pg-boss for PostgreSQL: see jobQueue.ts), claims each job with a conditional update
 * (so of several workers exactly one runs it), runs its handler with heartbeats, records progress
 * and a checkpoint after every batch, and ends the job. Cancelling stops a job at its next batch
 * boundary; stopping the worker (SIGTERM) does the same and puts the job back in the queue; a job
 * whose worker died (no heartbeat for `staleMs`) is put back by any other worker's sweep. Handlers
 * resume from their checkpoint, so a resumed job continues at the batch where it stopped.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/client.js';
import {
  claimJob,
  createJob,
  finishJob,
  heartbeat,
  jobState,
  nextQueuedJobId,
  queuedJobIds,
  recordProgress,
  requestCancel,
  requeueJob,
  requeueStale,
  type JobFileInput,
  type JobView,
  type Lease,
} from '../db/jobs.js';
import { AppError } from '../domain/errors.js';
import { InProcessQueue, type JobQueue } from './jobQueue.js';

/** What a job handler gets. */
export interface JobContext {
  db: Db;
  job: JobView;
  /** Aborted when the job is cancelled, the worker stops or loses the job: stop at the next batch boundary. */
  signal: AbortSignal;
  /** Records progress and, optionally, where to resume (the job's `checkpoint` on its next run); aborts `signal` on cancel. */
  progress: (done: number, total: number, checkpoint?: unknown) => Promise<void>;
}

/** How a handler's work ended: `failed` carries an error, `result` is kept in every case. */
export interface JobOutcome {
  status: 'done' | 'failed' | 'cancelled';
  result?: unknown;
  error?: { code: string; message: string };
}

/** Does the work of one job type. Throwing fails the job (an AppError's code and details.summary are kept). */
export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;

/** Options of a {@link JobRunner}. */
export interface JobRunnerOptions {
  /** Where job ids come from (default: an in-process queue without polling). */
  queue?: JobQueue;
  /** Jobs run at once by this worker. Default 1. */
  concurrency?: number;
  /** This worker's name in the Job rows (default host, pid and a random part). */
  workerId?: string;
  /** How often a running job's heartbeat is written. Default 5 s. */
  heartbeatMs?: number;
  /** A running job without heartbeat for this long is requeued by a sweep. Default 30 s. */
  staleMs?: number;
  log?: (line: string) => void;
}

/** Runs the jobs of one database. */
export class JobRunner {
  /** This worker's name, stored in the rows of the jobs it holds. */
  readonly workerId: string;
  /** The queue it takes ids from and announces jobs to. */
  readonly queue: JobQueue;
  private readonly concurrency: number;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private readonly log: (line: string) => void;
  private readonly controllers = new Map<number, AbortController>();
  private readonly inFlight = new Set<Promise<void>>();
  private starting: Promise<number> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private stopping = false;
  private abandoned = false;

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    options: JobRunnerOptions | ((line: string) => void) = {},
  ) {
    const o = typeof options === 'function' ? { log: options } : options;
    this.queue = o.queue ?? new InProcessQueue(0, o.log);
    this.concurrency = o.concurrency ?? 1;
    this.workerId = o.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.heartbeatMs = o.heartbeatMs ?? 5_000;
    this.staleMs = o.staleMs ?? 30_000;
    this.log = o.log ?? (() => {});
  }

  /**
   * Queues a job (with its files, which may be read one after the other) and announces it to the
   * workers; `announce: false` when the caller runs it at once itself ({@link runJob}): other workers
   * hear of it only if it goes back to the queue (e.g. `bitext import` interrupted).
   */
  async enqueue(
    type: string,
    params: unknown,
    files: Iterable<JobFileInput> | AsyncIterable<JobFileInput> = [],
    options: { announce?: boolean } = {},
  ): Promise<JobView> {
    if (!this.handlers[type]) throw new AppError('unknown_job_type', `no handler for jobs of type ${type}`, 500);
    const job = await createJob(this.db, type, params, files);
    if (options.announce !== false) await this.queue.send(job.id);
    return job;
  }

  /** Cancels a job: at once when queued, at the next batch boundary when running (here or in another worker). */
  async cancel(id: number): Promise<JobView> {
    const job = await requestCancel(this.db, id);
    this.controllers.get(id)?.abort(new AppError('job_cancelled', `job ${id} was cancelled`, 409));
    return job;
  }

  /**
   * Starts the worker: requeues jobs whose worker died, announces every queued job (a message may
   * have been lost with a crashed process), then consumes the queue and sweeps for dead workers
   * every `staleMs / 2`. Returns how many jobs were requeued.
   */
  start(): Promise<number> {
    this.starting ??= (async () => {
      const requeued = await this.sweep();
      await this.queue.work(
        { run: (id) => this.runJob(id), next: () => nextQueuedJobId(this.db, Object.keys(this.handlers)) },
        this.concurrency,
      );
      // Announced once this worker listens, so that it may take them itself at once.
      if (this.queue.kind !== 'in-process') for (const id of await queuedJobIds(this.db)) await this.queue.send(id);
      this.sweeper = setInterval(
        () => void this.sweep().catch((e: unknown) => this.log(`bitext: job sweep: ${String(e)}\n`)),
        Math.max(1000, this.staleMs / 2),
      );
      this.sweeper.unref();
      return requeued;
    })();
    return this.starting;
  }

  /** The same as {@link start} (resumes what a stopped process left). */
  resume(): Promise<number> {
    return this.start();
  }

  /**
   * Requeues running jobs without a heartbeat since `before` (default: `staleMs` ago) and announces
   * them. With a message queue it also announces again jobs queued before then and never taken (their
   * message was lost with a crashed process); a duplicate message is harmless. Returns how many were requeued.
   */
  async sweep(before = new Date(Date.now() - this.staleMs)): Promise<number> {
    const ids = await requeueStale(this.db, before);
    if (ids.length > 0) this.log(`bitext: resuming ${ids.length} interrupted job(s): ${ids.join(', ')}\n`);
    for (const id of ids) await this.queue.send(id);
    if (this.queue.kind !== 'in-process')
      for (const id of await queuedJobIds(this.db, before)) if (!ids.includes(id)) await this.queue.send(id);
    return ids.length;
  }

  /** Claims and runs one job; false when it was not queued (another worker has it, or it ended). */
  async runJob(id: number): Promise<boolean> {
    if (this.stopping) {
      // Delivered while stopping: announce it again for another worker (the row is still queued).
      await this.queue.send(id).catch(() => {});
      return false;
    }
    const job = await claimJob(this.db, id, this.workerId);
    if (!job) return false;
    const run = this.execute(job).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    await run;
    return true;
  }

  /**
   * Graceful shutdown: takes no new job, asks running ones to stop at their next batch boundary
   * (every stored batch is kept), puts them back in the queue for another worker or the next start,
   * and closes the queue.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweeper);
    for (const c of this.controllers.values()) c.abort(new AppError('shutting_down', 'the worker is shutting down', 503));
    await this.starting?.catch(() => {});
    await this.queue.stopWork();
    await this.idle();
    await this.queue.close();
  }

  /**
   * Simulates a crash (tests): stops taking work and heartbeats, and abandons running jobs without
   * writing anything, as a killed process would. Their handlers are aborted and their writes refused.
   */
  async abandon(): Promise<void> {
    this.stopping = true;
    this.abandoned = true;
    clearInterval(this.sweeper);
    for (const c of this.controllers.values()) c.abort(new AppError('shutting_down', 'the worker was killed', 503));
    await this.queue.stopWork();
  }

  /** Resolves once this process's queue has nothing to deliver and no job runs (tests, shutdown). */
  async idle(): Promise<void> {
    await this.starting?.catch(() => {});
    await this.queue.idle();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private async execute(job: JobView): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    let lost = false;
    const onLease = (lease: Lease) => {
      if (!lease.held) {
        lost = true;
        controller.abort(new AppError('job_lost', `job ${job.id} was taken back from this worker`, 409));
      } else if (lease.cancelRequested) controller.abort(new AppError('job_cancelled', `job ${job.id} was cancelled`, 409));
    };
    const beat = setInterval(() => {
      if (this.abandoned) return;
      heartbeat(this.db, job.id, this.workerId)
        .then(onLease)
        .catch((e: unknown) => this.log(`bitext: heartbeat of job ${job.id}: ${String(e)}\n`));
    }, this.heartbeatMs);
    beat.unref();
    const handler = this.handlers[job.type];
    let outcome: JobOutcome;
    try {
      if (!handler) throw new AppError('unknown_job_type', `no handler for jobs of type ${job.type}`, 500);
      if (job.cancelRequested) controller.abort(new AppError('job_cancelled', `job ${job.id} was cancelled`, 409));
      outcome = await handler({
        db: this.db,
        job,
        signal: controller.signal,
        progress: async (done, total, checkpoint) => {
          if (this.abandoned) return;
          onLease(await recordProgress(this.db, job.id, this.workerId, done, total, checkpoint));
        },
      });
    } catch (err) {
      const appError = err instanceof AppError ? err : undefined;
      if (!appError && !this.stopping)
        this.log(`bitext: job ${job.id} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      outcome = {
        status: 'failed',
        error: { code: appError?.code ?? 'job_failed', message: err instanceof Error ? err.message : String(err) },
        ...(appError?.details?.summary !== undefined ? { result: appError.details.summary } : {}),
      };
    } finally {
      clearInterval(beat);
      this.controllers.delete(job.id);
    }
    if (this.abandoned || lost) return;
    try {
      // Stopped by the shutdown (not finished, not cancelled by a user): back in the queue.
      if (this.stopping && outcome.status !== 'done' && !(await this.cancelRequested(job.id))) {
        if (await requeueJob(this.db, job.id, this.workerId)) await this.queue.send(job.id).catch(() => {});
        return;
      }
      await finishJob(this.db, job.id, this.workerId, outcome);
    } catch (e) {
      this.log(`bitext: cannot record the end of job ${job.id}: ${String(e)}\n`);
    }
  }

  private async cancelRequested(id: number): Promise<boolean> {
    return (await jobState(this.db, id))?.cancelRequested ?? false;
  }
}
