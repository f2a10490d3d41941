/**
 * An in-process worker for the Job table (SQLite deployments): runs queued jobs one at a time,
 * records their progress, stops a job at a batch boundary when cancelled, and on start puts
 * jobs left `running` by a stopped process back in the queue (re-running a pretranslation is
 * cheap: stored drafts are skipped). With PostgreSQL this is the part pg-boss would replace.
 */
import type { Db } from '../db/client.js';
import { claimNextJob, createJob, finishJob, getJob, recordProgress, requestCancel, requeueInterrupted, type JobView, requeueJob } from '../db/jobs.js';
import { AppError } from '../domain/errors.js';

/** What a job handler gets. */
export interface JobContext {
  db: Db;
  job: JobView;
  /** Aborted when the job is cancelled (or the worker stops): stop at the next batch boundary. */
  signal: AbortSignal;
  /** Records progress; aborts `signal` if a cancel was requested meanwhile. */
  progress: (done: number, total: number) => Promise<void>;
}

/** How a handler's work ended: `failed` carries an error, `result` is kept in every case. */
export interface JobOutcome {
  status: 'done' | 'failed' | 'cancelled';
  result?: unknown;
  error?: { code: string; message: string };
}

/** Does the work of one job type. Throwing fails the job (an AppError's code and details.summary are kept). */
export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;

/** Runs the jobs of one database. */
export class JobRunner {
  private running: Promise<void> | undefined;
  private resuming: Promise<number> | undefined;
  private readonly controllers = new Map<number, AbortController>();
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Queues a job and makes sure the worker runs. */
  async enqueue(type: string, params: unknown): Promise<JobView> {
    if (!this.handlers[type]) throw new AppError('unknown_job_type', `no handler for jobs of type ${type}`, 500);
    const job = await createJob(this.db, type, params);
    this.kick();
    return job;
  }

  /** Cancels a job: at once when queued, at the next batch boundary when running. */
  async cancel(id: number): Promise<JobView> {
    const job = await requestCancel(this.db, id);
    this.controllers.get(id)?.abort(new AppError('job_cancelled', `job ${id} was cancelled`, 409));
    return job;
  }

  /** Requeues jobs a previous process left running, then works the queue. Returns how many were requeued. */
  async resume(): Promise<number> {
    const resuming = requeueInterrupted(this.db).then((count) => {
      if (count > 0) this.log(`bitext: resuming ${count} interrupted job(s)\n`);
      this.kick();
      return count;
    });
    this.resuming = resuming;
    return resuming;
  }

  /** Starts working the queue unless already working. */
  kick(): void {
    this.running ??= this.work().finally(() => {
      this.running = undefined;
    });
  }

  /**
   * Graceful shutdown: takes no new job, asks the running one to stop at its next batch boundary (every
   * stored batch is kept) and puts it back in the queue, so the next start resumes it.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const c of this.controllers.values()) c.abort(new AppError('shutting_down', 'the server is shutting down', 503));
    await this.idle();
  }

  /** Resolves once the queue is empty and nothing runs (tests, shutdown). */
  async idle(): Promise<void> {
    await this.resuming?.catch(() => {});
    while (this.running) await this.running;
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      const job = await claimNextJob(this.db);
      if (!job) return;
      await this.runOne(job);
    }
  }

  private async runOne(job: JobView): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    const handler = this.handlers[job.type];
    try {
      if (!handler) throw new AppError('unknown_job_type', `no handler for jobs of type ${job.type}`, 500);
      if ((await getJob(this.db, job.id)).cancelRequested) controller.abort();
      const outcome = await handler({
        db: this.db,
        job,
        signal: controller.signal,
        progress: async (done, total) => {
          if (await recordProgress(this.db, job.id, done, total)) controller.abort();
        },
      });
      if (this.stopping) await requeueJob(this.db, job.id);
      else await finishJob(this.db, job.id, outcome);
    } catch (err) {
      if (this.stopping) {
        await requeueJob(this.db, job.id);
        return;
      }
      const appError = err instanceof AppError ? err : undefined;
      if (!appError) this.log(`bitext: job ${job.id} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      await finishJob(this.db, job.id, {
        status: 'failed',
        error: { code: appError?.code ?? 'job_failed', message: err instanceof Error ? err.message : String(err) },
        ...(appError?.details?.summary !== undefined ? { result: appError.details.summary } : {}),
      }).catch((e: unknown) => this.log(`bitext: cannot record the end of job ${job.id}: ${String(e)}\n`));
    } finally {
      this.controllers.delete(job.id);
    }
  }
}
