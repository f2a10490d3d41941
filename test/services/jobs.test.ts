import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { JobRunner, type JobHandler } from '../../src/services/jobs.js';
import { getJob } from '../../src/db/jobs.js';
import { freshDb } from '../helpers/db.js';

let db: Db;
beforeAll(async () => {
  db = (await freshDb()).db;
});
afterAll(async () => db.$disconnect());

/** A job of `total` batches that records how far it got in its params-independent result. */
function batches(total: number, started: () => void, gate: Promise<void>): JobHandler {
  return async ({ signal, progress }) => {
    let done = 0;
    for (; done < total; done++) {
      if (signal.aborted) return { status: 'cancelled', result: { done } };
      if (done === 1) {
        started();
        await gate;
      }
      await progress(done + 1, total);
    }
    return { status: 'done', result: { done } };
  };
}

describe('JobRunner.stop (graceful shutdown)', () => {
  it('stops the running job at a batch boundary, requeues it, and a new runner finishes it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const first = new JobRunner(db, { work: batches(5, () => started(), gate) });
    const job = await first.enqueue('work', {});
    await running;
    const stopping = first.stop();
    release();
    await stopping;
    const after = await getJob(db, job.id);
    expect(after.status).toBe('queued');
    expect(after.progress).toEqual({ done: 2, total: 5 });

    const second = new JobRunner(db, { work: batches(5, () => {}, Promise.resolve()) });
    await second.resume();
    await second.idle();
    expect(await getJob(db, job.id)).toMatchObject({ status: 'done' });
  });
});
