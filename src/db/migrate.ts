/**
 * Applies the migrations to the database at start, exactly as `prisma migrate deploy` would (same
 * folder layout, same `_prisma_migrations` bookkeeping): prisma/migrations on SQLite,
 * prisma/postgres/migrations on PostgreSQL.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { openSchemaEngine } from './schemaEngine.js';
import { schemaEngineAdapterFactoryFor, type DbTarget, type Provider } from './adapter.js';
import { PRISMA_DIR } from './paths.js';
import { redactUrl } from '../config.js';

/** The schema file and migrations folder of a provider: prisma/ for SQLite, prisma/postgres/ for PostgreSQL. */
export function prismaFiles(provider: Provider): { schemaPath: string; migrationsDir: string } {
  const dir = provider === 'postgresql' ? path.join(PRISMA_DIR, 'postgres') : PRISMA_DIR;
  return { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
}

const APPLIED_SQL = 'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';

/** Reads a migrations folder into the structure the schema engine expects. */
export async function loadMigrations(baseDir: string): Promise<MigrationList> {
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(baseDir, name, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/**
 * Names of the migrations recorded as applied, read through a plain connection (on SQLite a
 * read-only one, without a lock), or undefined when the database or its migrations table does not
 * exist yet. A PostgreSQL database that does not exist is created (as a SQLite file would be).
 */
async function appliedMigrations(target: DbTarget): Promise<Set<string> | undefined> {
  if (target.provider === 'postgresql') {
    const client = new pg.Client({ connectionString: target.url });
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => {});
      if ((e as { code?: string }).code !== '3D000') throw e; // 3D000: database does not exist
      await createPostgresDatabase(target);
      return undefined;
    }
    try {
      const { rows } = await client.query<{ name: string }>(APPLIED_SQL);
      return new Set(rows.map((r) => r.name));
    } catch {
      return undefined;
    } finally {
      await client.end();
    }
  }
  if (target.file === ':memory:' || !existsSync(target.file)) return undefined;
  const db = new Database(target.file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(APPLIED_SQL).all() as { name: string }[];
    return new Set(rows.map((r) => r.name));
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

/** Creates the database a PostgreSQL URL names, connected to the server's `postgres` database. */
async function createPostgresDatabase(target: Extract<DbTarget, { provider: 'postgresql' }>): Promise<void> {
  const admin = new URL(target.url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${target.database.replace(/"/g, '""')}"`);
  } catch (e) {
    // Created meanwhile by another process: 42P04 (duplicate_database), or 23505 when both inserted at once.
    if (!['42P04', '23505'].includes((e as { code?: string }).code ?? '')) {
      throw new Error(`cannot create the database of ${redactUrl(target.url)}: ${(e as Error).message}`, { cause: e });
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Brings the database up to the newest migration; returns the names it applied. When every
 * migration is already recorded, the schema engine is not started: on SQLite it takes an exclusive
 * lock, which would fail while another process (`bitext serve`, a running pretranslation) has the
 * database open.
 */
export async function migrate(target: DbTarget): Promise<string[]> {
  const { schemaPath, migrationsDir } = prismaFiles(target.provider);
  const migrations = await loadMigrations(migrationsDir);
  const applied = await appliedMigrations(target);
  if (applied && migrations.migrationDirectories.every((d) => applied.has(d.path))) return [];
  const { engine, close } = await openSchemaEngine(
    { path: schemaPath, content: await readFile(schemaPath, 'utf8') },
    schemaEngineAdapterFactoryFor(target),
  );
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: migrations,
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * The SQL that would take the database at `target` to its provider's schema file ("" when they agree).
 * Run on a database that has all migrations applied, it tells whether the migrations are up to date
 * (scripts/make-migration.ts, and a test).
 */
export async function pendingMigrationSql(target: DbTarget): Promise<string> {
  const { schemaPath } = prismaFiles(target.provider);
  const files = [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }];
  const { engine, close } = await openSchemaEngine(files[0]!, schemaEngineAdapterFactoryFor(target));
  try {
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: path.dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = stdout ?? '';
    return !sql.trim() || /^-- This is an empty migration/.test(sql.trim()) ? '' : sql;
  } finally {
    await close();
  }
}
