/**
 * Developer tool: writes the migration that takes the current migrations to prisma/schema.prisma, for
 * SQLite (prisma/migrations/<timestamp>_<name>/) and PostgreSQL (prisma/postgres/migrations/, same
 * folder name), each only when needed. prisma/postgres/schema.prisma is derived from
 * prisma/schema.prisma first. Works offline through the WebAssembly schema engine; the PostgreSQL
 * diff needs a server to apply the existing migrations to (a scratch database, dropped afterwards):
 *   npx tsx scripts/make-migration.ts add_users [--pg postgres://postgres@127.0.0.1:5432/postgres]
 *   npx tsx scripts/make-migration.ts check     # exit 1 when either provider needs a migration
 */
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseDatabaseUrl, type DbTarget, type Provider } from '../src/db/adapter.js';
import { migrate, pendingMigrationSql, prismaFiles } from '../src/db/migrate.js';
import { writePostgresSchema } from './postgres-schema.mjs';

const args = process.argv.slice(2);
const pgFlag = args.indexOf('--pg');
const pgServer = pgFlag >= 0 ? args.splice(pgFlag, 2)[1] : 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = args[0];
if (!name || !/^[a-z0-9_]+$/.test(name) || !pgServer) {
  console.error('usage: tsx scripts/make-migration.ts <snake_case_name>|check [--pg postgres://USER@HOST:5432/postgres]');
  process.exit(2);
}

/** The SQL from the migrations (applied to a scratch database) to the schema; "" when they agree. */
async function pendingSql(target: DbTarget): Promise<string> {
  await migrate(target);
  return pendingMigrationSql(target);
}

/** Runs `fn` on a scratch PostgreSQL database created on the server and dropped afterwards. */
async function withScratchPostgres<T>(fn: (target: DbTarget) => Promise<T>): Promise<T> {
  const database = `bitext_migration_${randomBytes(6).toString('hex')}`;
  const url = new URL(pgServer!);
  url.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect().catch((e: Error) => {
    console.error(`make-migration: PostgreSQL at ${pgServer} is needed for the PostgreSQL migration (--pg URL): ${e.message}`);
    process.exit(1);
  });
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
    return await fn(parseDatabaseUrl(url.toString()));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

writePostgresSchema();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bitext-mig-'));
const pending: Record<Provider, string> = {
  sqlite: await pendingSql(parseDatabaseUrl(`file:${path.join(tmp, 'scratch.db')}`)),
  postgresql: await withScratchPostgres(pendingSql),
};

if (name === 'check') {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const { migrationsDir } = prismaFiles(provider);
    console.log(
      `${provider}: ${pending[provider] ? `NOT up to date: ${path.relative(process.cwd(), migrationsDir)} lacks a migration (run make-migration.ts NAME)` : 'up to date'}`,
    );
  }
  process.exit(pending.sqlite || pending.postgresql ? 1 : 0);
}

const folder = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${name}`;
for (const provider of ['sqlite', 'postgresql'] as const) {
  const { migrationsDir } = prismaFiles(provider);
  if (!pending[provider]) {
    console.log(`${provider}: schema and migrations agree: nothing to write`);
    continue;
  }
  const dir = path.join(migrationsDir, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), pending[provider]);
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, `# Do not edit: used by Prisma Migrate\nprovider = "${provider}"\n`);
  console.log(`${provider}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
if (pending.sqlite || pending.postgresql) console.log('run `node scripts/postinstall.mjs` if the clients are not regenerated yet');
