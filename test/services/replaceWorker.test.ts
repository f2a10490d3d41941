import { describe, expect, it } from 'vitest';
import { planReplaceOffThread } from '../../src/services/replaceWorker.js';
import { planReplace, type ReplaceCandidate } from '../../src/domain/replace.js';
import { ValidationError } from '../../src/domain/errors.js';

const rows: ReplaceCandidate[] = [
  { segmentId: 1, index: 0, status: 'translated', version: 2, text: 'June 16, 2021: Putin met Xi.' },
  { segmentId: 2, index: 1, status: 'reviewed', version: 1, text: 'Putin spoke.' },
];

describe('planReplaceOffThread (find and replace in a worker thread, within a time budget)', () => {
  it('gives exactly the plan planReplace gives on the main thread', async () => {
    const options = { find: '(?<month>\\w+) (\\d+)', replace: '$2 $<month>', regex: true };
    expect(await planReplaceOffThread(rows, options)).toEqual(planReplace(rows, options));
  });

  it('refuses a bad pattern at once, without the worker', async () => {
    await expect(planReplaceOffThread(rows, { find: '(a)\\1', replace: 'x', regex: true })).rejects.toMatchObject({
      code: 'pattern_backreference',
      status: 400,
    });
  });

  it('stops a plan over its budget with a 400 naming the pattern, and the next plan still works', async () => {
    // 30 translations of 60,000 characters under a 900-step pattern: seconds of work, far over a 50 ms budget.
    const heavy: ReplaceCandidate[] = Array.from({ length: 30 }, (_, i) => ({
      segmentId: i + 1,
      index: i,
      status: 'translated',
      version: 1,
      text: 'ab '.repeat(20_000),
    }));
    const error = await planReplaceOffThread(heavy, { find: '[\\s\\S]{900}', replace: 'x', regex: true }, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'pattern_too_slow', status: 400, details: { field: 'find', value: '[\\s\\S]{900}' } });
    expect((error as Error).message).toContain('"[\\s\\S]{900}" took over 0.05 s on this document');
    expect((await planReplaceOffThread(rows, { find: 'Putin', replace: 'Путин' })).matches).toBe(1);
  });
});
