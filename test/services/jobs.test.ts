import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { JobRunner, type JobHandler } from '../../src/services/jobs.js';
import { claimJob, createJob, getJob, requeueStale } from '../../src/db/jobs.js';
import { freshDb } from '../helpers/db.js';

let db: Db;
beforeAll(async () => {
  db = (await freshDb()).db;
});
afterAll(async () => db.$disconnect());

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}

/**
 * A job of `total` batches that resumes at its checkpoint and logs every batch it does in `log`;
 * before batch `pauseAt` it reports `paused` and waits for `gate`.
 */
function batches(total: number, log: number[], pause?: { at: number; paused: () => void; gate: Promise<void> }): JobHandler {
  return async ({ job, signal: abort, progress }) => {
    let next = (job.checkpoint as { next: number } | null)?.next ?? 0;
    for (; next < total; next++) {
      if (abort.aborted) return { status: 'cancelled', result: { next } };
      if (pause && next === pause.at) {
        pause.paused();
        await pause.gate;
        if (abort.aborted) return { status: 'cancelled', result: { next } };
      }
      log.push(next);
      await progress(next + 1, total, { next: next + 1 });
    }
    return { status: 'done', result: { next } };
  };
}

const row = (id: number) => db.job.findUniqueOrThrow({ where: { id } });

describe('claiming a job', () => {
  it.each([
    { status: 'queued', claimed: true },
    { status: 'running', claimed: false },
    { status: 'done', claimed: false },
    { status: 'failed', claimed: false },
    { status: 'cancelled', claimed: false },
  ])('a $status job is claimable: $claimed', async ({ status, claimed }) => {
    const { id } = await db.job.create({ data: { type: 't', status, params: '{}' } });
    expect((await claimJob(db, id, 'w1')) !== null).toBe(claimed);
  });

  it('gives one job to exactly one of ten workers claiming it at once', async () => {
    const job = await createJob(db, 't', {});
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => claimJob(db, job.id, `w${i}`)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await row(job.id)).toMatchObject({ status: 'running', attempts: 1, workerId: expect.stringMatching(/^w\d$/) });
  });

  it('takes back only running jobs whose heartbeat is older than the limit (or missing)', async () => {
    const now = Date.now();
    const fresh = await db.job.create({ data: { type: 't', status: 'running', params: '{}', workerId: 'a', heartbeatAt: new Date(now) } });
    const old = await db.job.create({
      data: { type: 't', status: 'running', params: '{}', workerId: 'b', heartbeatAt: new Date(now - 60_000) },
    });
    const none = await db.job.create({ data: { type: 't', status: 'running', params: '{}' } });
    const ids = await requeueStale(db, new Date(now - 30_000));
    expect(ids).toEqual(expect.arrayContaining([old.id, none.id]));
    expect(ids).not.toContain(fresh.id);
    expect(await row(old.id)).toMatchObject({ status: 'queued', workerId: null });
    expect(await requeueStale(db, new Date(now - 30_000))).toEqual([]);
  });
});

describe('JobRunner', () => {
  it('stops the running job at a batch boundary on shutdown, requeues it, and a new runner resumes at the stored batch', async () => {
    const log: number[] = [];
    const paused = signal();
    const gate = signal();
    const first = new JobRunner(db, { work: batches(5, log, { at: 2, paused: paused.fire, gate: gate.promise }) });
    await first.start();
    const job = await first.enqueue('work', {});
    await paused.promise;
    const stopping = first.stop();
    gate.fire();
    await stopping;
    expect(await getJob(db, job.id)).toMatchObject({ status: 'queued', progress: { done: 2, total: 5 }, checkpoint: { next: 2 } });

    const second = new JobRunner(db, { work: batches(5, log) });
    await second.start();
    await second.idle();
    expect(await getJob(db, job.id)).toMatchObject({ status: 'done', progress: { done: 5, total: 5 } });
    expect(log).toEqual([0, 1, 2, 3, 4]); // every batch once: the second run began at batch 2
    await second.stop();
  });

  it('cancels a running job at its next batch boundary and keeps its progress', async () => {
    const log: number[] = [];
    const paused = signal();
    const gate = signal();
    const runner = new JobRunner(db, { work: batches(5, log, { at: 3, paused: paused.fire, gate: gate.promise }) });
    await runner.start();
    const job = await runner.enqueue('work', {});
    await paused.promise;
    expect((await runner.cancel(job.id)).cancelRequested).toBe(true);
    gate.fire();
    await runner.idle();
    expect(await getJob(db, job.id)).toMatchObject({ status: 'cancelled', progress: { done: 3, total: 5 }, result: { next: 3 } });
    expect(log).toEqual([0, 1, 2]);
    await runner.stop();
  });

  it('cancels a queued job at once, so no worker runs it', async () => {
    const log: number[] = [];
    const runner = new JobRunner(db, { work: batches(2, log) });
    const job = await runner.enqueue('work', {});
    expect((await runner.cancel(job.id)).status).toBe('cancelled');
    await runner.start();
    await runner.idle();
    expect(log).toEqual([]);
    await runner.stop();
  });

  it("resumes the job of a worker that died (no heartbeat) in another worker, and refuses the dead one's late writes", async () => {
    const log: number[] = [];
    const paused = signal();
    const gate = signal();
    const dying = new JobRunner(db, { work: batches(4, log, { at: 1, paused: paused.fire, gate: gate.promise }) }, { workerId: 'dying' });
    await dying.start();
    const job = await dying.enqueue('work', {});
    await paused.promise;
    await dying.abandon(); // as if killed: nothing more is written by it

    const other = new JobRunner(db, { work: batches(4, log) }, { workerId: 'other' });
    await other.start();
    expect(await other.sweep(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    await other.idle();
    expect(await row(job.id)).toMatchObject({ status: 'done', done: 4, attempts: 2, workerId: 'other' });
    expect(log).toEqual([0, 1, 2, 3]);
    gate.fire(); // the dead worker's handler wakes up: it sees the abort and writes nothing
    await dying.idle();
    expect(await row(job.id)).toMatchObject({ status: 'done', done: 4, workerId: 'other' });
    await other.stop();
  });

  it('fails a job whose handler throws, with the error code and message', async () => {
    const runner = new JobRunner(db, {
      boom: async () => {
        throw new Error('disk on fire');
      },
    });
    await runner.start();
    const job = await runner.enqueue('boom', {});
    await runner.idle();
    expect(await getJob(db, job.id)).toMatchObject({ status: 'failed', error: 'disk on fire', errorCode: 'job_failed' });
    await runner.stop();
  });
});
