import * as deepl from 'deepl-node';
import { describe, expect, it } from 'vitest';
import { mapDeepLError } from '../../src/mt/deepl.js';
import { MtError } from '../../src/mt/errors.js';
import { translateAll } from '../../src/mt/run.js';
import type { MtProvider, MtRequest } from '../../src/mt/types.js';

/** An in-memory provider: uppercases, records requests, can misbehave. */
function fakeProvider(behave: (req: MtRequest, call: number) => string[] | Error, contextPerRequest = false) {
  const seen: MtRequest[] = [];
  const provider: MtProvider = {
    name: 'fake',
    limits: { maxTexts: 2, maxBytes: 10_000, contextPerRequest },
    async translateBatch(req) {
      seen.push(req);
      const out = behave(req, seen.length);
      if (out instanceof Error) throw out;
      return { texts: out, billedCharacters: req.texts.join('').length };
    },
  };
  return { provider, seen };
}
const req = (texts: string[], extra: Partial<MtRequest> = {}): MtRequest => ({ texts, sourceLang: 'zh', targetLang: 'en', ...extra });

describe('translateAll', () => {
  it('passes per-text context along with each text when the provider takes context per text', async () => {
    const { provider, seen } = fakeProvider((r) => r.texts.map((t) => t.toUpperCase()));
    const res = await translateAll(provider, req(['a', 'b', 'c'], { context: ['x', undefined, 'z'] }), { concurrency: 1 });
    expect(res.texts).toEqual(['A', 'B', 'C']);
    expect(res.billedCharacters).toBe(3);
    expect(seen.map((r) => r.context)).toEqual([['x', undefined], ['z']]);
  });

  it('records a batch with the wrong number of translations as bad_response and carries on', async () => {
    const { provider } = fakeProvider((r, call) => (call === 1 ? ['only one'] : r.texts));
    const res = await translateAll(provider, req(['a', 'b', 'c']), { concurrency: 1 });
    expect(res.texts).toEqual([undefined, undefined, 'c']);
    expect(res.failures).toEqual([{ indices: [0, 1], error: expect.objectContaining({ code: 'bad_response' }) }]);
    expect(res.stoppedBy).toBeUndefined();
  });

  it('treats batches cut short by the caller aborting as skipped, not failed', async () => {
    const ctrl = new AbortController();
    const { provider } = fakeProvider(() => new MtError('server_error', '503'));
    const res = await translateAll(provider, req(['a', 'b', 'c']), {
      concurrency: 1,
      signal: ctrl.signal,
      retry: { sleep: async () => ctrl.abort(new Error('user cancelled')), random: () => 0 },
    });
    expect(res.failures).toEqual([]);
    expect(res.skipped).toEqual([0, 1, 2]);
    expect(res.stoppedBy).toBeUndefined();
  });
});

describe('mapDeepLError', () => {
  it.each([
    [new deepl.QuotaExceededError('Quota for this billing period has been exceeded'), 'quota_exceeded', false],
    [new deepl.TooManyRequestsError('Too many requests'), 'rate_limited', true],
    [new deepl.AuthorizationError('Authorization failure'), 'auth_failed', false],
    [new deepl.ConnectionError('Connection failure: ECONNRESET'), 'network', true],
    [new deepl.DeepLError('Service unavailable, message: x'), 'server_error', true],
    [new deepl.DeepLError('Unexpected status code: 502 Bad Gateway, content: x'), 'server_error', true],
    [new deepl.DeepLError('Unexpected status code: 413 Payload Too Large, content: x'), 'request_too_large', false],
    [new deepl.DeepLError("Bad request, message: Value for 'target_lang' not supported."), 'unsupported_language', false],
    [new deepl.DeepLError("Bad request, message: 'formality' is not supported for given 'target_lang'."), 'bad_request', false],
    [new deepl.DeepLError('Error parsing response JSON: SyntaxError'), 'bad_response', false],
  ])('maps %s to a typed error', (err, code, retryable) => {
    expect(mapDeepLError(err)).toMatchObject({ code, retryable });
  });
});
