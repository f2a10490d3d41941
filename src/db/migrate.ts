/**
 * Applies prisma/migrations to the database at start, exactly as `prisma migrate deploy` would
 * (same folder layout, same `_prisma_migrations` bookkeeping).
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
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

/** Brings the database up to the newest migration; returns the names it applied. */
export async function migrate(target: DbTarget): Promise<string[]> {
  const schemaPath = path.join(PRISMA_DIR, 'schema.prisma');
  const { engine, close } = await openSchemaEngine(
    { path: schemaPath, content: await readFile(schemaPath, 'utf8') },
    adapterFactoryFor(target),
  );
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await loadMigrations(path.join(PRISMA_DIR, 'migrations')),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}
