/**
 * The Job table: background work with status, progress, checkpoint and result. It is the record of
 * every job whatever queue delivers it (in-process or pg-boss): claiming, progress and the end are
 * conditional updates on the row, so only the worker holding a job (`workerId`) writes to it, and a
 * job whose worker stopped sending heartbeats can be taken back.
 */
import { providerOf, type Db } from './client.js';
import { AppError, NotFoundError } from '../domain/errors.js';
import { describeDbError } from './errors.js';

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
    // A job whose files are still being stored is queued as far as anyone outside this module knows.
    status: (row.status === PREPARING ? 'queued' : row.status) as JobStatus,
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

/**
 * A job whose files are still being stored: no worker claims it, and it shows as queued. It becomes
 * `queued` once its last file is stored (see {@link createJob}).
 */
const PREPARING = 'preparing';
/** Bytes and rows of one multi-row INSERT of job files. */
const FILES_PER_INSERT = { files: 500, bytes: 8_000_000 };

/**
 * Queues a job with its files. The files are stored in multi-row INSERT statements of bounded size,
 * each committed on its own (no transaction that grows with the upload: PostgreSQL's interactive
 * transactions time out), while the job is `preparing`, so no worker takes it before its last file is
 * stored. `files` may be an async iterable (read from disk one after the other, never all in memory).
 * When storing fails, the stored files are dropped and the job fails with the reason.
 */
export async function createJob(
  db: Db,
  type: string,
  params: unknown,
  files: Iterable<JobFileInput> | AsyncIterable<JobFileInput> = [],
): Promise<JobView> {
  if (Array.isArray(files) && files.length === 0) return view(await db.job.create({ data: { type, params: JSON.stringify(params) } }));
  const job = await db.job.create({ data: { type, params: JSON.stringify(params), status: PREPARING } });
  const dialect = providerOf(db);
  try {
    let batch: unknown[][] = [];
    let bytes = 0;
    let index = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const marks = batch.map((_, r) => `(${[0, 1, 2, 3].map((c) => (dialect === 'postgresql' ? `$${r * 4 + c + 1}` : '?')).join(', ')})`);
      await db.$executeRawUnsafe(`INSERT INTO "JobFile" ("jobId", "index", "name", "bytes") VALUES ${marks.join(', ')}`, ...batch.flat());
      batch = [];
      bytes = 0;
      // A sign of life: a job preparing without one for long was left by a process that died (requeueStale).
      await db.job.update({ where: { id: job.id }, data: { updatedAt: new Date() } });
    };
    for await (const f of files) {
      batch.push([job.id, index++, f.name, f.bytes]);
      bytes += f.bytes.length;
      if (batch.length >= FILES_PER_INSERT.files || bytes >= FILES_PER_INSERT.bytes) await flush();
    }
    await flush();
    const { count } = await db.job.updateMany({ where: { id: job.id, status: PREPARING }, data: { status: 'queued' } });
    // Cancelled while its files were being stored: the files go with it.
    if (count === 0) await db.jobFile.deleteMany({ where: { jobId: job.id } });
  } catch (err) {
    await db.jobFile.deleteMany({ where: { jobId: job.id } }).catch(() => {});
    await db.job
      .updateMany({
        where: { id: job.id },
        data: {
          status: 'failed',
          finishedAt: new Date(),
          error: `the files could not be stored: ${describeDbError(err)}`,
          errorCode: 'job_files_not_stored',
        },
      })
      .catch(() => {});
    throw new AppError('job_files_not_stored', `the files of job ${job.id} could not be stored: ${describeDbError(err)}`, 500);
  }
  return getJob(db, job.id);
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
export async function recordProgress(
  db: Db,
  id: number,
  workerId: string,
  done: number,
  total: number,
  checkpoint?: unknown,
): Promise<Lease> {
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
  const { count } = await db.job.updateMany({
    where: { id, status: { in: ['queued', PREPARING] } },
    data: { status: 'cancelled', cancelRequested: true, finishedAt: new Date() },
  });
  if (count === 1) await db.jobFile.deleteMany({ where: { jobId: id } });
  await db.job.updateMany({ where: { id, status: 'running' }, data: { cancelRequested: true } });
  return getJob(db, id);
}

/** Puts a running job the worker holds back in the queue (the worker is stopping); false if it did not hold it. */
export async function requeueJob(db: Db, id: number, workerId: string): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id, workerId, status: 'running' },
    data: { status: 'queued', workerId: null, heartbeatAt: null },
  });
  return count === 1;
}

/**
 * Puts back in the queue running jobs whose worker gave no sign of life since `before` (crashed or
 * killed); a job running without any heartbeat (left by an older version) counts too. Each row is
 * taken back with a conditional update, so two sweepers never requeue a job twice. Returns their ids.
 * A job still `preparing` since `before` (its files were never all stored) fails.
 */
export async function requeueStale(db: Db, before: Date): Promise<number[]> {
  // A job left preparing (its uploading process died before the last file) can never run: it fails.
  const dead = await db.job.findMany({ where: { status: PREPARING, updatedAt: { lt: before } }, select: { id: true } });
  for (const { id } of dead) {
    const { count } = await db.job.updateMany({
      where: { id, status: PREPARING, updatedAt: { lt: before } },
      data: {
        status: 'failed',
        finishedAt: new Date(),
        error: 'the upload of its files was interrupted',
        errorCode: 'job_files_not_stored',
      },
    });
    if (count === 1) await db.jobFile.deleteMany({ where: { jobId: id } });
  }
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

/**
 * Consecutive files of an import job from position `from`: at most `limits.files` files, and no more
 * than `limits.bytes` bytes unless the first file alone is larger. Sizes are read first, so that a
 * batch never loads more than it keeps.
 */
export async function jobFilesFrom(
  db: Db,
  jobId: number,
  from: number,
  limits: { files: number; bytes: number },
): Promise<{ index: number; name: string; bytes: Uint8Array }[]> {
  const q = providerOf(db) === 'postgresql' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
  const sizes = await db.$queryRawUnsafe<{ index: number | bigint; size: number | bigint }[]>(
    `SELECT "index", length("bytes") AS size FROM "JobFile" WHERE "jobId" = ${q[0]} AND "index" >= ${q[1]} ORDER BY "index" LIMIT ${q[2]}`,
    jobId,
    from,
    limits.files,
  );
  let take = 0;
  let bytes = 0;
  for (const s of sizes) {
    if (take > 0 && bytes + Number(s.size) > limits.bytes) break;
    bytes += Number(s.size);
    take++;
  }
  if (take === 0) return [];
  const last = Number(sizes[take - 1]!.index);
  return db.jobFile.findMany({
    where: { jobId, index: { gte: from, lte: last } },
    orderBy: { index: 'asc' },
    select: { index: true, name: true, bytes: true },
  });
}

/** How many files a job has. */
export async function countJobFiles(db: Db, jobId: number): Promise<number> {
  return db.jobFile.count({ where: { jobId } });
}

/** The most recent jobs, newest first. */
export async function listJobs(db: Db, limit = 50): Promise<JobView[]> {
  return (await db.job.findMany({ orderBy: { id: 'desc' }, take: limit })).map(view);
}
