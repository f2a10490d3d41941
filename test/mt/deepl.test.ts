import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toTagged } from '../../src/domain/mtTags.js';
import { replaceGlossary } from '../../src/mt/glossarySync.js';
import { createDeepLProvider, deeplTargetLang } from '../../src/mt/deepl.js';
import { MtError } from '../../src/mt/errors.js';
import { planBatches, type BatchItem } from '../../src/mt/batching.js';
import { runLimited, withRetry, type RetryOptions } from '../../src/mt/retry.js';
import type { MtProvider } from '../../src/mt/types.js';
import { MAX_BODY_BYTES, startDeepLStub, type DeepLStub } from './deeplStub.js';

let stub: DeepLStub;
let provider: MtProvider;
const noSleep = { sleep: async () => {}, random: () => 0 };

beforeEach(async () => {
  stub = await startDeepLStub();
  provider = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url, timeoutMs: 5000 });
});
afterEach(async () => {
  await stub.close();
});

const req = (texts: string[], extra: Partial<Parameters<MtProvider['translateBatch']>[0]> = {}) => ({
  texts,
  sourceLang: 'zh' as const,
  targetLang: 'en',
  ...extra,
});

describe('DeepL provider against the stub', () => {
  it('sends tagged XML with tag_handling=xml, atoms ignored, our tags non-splitting, and reports billed characters', async () => {
    const res = await provider.translateBatch(req(['你好<x i="1"/>', '世界']));
    expect(res.texts).toEqual(['[EN-US] 你好<x i="1"/>', '[EN-US] 世界']);
    expect(res.billedCharacters).toBe(12 + 2); // the stub bills code points, tags included
    const [r] = stub.translateRequests();
    expect(r?.contentType).toContain('application/x-www-form-urlencoded');
    expect(r?.params).toMatchObject({
      source_lang: 'zh',
      target_lang: 'en-US',
      tag_handling: 'xml',
      ignore_tags: 'x',
      non_splitting_tags: 'm,x',
    });
    expect(r?.headers.authorization).toBe(`DeepL-Auth-Key ${stub.authKey}`);
  });

  it('maps en to en-US by default and en-GB when configured (DeepL rejects bare en)', async () => {
    expect(deeplTargetLang('en')).toBe('en-US');
    expect(deeplTargetLang('zh-Hant')).toBe('zh-HANT');
    const gb = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url, englishVariant: 'en-GB' });
    const res = await gb.translateBatch(req(['颜色']));
    expect(res.texts).toEqual(['[EN-GB] 颜色']);
    await provider.translateBatch(req(['繁体'], { targetLang: 'zh-Hant' }));
    expect(stub.translateRequests().map((r) => r.params.target_lang)).toEqual(['en-GB', 'zh-HANT']);
  });

  it('sends formality for ru but not for en (where DeepL would reject it)', async () => {
    const p = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url, formality: 'more' });
    await p.translateBatch(req(['您好'], { targetLang: 'ru' }));
    await p.translateBatch(req(['您好'], { targetLang: 'en' }));
    const [ru, en] = stub.translateRequests();
    expect(ru?.params.formality).toBe('more');
    expect(en?.params.formality).toBeUndefined();
  });

  it('sends one context per request, grouping texts by context and keeping their order', async () => {
    const seen: (string | undefined)[] = [];
    stub.translate = ({ text, context }) => {
      seen.push(context);
      return `${text}|${context ?? '-'}`;
    };
    const res = await provider.translateBatch(req(['a', 'b', 'c'], { context: ['P1', 'P2', 'P1'] }));
    expect(res.texts).toEqual(['a|P1', 'b|P2', 'c|P1']);
    expect(stub.translateRequests().map((r) => [r.params.context, r.texts])).toEqual([
      ['P1', ['a', 'c']],
      ['P2', ['b']],
    ]);
  });

  it('round-trips Markdown markup through the engine via tags', async () => {
    const source = '参见[维基百科](https://zh.wikipedia.org/wiki/X)和![图](a.png)、`a<b`与**重点** & 更多。';
    const tagged = toTagged(source);
    const res = await provider.translateBatch(req([tagged.xml]));
    expect(tagged.restore(res.texts[0] ?? '')).toEqual({ text: `[EN-US] ${source}`, issues: [] });
  });

  it('fails with a typed unsupported_language error for a target DeepL does not know', async () => {
    const err = await provider.translateBatch(req(['你好'], { targetLang: 'xx' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MtError);
    expect(err).toMatchObject({ code: 'unsupported_language', retryable: false });
  });

  it('fails with auth_failed for a wrong key, without retrying', async () => {
    const bad = createDeepLProvider({ authKey: 'wrong', serverUrl: stub.url });
    await expect(bad.translateBatch(req(['你好']))).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    expect(stub.requests).toHaveLength(1);
  });

  it('does not retry inside deepl-node (maxRetries 0): one 503 is one request and a retryable error', async () => {
    stub.faults.push({ status: 503 });
    await expect(provider.translateBatch(req(['你好']))).rejects.toMatchObject({ code: 'server_error', retryable: true });
    stub.faults.push({ status: 500 });
    await expect(provider.translateBatch(req(['你好']))).rejects.toMatchObject({ code: 'server_error', status: 500 });
    stub.faults.push({ status: 429 });
    await expect(provider.translateBatch(req(['你好']))).rejects.toMatchObject({ code: 'rate_limited', retryable: true });
    expect(stub.requests).toHaveLength(3);
  });

  it('maps a refused connection to a retryable network error', async () => {
    const url = stub.url;
    await stub.close();
    const p = createDeepLProvider({ authKey: 'k', serverUrl: url });
    await expect(p.translateBatch(req(['你好']))).rejects.toMatchObject({ code: 'network', retryable: true });
    stub = await startDeepLStub(); // for afterEach
  });

  it('reports usage from /v2/usage', async () => {
    await provider.translateBatch(req(['一二三']));
    expect(await provider.usage?.()).toEqual({ characterCount: 3, characterLimit: 500_000 });
  });

  it('creates a zh→en glossary from entry pairs, uses it, and deletes the replaced one (through the shared glossary step)', async () => {
    const first = await replaceGlossary(provider, { name: 'g1', sourceLang: 'zh', targetLang: 'en', entries: [['苹果', 'Apple']] });
    const second = await replaceGlossary(provider, {
      name: 'g2',
      sourceLang: 'zh',
      targetLang: 'zh-Hant',
      entries: [
        ['软件', '軟體'],
        ['网络', '網路'],
      ],
      replaceId: first.glossaryId,
    });
    expect(stub.glossaries.has(first.glossaryId)).toBe(false);
    const g = stub.glossaries.get(second.glossaryId);
    expect(g).toMatchObject({ source_lang: 'zh', target_lang: 'zh', entry_count: 2 });
    const res = await provider.translateBatch(req(['软件和网络'], { targetLang: 'zh-Hant', glossaryId: second.glossaryId }));
    expect(res.texts).toEqual(['[ZH-HANT] 軟體和網路']);
  });

  it.each([
    { name: "DeepL's own 400 Glossary not found", fault: { status: 400, body: JSON.stringify({ message: 'Glossary not found' }) } },
    { name: "the official mock's 400 not found", fault: { status: 400, body: JSON.stringify({ message: 'not found' }) } },
    { name: 'a 404', fault: { status: 404, body: JSON.stringify({ message: 'Glossary not found' }) } },
  ])('maps $name on a translation with a glossary to glossary_not_found', async ({ fault }) => {
    stub.faults.push({ path: '/v2/translate', ...fault });
    await expect(provider.translateBatch(req(['你好'], { glossaryId: '0f0e0d0c-0b0a-4009-8807-060504030201' }))).rejects.toMatchObject({
      code: 'glossary_not_found',
    });
  });

  it('keeps an unrelated 400 a bad request', async () => {
    stub.faults.push({ path: '/v2/translate', status: 400, body: JSON.stringify({ message: "Value for 'target_lang' not supported." }) });
    await expect(provider.translateBatch(req(['你好']))).rejects.toMatchObject({ code: 'unsupported_language' });
  });
});

