import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { saveTranslation } from '../../src/db/translations.js';
import { toTagged } from '../../src/domain/mtTags.js';
import { DEEPL_LIMITS } from '../../src/mt/deepl.js';
import { estimatePretranslation } from '../../src/services/pretranslate/estimate.js';
import { pretranslate } from '../../src/services/pretranslate/run.js';
import { freshDb } from '../helpers/db.js';
import { chars, importText, noSleep, segmentsWith, stubProvider } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';

let db: Db;
let stub: DeepLStub;
beforeEach(async () => {
  db = (await freshDb()).db;
  stub = await startDeepLStub();
});
afterEach(async () => {
  await stub.close();
  await db.$disconnect();
});

/** What the stub billed: code points of every text it translated. */
const stubBilled = () => stub.translateRequests().reduce((n, r) => n + r.texts.reduce((m, t) => m + chars(t), 0), 0);
const run = (doc: number) => pretranslate(db, { provider: stubProvider(stub), scope: { documentId: doc }, langs: ['en'], retry: noSleep });

describe('billing waste: identical tagged texts are sent once, texts with nothing to translate never', () => {
  it('sends sources that differ only in their link targets once, and gives each segment its own link back', async () => {
    const doc = await importText(
      db,
      'p',
      'a.md',
      '[转载自GNews](https://gnews.org/1)\n\n[转载自GNews](https://gnews.org/2)\n\n[转载自GNews](https://gnews.org/3)\n\n正文。\n',
    );
    const s = await run(doc);
    const sent = stub.translateRequests().flatMap((r) => r.texts);
    expect(sent).toEqual(['<m i="1">转载自GNews</m>', '正文。']);
    expect(stubBilled()).toBe(chars('<m i="1">转载自GNews</m>正文。'));
    expect(s).toMatchObject({ drafted: 4, texts: 2, billedCharacters: stubBilled(), skipped: { duplicate: 2 } });
    expect((await segmentsWith(db, doc, 'en')).map((r) => r.translations[0]?.text)).toEqual([
      '[EN-US] [转载自GNews](https://gnews.org/1)',
      '[EN-US] [转载自GNews](https://gnews.org/2)',
      '[EN-US] [转载自GNews](https://gnews.org/3)',
      '[EN-US] 正文。',
    ]);
  });

  it('copies a URL, markup-only and number-only paragraph as drafts (origin mt, engine copy), sends and bills only the text', async () => {
    const doc = await importText(db, 'p', 'a.md', 'https://gnews.org/zh/12345/\n\n**2020-11-08**\n\n—— 12:30 ——\n\n正文。\n');
    const estimate = await estimatePretranslation(db, {
      scope: { documentId: doc },
      langs: ['en'],
      provider: { name: 'deepl', limits: DEEPL_LIMITS },
      pricePerMillion: 20,
    });
    expect(estimate).toMatchObject({ texts: 1, characters: chars('正文。') });
    const s = await run(doc);
    expect(stub.translateRequests().flatMap((r) => r.texts)).toEqual(['正文。']);
    expect(stubBilled()).toBe(chars('正文。'));
    expect(s).toMatchObject({
      complete: true,
      drafted: 1,
      billedCharacters: chars('正文。'),
      skipped: { nothingToTranslate: 3 },
      progress: { done: 4, total: 4 },
    });
    const rows = (await segmentsWith(db, doc, 'en')).map((r) => r.translations[0]);
    expect(rows.map((t) => [t?.text, t?.status, t?.origin, t?.engine, t?.updatedBy])).toEqual([
      ['https://gnews.org/zh/12345/', 'draft', 'mt', 'copy', 'mt:copy'],
      ['**2020-11-08**', 'draft', 'mt', 'copy', 'mt:copy'],
      ['—— 12:30 ——', 'draft', 'mt', 'copy', 'mt:copy'],
      ['[EN-US] 正文。', 'draft', 'mt', 'deepl', 'mt:deepl'],
    ]);
    expect(chars(toTagged('https://gnews.org/zh/12345/').xml)).toBeGreaterThan(0); // what would have been billed before
  });

  it('never overwrites human work with a copy', async () => {
    const doc = await importText(db, 'p', 'a.md', 'https://gnews.org/a\n');
    const [seg] = await segmentsWith(db, doc, 'en');
    await saveTranslation(db, {
      segmentId: seg!.id,
      lang: 'en',
      text: 'Source: https://gnews.org/a',
      status: 'draft',
      origin: 'human',
      version: 0,
      user: 'ed',
    });
    const s = await run(doc);
    expect(s.skipped).toMatchObject({ alreadyTranslated: 1, nothingToTranslate: 0 });
    expect((await segmentsWith(db, doc, 'en'))[0]?.translations[0]).toMatchObject({ text: 'Source: https://gnews.org/a', origin: 'human' });
    expect(stub.translateRequests()).toEqual([]);
  });
});
