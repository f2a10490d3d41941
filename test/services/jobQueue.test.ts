/**
 * The pg-boss queue against a scratch PostgreSQL database (bitext_jobs_<random>, dropped at the
 * end), with the job records in a SQLite database: several workers, one queue.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { createJob, getJob } from '../../src/db/jobs.js';
import { workerMode } from '../../src/config.js';
import { createJobQueue, isPostgresUrl, PgBossQueue } from '../../src/services/jobQueue.js';
import { JobRunner, type JobHandler } from '../../src/services/jobs.js';
import { freshDb } from '../helpers/db.js';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bitext_jobs_${randomBytes(4).toString('hex')}`;
const url = `postgres://postgres@127.0.0.1:5432/${name}`;
let db: Db;
const runners: JobRunner[] = [];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`);
  db = (await freshDb()).db;
});
// Each test's workers stop at its end (graceful: jobs left would be requeued).
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
});
afterAll(async () => {
  await db?.$disconnect();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

/** A worker on the shared pg-boss queue. */
function worker(workerId: string, handlers: Record<string, JobHandler>, concurrency = 1, stopAtEnd = true): JobRunner {
  const runner = new JobRunner(db, handlers, { queue: new PgBossQueue(url, { pollSeconds: 0.5 }), workerId, concurrency });
  if (stopAtEnd) runners.push(runner);
  return runner;
}

/** Waits (by state, checked on every turn of the database) until every job is finished. */
async function finished(ids: number[]): Promise<void> {
  for (;;) {
    const rows = await db.job.findMany({ where: { id: { in: ids } }, select: { status: true } });
    if (rows.every((r) => ['done', 'failed', 'cancelled'].includes(r.status))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}

describe('createJobQueue', () => {
  it.each([
    { url: 'postgres://u@h/db', kind: 'pg-boss' },
    { url: 'postgresql://u:p@h:5432/db?schema=x', kind: 'pg-boss' },
    { url: 'file:./data/bitext.db', kind: 'in-process' },
  ])('picks the $kind queue for $url', async ({ url: u, kind }) => {
    expect(isPostgresUrl(u)).toBe(kind === 'pg-boss');
    const queue = createJobQueue(u);
    expect(queue.kind).toBe(kind);
    await queue.close();
  });
});

// The database does not choose: a single app instance on PostgreSQL runs its jobs out of the box too.
describe('workerMode', () => {
  it.each([
    { url: 'file:./data/bitext.db', set: undefined, mode: 'inline' },
    { url: 'file:./data/bitext.db', set: 'off', mode: 'off' },
    { url: 'postgres://u@h/db', set: undefined, mode: 'inline' },
    { url: 'postgresql://u@h/db', set: 'off', mode: 'off' },
  ] as const)('$url with BITEXT_WORKER=$set: the server runs jobs $mode', ({ url: u, set, mode }) => {
    const config = { DATABASE_URL: u, BITEXT_WORKER: set };
    expect(workerMode(config)).toBe(mode);
  });
});

describe('pg-boss queue with several workers', () => {
  it(
    'announces again a queued job whose message was lost (the app died between the row and the message)',
    { timeout: 60_000 },
    async () => {
      const ran: number[] = [];
      const runner = worker('sweeper', {
        lost: async ({ job }) => {
          ran.push(job.id);
          return { status: 'done' };
        },
      });
      await runner.start();
      const job = await createJob(db, 'lost', {}); // a row, no message
      await runner.sweep(new Date(Date.now() + 1000));
      await finished([job.id]);
      expect(ran).toEqual([job.id]);
    },
  );

  it('runs each of 12 jobs exactly once with two workers consuming one queue', { timeout: 60_000 }, async () => {
    const runs = new Map<number, string[]>();
    const handler =
      (me: string): JobHandler =>
      async ({ job, progress }) => {
        runs.set(job.id, [...(runs.get(job.id) ?? []), me]);
        await progress(1, 1);
        return { status: 'done', result: { by: me } };
      };
    const a = worker('a', { count: handler('a') }, 2);
    const b = worker('b', { count: handler('b') }, 2);
    await Promise.all([a.start(), b.start()]);
    const jobs = [];
    for (let i = 0; i < 12; i++) jobs.push(await (i % 2 ? a : b).enqueue('count', { i }));
    // A duplicate message for a job is harmless: the claim is conditional.
    await a.queue.send(jobs[0]!.id);
    await finished(jobs.map((j) => j.id));
    for (const j of jobs) expect(runs.get(j.id), `job ${j.id}`).toHaveLength(1);
    expect((await Promise.all(jobs.map((j) => getJob(db, j.id)))).every((j) => j.status === 'done')).toBe(true);
  });

  it('cancels a job running in another worker at its next batch boundary', { timeout: 60_000 }, async () => {
    const started = signal();
    const handler: JobHandler = async ({ signal: abort, progress }) => {
      for (let i = 0; i < 1000; i++) {
        if (abort.aborted) return { status: 'cancelled', result: { batches: i } };
        await progress(i + 1, 1000);
        if (i === 2) started.fire();
      }
      return { status: 'done' };
    };
    const runner = worker('c', { slow: handler });
    const web = worker('web', { slow: handler }); // an app instance that only enqueues and cancels
    await runner.start();
    const job = await web.enqueue('slow', {});
    await started.promise;
    await web.cancel(job.id);
    await finished([job.id]);
    const end = await getJob(db, job.id);
    expect(end.status).toBe('cancelled');
    expect(end.progress.done).toBeLessThan(1000);
  });

  it('resumes the job of a killed worker in another worker, at the stored batch', { timeout: 60_000 }, async () => {
    const log: string[] = [];
    const paused = signal();
    const never = new Promise<void>(() => {});
    const handler =
      (me: string, pauseAt?: number): JobHandler =>
      async ({ job, signal: abort, progress }) => {
        let next = (job.checkpoint as { next: number } | null)?.next ?? 0;
        for (; next < 4; next++) {
          if (abort.aborted) return { status: 'cancelled' };
          if (next === pauseAt) {
            paused.fire();
            await never; // the process is killed here
          }
          log.push(`${me}${next}`);
          await progress(next + 1, 4, { next: next + 1 });
        }
        return { status: 'done' };
      };
    const doomed = worker('doomed', { steps: handler('d', 2) }, 1, false);
    await doomed.start();
    const job = await doomed.enqueue('steps', {});
    await paused.promise;
    await doomed.abandon();
    await doomed.queue.close({ graceful: false });

    const rescuer = worker('rescuer', { steps: handler('r') });
    await rescuer.start();
    // Its heartbeat is older than "now + 1 s": the sweep takes the job back and announces it.
    expect(await rescuer.sweep(new Date(Date.now() + 1000))).toBe(1);
    await finished([job.id]);
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: 'done',
      workerId: 'rescuer',
      attempts: 2,
      done: 4,
    });
    expect(log).toEqual(['d0', 'd1', 'r2', 'r3']);
  });
});
