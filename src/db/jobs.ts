/**
 * The Job table: background work with status, progress, checkpoint and result. It is the record of
 * every job whatever queue delivers it (in-process or pg-boss): claiming, progress and the end are
 * conditional updates on the row, so only the worker holding a job (`workerId`) writes to it, and a
 * job whose worker stopped sending heartbeats can be taken back.
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
  /** Where the handler stopped last (resumes from there), or null. */
  checkpoint: unknown;
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
    checkpoint: parse(row.checkpoint),
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

/** A file handed to a job (import jobs), stored until the job ends. */
export interface JobFileInput {
  name: string;
  bytes: Uint8Array;
}

/** Queues a job, with its files (in one transaction). */
export async function createJob(db: Db, type: string, params: unknown, files: JobFileInput[] = []): Promise<JobView> {
  const row = await db.$transaction(async (tx) => {
    const job = await tx.job.create({ data: { type, params: JSON.stringify(params) } });
    // One row per file: SQLite caps the number of bound variables per statement.
    for (const [index, f] of files.entries()) await tx.jobFile.create({ data: { jobId: job.id, index, name: f.name, bytes: Buffer.from(f.bytes) } });
    return job;
  });
  return view(row);
}

/** A job by id; throws NotFoundError. */
export async function getJob(db: Db, id: number): Promise<JobView> {
  const row = await db.job.findUnique({ where: { id } });
  if (!row) throw new NotFoundError('job', id);
  return view(row);
}

/** The status, progress and cancel flag of a job (what a progress stream sends), or null. */
export async function jobState(db: Db, id: number) {
  return db.job.findUnique({ where: { id }, select: { status: true, done: true, total: true, cancelRequested: true, updatedAt: true } });
}

/**
 * Marks one queued job running for `workerId` (a conditional update: of several workers trying,
 * exactly one gets it). Returns the job, or null when it is not queued (taken, cancelled, finished).
 */
export async function claimJob(db: Db, id: number, workerId: string): Promise<JobView | null> {
  const now = new Date();
  const { count } = await db.job.updateMany({
    where: { id, status: 'queued' },
    data: { status: 'running', workerId, heartbeatAt: now, startedAt: now, attempts: { increment: 1 } },
  });
  return count === 1 ? getJob(db, id) : null;
}

/** The oldest queued job of one of these types, or null. */
export async function nextQueuedJobId(db: Db, types: string[]): Promise<number | null> {
  const next = await db.job.findFirst({ where: { status: 'queued', type: { in: types } }, orderBy: { id: 'asc' }, select: { id: true } });
  return next?.id ?? null;
}

/** Ids of queued jobs (last changed before `before`, if given): workers announce them again in case a message was lost. */
export async function queuedJobIds(db: Db, before?: Date): Promise<number[]> {
  const where = { status: 'queued', ...(before ? { updatedAt: { lt: before } } : {}) };
  return (await db.job.findMany({ where, orderBy: { id: 'asc' }, select: { id: true } })).map((r) => r.id);
}

/** Whether the worker still holds the job, and whether a cancel was requested. */
export interface Lease {
  held: boolean;
  cancelRequested: boolean;
}

async function leaseAfter(db: Db, id: number, count: number): Promise<Lease> {
  if (count === 0) return { held: false, cancelRequested: true };
  const row = await db.job.findUnique({ where: { id }, select: { cancelRequested: true } });
  return { held: true, cancelRequested: row?.cancelRequested ?? true };
}

/** Renews the worker's hold on a running job. */
export async function heartbeat(db: Db, id: number, workerId: string): Promise<Lease> {
  const { count } = await db.job.updateMany({ where: { id, workerId, status: 'running' }, data: { heartbeatAt: new Date() } });
  return leaseAfter(db, id, count);
}

/** Records progress (and where to resume), which also renews the hold. */
export async function recordProgress(db: Db, id: number, workerId: string, done: number, total: number, checkpoint?: unknown): Promise<Lease> {
  const { count } = await db.job.updateMany({
    where: { id, workerId, status: 'running' },
    data: { done, total, heartbeatAt: new Date(), ...(checkpoint !== undefined ? { checkpoint: JSON.stringify(checkpoint) } : {}) },
  });
  return leaseAfter(db, id, count);
}

/** Ends a job the worker holds and drops its files; false when the worker no longer held it. */
export async function finishJob(
  db: Db,
  id: number,
  workerId: string,
  end: { status: Extract<JobStatus, 'done' | 'failed' | 'cancelled'>; result?: unknown; error?: { code: string; message: string } },
): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id, workerId, status: 'running' },
    data: {
      status: end.status,
      finishedAt: new Date(),
      heartbeatAt: null,
      ...(end.result !== undefined ? { result: JSON.stringify(end.result) } : {}),
      ...(end.error ? { error: end.error.message, errorCode: end.error.code } : {}),
    },
  });
  if (count === 1) await db.jobFile.deleteMany({ where: { jobId: id } });
  return count === 1;
}

/**
 * Asks a job to stop: a queued one is cancelled at once, a running one stops at its next batch
 * boundary. Finished jobs are left as they are. Returns the job.
 */
export async function requestCancel(db: Db, id: number): Promise<JobView> {
  await getJob(db, id);
  const { count } = await db.job.updateMany({ where: { id, status: 'queued' }, data: { status: 'cancelled', cancelRequested: true, finishedAt: new Date() } });
  if (count === 1) await db.jobFile.deleteMany({ where: { jobId: id } });
  await db.job.updateMany({ where: { id, status: 'running' }, data: { cancelRequested: true } });
  return getJob(db, id);
}

/** Puts a running job the worker holds back in the queue (the worker is stopping); false if it did not hold it. */
export async function requeueJob(db: Db, id: number, workerId: string): Promise<boolean> {
  const { count } = await db.job.updateMany({ where: { id, workerId, status: 'running' }, data: { status: 'queued', workerId: null, heartbeatAt: null } });
  return count === 1;
}

/**
 * Puts back in the queue running jobs whose worker gave no sign of life since `before` (crashed or
 * killed); a job running without any heartbeat (left by an older version) counts too. Each row is
 * taken back with a conditional update, so two sweepers never requeue a job twice. Returns their ids.
 */
export async function requeueStale(db: Db, before: Date): Promise<number[]> {
  const stale = await db.job.findMany({
    where: { status: 'running', OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: before } }] },
    select: { id: true, heartbeatAt: true, workerId: true },
  });
  const ids: number[] = [];
  for (const s of stale) {
    const { count } = await db.job.updateMany({
      where: { id: s.id, status: 'running', heartbeatAt: s.heartbeatAt, workerId: s.workerId },
      data: { status: 'queued', workerId: null, heartbeatAt: null },
    });
    if (count === 1) ids.push(s.id);
  }
  return ids;
}

/** One file of an import job by position, or null. */
export async function jobFileAt(db: Db, jobId: number, index: number): Promise<{ name: string; bytes: Uint8Array } | null> {
  return db.jobFile.findUnique({ where: { jobId_index: { jobId, index } }, select: { name: true, bytes: true } });
}

/** How many files a job has. */
export async function countJobFiles(db: Db, jobId: number): Promise<number> {
  return db.jobFile.count({ where: { jobId } });
}

/** The most recent jobs, newest first. */
export async function listJobs(db: Db, limit = 50): Promise<JobView[]> {
  return (await db.job.findMany({ orderBy: { id: 'desc' }, take: limit })).map(view);
}
