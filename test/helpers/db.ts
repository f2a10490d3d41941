/**
 * Test helpers: a fresh, migrated database per test file (SQLite, or PostgreSQL with
 * BITEXT_TEST_DATABASE=postgres: see testDatabase.ts); the corpus fixtures are re-exported from fixtures.ts.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { parseDatabaseUrl } from '../../src/db/adapter.js';
import { migrate } from '../../src/db/migrate.js';
import { onPostgres, PG_SERVER_URL, pgDatabaseUrl } from './testDatabase.js';

export { onPostgres, TEST_DATABASE } from './testDatabase.js';
export { CORPUS_DIR, corpusFiles, corpusPath, GLOSSARY_SAMPLE } from './fixtures.js';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A new empty temporary directory. */
export function tempDir(prefix = 'bitext-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

let copies = 0;

/**
 * The URL of a new, migrated, empty database: on SQLite a file in a temporary folder, on PostgreSQL a
 * database dropped when the run ends; both copies of the run's template (migrated once by
 * test/helpers/globalSetup.ts).
 */
export async function freshDatabaseUrl(): Promise<string> {
  if (!onPostgres) {
    const file = path.join(tempDir(), 'test.db');
    const template = inject('sqliteTemplate');
    if (template) copyFileSync(template, file);
    else await migrate(parseDatabaseUrl(`file:${file}`));
    return `file:${file}`;
  }
  const prefix = inject('pgPrefix');
  const name = `${prefix}_${process.pid}_${++copies}`;
  const admin = new pg.Client({ connectionString: PG_SERVER_URL });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${prefix}_tpl"`);
        break;
      } catch (e) {
        // 55006: the template is busy (another worker copying it at this instant); try again shortly.
        if ((e as { code?: string }).code !== '55006' || attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  return pgDatabaseUrl(name);
}

/**
 * The URL of a database that does not exist yet, for tests of the first start (the app creates and
 * migrates it): a file in a new subfolder on SQLite, a new database name on PostgreSQL (dropped when the run ends).
 */
export function missingDatabaseUrl(): string {
  if (!onPostgres) return `file:${path.join(tempDir(), 'sub', 'new.db')}`;
  return pgDatabaseUrl(`${inject('pgPrefix')}_${process.pid}_new${++copies}`);
}

/** A fresh database (migrated), with its URL and a temporary folder for the test's files. */
export async function freshDb(): Promise<{ db: Db; url: string; dir: string }> {
  const url = await freshDatabaseUrl();
  const dir = url.startsWith('file:') ? path.dirname(url.slice('file:'.length)) : tempDir();
  return { db: await openDatabase(url), url, dir };
}

/**
 * `it` for a test that only makes sense on SQLite (file URLs, VACUUM INTO, the database file): on
 * PostgreSQL it is reported as skipped, with the reason in its name.
 */
export function itSqliteOnly(reason: string): (name: string, fn: () => unknown, timeout?: number) => void {
  return (name, fn, timeout) => (onPostgres ? it.skip(`${name} [SQLite only: ${reason}]`, fn) : it(name, fn, timeout));
}

/** `it` for a PostgreSQL counterpart of a SQLite-only test: skipped on SQLite. */
export function itPostgresOnly(name: string, fn: () => unknown, timeout?: number): void {
  if (onPostgres) it(name, fn, timeout);
  else it.skip(`${name} [PostgreSQL only]`, fn);
}

/** Row counts of every table, to prove that refused input changed nothing. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const [projects, documents, segments, translations, revisions] = await Promise.all([
    db.project.count(),
    db.document.count(),
    db.segment.count(),
    db.translation.count(),
    db.revision.count(),
  ]);
  return { projects, documents, segments, translations, revisions };
}

/**
 * Makes the database refuse to insert into `table` a row whose `column` equals `value` (a failure in the middle of a
 * bulk write, as a full disk would cause), on SQLite or PostgreSQL. Returns the function that lifts it.
 */
export async function failInsertsOf(db: Db, table: string, column: string, value: string): Promise<() => Promise<void>> {
  const literal = `'${value.replaceAll("'", "''")}'`;
  if (onPostgres) {
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION bitext_test_refuse() RETURNS trigger AS $$
      BEGIN IF NEW."${column}" = ${literal} THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER bitext_test_refuse BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION bitext_test_refuse()`,
    );
    return async () => void (await db.$executeRawUnsafe(`DROP TRIGGER bitext_test_refuse ON "${table}"`));
  }
  await db.$executeRawUnsafe(
    `CREATE TRIGGER bitext_test_refuse BEFORE INSERT ON "${table}" WHEN NEW."${column}" = ${literal} BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`,
  );
  return async () => void (await db.$executeRawUnsafe(`DROP TRIGGER bitext_test_refuse`));
}
