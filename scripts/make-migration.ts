/**
 * Developer tool: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes
 * the current migrations to prisma/schema.prisma. Works offline through the WebAssembly schema engine:
 *   npx tsx scripts/make-migration.ts add_users
 */
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSchemaEngine } from '../src/db/schemaEngine.js';
import { adapterFactoryFor, parseDatabaseUrl } from '../src/db/adapter.js';
import { migrate } from '../src/db/migrate.js';
import { PRISMA_DIR } from '../src/db/paths.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: tsx scripts/make-migration.ts <snake_case_name>');
  process.exit(2);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bitext-mig-'));
const target = parseDatabaseUrl(`file:${path.join(tmp, 'shadow.db')}`);
await migrate(target);
const schemaPath = path.join(PRISMA_DIR, 'schema.prisma');
const { engine, close } = await openSchemaEngine({ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }, adapterFactoryFor(target));
const { stdout } = await engine.diff({
  from: { tag: 'schemaDatasource', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }], configDir: PRISMA_DIR },
  to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
await close();
const sql = stdout ?? '';
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log('schema and migrations agree: nothing to write');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(PRISMA_DIR, 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
const lock = path.join(PRISMA_DIR, 'migrations', 'migration_lock.toml');
if (!existsSync(lock)) writeFileSync(lock, '# Do not edit: used by Prisma Migrate\nprovider = "sqlite"\n');
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
