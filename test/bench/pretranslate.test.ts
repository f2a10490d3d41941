import { describe, expect, it } from 'vitest';
import { areaOf, limitOf } from '../../bench/pretranslate.js';

describe('the pretranslation bench says what limited a run', () => {
  it.each([
    { url: 'file:///x/node_modules/@prisma/client/runtime/client.js', fn: 'Ni', area: 'database' },
    { url: '', fn: 'all', area: 'database' },
    { url: 'file:///x/src/db/draftRows.ts', fn: 'placeholders', area: 'database' },
    { url: 'file:///x/node_modules/deepl-node/dist/translator.js', fn: 'translateText', area: 'http' },
    { url: 'node:internal/querystring', fn: 'encodeStr', area: 'http' },
    { url: '', fn: 'writev', area: 'http' },
    { url: 'file:///x/node_modules/micromark/lib/create-tokenizer.js', fn: 'go', area: 'markdown' },
    { url: '', fn: '(garbage collector)', area: 'gc' },
    { url: '', fn: '(idle)', area: 'idle' },
    { url: 'file:///x/src/services/pretranslate/run.ts', fn: 'runPlans', area: 'other' },
  ])('$fn of $url counts as $area', ({ url, fn, area }) => {
    expect(areaOf(url, fn)).toBe(area);
  });

  it('blames the main thread when it was busy, naming its largest areas first, and the provider otherwise', () => {
    const shares = { database: 0.3, http: 0.18, markdown: 0.07, gc: 0.08, idle: 0.3, other: 0.07 };
    const run = { requests: 108, concurrency: 8, firstRequestMs: 41, afterLastAnswerMs: 12, seconds: 3.4, shares };
    expect(limitOf({ ...run, busy: 0.97, roundTripMs: 360 }, 150)).toMatch(
      /^the main thread \(97% busy, round trip 360 ms for 150 ms of latency; profile: database \(Prisma, driver\) 30%, HTTP client/,
    );
    expect(limitOf({ ...run, busy: 0.7, roundTripMs: 200 }, 150)).toMatch(
      /^the provider's latency \(70% busy\): 14 rounds of requests at 200 ms \(150 ms latency \+ 50 ms waiting for the main thread\), 41 ms before the first request \(planning the first batches, recording the run\) and 12 ms after the last answer \(storing, closing the run\), of 3400 ms/,
    );
  });
});
