// Derives prisma/postgres/schema.prisma from prisma/schema.prisma, the one source of truth for the models.
// Only the datasource provider and the generator output differ (plus a header saying so); a test fails when the
// two files drift apart. Run by scripts/postinstall.mjs and by hand: `node scripts/postgres-schema.mjs`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The SQLite schema (the source). */
export const SQLITE_SCHEMA = path.join(ROOT, 'prisma', 'schema.prisma');
/** The derived PostgreSQL schema. */
export const POSTGRES_SCHEMA = path.join(ROOT, 'prisma', 'postgres', 'schema.prisma');

const HEADER = '// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that file, not this one.\n';

/**
 * The PostgreSQL schema text for a SQLite schema text: the generator writes to src/db/generated-pg and the
 * datasource provider is "postgresql". Throws when either line is not found (the source changed shape).
 * @param {string} source
 * @returns {string}
 */
export function derivePostgresSchema(source) {
  const output = /^(\s*output\s*=\s*)"\.\.\/src\/db\/generated"\s*$/m;
  const provider = /^(datasource db \{\s*\n\s*provider\s*=\s*)"sqlite"/m;
  if (!output.test(source)) throw new Error('prisma/schema.prisma: generator output "../src/db/generated" not found');
  if (!provider.test(source)) throw new Error('prisma/schema.prisma: datasource provider "sqlite" not found');
  return HEADER + source.replace(output, '$1"../../src/db/generated-pg"').replace(provider, '$1"postgresql"');
}

/** Writes prisma/postgres/schema.prisma from prisma/schema.prisma; returns true when the file changed. */
export function writePostgresSchema() {
  const text = derivePostgresSchema(readFileSync(SQLITE_SCHEMA, 'utf8'));
  let old = '';
  try {
    old = readFileSync(POSTGRES_SCHEMA, 'utf8');
  } catch {
    // No derived schema yet: it is written below.
  }
  if (old === text) return false;
  mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, text);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(writePostgresSchema() ? 'wrote prisma/postgres/schema.prisma' : 'prisma/postgres/schema.prisma is up to date');
}
