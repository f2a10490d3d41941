/**
 * The save path's statements run directly on the SQLite connection (src/db/direct.ts), outside Prisma. They must keep
 * the rules of the connection: never run inside somebody else's open transaction, commit all or nothing, and leave
 * the Prisma adapter's (now reused) prepared statements working. WAL checkpoints run in a worker thread
 * (src/db/checkpointer.ts) instead of inside a commit of the server's connection.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointInBackground, type Db } from '../../src/db/client.js';
import { rawOf, transactionOf } from '../../src/db/direct.js';
import { freshDb } from '../helpers/db.js';
import { TEST_DATABASE } from '../helpers/testDatabase.js';

let db: Db;
let url: string;
beforeAll(async () => {
  ({ db, url } = await freshDb());
  await db.project.count();
});
afterAll(async () => db.$disconnect());

function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const names = async () => (await db.project.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((p) => p.name);

describe.runIf(TEST_DATABASE !== 'postgres')('direct SQLite statements', () => {
  it('roll a failed transaction back whole, and make Prisma queries sent meanwhile wait for its end', async () => {
    const inside = gate();
    const release = gate();
    const failed = transactionOf(db, async (tx) => {
      await tx.$executeRaw`INSERT INTO "Project" ("name", "sourceLang", "targetLangs", "updatedAt") VALUES (${'direct-uncommitted'}, ${'zh'}, ${'en'}, ${new Date()})`;
      inside.open();
      await release.opened;
      throw new Error('the business rule says no');
    }).catch((e: Error) => e.message);
    await inside.opened;
    const read = db.project.findMany({ select: { name: true } }).then((rows) => rows.map((p) => p.name));
    const rawRead = Promise.resolve(rawOf(db).$queryRaw<{ name: string }[]>`SELECT "name" FROM "Project"`).then((rows) =>
      rows.map((p) => p.name),
    );
    await new Promise((resolve) => setImmediate(resolve));
    release.open();
    expect(await failed).toBe('the business rule says no');
    expect(await read).not.toContain('direct-uncommitted');
    expect(await rawRead).not.toContain('direct-uncommitted');
    expect(await names()).not.toContain('direct-uncommitted');
  });

  it('wait for an open Prisma transaction instead of reading its uncommitted rows', async () => {
    const inside = gate();
    const release = gate();
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.project.create({ data: { name: 'prisma-uncommitted', sourceLang: 'zh', targetLangs: 'en' } });
        inside.open();
        await release.opened;
        throw new Error('no');
      })
      .catch((e: Error) => e.message);
    await inside.opened;
    const rawRead = Promise.resolve(rawOf(db).$queryRaw<{ name: string }[]>`SELECT "name" FROM "Project"`).then((rows) =>
      rows.map((p) => p.name),
    );
    await new Promise((resolve) => setImmediate(resolve));
    release.open();
    expect(await rolledBack).toBe('no');
    expect(await rawRead).not.toContain('prisma-uncommitted');
  });

  it('commit a transaction that succeeds, with plain numbers, booleans and dates as Prisma stores them', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    await transactionOf(db, async (tx) => {
      await tx.$executeRaw`INSERT INTO "Project" ("name", "sourceLang", "targetLangs", "createdAt", "updatedAt") VALUES (${'committed'}, ${'zh'}, ${'en'}, ${at}, ${at})`;
    });
    const row = await db.project.findFirstOrThrow({ where: { name: 'committed' } });
    expect(row.createdAt.toISOString()).toBe(at.toISOString());
    const [raw] = await rawOf(db).$queryRaw<{ id: unknown }[]>`SELECT "id" FROM "Project" WHERE "name" = ${'committed'}`;
    expect(raw!.id).toBe(row.id);
  });

  it('leave the Prisma adapter answering the same statement with other arguments correctly (statements are reused)', async () => {
    const a = await db.project.create({ data: { name: 'reuse-a', sourceLang: 'zh', targetLangs: 'en' } });
    const b = await db.project.create({ data: { name: 'reuse-b', sourceLang: 'zh', targetLangs: 'ru' } });
    for (let i = 0; i < 3; i++) {
      expect((await db.project.findUniqueOrThrow({ where: { id: a.id } })).name).toBe('reuse-a');
      expect((await db.project.findUniqueOrThrow({ where: { id: b.id } })).targetLangs).toBe('ru');
    }
  });

  it('checkpoint the WAL in a worker thread while the connection no longer checkpoints on commit', async () => {
    const file = url.replace(/^file:/, '');
    const checkpointer = checkpointInBackground(db, () => {})!;
    try {
      await checkpointer.ready;
      const [setting] = await db.$queryRawUnsafe<{ wal_autocheckpoint: unknown }[]>('PRAGMA wal_autocheckpoint');
      expect(Number(setting!.wal_autocheckpoint)).toBe(0);
      const before = statSync(file).size;
      // About 2 MB of new pages: they reach the database file only through a checkpoint.
      const text = 'x'.repeat(4000);
      await transactionOf(db, async (tx) => {
        for (let i = 0; i < 500; i++)
          await tx.$executeRaw`INSERT INTO "Project" ("name", "sourceLang", "targetLangs", "updatedAt") VALUES (${`wal-${i}-${text}`}, ${'zh'}, ${'en'}, ${new Date()})`;
      });
      let after = before;
      for (let i = 0; i < 100 && after < before + 1_000_000; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = statSync(file).size;
      }
      expect(after).toBeGreaterThan(before + 1_000_000);
    } finally {
      await checkpointer.stop();
    }
  });
});
