/**
 * Bulk writes of the translation memory (TMX imports, XLIFF imports, `tm rebuild`): stored units are updated with
 * one multi-row statement per chunk, and each chunk of a big import commits on its own, so an import never holds
 * the database (SQLite's one writer) for longer than a chunk. Runs on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importTmUnits, upsertTmUnits, type TmUnitInput } from '../../src/db/tm.js';
import { hashSource } from '../../src/domain/tm/index.js';
import { failInsertsOf, freshDb } from '../helpers/db.js';

let db: Db;
beforeAll(async () => {
  db = (await freshDb()).db;
});
afterAll(async () => db.$disconnect());

const unit = (source: string, target: string, extra: Partial<TmUnitInput> = {}): TmUnitInput => ({
  sourceLang: 'zh',
  targetLang: 'en',
  source,
  target,
  sourceHash: hashSource(source),
  projectId: null,
  createdBy: 'ann',
  origin: 'tmx',
  prevHash: '',
  nextHash: '',
  ...extra,
});

const stored = (source: string) =>
  db.tmUnit.findMany({ where: { source }, orderBy: { id: 'asc' } }).then((rows) => rows.map(({ id: _i, createdAt: _c, ...r }) => r));

describe('updating stored units in bulk', () => {
  it('gives each stored unit its own new user, origin, segment, context and flag, and a newer time; new pairs become units', async () => {
    await upsertTmUnits(db, [unit('第一句。', 'First.'), unit('第二句。', 'Second.'), unit('第三句。', 'Third.')]);
    const before = await db.tmUnit.findFirstOrThrow({ where: { source: '第一句。' } });
    const r = await importTmUnits(db, [
      unit('第一句。', 'First.', {
        createdBy: 'bo',
        origin: 'editor',
        segmentId: 7,
        documentId: 3,
        prevHash: 'p1',
        nextHash: 'n1',
        qaErrors: true,
      }),
      unit('第二句。', 'Second.', { createdBy: 'cy', origin: 'import', prevHash: 'p2' }),
      unit('第二句。', 'Another second.'),
      unit('第四句。', 'Fourth.'),
    ]);
    expect(r).toEqual({ created: 2, updated: 2 });
    const [first] = await stored('第一句。');
    expect(first).toMatchObject({
      createdBy: 'bo',
      origin: 'editor',
      segmentId: 7,
      documentId: 3,
      prevHash: 'p1',
      nextHash: 'n1',
      qaErrors: true,
    });
    expect(first!.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect((await stored('第二句。')).map((u) => [u.target, u.createdBy, u.origin, u.prevHash])).toEqual([
      ['Second.', 'cy', 'import', 'p2'],
      ['Another second.', 'ann', 'tmx', ''],
    ]);
    // Units not named are left as they were.
    expect((await stored('第三句。'))[0]).toMatchObject({ createdBy: 'ann', origin: 'tmx', segmentId: null });
  });
});

describe('a big import', () => {
  it('commits chunk by chunk: a failure in a later chunk keeps the earlier ones, and importing again completes it without copies', async () => {
    const units = Array.from({ length: 4500 }, (_, i) => unit(`批量${i}。`, `Bulk ${i}.`));
    const lift = await failInsertsOf(db, 'TmUnit', 'source', '批量3000。');
    const progress: number[] = [];
    await expect(importTmUnits(db, units, (done) => progress.push(done))).rejects.toThrow(/simulated failure/);
    await lift();
    // The first chunk (2,000 units) was committed; the failing chunk left nothing behind.
    expect(progress).toEqual([2000]);
    expect(await db.tmUnit.count({ where: { source: { startsWith: '批量' } } })).toBe(2000);
    expect(await importTmUnits(db, units)).toEqual({ created: 2500, updated: 2000 });
    expect(await db.tmUnit.count({ where: { source: { startsWith: '批量' } } })).toBe(4500);
  });
});
