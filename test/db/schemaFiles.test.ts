import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from '../../scripts/postgres-schema.mjs';

const sqlite = readFileSync(SQLITE_SCHEMA, 'utf8');
const postgres = readFileSync(POSTGRES_SCHEMA, 'utf8');

describe('prisma/postgres/schema.prisma', () => {
  it('is exactly what scripts/postgres-schema.mjs derives from prisma/schema.prisma (run it after editing the models; never edit the copy)', () => {
    expect(postgres).toBe(derivePostgresSchema(sqlite));
  });

  it('differs from the source only in the datasource provider, the generator output and its header', () => {
    const a = sqlite.split('\n');
    const b = postgres.split('\n').slice(1);
    expect(b).toHaveLength(a.length);
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [[line.trim(), b[i]!.trim()]]));
    expect(differing).toEqual([
      ['output       = "../src/db/generated"', 'output       = "../../src/db/generated-pg"'],
      ['provider = "sqlite"', 'provider = "postgresql"'],
    ]);
  });

  it('refuses a source whose generator output or provider it cannot find, rather than copying it unchanged', () => {
    expect(() => derivePostgresSchema(sqlite.replace('"sqlite"', '"mysql"'))).toThrow(/provider "sqlite" not found/);
    expect(() => derivePostgresSchema(sqlite.replace('../src/db/generated', '../gen'))).toThrow(/generator output/);
  });
});
