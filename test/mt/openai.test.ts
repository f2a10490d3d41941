import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toTagged } from '../../src/domain/mtTags.js';
import { createOpenAiProvider, parseReply, parseRetryAfter, systemPrompt } from '../../src/mt/openai.js';
import { planBatches } from '../../src/mt/batching.js';
import { withRetry } from '../../src/mt/retry.js';
import type { MtProvider, MtRequest } from '../../src/mt/types.js';
import { startOpenAiStub, type OpenAiStub } from './openaiStub.js';

let stub: OpenAiStub;
let provider: MtProvider;

beforeEach(async () => {
  stub = await startOpenAiStub();
  provider = createOpenAiProvider({ baseUrl: stub.url, model: 'test-model', apiKey: stub.apiKey });
});
afterEach(async () => {
  await stub.close();
});

const req = (texts: string[], extra: Partial<MtRequest> = {}): MtRequest => ({ texts, sourceLang: 'zh', targetLang: 'en', ...extra });

describe('OpenAI-compatible provider against the stub', () => {
  it('sends one JSON batch with a keep-the-tags prompt and bills source characters', async () => {
    const res = await provider.translateBatch(req(['你好<x i="1"/>', '世界'], { context: ['上文', undefined] }));
    expect(res).toEqual({ texts: ['[en] 你好<x i="1"/>', '[en] 世界'], billedCharacters: 14 });
    const [r] = stub.requests;
    expect(r?.headers.authorization).toBe('Bearer sk-test');
    expect(r?.body.model).toBe('test-model');
    expect(r?.body.response_format).toEqual({ type: 'json_object' });
    expect(r?.body.messages?.[0]?.content).toContain('Keep every tag exactly as written');
    expect(JSON.parse(r?.body.messages?.[1]?.content ?? '')).toEqual({
      target_language: 'en',
      items: [{ text: '你好<x i="1"/>', context: '上文' }, { text: '世界' }],
    });
  });

  it('names the target language in the prompt', () => {
    expect(systemPrompt('zh-Hant')).toContain('Traditional Chinese (zh-Hant)');
    expect(systemPrompt('ru')).toContain('Russian (ru)');
  });

  it('round-trips Markdown markup through the model via tags', async () => {
    const source = '见[文章](https://a.com/?x=1&y=2)里的`code`和**重点**。';
    const tagged = toTagged(source);
    const res = await provider.translateBatch(req([tagged.xml]));
    expect(tagged.restore(res.texts[0] ?? '')).toEqual({ text: `[en] ${source}`, issues: [] });
  });

  it('accepts a reply wrapped in a ```json fence, rejects prose and wrong counts as bad_response', () => {
    expect(parseReply('```json\n{"translations":["a"]}\n```', 1)).toEqual(['a']);
    expect(() => parseReply('Sure! Here is the translation: a', 1)).toThrow(expect.objectContaining({ code: 'bad_response' }));
    expect(() => parseReply('{"translations":["a","b"]}', 1)).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });

  it('treats a truncated completion as bad_response (not retryable)', async () => {
    stub.faults.push({ content: '{"translations":["a', finishReason: 'length' });
    await expect(provider.translateBatch(req(['一']))).rejects.toMatchObject({ code: 'bad_response', retryable: false });
  });

  it('maps 401 to auth_failed', async () => {
    const bad = createOpenAiProvider({ baseUrl: stub.url, model: 'm', apiKey: 'wrong' });
    await expect(bad.translateBatch(req(['一']))).rejects.toMatchObject({ code: 'auth_failed', status: 401, retryable: false });
  });

  it('maps 429 to rate_limited with Retry-After, but insufficient_quota 429 to quota_exceeded', async () => {
    stub.faults.push({ status: 429, headers: { 'retry-after': '2' } });
    await expect(provider.translateBatch(req(['一']))).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 2000, retryable: true });
    stub.faults.push({ status: 429, body: { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } } });
    await expect(provider.translateBatch(req(['一']))).rejects.toMatchObject({ code: 'quota_exceeded', retryable: false });
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
  });

  it('maps 5xx to server_error and a refused connection to network, both retryable', async () => {
    stub.faults.push({ status: 502 });
    await expect(provider.translateBatch(req(['一']))).rejects.toMatchObject({ code: 'server_error', retryable: true });
    const dead = createOpenAiProvider({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm' });
    await expect(dead.translateBatch(req(['一']))).rejects.toMatchObject({ code: 'network', retryable: true });
  });

  it('stops waiting when the caller aborts', async () => {
    const ctrl = new AbortController();
    ctrl.abort(new Error('cancelled by user'));
    await expect(provider.translateBatch(req(['一']), ctrl.signal)).rejects.toThrow('cancelled by user');
    expect(stub.requests).toHaveLength(0);
  });

  it('batches planned by its limits (20 texts) go through, retried after 503 and after 429 with Retry-After (fake sleep)', async () => {
    stub.faults.push({ status: 503 }, { status: 429, headers: { 'retry-after': '1' } });
    const delays: number[] = [];
    const texts = Array.from({ length: 45 }, (_, i) => `第${i}句`);
    const batches = planBatches(
      texts.map((t) => ({ text: t, plain: t })),
      provider.limits,
    );
    const out: string[] = [];
    for (const b of batches) {
      const res = await withRetry(() => provider.translateBatch(req(b.items.map((x) => x.text))), {
        baseMs: 100,
        random: () => 0,
        sleep: async (ms) => void delays.push(ms),
      });
      out.push(...res.texts);
    }
    expect(out).toEqual(texts.map((t) => `[en] ${t}`));
    expect(delays).toEqual([0, 1000]);
    const sizes = stub.requests.filter((r) => r.status === 200).map((r) => JSON.parse(r.body.messages?.[1]?.content ?? '{}').items.length);
    expect(sizes).toEqual([20, 20, 5]);
  });
});
