import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/db/client.js';
import { freshDatabaseUrl, itPostgresOnly, itSqliteOnly, ROOT, tempDir } from '../helpers/db.js';

const dir = tempDir();
const env = { ...process.env, DATABASE_URL: await freshDatabaseUrl() };
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/bitext.js'), ...args], { env, encoding: 'utf8', cwd: dir, input: input ?? '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('bitext user, token and backup', () => {
  it('creates users from a password on stdin, never from the command line', () => {
    expect(run(['user', 'add', 'chief', '--role', 'admin', '--password-stdin'], 'correct horse battery\n')).toMatchObject({ code: 0, stdout: 'created admin chief\n' });
    const short = run(['user', 'add', 'weak', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toBe('bitext: password: at least 10 characters\n');
    expect(run(['user', 'add', 'nopass'], '').stderr).toContain("required option '--password-stdin'");
    expect(JSON.parse(run(['user', 'list', '--json']).stdout).users).toEqual([{ id: 1, name: 'chief', role: 'admin', disabled: false }]);
  });

  it('creates an API token shown once, stored only as a hash, and revokes it', async () => {
    const created = run(['token', 'create', 'chief', '--name', 'nightly pretranslate']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^btx_[A-Za-z0-9_-]{43}$/);
    const db = await openDatabase(env.DATABASE_URL);
    const rows = await db.apiToken.findMany();
    await db.$disconnect();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    expect(run(['token', 'list']).stdout).toMatch(/^#1\tchief\tbtx_[\w-]{6}…\tnightly pretranslate\tnever used\n$/);
    expect(run(['token', 'revoke', '1'])).toMatchObject({ code: 0, stdout: 'token #1 revoked\n' });
    expect(run(['token', 'revoke', '1'])).toMatchObject({ code: 1, stderr: 'bitext: token 1 not found\n' });
  });

  itSqliteOnly('VACUUM INTO copies a SQLite file')('writes an online backup that opens as a database with the same users, and refuses to overwrite', () => {
    const file = path.join(dir, 'backup.db');
    expect(run(['backup', file])).toMatchObject({ code: 0, stdout: `backup written to ${file}\n` });
    const copy = new Database(file, { readonly: true });
    expect(copy.prepare('SELECT name FROM User').all()).toEqual([{ name: 'chief' }]);
    copy.close();
    expect(run(['backup', file]).stderr).toContain('already exists');
  });

  itPostgresOnly('refuses a backup of a PostgreSQL database, naming pg_dump, and writes no file', () => {
    const file = path.join(dir, 'backup.db');
    const r = run(['backup', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bitext: backup copies SQLite databases only; this one is postgresql: use pg_dump /);
    expect(existsSync(file)).toBe(false);
  });
});
