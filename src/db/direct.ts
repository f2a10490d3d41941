/**
 * Raw statements straight on the app's SQLite connection, for the hot path of an editor save (its access check and
 * reads, and the one save transaction). Through Prisma each raw statement of a save cost 0.1–0.2 ms of the one
 * JavaScript thread in the client runtime (query plan interpretation, argument and result mapping), about a quarter of
 * the server's CPU under load (`--cpu-prof` of bench/load.ts); here a statement is a cached better-sqlite3 statement.
 *
 * The statements hold the same lock as the Prisma adapter's transactions (src/db/adapter.ts), so they never run
 * inside somebody else's open transaction, and {@link transactionOf} commits all or nothing exactly as
 * `$transaction` does. On PostgreSQL everything goes through Prisma as before.
 */
import type Database from 'better-sqlite3';
import type { SqliteConnection } from './adapter.js';
import type { Db, DbOrTx } from './client.js';

/**
 * What the save path's statements need of a database client: the four raw methods of Prisma's client and
 * transaction client (`$queryRaw` only as a tagged template with plain values).
 */
export interface RawSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): PromiseLike<number>;
}

/** Statements kept prepared for direct use (separate from the adapter's: these return plain numbers). */
const PREPARED = 200;

/** A direct SQLite client: {@link RawSql} outside a transaction, and a transaction runner. */
interface Direct {
  /** False once the connection is closed ($disconnect): Prisma opens a new one on its next query. */
  open(): boolean;
  raw: RawSql;
  transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T>;
}

const directs = new WeakMap<object, Direct>();
let onStatement: ((sql: string, ms: number) => void) | undefined;

/**
 * Calls `listener` with the SQL and the time in ms of every direct statement from now on (bench/save.ts counts and
 * times statements); undefined stops.
 */
export function watchDirectStatements(listener: ((sql: string, ms: number) => void) | undefined): void {
  onStatement = listener;
}

/** Parameters as Prisma's SQLite adapter stores them: ISO dates with an explicit offset, booleans as 0/1. */
function param(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString().replace('Z', '+00:00');
  return v;
}

/** Registers the direct client of `db` once its SQLite connection is open (called from openDatabase). */
export function attachDirect(db: object, conn: SqliteConnection): void {
  const { client } = conn;
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (stmt) cache.delete(sql);
    else {
      stmt = conn.prepare(sql);
      stmt.safeIntegers(false);
      if (cache.size >= PREPARED) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  const query = (sql: string, values: unknown[]): unknown[] => {
    const t0 = onStatement ? performance.now() : 0;
    const stmt = prepared(sql);
    const args = values.map(param);
    const rows = stmt.reader ? stmt.all(args) : (stmt.run(args), []);
    onStatement?.(sql, performance.now() - t0);
    return rows;
  };
  const execute = (sql: string, values: unknown[]): number => {
    const t0 = onStatement ? performance.now() : 0;
    const stmt = prepared(sql);
    const args = values.map(param);
    const changes = stmt.reader ? stmt.all(args).length : stmt.run(args).changes;
    onStatement?.(sql, performance.now() - t0);
    return changes;
  };
  const control = (sql: string) => {
    const t0 = onStatement ? performance.now() : 0;
    prepared(sql).run();
    onStatement?.(sql, performance.now() - t0);
  };
  const templateSql = (strings: TemplateStringsArray) => strings.join('?');
  const rawIn = (locked: boolean): RawSql => {
    const run = async <T>(f: () => T): Promise<T> => {
      if (locked) return f();
      const release = await conn.acquire();
      try {
        return f();
      } finally {
        release();
      }
    };
    return {
      $queryRaw: <T>(strings: TemplateStringsArray, ...values: unknown[]) => run(() => query(templateSql(strings), values) as T),
      $executeRaw: (strings: TemplateStringsArray, ...values: unknown[]) => run(() => execute(templateSql(strings), values)),
      $queryRawUnsafe: <T>(sql: string, ...values: unknown[]) => run(() => query(sql, values) as T),
      $executeRawUnsafe: (sql: string, ...values: unknown[]) => run(() => execute(sql, values)),
    };
  };
  const inTx = rawIn(true);
  directs.set(db, {
    open: () => client.open,
    raw: rawIn(false),
    async transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T> {
      const release = await conn.acquire();
      try {
        // IMMEDIATE: the write lock up front (another process, e.g. `bitext import`, may be writing: busy timeout).
        control('BEGIN IMMEDIATE');
        try {
          const result = await fn(inTx);
          control('COMMIT');
          return result;
        } catch (e) {
          if (client.inTransaction) control('ROLLBACK');
          throw e;
        }
      } finally {
        release();
      }
    },
  });
}

/** The raw statements of `db`: direct on SQLite once connected, Prisma's otherwise. */
export function rawOf(db: DbOrTx): RawSql {
  const direct = directs.get(db);
  return direct?.open() ? direct.raw : db;
}

/**
 * Runs `fn` in one transaction of `db` (all its writes commit or none): direct on SQLite, Prisma's `$transaction`
 * otherwise (also before the SQLite connection is open: the first query opens it).
 */
export function transactionOf<T>(db: Db, fn: (tx: RawSql) => Promise<T>): Promise<T> {
  const direct = directs.get(db);
  return direct?.open() ? direct.transaction(fn) : db.$transaction((tx) => fn(tx));
}
