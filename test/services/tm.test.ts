import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { openDatabase } from '../../src/db/client.js';
import { saveTranslation } from '../../src/db/translations.js';
import { createUser } from '../../src/services/auth/authService.js';
import { saveFromEditor } from '../../src/services/editorService.js';
import {
  fuzzyMatches,
  memoryIndex,
  prefillFromMemory,
  rebuildMemory,
  searchMemory,
  TM_CONTEXT_FLAG,
} from '../../src/services/tmService.js';
import { importMemoryTmx } from '../../src/services/tmxService.js';
import { upsertTmUnits } from '../../src/db/tm.js';
import { pretranslate } from '../../src/services/pretranslate/run.js';
import { exportXliff, importXliff } from '../../src/services/xliffService.js';
import { hashSource } from '../../src/domain/tm/index.js';
import { DEEPL_LIMITS } from '../../src/mt/deepl.js';
import type { AuthUser } from '../../src/db/users.js';
import type { MtProvider } from '../../src/mt/types.js';
import { failInsertsOf, freshDb } from '../helpers/db.js';
import { tmxOf, tuOf } from '../helpers/tmx.js';
import { importText, segmentsWith } from '../helpers/mt.js';

let db: Db;
let url: string;
let admin: AuthUser;
let translator: AuthUser;

beforeAll(async () => {
  ({ db, url } = await freshDb());
  admin = await createUser(db, 'mei', 'admin', 'mei-password-long');
  translator = await createUser(db, 'ivan', 'translator', 'ivan-password-long');
});
afterAll(async () => db.$disconnect());

const ARTICLE = '甲段落。\n\n乙段落。\n\n丙段落。\n';

/** Saves through the editor use case (what the API and the browser do). */
async function save(segmentId: number, lang: string, text: string, status?: 'translated' | 'reviewed', user = admin) {
  const current = await db.translation.findUnique({ where: { segmentId_lang: { segmentId, lang } } });
  return saveFromEditor(db, { segmentId, lang, text, ...(status ? { status } : {}), version: current?.version ?? 0, user });
}

/** Confirms every segment of a document with "EN:<source>". */
async function confirmAll(documentId: number, lang = 'en') {
  for (const s of await segmentsWith(db, documentId, lang)) await save(s.id, lang, `EN:${s.source}`, 'translated');
}

