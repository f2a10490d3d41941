import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/adapter.js';
import { pendingMigrationSql, prismaFiles } from '../../src/db/migrate.js';
import { freshDatabaseUrl, TEST_DATABASE } from '../helpers/db.js';

describe(`migrations (${TEST_DATABASE})`, () => {
  it(`take a new database exactly to the schema (${TEST_DATABASE === 'postgres' ? 'prisma/postgres' : 'prisma'}/migrations is up to date: else run scripts/make-migration.ts NAME)`, async () => {
    const target = parseDatabaseUrl(await freshDatabaseUrl());
    expect(prismaFiles(target.provider).migrationsDir).toMatch(
      target.provider === 'postgresql' ? /prisma[/\\]postgres[/\\]migrations$/ : /prisma[/\\]migrations$/,
    );
    expect(await pendingMigrationSql(target)).toBe('');
  });
});
