/**
 * Opens the database: creates and migrates it on first use, then returns a Prisma client over the
 * driver adapter chosen by DATABASE_URL (SQLite or PostgreSQL).
 */
import { PrismaClient } from './generated/client.js';
import { PrismaClient as PgPrismaClient } from './generated-pg/client.js';
import { adapterFactoryFor, parseDatabaseUrl, type Provider } from './adapter.js';
import { migrate } from './migrate.js';
import { attachDirect, rawOf } from './direct.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import type { SqliteConnection } from './adapter.js';

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
const sqliteFiles = new WeakMap<object, string>();
const sqliteConnections = new WeakMap<object, SqliteConnection>();

/** The SQL dialect of a client, for the few raw statements and provider-specific filters. */
export function providerOf(db: object): Provider {
  return providers.get(db) ?? 'sqlite';
}

/**
 * The SQLite connection under a client (undefined on PostgreSQL or before the first query): the better-sqlite3
 * database and its own `prepare`. There is one connection per client and a transaction is that connection's, so a
 * statement run on it while the client's interactive transaction is open belongs to that transaction (committed or
 * rolled back with it). For bulk inserts (src/db/documents.ts): a prepared statement run per row costs a fraction of
 * Prisma's per-parameter work.
 */
export function sqliteConnectionOf(db: object): SqliteConnection | undefined {
  const conn = sqliteConnections.get(db);
  return conn?.client.open ? conn : undefined;
}

/** True for a unique-constraint violation (Prisma P2002, PostgreSQL 23505, better-sqlite3's code for direct statements). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } };
  const cause = err?.meta?.driverAdapterError?.cause;
  return (
    err?.code === 'P2002' ||
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    cause?.originalCode === '23505' ||
    cause?.kind === 'UniqueConstraintViolation'
  );
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
  // Once Prisma opens the connection, the save path's statements may run on it directly (src/db/direct.ts).
  const db: PrismaClient = new PrismaClient({
    adapter: adapterFactoryFor(target, (conn) => {
      sqliteConnections.set(db, conn);
      attachDirect(db, conn);
    }),
  });
  providers.set(db, 'sqlite');
  if (target.file !== ':memory:') sqliteFiles.set(db, target.file);
  // WAL lets readers (the editor) work while a long import or pretranslation writes.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  // In WAL mode NORMAL keeps the database consistent after a crash and skips an fsync per commit.
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return db;
}

/**
 * For a long-running process on SQLite (the server): WAL checkpoints move to a worker thread (src/db/checkpointer.ts)
 * and the connection stops making them on commit, which blocked the one JavaScript thread (a COMMIT of up to 46 ms
 * under bench/load.ts). Does nothing (undefined) on PostgreSQL or an in-memory database.
 */
export function checkpointInBackground(db: Db, log: (line: string) => void): Checkpointer | undefined {
  const file = sqliteFiles.get(db);
  if (!file) return undefined;
  return startCheckpointer(file, {
    onReady: async () => {
      await db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0');
    },
    // Copies only what was written since the worker's last checkpoint, so that the next commit restarts the log.
    onFinish: async () => {
      await rawOf(db).$queryRawUnsafe('PRAGMA wal_checkpoint(PASSIVE)');
    },
    onExit: async (err) => {
      // The connection checkpoints on commit again (SQLite's default), so the log cannot grow without bound.
      log(`bitext: background WAL checkpoints stopped${err ? `: ${err.message}` : ''}; checkpointing on commit again\n`);
      await db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 1000');
    },
  });
}
