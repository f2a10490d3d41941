import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/db/client.js';
import { runCli } from '../helpers/cli.js';
import { freshDatabaseUrl, itPostgresOnly, itSqliteOnly, tempDir } from '../helpers/db.js';

const dir = tempDir();
const env = { DATABASE_URL: await freshDatabaseUrl() };
/** In this process, stdin holding `input` (see test/helpers/cli.ts); bin/bitext.js itself is tested in cli.test.ts. */
const run = (args: string[], input?: string) => runCli(args, { env, stdin: input ?? '' });

describe('bitext user, token and backup', () => {
  it('creates users from a password on stdin, never from the command line', async () => {
    expect(await run(['user', 'add', 'chief', '--role', 'admin', '--password-stdin'], 'correct horse battery\n')).toMatchObject({
      code: 0,
      stdout: 'created admin chief\n',
    });
    const short = await run(['user', 'add', 'weak', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toBe('bitext: password: at least 10 characters\n');
    expect((await run(['user', 'add', 'nopass'], '')).stderr).toContain("required option '--password-stdin'");
    expect(JSON.parse((await run(['user', 'list', '--json'])).stdout).users).toEqual([
      { id: 1, name: 'chief', role: 'admin', disabled: false },
    ]);
  });

  it('creates an API token shown once, stored only as a hash, and revokes it', async () => {
    const created = await run(['token', 'create', 'chief', '--name', 'nightly pretranslate']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^btx_[A-Za-z0-9_-]{43}$/);
    const db = await openDatabase(env.DATABASE_URL);
    const rows = await db.apiToken.findMany();
    await db.$disconnect();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    expect((await run(['token', 'list'])).stdout).toMatch(/^#1\tchief\tbtx_[\w-]{6}…\tnightly pretranslate\tnever used\n$/);
    expect(await run(['token', 'revoke', '1'])).toMatchObject({ code: 0, stdout: 'token #1 revoked\n' });
    expect(await run(['token', 'revoke', '1'])).toMatchObject({ code: 1, stderr: 'bitext: token 1 not found\n' });
  });

  itSqliteOnly('VACUUM INTO copies a SQLite file')(
    'writes an online backup that opens as a database with the same users, and refuses to overwrite',
    async () => {
      const file = path.join(dir, 'backup.db');
      expect(await run(['backup', file])).toMatchObject({ code: 0, stdout: `backup written to ${file}\n` });
      const copy = new Database(file, { readonly: true });
      expect(copy.prepare('SELECT name FROM User').all()).toEqual([{ name: 'chief' }]);
      copy.close();
      expect((await run(['backup', file])).stderr).toContain('already exists');
    },
  );

  itPostgresOnly('refuses a backup of a PostgreSQL database, naming pg_dump, and writes no file', async () => {
    const file = path.join(dir, 'backup.db');
    const r = await run(['backup', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bitext: backup copies SQLite databases only; this one is postgresql: use pg_dump /);
    expect(existsSync(file)).toBe(false);
  });
});
