/**
 * Chooses the Prisma driver adapter from the database URL.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** A parsed DATABASE_URL. */
export interface DbTarget {
  provider: 'sqlite';
  url: string;
  /** For SQLite: the file path (or ":memory:"). */
  file: string;
}

/** Parses `file:./data/bitext.db` style URLs; throws with a clear message on anything else. */
export function parseDatabaseUrl(url: string): DbTarget {
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error(`DATABASE_URL "${url}" names no file`);
    return { provider: 'sqlite', url, file };
  }
  throw new Error(`DATABASE_URL "${url}" is not supported: use file:PATH for SQLite`);
}

/** Builds the migration-aware adapter factory for a target, creating the SQLite folder if needed. */
export function adapterFactoryFor(target: DbTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.file !== ':memory:') mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
  return new PrismaBetterSqlite3({ url: target.file, timeout: 10_000 });
}
