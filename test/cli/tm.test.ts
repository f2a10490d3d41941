import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../src/db/client.js';
import { saveTranslation } from '../../src/db/translations.js';
import { readTmx } from '../../src/domain/formats/tmx.js';
import { runCli } from '../helpers/cli.js';
import { CORPUS_DIR, tempDir } from '../helpers/db.js';
import { tmxOf, tuOf } from '../helpers/tmx.js';

const dir = tempDir();
const urlA = `file:${path.join(dir, 'a.db')}`;
const urlB = `file:${path.join(dir, 'b.db')}`;
/** In this process (see test/helpers/cli.ts); bin/bitext.js itself is tested in cli.test.ts. */
const run = (url: string, ...args: string[]) => runCli(args, { env: { DATABASE_URL: url } });

let a: Db;
let b: Db;
/** What must survive a round trip, in a stable order. */
const comparable = async (db: Db) =>
  (await db.tmUnit.findMany({ orderBy: [{ targetLang: 'asc' }, { source: 'asc' }, { target: 'asc' }] })).map((u) => ({
    sourceLang: u.sourceLang,
    targetLang: u.targetLang,
    source: u.source,
    target: u.target,
    sourceHash: u.sourceHash,
    createdBy: u.createdBy,
    createdAt: Math.floor(u.createdAt.getTime() / 1000),
    prevHash: u.prevHash,
    nextHash: u.nextHash,
  }));

beforeAll(async () => {
  expect((await run(urlA, 'import', path.join(CORPUS_DIR, 'seed-article.md'), '--project', 'news')).code).toBe(0);
  a = await openDatabase(urlA);
  const segs = await a.segment.findMany({ where: { translatable: true }, orderBy: { index: 'asc' }, take: 6 });
  // Confirmed before the memory is filled from the editor: `tm rebuild` has to find them. Markup, quotes,
  // ampersands and a CRLF must survive the XML.
  for (const [i, s] of segs.entries()) {
    await saveTranslation(a, {
      segmentId: s.id,
      lang: 'en',
      text: `EN ${i} <b>&amp; "quoted"\r\n${s.source.slice(0, 4)}`,
      status: i % 2 ? 'reviewed' : 'translated',
      origin: 'human',
      version: 0,
      user: `user${i}`,
    });
    if (i < 2)
      await saveTranslation(a, {
        segmentId: s.id,
        lang: 'ru',
        text: `RU ${i}`,
        status: 'translated',
        origin: 'human',
        version: 0,
        user: 'ivan',
      });
  }
  b = await openDatabase(urlB);
});
afterAll(async () => {
  await a?.$disconnect();
  await b?.$disconnect();
});

describe('bitext tm', () => {
  it('rebuild puts every confirmed translation into the memory, and a second run adds nothing', async () => {
    const first = await run(urlA, 'tm', 'rebuild', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ documents: 1, created: 8, updated: 0 });
    expect(JSON.parse((await run(urlA, 'tm', 'rebuild', '--json')).stdout)).toMatchObject({ created: 0, updated: 8 });
  });

  it('export → import into a fresh database gives the same units (TMX round trip)', async () => {
    const out = path.join(dir, 'memory.tmx');
    const exported = await run(urlA, 'tm', 'export', '--out', out);
    expect(exported.code).toBe(0);
    const tmx = readTmx(readFileSync(out, 'utf8'));
    expect(tmx.units).toHaveLength(8);
    const imported = await run(urlB, 'tm', 'import', out, '--json');
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({
      units: 8,
      pairs: 8,
      created: 8,
      updated: 0,
      project: null,
      langs: ['zh→en', 'zh→ru'],
    });
    expect(await comparable(b)).toEqual(await comparable(a));
    // Importing the same file again stores nothing new.
    expect(JSON.parse((await run(urlB, 'tm', 'import', out, '--json')).stdout)).toMatchObject({ created: 0, updated: 8 });
    expect(await b.tmUnit.count()).toBe(8);
  });

  it('export --lang and --project narrow the file; stdout is the default', async () => {
    const ru = await run(urlA, 'tm', 'export', '--lang', 'ru');
    expect(ru.code).toBe(0);
    expect(readTmx(ru.stdout).units.map((u) => u.variants.map((v) => v.lang))).toEqual([
      ['zh', 'ru'],
      ['zh', 'ru'],
    ]);
    expect((await run(urlA, 'tm', 'export', '--project', 'nope')).stderr).toBe('bitext: project nope not found\n');
  });

  it('refuses a file that is not XML, naming it, and stores nothing', async () => {
    const bad = path.join(dir, 'broken.tmx');
    writeFileSync(bad, '<tmx version="1.4"><header srclang="zh"><body>');
    const before = await b.tmUnit.count();
    const r = await run(urlB, 'tm', 'import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bitext: broken\.tmx: /);
    expect(await b.tmUnit.count()).toBe(before);
  });

  it('refuses a file without units in usable languages, naming it, and stores nothing', async () => {
    const other = path.join(dir, 'german.tmx');
    writeFileSync(other, tmxOf(tuOf('Hallo', 'Bonjour', ['de', 'fr']), 'zh'));
    const before = await a.tmUnit.count();
    const r = await run(urlA, 'tm', 'import', other, '--project', 'news');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bitext: german.tmx: no translation unit in zh → en, ru (project news); nothing imported\n');
    expect(await a.tmUnit.count()).toBe(before);
  });

  it('names a missing file', async () => {
    expect((await run(urlB, 'tm', 'import', path.join(dir, 'missing.tmx'))).stderr).toBe(
      `bitext: ${path.join(dir, 'missing.tmx')}: no such file\n`,
    );
  });
});
