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
const providers = new WeakMap<object, 'sqlite' | 'postgresql'>();

/** The SQL dialect of a client, for the few raw statements (bulk inserts). */
export function providerOf(db: object): 'sqlite' | 'postgresql' {
  return providers.get(db) ?? 'sqlite';
}

/** Opens (and, once per process and URL, migrates) the database at `url`. */
export async function openDatabase(url: string): Promise<Db> {
  const target = parseDatabaseUrl(url);
  if (!migrated.has(url)) {
    await migrate(target);
    migrated.add(url);
  }
  const db = new PrismaClient({ adapter: adapterFactoryFor(target) });
  providers.set(db, target.provider);
  // WAL lets readers (the editor) work while a long import or pretranslation writes.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  // In WAL mode NORMAL keeps the database consistent after a crash and skips an fsync per commit.
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return db;
}
