import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { saveTranslation } from '../../src/db/translations.js';
import { addGlossaryEntry } from '../../src/db/glossary.js';
import { toTagged } from '../../src/domain/mtTags.js';
import { createOpenAiProvider } from '../../src/mt/openai.js';
import type { MtProvider } from '../../src/mt/types.js';
import { DEEPL_LIMITS } from '../../src/mt/deepl.js';
import { draftSegment } from '../../src/services/pretranslate/draftOne.js';
import { estimatePretranslation } from '../../src/services/pretranslate/estimate.js';
import { pretranslateJobHandler } from '../../src/services/pretranslate/job.js';
import { assertComplete, pretranslate } from '../../src/services/pretranslate/run.js';
import { documentQaSummary } from '../../src/services/qaService.js';
import type { JobView } from '../../src/db/jobs.js';
import { freshDb } from '../helpers/db.js';
import { chars, importText, noSleep, segmentsWith, stubProvider } from '../helpers/mt.js';
import { MAX_BODY_BYTES, MAX_TEXTS, startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';
import { startOpenAiStub } from '../mt/openaiStub.js';

let db: Db;
let stub: DeepLStub;
let provider: MtProvider;

beforeEach(async () => {
  db = (await freshDb()).db;
  stub = await startDeepLStub();
  provider = stubProvider(stub);
});
afterEach(async () => {
  await stub.close();
  await db.$disconnect();
});

const paragraphs = (n: number, make = (i: number) => `第${i}段新闻。`) => Array.from({ length: n }, (_, i) => make(i)).join('\n\n') + '\n';
const run = (documentId: number, langs = ['en'], extra: Partial<Parameters<typeof pretranslate>[1]> = {}) =>
  pretranslate(db, { provider, scope: { documentId }, langs, retry: noSleep, ...extra });
/** What the stub billed: code points of every text it translated. */
const stubBilled = () =>
  stub
    .translateRequests()
    .filter((r) => r.status === 200)
    .reduce((n, r) => n + r.texts.reduce((m, t) => m + chars(t), 0), 0);
const recordedBilled = async () => (await db.mtBatch.aggregate({ _sum: { billedCharacters: true } }))._sum.billedCharacters ?? 0;

describe('pretranslate: batching, retries, quota', () => {
  it('sends at most 50 texts a request and stores every draft with a revision and one billing row per batch', async () => {
    const doc = await importText(db, 'p', 'a.md', paragraphs(120) + '\n```\n代码不翻译\n```\n');
    const s = await run(doc, ['en', 'ru'], { concurrency: 3 });
    const sizes = stub.translateRequests().map((r) => r.texts.length);
    expect(sizes.every((n) => n <= MAX_TEXTS)).toBe(true);
    expect([...sizes].sort((a, b) => b - a)).toEqual([50, 50, 50, 50, 20, 20]);
    expect(
      stub
        .translateRequests()
        .flatMap((r) => r.texts)
        .some((t) => t.includes('代码')),
    ).toBe(false);
    expect(s).toMatchObject({ drafted: 240, complete: true, texts: 240, requests: 6, skipped: { nonTranslatable: 2 } });
    expect(await db.mtBatch.count()).toBe(6);
    expect(await db.revision.count()).toBe(240);
    expect(await recordedBilled()).toBe(stubBilled());
    const [first] = await segmentsWith(db, doc, 'ru');
    expect(first?.translations[0]).toMatchObject({
      text: '[RU] 第0段新闻。',
      status: 'draft',
      origin: 'mt',
      version: 1,
      updatedBy: 'mt:deepl',
    });
  });

  it('keeps every request under 128 KiB (context included) with long paragraphs', async () => {
    const long = (i: number) => `${i}号文件` + '长'.repeat(4000);
    const doc = await importText(db, 'p', 'long.md', paragraphs(12, long));
    const s = await run(doc);
    const reqs = stub.translateRequests();
    expect(reqs.every((r) => r.status === 200 && r.bodyBytes <= MAX_BODY_BYTES)).toBe(true);
    expect(reqs.length).toBeGreaterThan(1);
    expect(s).toMatchObject({ drafted: 12, complete: true });
  });

  it('never sends a paragraph that alone exceeds a request, and goes on with the others', async () => {
    const doc = await importText(db, 'p', 'huge.md', `前一段。\n\n${'巨'.repeat(20_000)}\n\n后一段。\n`);
    const s = await run(doc);
    expect(stub.translateRequests().every((r) => r.status === 200)).toBe(true);
    expect(s).toMatchObject({ drafted: 2, complete: false, errors: [{ lang: 'en', code: 'request_too_large', segments: 1 }] });
    expect(() => assertComplete(s)).toThrow(expect.objectContaining({ code: 'mt_request_too_large', status: 413 }));
  });

  it.each([
    { name: '429 then 503', faults: [{ status: 429 }, { status: 503 }] },
    { name: '500', faults: [{ status: 500 }] },
  ])('retries $name and bills the batch once', async ({ faults }) => {
    const doc = await importText(db, 'p', 'a.md', paragraphs(3));
    stub.faults.push(...faults.map((f) => ({ ...f, path: '/v2/translate' })));
    const s = await run(doc);
    expect(s).toMatchObject({ drafted: 3, retries: faults.length, requests: 1 + faults.length, complete: true });
    expect(await db.mtBatch.findMany({ select: { requests: true, retries: true } })).toEqual([
      { requests: 1 + faults.length, retries: faults.length },
    ]);
    expect(await recordedBilled()).toBe(stubBilled());
  });

  it('stops cleanly on quota (456), keeps what was stored, and a re-run pays only for the rest', async () => {
    const doc = await importText(db, 'p', 'a.md', paragraphs(150));
    const unique = (await segmentsWith(db, doc, 'en')).reduce((n, s) => n + chars(toTagged(s.source).xml), 0);
    stub.usage.character_limit = Math.floor(unique / 2);
    const first = await run(doc, ['en'], { concurrency: 1 });
    expect(first.stoppedBy?.code).toBe('quota_exceeded');
    expect(first.complete).toBe(false);
    expect(first.drafted).toBeGreaterThan(0);
    expect(first.drafted + first.skipped.notSent).toBe(150);
    expect(() => assertComplete(first)).toThrow(expect.objectContaining({ code: 'mt_quota_exceeded', status: 429 }));
    expect(await db.translation.count()).toBe(first.drafted);

    stub.usage.character_limit = 10 * unique;
    const second = await run(doc, ['en'], { concurrency: 1 });
    expect(second).toMatchObject({ complete: true, drafted: 150 - first.drafted, skipped: { alreadyTranslated: first.drafted } });
    expect(await recordedBilled()).toBe(unique);
    expect(stub.usage.character_count).toBe(unique);
  });
});

describe('pretranslate: markup, duplicates, translation memory, overwriting', () => {
  it('restores Markdown and flags drafts whose tags the engine lost or reordered', async () => {
    const doc = await importText(db, 'p', 'a.md', '丢失**重点**和`代码`。\n\n保留[链接](http://x.cn)文字。\n\n*甲*与**乙**对调。\n');
    stub.translate = ({ text }) => {
      if (text.startsWith('丢失')) return text.replace(/<x i="\d+"\/>/, '');
      if (text.startsWith('*') || text.includes('对调'))
        return text.replace(/^(.*?)(<m i="1">.*?<\/m>)(.*?)(<m i="2">.*?<\/m>)(.*)$/, '$1$4$3$2$5');
      return `EN ${text}`;
    };
    const s = await run(doc);
    const rows = (await segmentsWith(db, doc, 'en')).map((r) => ({
      text: r.translations[0]?.text,
      flags: JSON.parse(r.translations[0]?.flags ?? '[]'),
    }));
    expect(rows).toEqual([
      { text: '丢失**重点**和。', flags: ['tag_missing'] },
      { text: 'EN 保留[链接](http://x.cn)文字。', flags: [] },
      { text: '**乙**与*甲*对调。', flags: ['tag_reordered'] },
    ]);
    expect(s.flagged).toBe(2);
    // A person's save of a flagged draft clears its flags.
    const [first] = await segmentsWith(db, doc, 'en');
    const saved = await saveTranslation(db, {
      segmentId: first!.id,
      lang: 'en',
      text: 'Fixed **it** and `code`.',
      status: 'translated',
      origin: 'human',
      version: 1,
      user: 'ed',
    });
    expect(saved.flags).toBe('[]');
  });

  it('sends identical sources once, reuses confirmed translations (not billed) and counts both', async () => {
    const other = await importText(db, 'p', 'other.md', '已确认的段落。\n');
    const [confirmed] = await segmentsWith(db, other, 'en');
    await saveTranslation(db, {
      segmentId: confirmed!.id,
      lang: 'en',
      text: 'A confirmed paragraph.',
      status: 'reviewed',
      origin: 'human',
      version: 0,
      user: 'ed',
    });
    const doc = await importText(db, 'p', 'a.md', '重复。\n\n已确认的段落。\n\n重复。\n\n唯一。\n\n重复。\n');
    const s = await run(doc);
    expect(stub.translateRequests().flatMap((r) => r.texts)).toEqual(['重复。', '唯一。']);
    expect(s).toMatchObject({ drafted: 4, tmReused: 1, texts: 2, skipped: { duplicate: 2, tmReuse: 1 } });
    expect(await recordedBilled()).toBe(chars('重复。唯一。'));
    const rows = (await segmentsWith(db, doc, 'en')).map((r) => [r.translations[0]?.origin, r.translations[0]?.text]);
    expect(rows).toEqual([
      ['mt', '[EN-US] 重复。'],
      ['tm', 'A confirmed paragraph.'],
      ['mt', '[EN-US] 重复。'],
      ['mt', '[EN-US] 唯一。'],
      ['mt', '[EN-US] 重复。'],
    ]);
  });

  it('sends while it plans, yet a duplicate found after its text was stored gets the one translation (never sent twice)', async () => {
    // An engine that answers at once, and 1,000 paragraphs: the first batch (paragraphs 0–49) is stored long
    // before the plan reaches paragraph 990, a copy of paragraph 3 with other markup (same text sent).
    const make = (i: number) =>
      i === 990 ? '第3段[新闻](https://b.example/)。' : i === 3 ? '第3段[新闻](https://a.example/)。' : `第${i}段新闻。`;
    const doc = await importText(db, 'p', 'dup.md', paragraphs(1000, make));
    const sent: string[] = [];
    let storedBeforeLastRequest = 0;
    const instant: MtProvider = {
      name: 'deepl',
      limits: DEEPL_LIMITS,
      translateBatch: async (req) => {
        sent.push(...req.texts);
        if (req.texts.some((t) => t.includes('第999段'))) storedBeforeLastRequest = await db.translation.count({ where: { lang: 'en' } });
        return { texts: req.texts.map((t) => `[EN] ${t}`), billedCharacters: req.texts.reduce((n, t) => n + chars(t), 0) };
      },
    };
    const s = await pretranslate(db, { provider: instant, scope: { documentId: doc }, langs: ['en'], concurrency: 4, glossary: false });
    expect(storedBeforeLastRequest).toBeGreaterThan(0); // drafts were stored while the plan went on
    expect(sent.filter((t) => t.includes('第3段'))).toHaveLength(1);
    expect(s).toMatchObject({ drafted: 1000, texts: 999, complete: true, skipped: { duplicate: 1, notSent: 0 } });
    const rows = await segmentsWith(db, doc, 'en');
    expect(rows[990]?.translations[0]).toMatchObject({ origin: 'mt', engine: 'deepl', updatedBy: 'mt:deepl' });
    expect(rows[990]?.translations[0]?.text).toContain('https://b.example/');
    expect(rows[3]?.translations[0]?.text).toContain('https://a.example/');
    expect(await recordedBilled()).toBe(sent.reduce((n, t) => n + chars(t), 0));
  });

  it('never overwrites a translation an editor saves while the batch is at the provider', async () => {
    const doc = await importText(db, 'p', 'a.md', paragraphs(3));
    const segs = await segmentsWith(db, doc, 'en');
    const editing: MtProvider = {
      ...provider,
      translateBatch: async (req, signal) => {
        const res = await provider.translateBatch(req, signal);
        await saveTranslation(db, {
          segmentId: segs[1]!.id,
          lang: 'en',
          text: 'Human words.',
          status: 'translated',
          origin: 'human',
          version: 0,
          user: 'ed',
        });
        return res;
      },
    };
    const s = await pretranslate(db, { provider: editing, scope: { documentId: doc }, langs: ['en'], retry: noSleep });
    expect(s).toMatchObject({ drafted: 2, skipped: { changedMeanwhile: 1 } });
    const after = await segmentsWith(db, doc, 'en');
    expect(after[1]?.translations[0]).toMatchObject({ text: 'Human words.', origin: 'human', version: 1 });
    expect(await db.mtBatch.findFirst()).toMatchObject({ segments: 2, texts: 3 });
  });

  it('overwriteDrafts replaces MT drafts only, never human, TM, imported or confirmed work', async () => {
    const doc = await importText(db, 'p', 'a.md', paragraphs(6));
    const segs = await segmentsWith(db, doc, 'en');
    const states = [
      { status: 'draft', origin: 'mt' },
      { status: 'draft', origin: 'human' },
      { status: 'draft', origin: 'tm' },
      { status: 'translated', origin: 'import' },
      { status: 'reviewed', origin: 'mt' },
      { status: 'untranslated', origin: 'human' },
    ] as const;
    for (const [i, st] of states.entries()) {
      await saveTranslation(db, { segmentId: segs[i]!.id, lang: 'en', text: `old ${i}`, ...st, version: 0, user: 'x' });
    }
    const s = await run(doc, ['en'], { overwriteDrafts: true });
    const texts = (await segmentsWith(db, doc, 'en')).map((r) => r.translations[0]?.text);
    expect(texts).toEqual(['[EN-US] 第0段新闻。', 'old 1', 'old 2', 'old 3', 'old 4', '[EN-US] 第5段新闻。']);
    expect(s.skipped.alreadyTranslated).toBe(4);
    const without = await run(doc, ['en']);
    expect(without).toMatchObject({ drafted: 0, texts: 0, skipped: { alreadyTranslated: 6 } });
  });
});

describe('pretranslate: QA after the run', () => {
  it('an MT job re-runs QA, so the editor counts the new drafts at once instead of 0 until QA is run by hand', async () => {
    // The stub answers "[EN-US] <source>": Chinese left in every draft, one issue per segment.
    const documentId = await importText(db, 'p', 'a.md', paragraphs(3));
    expect((await documentQaSummary(db, documentId, 'en')).checks.find((c) => c.id === 'untranslated')?.segments).toBe(0);
    const job = { id: 1, params: { documentId, langs: ['en'] } } as unknown as JobView;
    const outcome = await pretranslateJobHandler(
      () => provider,
      2,
    )({ db, job, signal: new AbortController().signal, progress: async () => {} });
    expect(outcome.status).toBe('done');
    const summary = await documentQaSummary(db, documentId, 'en');
    expect(summary.checks.find((c) => c.id === 'untranslated')?.segments).toBe(3);
  });
});

describe('pretranslate: context, glossary, providers, dry run', () => {
  it('sends the previous and next paragraph as context', async () => {
    const doc = await importText(db, 'p', 'a.md', '# 标题\n\n第一段**很**重要。\n\n```\ncode\n```\n\n第二段。\n\n第三段。\n');
    await run(doc);
    const [req] = stub.translateRequests();
    expect(req?.params.context).toBe('标题\n第一段很重要。\n第二段。\n第三段。');
    const segs = await segmentsWith(db, doc, 'ru');
    await draftSegment(db, provider, segs[2]!.id, 'ru', { retry: noSleep });
    expect(stub.translateRequests()[1]?.params.context).toBe('第一段很重要。\n第二段。\n第三段。');
  });

  it('syncs the project glossary once, uses it with source_lang, and re-syncs only when entries change', async () => {
    const doc = await importText(db, 'p', 'a.md', '美国总统访问北京。\n');
    const project = await db.project.findFirstOrThrow();
    await addGlossaryEntry(db, { projectId: project.id }, { source: '北京', targets: [{ lang: 'en', terms: ['Beijing'], forbidden: [] }] });
    await run(doc);
    await run(doc, ['en'], { overwriteDrafts: true });
    expect(stub.requests.filter((r) => r.method === 'POST' && r.path === '/v2/glossaries')).toHaveLength(1);
    const reqs = stub.translateRequests();
    const [first] = [...stub.glossaries.keys()];
    expect(reqs.map((r) => [r.params.glossary_id, r.params.source_lang])).toEqual([
      [first, 'zh'],
      [first, 'zh'],
    ]);
    expect((await segmentsWith(db, doc, 'en'))[0]?.translations[0]?.text).toBe('[EN-US] 美国总统访问Beijing。');

    await addGlossaryEntry(
      db,
      { projectId: project.id },
      { source: '美国总统', targets: [{ lang: 'en', terms: ['The US President'], forbidden: [] }] },
    );
    await run(doc, ['en'], { overwriteDrafts: true });
    expect([...stub.glossaries.keys()]).toHaveLength(1);
    expect([...stub.glossaries.keys()]).not.toContain(first);
    expect((await segmentsWith(db, doc, 'en'))[0]?.translations[0]?.text).toBe('[EN-US] The US President访问Beijing。');
  });

  it('works the same through the OpenAI-compatible provider', async () => {
    const ai = await startOpenAiStub();
    try {
      const doc = await importText(db, 'p', 'a.md', paragraphs(25) + '\n重复。\n\n重复。\n');
      const openai = createOpenAiProvider({ baseUrl: ai.url, model: 'm', apiKey: ai.apiKey });
      const s = await pretranslate(db, { provider: openai, scope: { documentId: doc }, langs: ['ru'], retry: noSleep });
      expect(s).toMatchObject({ provider: 'openai', drafted: 27, texts: 26, requests: 2, complete: true, skipped: { duplicate: 1 } });
      expect((await segmentsWith(db, doc, 'ru'))[0]?.translations[0]?.text).toBe('[ru] 第0段新闻。');
      const items = JSON.parse(ai.requests[0]!.body.messages!.at(-1)!.content).items as { text: string; context?: string }[];
      expect(items[1]).toEqual({ text: '第1段新闻。', context: '第0段新闻。\n第2段新闻。' });
    } finally {
      await ai.close();
    }
  });

  it('dry run counts what would be sent and its cost, sending and writing nothing', async () => {
    const doc = await importText(db, 'p', 'a.md', '重复**一**。\n\n重复**一**。\n\n唯一。\n');
    const e = await estimatePretranslation(db, { scope: { documentId: doc }, langs: ['en', 'ru'], provider, pricePerMillion: 20_000 });
    const perLang = chars(toTagged('重复**一**。').xml) + chars('唯一。');
    expect(e).toMatchObject({ texts: 4, characters: 2 * perLang, requests: 2 });
    expect(e.estimatedCost).toBe(Math.round(2 * perLang * 0.02 * 100) / 100);
    expect(e.langs[0]).toMatchObject({ lang: 'en', texts: 2, segments: 3, skipped: { duplicate: 1 } });
    expect(stub.requests).toEqual([]);
    expect(await db.translation.count()).toBe(0);
  });

  it.each([
    { name: 'DeepL (50 texts a request)', limits: DEEPL_LIMITS, requests: 2 },
    {
      name: 'the OpenAI-compatible provider (20 texts a request)',
      limits: createOpenAiProvider({ baseUrl: 'http://127.0.0.1', model: 'm' }).limits,
      requests: 4,
    },
  ])('the estimate counts requests by the limits of the provider that would run: $name', async ({ limits, requests }) => {
    const doc = await importText(db, 'p', 'a.md', Array.from({ length: 70 }, (_, i) => `第${i}段。`).join('\n\n') + '\n');
    const e = await estimatePretranslation(db, {
      scope: { documentId: doc },
      langs: ['en'],
      provider: { name: 'x', limits },
      pricePerMillion: 20,
    });
    expect(e).toMatchObject({ provider: 'x', texts: 70, requests });
  });

  it('refuses segment ids outside a document scope (the rule lives in the service, for web and CLI alike)', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n');
    const [seg] = await segmentsWith(db, doc, 'en');
    const project = await db.project.findFirstOrThrow();
    await expect(
      estimatePretranslation(db, { scope: { projectId: project.id }, segmentIds: [seg!.id], langs: ['en'], provider, pricePerMillion: 20 }),
    ).rejects.toMatchObject({ code: 'invalid_input', status: 400, details: { field: 'segmentIds' } });
  });

  it('refuses languages the project does not translate into', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n');
    await expect(run(doc, ['de'])).rejects.toMatchObject({ code: 'invalid_input', status: 400 });
  });
});