describe('planned batches against the DeepL stub (the planner, retries and concurrency pretranslation uses)', () => {
  /** Plans texts (with optional neighbours as context) by the provider's limits and sends every batch, retried, as pretranslation does. */
  async function sendPlanned(items: BatchItem[], options: { concurrency?: number; retry?: RetryOptions } = {}) {
    const batches = planBatches(items, provider.limits);
    const out = new Map<BatchItem, string>();
    const tasks = batches.map((b) => async () => {
      if (b.oversized) throw new MtError('request_too_large', 'alone over a request');
      const res = await withRetry(
        () =>
          provider.translateBatch(
            req(
              b.items.map((x) => x.text),
              b.context === undefined ? {} : { context: b.context },
            ),
          ),
        {
          ...noSleep,
          ...options.retry,
        },
      );
      b.items.forEach((x, k) => out.set(x, res.texts[k] ?? ''));
    });
    const run = await runLimited(tasks, { concurrency: options.concurrency ?? 2 });
    return { ...run, batches, texts: items.map((x) => out.get(x)) };
  }
  const items = (texts: string[]) => texts.map((t) => ({ text: t, plain: t }));

  it('splits 120 texts into requests of at most 50 (the stub rejects 51 with 400)', async () => {
    const texts = Array.from({ length: 120 }, (_, i) => `第${i}句`);
    const res = await sendPlanned(items(texts));
    expect(res.texts).toEqual(texts.map((t) => `[EN-US] ${t}`));
    expect(
      stub
        .translateRequests()
        .map((r) => r.texts.length)
        .sort(),
    ).toEqual([20, 50, 50]);
  });

  it('keeps each request body under 128 KiB with its context window (the stub answers 413 above)', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `${i}${'长'.repeat(2500)}`);
    const withNeighbours = texts.map((t, i) => ({
      text: t,
      plain: t,
      ...(i > 0 ? { before: texts[i - 1] } : {}),
      ...(texts[i + 1] ? { after: texts[i + 1] } : {}),
    }));
    const res = await sendPlanned(withNeighbours);
    expect(res.outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    const sizes = stub.translateRequests().map((r) => r.bodyBytes);
    expect(sizes.length).toBeGreaterThan(1);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(stub.translateRequests().every((r) => typeof r.params.context === 'string')).toBe(true);
  });

  it('the stub really enforces the limits: 51 texts → 400, > 128 KiB → 413', async () => {
    const p51 = provider.translateBatch(req(Array.from({ length: 51 }, () => '字')));
    await expect(p51).rejects.toMatchObject({ code: 'bad_request', retryable: false });
    const huge = provider.translateBatch(req(['大'.repeat(15_000)]));
    await expect(huge).rejects.toMatchObject({ code: 'request_too_large' });
  });

  it('does not send a single text that alone is over 128 KiB, and still translates the rest', async () => {
    const res = await sendPlanned(items(['大'.repeat(15_000), '小']));
    expect(res.batches.map((b) => b.oversized)).toEqual([true, false]);
    expect(res.texts).toEqual([undefined, '[EN-US] 小']);
    expect(stub.translateRequests().map((r) => r.texts)).toEqual([['小']]);
  });

  it('retries 429 and 503 with backoff (fake sleep) and succeeds', async () => {
    stub.faults.push({ status: 429 }, { status: 503 }, { status: 429 });
    const delays: number[] = [];
    const res = await withRetry(() => provider.translateBatch(req(['一', '二'])), {
      baseMs: 100,
      maxMs: 1000,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(res.texts).toEqual(['[EN-US] 一', '[EN-US] 二']);
    expect(stub.translateRequests()).toHaveLength(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('gives up after the retry budget with a retryable error', async () => {
    stub.faults.push({ status: 503 }, { status: 503 }, { status: 503 });
    await expect(withRetry(() => provider.translateBatch(req(['一'])), { retries: 2, ...noSleep })).rejects.toMatchObject({
      code: 'server_error',
    });
    expect(stub.translateRequests()).toHaveLength(3);
  });

  it('stops at quota (456) with a typed error, keeps finished batches and never sends the rest', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `句${i}`);
    stub.faults.push({ path: '/v2/translate' }, { path: '/v2/translate', status: 456 });
    const res = await sendPlanned(items(texts), { concurrency: 1 });
    expect(res.stoppedBy).toBeInstanceOf(MtError);
    expect(res.stoppedBy).toMatchObject({ code: 'quota_exceeded', retryable: false });
    expect(stub.translateRequests()).toHaveLength(2); // no retry of 456, no further batches
    expect(res.outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'skipped', 'skipped']);
    expect(res.texts.slice(0, 50).every((t) => t !== undefined)).toBe(true);
  });

  it('runs batches concurrently up to the limit', async () => {
    for (let i = 0; i < 6; i++) stub.faults.push({ delayMs: 20 });
    const texts = Array.from({ length: 300 }, (_, i) => `句${i}`);
    const res = await sendPlanned(items(texts), { concurrency: 3 });
    expect(res.texts.filter((t) => t !== undefined)).toHaveLength(300);
    expect(stub.maxInFlight).toBe(3);
  });
});
