/**
 * SQLite has one connection per app process (the better-sqlite3 adapter): while an interactive transaction is
 * open, a query made outside it used to run on the same connection, inside the open transaction. It then saw
 * uncommitted rows, and a write acknowledged to its caller was undone when the transaction rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { freshDb } from '../helpers/db.js';
import { TEST_DATABASE } from '../helpers/testDatabase.js';

let db: Db;
beforeAll(async () => {
  db = (await freshDb()).db;
});
afterAll(async () => db.$disconnect());

/** A promise and the function that resolves it, to hold a transaction open exactly as long as a test needs. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.runIf(TEST_DATABASE !== 'postgres')('queries outside an open SQLite transaction', () => {
  it('wait for it, so a write acknowledged meanwhile survives its rollback and nobody reads its uncommitted rows', async () => {
    const inside = gate();
    const release = gate();
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.project.create({ data: { name: 'uncommitted', sourceLang: 'zh', targetLangs: 'en' } });
        inside.open();
        await release.opened;
        throw new Error('the business rule says no');
      })
      .catch((e: Error) => e.message);
    await inside.opened;
    // Both are sent while the transaction is open (a Prisma query runs when it is awaited or .then'd); they may
    // only run once it has ended. The transaction is held until both have been given a chance to run.
    const write = db.project.create({ data: { name: 'acknowledged', sourceLang: 'zh', targetLangs: 'en' } }).then((p) => p);
    const read = db.project.findMany({ select: { name: true } }).then((rows) => rows);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    release.open();
    expect(await rolledBack).toBe('the business rule says no');
    await write;
    expect((await read).map((p) => p.name)).not.toContain('uncommitted');
    expect((await db.project.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((p) => p.name)).toEqual(['acknowledged']);
  });

  it('still let a transaction run its own queries and later transactions start', async () => {
    await db.$transaction(async (tx) => {
      await tx.project.create({ data: { name: 'one', sourceLang: 'zh', targetLangs: 'en' } });
      expect(await tx.project.count({ where: { name: 'one' } })).toBe(1);
    });
    await db.$transaction([db.project.create({ data: { name: 'two', sourceLang: 'zh', targetLangs: 'en' } })]);
    expect(await db.project.count({ where: { name: { in: ['one', 'two'] } } })).toBe(2);
  });
});