describe('filling the memory', () => {
  it('takes a translation when it is confirmed, not while it is a draft', async () => {
    const doc = await importText(db, 'fill', 'a.md', ARTICLE);
    const [first, second] = await segmentsWith(db, doc, 'en');
    await save(second!.id, 'en', 'B draft');
    expect(await db.tmUnit.count({ where: { source: '乙段落。' } })).toBe(0);
    await save(second!.id, 'en', 'B confirmed', 'translated');
    const unit = await db.tmUnit.findFirstOrThrow({ where: { source: '乙段落。' } });
    expect(unit).toMatchObject({
      sourceLang: 'zh',
      targetLang: 'en',
      target: 'B confirmed',
      sourceHash: hashSource('乙段落。'),
      documentId: doc,
      segmentId: second!.id,
      createdBy: 'mei',
      origin: 'editor',
      prevHash: hashSource('甲段落。'),
      nextHash: hashSource('丙段落。'),
    });
    expect(unit.projectId).toBe((await db.document.findUniqueOrThrow({ where: { id: doc } })).projectId);
    // The first segment has no previous neighbour.
    await save(first!.id, 'en', 'A', 'translated');
    expect(await db.tmUnit.findFirstOrThrow({ where: { source: '甲段落。' } })).toMatchObject({
      prevHash: '',
      nextHash: hashSource('乙段落。'),
    });
  });

  it('refreshes the unit when the same translation is confirmed again, and adds one for a new target', async () => {
    const doc = await importText(db, 'again', 'a.md', '再次确认。\n');
    const [seg] = await segmentsWith(db, doc, 'en');
    await save(seg!.id, 'en', 'Confirmed again.', 'translated');
    const before = await db.tmUnit.findFirstOrThrow({ where: { source: '再次确认。' } });
    await save(seg!.id, 'en', 'Confirmed again.', 'reviewed');
    const units = await db.tmUnit.findMany({ where: { source: '再次确认。' } });
    expect(units).toHaveLength(1);
    expect(units[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    await save(seg!.id, 'en', 'Confirmed once more, differently.', 'translated');
    expect((await db.tmUnit.findMany({ where: { source: '再次确认。' }, orderBy: { id: 'asc' } })).map((u) => u.target)).toEqual([
      'Confirmed again.',
      'Confirmed once more, differently.',
    ]);
  });

  it('takes targets imported from XLIFF (origin import)', async () => {
    const doc = await importText(db, 'xliff', 'x.md', '从外部翻译。\n');
    const { text } = await exportXliff(db, { documentId: doc, langs: ['en'], format: 'xliff' });
    const edited = text.replace(
      /(<source[^>]*>[\s\S]*?<\/source>)(\s*<target[^>]*>[\s\S]*?<\/target>|\s*<target[^>]*\/>)?/,
      '$1<target>Translated elsewhere.</target>',
    );
    expect((await importXliff(db, 'x.en.xliff', edited)).updated).toBe(1);
    expect(await db.tmUnit.findFirst({ where: { source: '从外部翻译。' } })).toMatchObject({
      target: 'Translated elsewhere.',
      origin: 'import',
    });
  });

  it('tm rebuild backfills confirmed translations saved before the memory existed, once', async () => {
    const doc = await importText(db, 'old', 'old.md', '很久以前确认的。\n\n还是草稿。\n');
    const [done, draft] = await segmentsWith(db, doc, 'ru');
    await saveTranslation(db, {
      segmentId: done!.id,
      lang: 'ru',
      text: 'Давно.',
      status: 'reviewed',
      origin: 'human',
      version: 0,
      user: 'old',
    });
    await saveTranslation(db, {
      segmentId: draft!.id,
      lang: 'ru',
      text: 'Черновик.',
      status: 'draft',
      origin: 'human',
      version: 0,
      user: 'old',
    });
    expect(await db.tmUnit.count({ where: { source: '很久以前确认的。' } })).toBe(0);
    const first = await rebuildMemory(db);
    expect(first.created).toBeGreaterThanOrEqual(1);
    expect(await db.tmUnit.findFirst({ where: { source: '很久以前确认的。' } })).toMatchObject({
      target: 'Давно.',
      targetLang: 'ru',
      createdBy: 'old',
      origin: 'rebuild',
    });
    expect(await db.tmUnit.count({ where: { source: '还是草稿。' } })).toBe(0);
    const again = await rebuildMemory(db);
    expect(again.created).toBe(0);
  });
});

describe('exact prefill', () => {
  it('drafts untranslated segments of an imported document from exact matches (origin tm), flagging in-context ones', async () => {
    const a = await importText(db, 'prefill', 'a.md', ARTICLE);
    await confirmAll(a);
    // 甲: same neighbours as in a.md (start, 乙) → in context; 乙: next differs → exact only; 丁: no match.
    const b = await importText(db, 'prefill', 'b.md', '甲段落。\n\n乙段落。\n\n丁段落。\n');
    const rows = (await segmentsWith(db, b, 'en')).map((s) => {
      const t = s.translations[0];
      return [s.source, t?.text, t?.status, t?.origin, t && JSON.parse(t.flags), t?.updatedBy];
    });
    expect(rows).toEqual([
      ['甲段落。', 'EN:甲段落。', 'draft', 'tm', [TM_CONTEXT_FLAG], 'tm'],
      ['乙段落。', 'EN:乙段落。', 'draft', 'tm', [], 'tm'],
      ['丁段落。', undefined, undefined, undefined, undefined, undefined],
    ]);
    // Russian has no memory: nothing.
    expect((await segmentsWith(db, b, 'ru')).every((s) => s.translations.length === 0)).toBe(true);
  });

  it('prefers the in-context unit when the memory has several targets for the source', async () => {
    const a = await importText(db, 'ctx', 'a.md', '前文。\n\n同一句。\n\n后文。\n');
    const other = await importText(db, 'ctx', 'other.md', '别的前文。\n\n同一句。\n');
    const [, sameA] = await segmentsWith(db, a, 'en');
    const [, sameOther] = await segmentsWith(db, other, 'en');
    await save(sameA!.id, 'en', 'In its context.', 'translated');
    await save(sameOther!.id, 'en', 'Newer, elsewhere.', 'translated');
    const c = await importText(db, 'ctx', 'c.md', '前文。\n\n同一句。\n\n后文。\n');
    const [, same] = await segmentsWith(db, c, 'en');
    expect(same!.translations[0]).toMatchObject({ text: 'In its context.', origin: 'tm', flags: JSON.stringify([TM_CONTEXT_FLAG]) });
  });

  it('never overwrites human work: only untranslated segments are filled', async () => {
    const a = await importText(db, 'human', 'a.md', ARTICLE);
    await confirmAll(a);
    const b = await importText(db, 'human', 'b.md', '新的开头。\n');
    const [seg] = await segmentsWith(db, b, 'en');
    await save(seg!.id, 'en', 'My own words.');
    // Re-import with the memory's paragraphs added: the human draft stays, the new segments are filled.
    await importText(db, 'human', 'b.md', `新的开头。\n\n${ARTICLE}`);
    const rows = (await segmentsWith(db, b, 'en')).map((s) => [s.translations[0]?.text, s.translations[0]?.origin]);
    expect(rows).toEqual([
      ['My own words.', 'human'],
      ['EN:甲段落。', 'tm'],
      ['EN:乙段落。', 'tm'],
      ['EN:丙段落。', 'tm'],
    ]);
    // Running the prefill again changes nothing.
    expect(await prefillFromMemory(db, b)).toMatchObject({ filled: 0 });
  });

  it('does not take units of another project, but does take shared (imported TMX) units', async () => {
    const a = await importText(db, 'private', 'a.md', '只在别的项目里。\n');
    await confirmAll(a);
    await importMemoryTmx(db, 'shared.tmx', tmxOf(tuOf('共享记忆。', 'Shared memory.', ['zh-CN', 'en-US'])));
    const b = await importText(db, 'public', 'b.md', '只在别的项目里。\n\n共享记忆。\n');
    expect((await segmentsWith(db, b, 'en')).map((s) => s.translations[0]?.text)).toEqual([undefined, 'Shared memory.']);
  });

  it('pretranslation takes exact memory matches (origin tm, not billed) before calling the provider', async () => {
    await importMemoryTmx(db, 'pre.tmx', tmxOf(tuOf('机器之前。', 'Before the machine.', ['zh', 'en']), 'zh'));
    const doc = await importText(db, 'pre', 'p.md', '机器之前。\n');
    // Import already prefilled it; take it back to untranslated to see pretranslation do it.
    await db.translation.deleteMany({ where: { segment: { documentId: doc } } });
    const never: MtProvider = {
      name: 'never',
      limits: DEEPL_LIMITS,
      translateBatch: async () => {
        throw new Error('the provider must not be called');
      },
    };
    const s = await pretranslate(db, { provider: never, scope: { documentId: doc }, langs: ['en'], glossary: false });
    expect(s).toMatchObject({ tmReused: 1, drafted: 0, billedCharacters: 0 });
    expect((await segmentsWith(db, doc, 'en'))[0]!.translations[0]).toMatchObject({
      text: 'Before the machine.',
      origin: 'tm',
      status: 'draft',
    });
  });
});

describe('fuzzy matches', () => {
  let doc: number;
  beforeAll(async () => {
    const a = await importText(
      db,
      'fuzzy',
      'a.md',
      '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。\n\n白宫对会议议程的评论更加简洁。\n',
    );
    await confirmAll(a);
    doc = await importText(db, 'fuzzy', 'b.md', '俄罗斯总统普京和美国总统拜登将于6月17日在日内瓦会晤。\n');
  });

  it('scores Chinese by characters and shows what differs', async () => {
    const [seg] = await segmentsWith(db, doc, 'en');
    const matches = await fuzzyMatches(db, admin, seg!.id, 'en');
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      score: 96,
      inContext: false,
      source: '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。',
      target: 'EN:俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。',
      createdBy: 'mei',
      project: 'fuzzy',
    });
    expect(matches[0]!.diff.filter((p) => p.op !== 'equal')).toEqual([
      { op: 'delete', text: '6' },
      { op: 'insert', text: '7' },
    ]);
  });

  it('sees units written by another process on the next lookup (watermark on unit ids and change times)', async () => {
    const [seg] = await segmentsWith(db, doc, 'en');
    await fuzzyMatches(db, admin, seg!.id, 'en');
    const other = await openDatabase(url);
    try {
      const seg2 = await other.segment.findFirstOrThrow({ where: { source: '白宫对会议议程的评论更加简洁。' } });
      await other.tmUnit.create({
        data: {
          sourceLang: 'zh',
          targetLang: 'en',
          source: '俄罗斯总统普京和美国总统拜登将于6月18日在日内瓦会晤。',
          target: 'From the other process.',
          sourceHash: hashSource('俄罗斯总统普京和美国总统拜登将于6月18日在日内瓦会晤。'),
          projectId: null,
          createdBy: 'other',
          origin: 'editor',
          segmentId: seg2.id,
        },
      });
    } finally {
      await other.$disconnect();
    }
    const matches = await fuzzyMatches(db, admin, seg!.id, 'en');
    expect(matches.map((m) => m.target)).toContain('From the other process.');
  });

  it('sees a unit confirmed again by someone else in another process (new who and when)', async () => {
    const [seg] = await segmentsWith(db, doc, 'en');
    const before = (await fuzzyMatches(db, admin, seg!.id, 'en')).find((m) => m.project === 'fuzzy')!;
    const unit = await db.tmUnit.findUniqueOrThrow({ where: { id: before.unitId } });
    const other = await openDatabase(url);
    try {
      const { id: _id, createdAt: _c, updatedAt: _u, ...key } = unit;
      expect(await upsertTmUnits(other, [{ ...key, origin: 'editor', createdBy: 'zoe' }])).toMatchObject({ created: 0, updated: 1 });
    } finally {
      await other.$disconnect();
    }
    const after = (await fuzzyMatches(db, admin, seg!.id, 'en')).find((m) => m.unitId === before.unitId)!;
    expect(after.createdBy).toBe('zoe');
    expect(new Date(after.updatedAt).getTime()).toBeGreaterThan(new Date(before.updatedAt).getTime());
  });

  it('shows a translator only units of their projects and shared ones', async () => {
    const [seg] = await segmentsWith(db, doc, 'en');
    const seen = await fuzzyMatches(db, translator, seg!.id, 'en');
    expect(seen.map((m) => m.project)).toEqual([null]);
  });

  it('finds nothing below 70', async () => {
    const far = await importText(db, 'fuzzy', 'far.md', '俄罗斯总统普京。\n');
    const [seg] = await segmentsWith(db, far, 'en');
    expect(await fuzzyMatches(db, admin, seg!.id, 'en')).toEqual([]);
  });
});

