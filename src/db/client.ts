/**
 * Opens the database: creates and migrates it on first use, then returns a Prisma client over the
 * driver adapter chosen by DATABASE_URL (SQLite or PostgreSQL).
 */
import { PrismaClient } from './generated/client.js';
import { PrismaClient as PgPrismaClient } from './generated-pg/client.js';
import { adapterFactoryFor, parseDatabaseUrl, type Provider } from './adapter.js';
import { migrate } from './migrate.js';
import type Database from 'better-sqlite3';

/**
 * The Prisma client type used across src/db. Typed by the SQLite client; the PostgreSQL client has
 * the same models and methods (its own query compiler inside), so callers never see the difference.
 */
export type Db = PrismaClient;

/** A transaction client: the argument of an interactive `$transaction`. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** The database or a transaction on it: what a write that may run inside a caller's transaction takes. */
export type DbOrTx = Db | Tx;

const migrated = new Set<string>();
const providers = new WeakMap<object, Provider>();
const sqliteConnections = new WeakMap<object, () => Database.Database | undefined>();

/** The SQL dialect of a client, for the few raw statements and provider-specific filters. */
export function providerOf(db: object): Provider {
  return providers.get(db) ?? 'sqlite';
}

/**
 * The better-sqlite3 connection under a SQLite client (undefined on PostgreSQL or before the first query). There is
 * one connection per client and a transaction is that connection's, so a statement run on it while the client's
 * interactive transaction is open belongs to that transaction (committed or rolled back with it). For bulk inserts
 * only (src/db/documents.ts): a prepared statement run per row costs a fraction of Prisma's per-parameter work.
 */
export function sqliteConnectionOf(db: object): Database.Database | undefined {
  return sqliteConnections.get(db)?.();
}

/** True for a unique-constraint violation (Prisma P2002, PostgreSQL 23505). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } };
  const cause = err?.meta?.driverAdapterError?.cause;
  return err?.code === 'P2002' || err?.code === '23505' || cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation';
}

/** Opens (and, once per process and URL, migrates) the database at `url`. */
export async function openDatabase(url: string): Promise<Db> {
  const target = parseDatabaseUrl(url);
  if (!migrated.has(url)) {
    await migrate(target);
    migrated.add(url);
  }
  if (target.provider === 'postgresql') {
    // Generated from the same models (prisma/postgres/schema.prisma is derived from prisma/schema.prisma).
    const db = new PgPrismaClient({ adapter: adapterFactoryFor(target) }) as unknown as Db;
    providers.set(db, 'postgresql');
    return db;
  }
  let connection: Database.Database | undefined;
  const db = new PrismaClient({ adapter: adapterFactoryFor(target, (c) => (connection = c)) });
  providers.set(db, 'sqlite');
  sqliteConnections.set(db, () => (connection?.open ? connection : undefined));
  // WAL lets readers (the editor) work while a long import or pretranslation writes.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  // In WAL mode NORMAL keeps the database consistent after a crash and skips an fsync per commit.
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return db;
}
