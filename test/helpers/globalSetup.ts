/**
 * Vitest global setup: migrates one template database per test run (before any worker starts, so
 * workers never race on it). On SQLite a file that each freshDb() copies (the run saves starting the
 * schema engine in every test file; the folder is removed at the end); with BITEXT_TEST_DATABASE=postgres
 * a database that each freshDb() copies with `CREATE DATABASE … TEMPLATE`. Every database of the run is dropped at the end.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import { parseDatabaseUrl } from '../../src/db/adapter.js';
import { redactUrl } from '../../src/config.js';
import { PG_SERVER_URL, TEST_DATABASE, pgDatabaseUrl } from './testDatabase.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Name prefix of this run's PostgreSQL databases ("" on SQLite); the template is `${prefix}_tpl`. */
    pgPrefix: string;
    /** On SQLite, the migrated template file that freshDatabaseUrl() copies ("" on PostgreSQL or when there is none). */
    sqliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (TEST_DATABASE !== 'postgres') {
    project.provide('pgPrefix', '');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bitext-test-template-'));
    const file = path.join(dir, 'template.db');
    await migrate(parseDatabaseUrl(`file:${file}`));
    // One self-contained file (no write-ahead log beside it), or the workers migrate each database themselves.
    project.provide('sqliteTemplate', existsSync(`${file}-wal`) ? '' : file);
    return async () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide('sqliteTemplate', '');
  const prefix = `bitext_test_${Date.now().toString(36)}_${process.pid}`;
  // Databases of runs killed before their teardown, a day old or more, go first.
  await dropDatabases((name) => {
    const started = /^bitext_test_([0-9a-z]+)_\d+_/.exec(name)?.[1];
    return started !== undefined && Date.now() - parseInt(started, 36) > 24 * 3600_000;
  }).catch((e: Error) => {
    throw new Error(
      `BITEXT_TEST_DATABASE=postgres needs a PostgreSQL server at ${redactUrl(PG_SERVER_URL)} (BITEXT_TEST_PG_URL): ${e.message}`,
    );
  });
  await migrate(parseDatabaseUrl(pgDatabaseUrl(`${prefix}_tpl`)));
  project.provide('pgPrefix', prefix);
  return () => dropDatabases((name) => name.startsWith(`${prefix}_`));
}

/** Drops the test databases (named bitext_test_…) that `which` selects. */
async function dropDatabases(which: (name: string) => boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_SERVER_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'bitext\\_test\\_%'");
    for (const { datname } of rows.filter((r) => which(r.datname))) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
