/**
 * Chooses the Prisma driver adapter from the database URL: `file:` → SQLite, `postgres://` or
 * `postgresql://` → PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import { redactUrl } from '../config.js';
import { LIKE_ESCAPE, likeMatcher } from '../domain/userPattern.js';

/** A parsed DATABASE_URL. */
export type DbTarget =
  | {
      provider: 'sqlite';
      url: string;
      /** The file path (or ":memory:"). */
      file: string;
    }
  | {
      provider: 'postgresql';
      url: string;
      /** The database name from the URL's path. */
      database: string;
    };

/** The two database systems bitext runs on. */
export type Provider = DbTarget['provider'];

/** Parses `file:./data/bitext.db` and `postgres://user:pass@host:5432/name` URLs; throws a clear message on anything else. */
export function parseDatabaseUrl(url: string): DbTarget {
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error(`DATABASE_URL "${url}" names no file`);
    return { provider: 'sqlite', url, file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`DATABASE_URL "${redactUrl(url)}" is not a valid URL`);
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!database || database.includes('/'))
      throw new Error(`DATABASE_URL "${redactUrl(url)}" names no database (postgres://USER:PASSWORD@HOST:5432/DATABASE)`);
    return { provider: 'postgresql', url, database };
  }
  throw new Error(
    `DATABASE_URL "${redactUrl(url)}" is not supported: use file:PATH for SQLite or postgres://USER:PASSWORD@HOST:5432/DATABASE for PostgreSQL`,
  );
}

/**
 * Builds the migration-aware adapter factory for a target, creating the SQLite folder if needed. `onSqliteConnect`
 * receives the better-sqlite3 connection the adapter opens (see `sqliteConnectionOf` in client.ts).
 */
export function adapterFactoryFor(
  target: DbTarget,
  onSqliteConnect?: (connection: Database.Database) => void,
): SqlMigrationAwareDriverAdapterFactory {
  if (target.provider === 'postgresql') return new PrismaPg({ connectionString: target.url });
  return sqliteFactory(target, { serialise: true, onConnect: onSqliteConnect });
}

/**
 * The SQLite factory. The app's connection serialises transactions with the queries outside them; the schema
 * engine's (migrations, one caller at a time) keeps the adapter's own behaviour, since the engine may query
 * outside the transaction it opened.
 */
function sqliteFactory(
  target: Extract<DbTarget, { provider: 'sqlite' }>,
  options: { serialise: boolean; onConnect?: ((connection: Database.Database) => void) | undefined },
): SqlMigrationAwareDriverAdapterFactory {
  if (target.file !== ':memory:') mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
  const factory = new PrismaBetterSqlite3({ url: target.file, timeout: 10_000 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = withUnicodeLike(await factory.connect());
      const client = (adapter as unknown as { client?: Database.Database }).client;
      if (client && options.onConnect) options.onConnect(client);
      return options.serialise ? serialisedTransactions(adapter) : adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

/**
 * Makes SQLite's LIKE (Prisma's `contains`) behave as PostgreSQL's ILIKE: case-insensitive for every script
 * (the built-in LIKE folds only ASCII letters, so "москва" missed "Москва") and with `\\` as the default
 * escape character, so that text escaped by `escapeLike` (src/domain/userPattern.ts) is matched literally on
 * both databases. The matcher uses no regular expression (a user's `%_%_%___…` once froze the server).
 * Registered on the adapter's better-sqlite3 connection (the adapter keeps it as `client`).
 */
function withUnicodeLike<A extends SqlDriverAdapter>(adapter: A): A {
  const client = (adapter as unknown as { client?: Database.Database }).client;
  if (!client || typeof client.function !== 'function') return adapter;
  let last: { pattern: string; escape: string; test: (value: string) => boolean } | undefined;
  const like = (pattern: unknown, value: unknown, escape: unknown = LIKE_ESCAPE): number => {
    if (typeof pattern !== 'string' || value === null || value === undefined) return 0;
    const esc = typeof escape === 'string' ? escape : '';
    if (!last || last.pattern !== pattern || last.escape !== esc) last = { pattern, escape: esc, test: likeMatcher(pattern, esc) };
    return last.test(String(value)) ? 1 : 0;
  };
  client.function('like', { deterministic: true }, (p: unknown, v: unknown) => like(p, v));
  client.function('like', { deterministic: true }, (p: unknown, v: unknown, e: unknown) => like(p, v, e));
  return adapter;
}

/**
 * Keeps SQLite's single connection from mixing work: the adapter runs every query on one better-sqlite3
 * connection and locks only transactions against each other, so a query made outside an open interactive
 * transaction ran inside it (it read uncommitted rows, and a write acknowledged to its caller was undone when the
 * transaction rolled back). Here a transaction holds a lock from BEGIN to COMMIT/ROLLBACK and every query outside
 * it waits for the lock; queries of the transaction itself go through the transaction object, not through here.
 */
function serialisedTransactions<A extends SqlDriverAdapter>(adapter: A): A {
  let tail: Promise<void> = Promise.resolve();
  const acquire = (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = tail;
    tail = tail.then(() => held);
    return ready.then(() => release);
  };
  const exclusive =
    <T extends unknown[], R>(run: (...args: T) => Promise<R>) =>
    async (...args: T): Promise<R> => {
      const release = await acquire();
      try {
        return await run(...args);
      } finally {
        release();
      }
    };
  const start = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const release = await acquire();
    try {
      const tx = await start(isolationLevel);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        release();
      };
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => commit().finally(end);
      tx.rollback = () => rollback().finally(end);
      return tx;
    } catch (err) {
      release();
      throw err;
    }
  };
  adapter.queryRaw = exclusive(adapter.queryRaw.bind(adapter));
  adapter.executeRaw = exclusive(adapter.executeRaw.bind(adapter));
  adapter.executeScript = exclusive(adapter.executeScript.bind(adapter));
  return adapter;
}

/**
 * A pg pool whose results report PostgreSQL's internal `"char"` type (OID 18, used by the catalogs) as
 * text: @prisma/adapter-pg 7.10 refuses that type, which breaks the schema engine's introspection (diff).
 */
class CatalogPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result as never;
    return result.then((r: pg.QueryResult) => {
      for (const f of r.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
      return r;
    }) as never;
  }
}

/** The adapter factory for the schema engine (migrations, diff): on PostgreSQL one that can read the catalogs. */
export function schemaEngineAdapterFactoryFor(target: DbTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.provider !== 'postgresql') return sqliteFactory(target, { serialise: false });
  const plain = new PrismaPg({ connectionString: target.url });
  return {
    provider: plain.provider,
    adapterName: plain.adapterName,
    connect: () => new PrismaPg(new CatalogPool({ connectionString: target.url }), { disposeExternalPool: true }).connect(),
    connectToShadowDb: () => plain.connectToShadowDb(),
  };
}
