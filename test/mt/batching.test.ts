import { describe, expect, it } from 'vitest';
import { backoffDelay, fieldBytes, runLimited, splitBatches, withRetry } from '../../src/mt/batching.js';
import { MtError } from '../../src/mt/errors.js';

const limits = { maxTexts: 50, maxBytes: 128 * 1024 };

describe('splitBatches', () => {
  it('caps a batch at 50 texts (DeepL rejects more)', () => {
    const texts = Array.from({ length: 120 }, (_, i) => `句子${i}`);
    const batches = splitBatches(texts, undefined, limits);
    expect(batches.map((b) => b.texts.length)).toEqual([50, 50, 20]);
    expect(batches.flatMap((b) => b.indices)).toEqual(texts.map((_, i) => i));
  });

  it('caps a batch by encoded body size, counting CJK as 9 bytes form-encoded', () => {
    // 5000 CJK chars = 45000 bytes form-encoded each: only two fit under 128 KiB.
    const big = '中'.repeat(5000);
    expect(fieldBytes('text', big)).toBe(5 + 45000 + 1);
    const batches = splitBatches([big, big, big, big, big], undefined, limits);
    expect(batches.map((b) => b.texts.length)).toEqual([2, 2, 1]);
    for (const b of batches) expect(b.bytes).toBeLessThanOrEqual(limits.maxBytes);
  });

  it('counts JSON escaping when it is larger than form encoding (control characters)', () => {
    const s = '\u0001'.repeat(10);
    expect(fieldBytes('text', s)).toBe(Math.max(5 + 30 + 1, 62 + 1));
  });

  it('marks a single text larger than the limit as oversized instead of looping', () => {
    const batches = splitBatches(['中'.repeat(20000), 'a'], undefined, limits);
    expect(batches[0]?.oversized).toBe(true);
    expect(batches[0]?.texts).toHaveLength(1);
    expect(batches[1]?.oversized).toBe(false);
  });

  it('never mixes texts with different contexts when context is per request, counting context once', () => {
    const batches = splitBatches(['a', 'b', 'c', 'd'], ['X', 'Y', 'X', undefined], { ...limits, contextPerRequest: true });
    expect(batches.map((b) => [b.context, b.indices])).toEqual([
      ['X', [0, 2]],
      ['Y', [1]],
      [undefined, [3]],
    ]);
  });

  it('counts per-text context in the size when the provider takes context per text', () => {
    const ctx = '上下文'.repeat(3000); // ~81 KB form-encoded
    const batches = splitBatches(['a', 'b'], [ctx, ctx], limits);
    expect(batches).toHaveLength(2);
  });
});

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
    const p = withRetry(async () => {
      calls++;
      throw new MtError('quota_exceeded', 'quota');
    }, { sleep });
    await expect(p).rejects.toMatchObject({ code: 'quota_exceeded' });
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('gives up after `retries` retries and throws the last error', async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const p = withRetry(async () => {
      calls++;
      throw new MtError('network', `fail ${calls}`);
    }, { retries: 2, sleep, random: () => 0 });
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
