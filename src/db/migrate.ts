/**
 * Applies prisma/migrations to the database at start, exactly as `prisma migrate deploy` would
 * (same folder layout, same `_prisma_migrations` bookkeeping).
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { openSchemaEngine } from './schemaEngine.js';
import { adapterFactoryFor, type DbTarget } from './adapter.js';
import { PRISMA_DIR } from './paths.js';

/** Reads a migrations folder into the structure the schema engine expects. */
export async function loadMigrations(baseDir: string): Promise<MigrationList> {
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
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
 * Names of the migrations recorded as applied, read through a plain read-only connection (no
 * lock), or undefined when the database or its migrations table does not exist yet.
 */
function appliedMigrations(target: DbTarget): Set<string> | undefined {
  if (target.file === ':memory:' || !existsSync(target.file)) return undefined;
  const db = new Database(target.file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { name: string }[];
    return new Set(rows.map((r) => r.name));
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

/**
 * Brings the database up to the newest migration; returns the names it applied. When every
 * migration is already recorded, the schema engine is not started: it takes an exclusive lock,
 * which would fail while another process (`bitext serve`, a running pretranslation) has the
 * database open.
 */
export async function migrate(target: DbTarget): Promise<string[]> {
  const migrations = await loadMigrations(path.join(PRISMA_DIR, 'migrations'));
  const applied = appliedMigrations(target);
  if (applied && migrations.migrationDirectories.every((d) => applied.has(d.path))) return [];
  const schemaPath = path.join(PRISMA_DIR, 'schema.prisma');
  const { engine, close } = await openSchemaEngine(
    { path: schemaPath, content: await readFile(schemaPath, 'utf8') },
    adapterFactoryFor(target),
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