describe('concordance', () => {
  beforeAll(async () => {
    await importMemoryTmx(
      db,
      'conc.tmx',
      tmxOf(
        tuOf('克里姆林宫发言人表示。', 'The Kremlin spokesman said.') +
          tuOf('克里姆林宫拒绝置评。', 'the kremlin declined to comment.') +
          tuOf('白宫发言人表示。', 'The White House spokesman said.') +
          tuOf('百分之五十的人。', '50% of people.'),
      ),
    );
  });

  it('finds a Chinese phrase inside sentences (substring, no word boundaries) and marks it', async () => {
    const r = await searchMemory(db, admin, { q: '发言人', side: 'source', offset: 0, limit: 10 });
    expect(r.units.map((u) => u.source).sort()).toEqual(['克里姆林宫发言人表示。', '白宫发言人表示。']);
    expect(r.units[0]!.sourcePieces.filter((p) => p.hit).map((p) => p.text)).toEqual(['发言人']);
  });

  it('ignores case for Latin text on the target side, with paging and the total', async () => {
    const first = await searchMemory(db, admin, { q: 'KREMLIN', side: 'target', lang: 'en', offset: 0, limit: 1 });
    expect(first.total).toBe(2);
    expect(first.units).toHaveLength(1);
    const second = await searchMemory(db, admin, { q: 'KREMLIN', side: 'target', lang: 'en', offset: 1, limit: 1 });
    expect([first.units[0]!.target, second.units[0]!.target].sort()).toEqual([
      'The Kremlin spokesman said.',
      'the kremlin declined to comment.',
    ]);
    expect(second.units[0]!.targetPieces.some((p) => p.hit && p.text.toLowerCase() === 'kremlin')).toBe(true);
  });

  it('takes % and _ literally, not as LIKE wildcards', async () => {
    expect((await searchMemory(db, admin, { q: '%', side: 'target', offset: 0, limit: 10 })).units.map((u) => u.target)).toEqual([
      '50% of people.',
    ]);
    expect((await searchMemory(db, admin, { q: 'The_', side: 'target', offset: 0, limit: 10 })).total).toBe(0);
  });

  it('shows a translator only the units of their projects and the shared ones', async () => {
    expect((await searchMemory(db, admin, { q: '段落', side: 'source', offset: 0, limit: 10 })).total).toBeGreaterThan(0);
    expect((await searchMemory(db, translator, { q: '段落', side: 'source', offset: 0, limit: 10 })).total).toBe(0);
    expect((await searchMemory(db, translator, { q: '发言人', side: 'source', offset: 0, limit: 10 })).total).toBe(2);
  });

  it('answers nothing for an empty phrase or another language', async () => {
    expect((await searchMemory(db, admin, { q: '  ', side: 'source', offset: 0, limit: 10 })).total).toBe(0);
    expect((await searchMemory(db, admin, { q: '发言人', side: 'source', lang: 'ru', offset: 0, limit: 10 })).total).toBe(0);
  });
});

