/**
 * The Job table: background work with status, progress and result. Shaped like a pg-boss job
 * (type ≈ name, params ≈ data, status ≈ state, result ≈ output) so a later move is a swap of
 * this module and the worker, not of its callers.
 */
import type { Db } from './client.js';
import { NotFoundError } from '../domain/errors.js';

/** States of a job. */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
/** One of {@link JOB_STATUSES}. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job as the API shows it. */
export interface JobView {
  id: number;
  type: string;
  status: JobStatus;
  params: unknown;
  progress: { done: number; total: number };
  result: unknown;
  /** Why the job failed (a sentence for people), or null. */
  error: string | null;
  /** Stable code of the failure (e.g. `mt_quota_exceeded`), or null. */
  errorCode: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type JobRow = NonNullable<Awaited<ReturnType<Db['job']['findUnique']>>>;

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

function view(row: JobRow): JobView {
  return {
    id: row.id,
    type: row.type,
    status: row.status as JobStatus,
    params: parse(row.params),
    progress: { done: row.done, total: row.total },
    result: parse(row.result),
    error: row.error,
    errorCode: row.error === null ? null : (row.errorCode ?? 'job_failed'),
    cancelRequested: row.cancelRequested,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

/** Queues a job. */
export async function createJob(db: Db, type: string, params: unknown): Promise<JobView> {
  return view(await db.job.create({ data: { type, params: JSON.stringify(params) } }));
}

/** A job by id; throws NotFoundError. */
export async function getJob(db: Db, id: number): Promise<JobView> {
  const row = await db.job.findUnique({ where: { id } });
  if (!row) throw new NotFoundError('job', id);
  return view(row);
}

/** Takes the oldest queued job and marks it running (atomically), or returns null. */
export async function claimNextJob(db: Db): Promise<JobView | null> {
  for (;;) {
    const next = await db.job.findFirst({ where: { status: 'queued' }, orderBy: { id: 'asc' }, select: { id: true } });
    if (!next) return null;
    const { count } = await db.job.updateMany({
      where: { id: next.id, status: 'queued' },
      data: { status: 'running', startedAt: new Date(), attempts: { increment: 1 } },
    });
    if (count === 1) return getJob(db, next.id);
  }
}

/** Records progress; returns whether cancellation was requested meanwhile. */
export async function recordProgress(db: Db, id: number, done: number, total: number): Promise<boolean> {
  const row = await db.job.update({ where: { id }, data: { done, total }, select: { cancelRequested: true } });
  return row.cancelRequested;
}

/** Ends a job. */
export async function finishJob(
  db: Db,
  id: number,
  end: { status: Extract<JobStatus, 'done' | 'failed' | 'cancelled'>; result?: unknown; error?: { code: string; message: string } },
): Promise<void> {
  await db.job.update({
    where: { id },
    data: {
      status: end.status,
      finishedAt: new Date(),
      ...(end.result !== undefined ? { result: JSON.stringify(end.result) } : {}),
      ...(end.error ? { error: end.error.message, errorCode: end.error.code } : {}),
    },
  });
}

/**
 * Asks a job to stop: a queued one is cancelled at once, a running one stops at its next batch
 * boundary. Finished jobs are left as they are. Returns the job.
 */
export async function requestCancel(db: Db, id: number): Promise<JobView> {
  await getJob(db, id);
  await db.job.updateMany({ where: { id, status: 'queued' }, data: { status: 'cancelled', cancelRequested: true, finishedAt: new Date() } });
  await db.job.updateMany({ where: { id, status: 'running' }, data: { cancelRequested: true } });
  return getJob(db, id);
}

/** Puts jobs left `running` by a stopped process back in the queue; returns how many. */
/** Puts one running job back in the queue (the server stopped it at a batch boundary). */
export async function requeueJob(db: Db, id: number): Promise<void> {
  await db.job.updateMany({ where: { id, status: 'running' }, data: { status: 'queued' } });
}

export async function requeueInterrupted(db: Db): Promise<number> {
  const { count } = await db.job.updateMany({ where: { status: 'running' }, data: { status: 'queued' } });
  return count;
}
