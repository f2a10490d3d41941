import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { childError, forEachDb, postgresDb, type BenchDb } from '../../bench/common.js';

describe('forEachDb', () => {
  const target = (label: string, fail?: string): BenchDb => ({
    label,
    create: async () => {
      if (fail) throw new Error(`${fail}\nsecond line`);
      return { url: `file:${label}`, drop: async () => {} };
    },
  });

  it('records why a database could not be measured and still measures the others', async () => {
    const stderr = process.stderr.write;
    process.stderr.write = () => true; // the stack trace it prints is not this test's output
    try {
      const results = await forEachDb(
        [target('SQLite'), target('PostgreSQL', 'DATABASE_URL "postgres://x/bitext_bench_12_3" is not supported'), target('Other')],
        async (t) => (await t.create()).url,
      );
      expect(results).toEqual([
        { label: 'SQLite', ok: true, value: 'file:SQLite' },
        { label: 'PostgreSQL', ok: false, reason: 'DATABASE_URL "postgres://x/bitext_bench_N" is not supported' },
        { label: 'Other', ok: true, value: 'file:Other' },
      ]);
    } finally {
      process.stderr.write = stderr;
    }
  });
});

describe('childError', () => {
  it.each([
    {
      why: 'the last error line of a Node stack dump',
      stderr: 'file.ts:24\n  throw new Error(`x`);\n\nError: not supported\n    at f\n',
      want: 'not supported',
    },
    { why: 'typed errors too', stderr: 'TypeError: bad\n', want: 'bad' },
    { why: 'nothing that looks like an error', stderr: 'listening\n', want: undefined },
  ])('$why', ({ stderr, want }) => {
    expect(childError(stderr)).toBe(want);
  });
});

describe('postgresDb', () => {
  // Needs a PostgreSQL server (e.g. BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres); skipped without one.
  const serverUrl = process.env.BENCH_PG_URL;

  it.skipIf(!serverUrl)('creates a database of its own for each use and drops it afterwards', async () => {
    const exists = async (name: string) => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
      } finally {
        await c.end();
      }
    };
    const created = await postgresDb(serverUrl!).create();
    const name = new URL(created.url).pathname.slice(1);
    expect(name).toMatch(/^bitext_bench_\d+_\d+$/);
    expect(await exists(name)).toBe(true);
    await created.drop();
    expect(await exists(name)).toBe(false);
  });
});
