/**
 * CLI refusals are one clear line naming the file once, and nothing is overwritten by surprise:
 * deeply nested JSON, empty files in a folder, backups into a missing folder, export --out over a file,
 * and revoking every token of a user.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createApiToken, createUser, userOfToken } from '../../src/services/auth/authService.js';
import { freshDatabaseUrl, itSqliteOnly, tempDir } from '../helpers/db.js';
import { bitext } from '../helpers/cli.js';

let dir: string;
let db: Db;
let savedUrl: string | undefined;

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};
/** JSON nested `depth` levels deep. */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

beforeAll(async () => {
  dir = tempDir();
  savedUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = await freshDatabaseUrl();
  db = await openDatabase(process.env.DATABASE_URL);
});
afterAll(async () => {
  await db.$disconnect();
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
});

describe('bitext import refusals', () => {
  it('refuses JSON nested 10,000 levels deep by name and still imports the other files', async () => {
    const deep = file('deep.json', deepJson(10_000));
    const ok = file('ok.json', '{"title": "你好"}\n');
    const r = await bitext('import', deep, ok, '--project', 'deep');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`bitext: refused ${deep}: JSON nested deeper than 100 levels\n`);
    expect(r.stdout).toMatch(/^created +#\d+ ok\.json: i18next \(extension\), 1 segments/);
    expect(await db.document.findMany({ where: { project: { name: 'deep' } }, select: { path: true } })).toEqual([{ path: 'ok.json' }]);
  });

  it('names a refused file of a folder once, as given on the command line', async () => {
    const folder = path.join(dir, 'probe', 'bad');
    file('probe/bad/empty.md', '');
    file('probe/bad/good.md', '正文\n');
    const r = await bitext('import', folder, '--project', 'probe');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`bitext: refused ${path.join(folder, 'empty.md')}: the file is empty\n`);
  });
});

describe('bitext backup and export --out', () => {
  itSqliteOnly('backup writes SQLite files')('refuses a backup into a missing folder with one line, not a database error', async () => {
    const target = path.join(dir, 'no', 'such', 'folder', 'b.db');
    const r = await bitext('backup', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`bitext: ${target}: the folder ${path.dirname(target)} does not exist: create it first\n`);
  });

  it('export --out refuses to overwrite an existing file unless --force', async () => {
    const id = (await db.document.findFirstOrThrow({ where: { path: 'good.md' } })).id;
    const out = file('out.md', 'keep me\n');
    const refused = await bitext('export', String(id), '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`bitext: ${out} already exists: add --force to overwrite it\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect((await bitext('export', String(id), '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('正文\n');
    const fresh = path.join(dir, 'fresh.md');
    expect((await bitext('export', String(id), '--out', fresh)).code).toBe(0);
    expect(readFileSync(fresh, 'utf8')).toBe('正文\n');
  });
});

describe('bitext token revoke --all', () => {
  it("revokes every live token of one user and no one else's", async () => {
    await createUser(db, 'mei', 'reviewer', 'mei-password-long');
    await createUser(db, 'ivan', 'translator', 'ivan-password-long');
    const mei = [await createApiToken(db, 'mei', 'a'), await createApiToken(db, 'mei', 'b')];
    const ivan = await createApiToken(db, 'ivan', 'c');
    const r = await bitext('token', 'revoke', '--all', 'mei');
    expect(r).toMatchObject({ code: 0, stdout: '2 token(s) of mei revoked\n' });
    for (const t of mei) expect(await userOfToken(db, t.token)).toBeNull();
    expect((await userOfToken(db, ivan.token))?.name).toBe('ivan');
    expect((await bitext('token', 'revoke', '--all', 'mei')).stdout).toBe('0 token(s) of mei revoked\n');
    expect(await db.auditEvent.count({ where: { action: 'token.revoke', target: 'user:mei' } })).toBe(2);
  });

  it('needs a token number or --all USER, and names an unknown user', async () => {
    expect((await bitext('token', 'revoke')).stderr).toBe('bitext: give a token number or --all USER (not both)\n');
    expect((await bitext('token', 'revoke', '1', '--all', 'mei')).code).toBe(1);
    expect((await bitext('token', 'revoke', '--all', 'nobody')).stderr).toBe('bitext: user nobody not found\n');
  });
});