describe('the fuzzy index', () => {
  // Paging stops at the first short page: if the page asked of the database and the page the index expects
  // differed, loading would stop after one page and every later unit would silently be missing.
  it('reads past one page, when first built and when refreshed', async () => {
    const units = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => {
        const source = `分页测试句子第${from + i}号`;
        return {
          sourceLang: 'zh',
          targetLang: 'x-page',
          source,
          target: `page ${from + i}`,
          sourceHash: hashSource(source),
          origin: 'tmx',
        };
      });
    await db.tmUnit.createMany({ data: units(0, 25) });
    expect((await memoryIndex(db, 'zh', 'x-page', { pageSize: 10 })).size).toBe(25);
    await db.tmUnit.createMany({ data: units(25, 21) });
    const index = await memoryIndex(db, 'zh', 'x-page');
    expect(index.size).toBe(46);
    expect(index.exact('分页测试句子第45号').map((m) => m.entry.target)).toEqual(['page 45']);
  });
});

describe('a TMX import the database stops in the middle', () => {
  it('says how far it got and that importing the file again completes it, which it does without copies', async () => {
    const tus = Array.from({ length: 2500 }, (_, i) => tuOf(`中断${i}。`, `Stopped ${i}.`)).join('');
    const lift = await failInsertsOf(db, 'TmUnit', 'source', '中断2100。');
    const err = await importMemoryTmx(db, 'big.tmx', tmxOf(tus)).catch((e: unknown) => e);
    await lift();
    expect(err).toMatchObject({ code: 'tm_import_stopped', status: 500, details: { file: 'big.tmx', stored: 2000 } });
    expect((err as Error).message).toMatch(
      /^big\.tmx: the import stopped after 2000 units \(.*simulated failure.*\); import the file again/,
    );
    expect(await db.tmUnit.count({ where: { source: { startsWith: '中断' } } })).toBe(2000);
    expect(await importMemoryTmx(db, 'big.tmx', tmxOf(tus))).toMatchObject({ created: 500, updated: 2000 });
    expect(await db.tmUnit.count({ where: { source: { startsWith: '中断' } } })).toBe(2500);
  });
});
