import { describe, expect, it } from 'vitest';
import { batchPlanner, fieldBytes, planBatches, REQUEST_OVERHEAD_BYTES, windowContext, type BatchItem } from '../../src/mt/batching.js';
import { DEEPL_LIMITS } from '../../src/mt/deepl.js';

const deepl = DEEPL_LIMITS;
const perText = { ...DEEPL_LIMITS, contextPerRequest: false };
const item = (text: string, extra: Partial<BatchItem> = {}): BatchItem => ({ text, plain: text, ...extra });
const sizes = (items: BatchItem[], limits = deepl) => planBatches(items, limits).map((b) => b.items.length);

describe('fieldBytes', () => {
  it.each([
    { why: 'CJK is percent-encoded to 9 bytes a character in a form', name: 'text', value: '中'.repeat(5000), bytes: 5 + 45000 + 1 },
    { why: 'JSON escaping wins for control characters', name: 'text', value: '\u0001'.repeat(10), bytes: 62 + 1 },
    { why: 'ASCII letters are 1 byte, a space is +', name: 'context', value: 'a b', bytes: 8 + 3 + 1 },
    { why: 'an emoji (a surrogate pair) is 4 UTF-8 bytes, 12 percent-encoded', name: 'text', value: '😀', bytes: 5 + 12 + 1 },
    { why: 'a lone surrogate becomes U+FFFD in a form (9) and an escape in JSON (6)', name: 'text', value: '\ud83d', bytes: 5 + 9 + 1 },
  ])('$why', ({ name, value, bytes }) => {
    expect(fieldBytes(name, value)).toBe(bytes);
  });

  it('equals the larger of what URLSearchParams and JSON.stringify produce, for every kind of character', () => {
    const samples = ['', 'plain', "中文 text+&=%~!'()", '\u2028\u2029\ufeff', '\u0000\u001f\u007f"\\', 'é\u07ff\u0800\uffff', '😀x\udc00'];
    for (let c = 0; c < 0x3000; c += 7) samples.push(String.fromCharCode(c, c + 1, c + 2));
    for (const v of samples) {
      const form = Buffer.byteLength(new URLSearchParams([['text', v]]).toString()) + 1;
      const json = Buffer.byteLength(JSON.stringify(v)) + 1;
      expect(fieldBytes('text', v), JSON.stringify(v)).toBe(Math.max(form, json));
    }
  });
});

describe('planBatches (the one planner: pretranslation sends its batches, the estimate counts them)', () => {
  it("caps a batch at the provider's texts per request (DeepL rejects 51), keeping input order", () => {
    const items = Array.from({ length: 120 }, (_, i) => item(`句子${i}`));
    const batches = planBatches(items, deepl);
    expect(batches.map((b) => b.items.length)).toEqual([50, 50, 20]);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
  });

  it.each([
    { why: 'DeepL takes 50 texts a request', limits: deepl, expected: [50, 10] },
    {
      why: 'the OpenAI-compatible provider takes 20',
      limits: { maxTexts: 20, maxBytes: 64 * 1024, contextPerRequest: false },
      expected: [20, 20, 20],
    },
  ])('plans by the limits it is given: $why', ({ limits, expected }) => {
    expect(
      sizes(
        Array.from({ length: 60 }, (_, i) => item(`第${i}段。`)),
        limits,
      ),
    ).toEqual(expected);
  });

  it('caps a batch by estimated body bytes, the overhead of the other parameters included', () => {
    // 5000 CJK characters are 45,006 bytes form-encoded: two fit under 128 KiB with the overhead, three do not.
    const big = '中'.repeat(5000);
    expect(
      sizes([
        item(big, { plain: '' }),
        item(big, { plain: '' }),
        item(big, { plain: '' }),
        item(big, { plain: '' }),
        item(big, { plain: '' }),
      ]),
    ).toEqual([2, 2, 1]);
    expect(REQUEST_OVERHEAD_BYTES + 3 * fieldBytes('text', big)).toBeGreaterThan(deepl.maxBytes);
  });

  it('marks a single text larger than a request as oversized, alone, and goes on with the rest', () => {
    const batches = planBatches([item('中'.repeat(20000), { plain: '' }), item('a')], deepl);
    expect(batches.map((b) => [b.items.length, b.oversized])).toEqual([
      [1, true],
      [1, false],
    ]);
  });

  it("sends one window of context per request (DeepL): the previous paragraph, the batch's own and the next", () => {
    const items = [item('<x/>一', { plain: '一', before: '零', after: '二' }), item('二', { after: '三' })];
    const [batch] = planBatches(items, deepl);
    expect(batch?.context).toBe(['零', '一', '二', '三'].join('\n'));
    expect(windowContext(items)).toBe(batch?.context);
  });

  it('sends each text its own neighbours as context when the provider takes context per text', () => {
    const [batch] = planBatches([item('一', { after: '二' }), item('二', { before: '一' }), item('三')], perText);
    expect(batch?.context).toEqual(['二', '一', undefined]);
  });

  it('counts context in the bytes, so long neighbours start a new request instead of a 413', () => {
    const ctx = '上下文'.repeat(3000); // about 81 KB form-encoded
    expect(sizes([item('a', { before: ctx }), item('b', { before: ctx })], perText)).toEqual([1, 1]);
  });
});

describe('batchPlanner (a run sends its first batches while it plans the rest)', () => {
  it('hands over each batch as soon as the next item closes it, the same batches planBatches makes of all the items', () => {
    const long = '长'.repeat(5000);
    const items = Array.from({ length: 130 }, (_, i) =>
      item(i % 17 === 0 ? `${i}${long}` : `第${i}段`, { before: `前${i}`, after: `后${i}` }),
    );
    for (const limits of [deepl, perText]) {
      const planner = batchPlanner<BatchItem>(limits);
      const streamed = items.map((u) => planner.push(u));
      // Nothing is handed over before it is complete: the item that closes a batch is never in it.
      streamed.forEach((closed, k) => closed.forEach((b) => expect(b.items).not.toContain(items[k])));
      expect([...streamed.flat(), ...planner.end()]).toEqual(planBatches(items, limits));
    }
  });
});
