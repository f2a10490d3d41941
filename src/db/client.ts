/**
 * Opens the database: creates and migrates it on first use, then returns a Prisma client over the
 * driver adapter chosen by DATABASE_URL.
 */
import { PrismaClient } from './generated/client.js';
import { adapterFactoryFor, parseDatabaseUrl } from './adapter.js';
import { migrate } from './migrate.js';

/** The Prisma client type used across src/db. */
export type Db = PrismaClient;

const migrated = new Set<string>();

/** Opens (and, once per process and URL, migrates) the database at `url`. */
export async function openDatabase(url: string): Promise<Db> {
  const target = parseDatabaseUrl(url);
  if (!migrated.has(url)) {
    await migrate(target);
    migrated.add(url);
  }
  const db = new PrismaClient({ adapter: adapterFactoryFor(target) });
  // WAL lets readers (the editor) work while a long import or pretranslation writes.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return db;
}
