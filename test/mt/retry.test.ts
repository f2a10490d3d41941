import { describe, expect, it } from 'vitest';
import { backoffDelay, createLimiter, runLimited, withRetry } from '../../src/mt/retry.js';
import { MtError } from '../../src/mt/errors.js';

describe('withRetry', () => {
  const fakeSleep = () => {
    const delays: number[] = [];
    return { delays, sleep: async (ms: number) => void delays.push(ms) };
  };

  it('retries retryable errors with exponential full-jitter backoff and no real waiting', async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw new MtError(calls % 2 ? 'rate_limited' : 'server_error', 'x');
        return 'ok';
      },
      { retries: 5, baseMs: 100, maxMs: 10_000, random: () => 0.5, sleep },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('caps delays at maxMs and honours Retry-After', async () => {
    expect(backoffDelay(20, 100, 5000, () => 0.999)).toBe(4995);
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw new MtError('rate_limited', 'slow down', { retryAfterMs: 3000 });
        return 1;
      },
      { baseMs: 100, random: () => 0, sleep },
    );
    expect(delays).toEqual([3000]);
  });

  it('does not retry non-retryable errors such as quota', async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        throw new MtError('quota_exceeded', 'quota');
      },
      { sleep },
    );
    await expect(p).rejects.toMatchObject({ code: 'quota_exceeded' });
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('gives up after `retries` retries and throws the last error', async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        throw new MtError('network', `fail ${calls}`);
      },
      { retries: 2, sleep, random: () => 0 },
    );
    await expect(p).rejects.toThrow('fail 3');
    expect(delays).toHaveLength(2);
  });
});

describe('runLimited', () => {
  it('keeps at most N tasks in flight', async () => {
    let inFlight = 0;
    let max = 0;
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      inFlight++;
      max = Math.max(max, inFlight);
      await Promise.resolve();
      await Promise.resolve();
      inFlight--;
      return i;
    });
    const { outcomes } = await runLimited(tasks, { concurrency: 3 });
    expect(max).toBe(3);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops launching after a quota error and returns what finished', async () => {
    const started: number[] = [];
    const tasks = Array.from({ length: 6 }, (_, i) => async () => {
      started.push(i);
      if (i === 2) throw new MtError('quota_exceeded', 'quota');
      return i;
    });
    const { outcomes, stoppedBy } = await runLimited(tasks, { concurrency: 1 });
    expect(started).toEqual([0, 1, 2]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'skipped', 'skipped', 'skipped']);
    expect(stoppedBy).toMatchObject({ code: 'quota_exceeded' });
  });

  it('keeps going after a batch-local error (bad response)', async () => {
    const tasks = [0, 1, 2].map((i) => async () => {
      if (i === 0) throw new MtError('bad_response', 'garbled');
      return i;
    });
    const { outcomes, stoppedBy } = await runLimited(tasks, { concurrency: 1 });
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(stoppedBy).toBeUndefined();
  });
});

describe('createLimiter (tasks added while others run)', () => {
  it('starts tasks in the order added, at most N at once, and close waits for all of them', async () => {
    const limiter = createLimiter<number>({ concurrency: 2 });
    let inFlight = 0;
    let max = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return i;
    };
    limiter.add(task(0));
    await Promise.resolve();
    for (let i = 1; i < 6; i++) limiter.add(task(i));
    const { outcomes, stoppedBy } = await limiter.close();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(max).toBe(2);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stoppedBy).toBeUndefined();
  });

  it('skips tasks added after a stopping error, and after stop()', async () => {
    const limiter = createLimiter<number>({ concurrency: 1 });
    limiter.add(async () => {
      throw new MtError('quota_exceeded', 'quota');
    });
    await new Promise((r) => setTimeout(r, 1));
    expect(limiter.stopped).toBe(true);
    limiter.add(async () => 1);
    const { outcomes, stoppedBy } = await limiter.close();
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'skipped']);
    expect(stoppedBy).toMatchObject({ code: 'quota_exceeded' });

    const other = createLimiter<number>({ concurrency: 1 });
    other.stop();
    other.add(async () => 1);
    expect((await other.close()).outcomes.map((o) => o.status)).toEqual(['skipped']);
  });
});
