import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, spawnCli } from '../helpers/cli.js';
import { CORPUS_DIR, freshDatabaseUrl, tempDir } from '../helpers/db.js';

const dir = tempDir();
const env = { DATABASE_URL: await freshDatabaseUrl() };
/** In this process (see test/helpers/cli.ts); the real bin/bitext.js is tested at the end. */
const run = (...args: string[]) => runCli(args, { env });
const seed = path.join(CORPUS_DIR, 'seed-article.md');

describe('bitext CLI', () => {
  let imported: { documents: { id: number; path: string; segments: number; translatable: number }[] };

  beforeAll(async () => {
    const r = await run('import', seed, path.join(CORPUS_DIR, 'about.md'), '--project', 'news', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    imported = JSON.parse(r.stdout);
  });

  it('import --json prints the documented shape', () => {
    expect(imported.documents).toEqual([
      expect.objectContaining({ id: expect.any(Number), path: 'seed-article.md', segments: 30, translatable: 29 }),
      expect.objectContaining({ path: 'about.md', segments: 3, translatable: 2 }),
    ]);
  });

  it('export --layout source writes the original bytes to stdout and to --out', async () => {
    const id = String(imported.documents[1]!.id);
    const r = await run('export', id, '--layout', 'source');
    expect(r.code).toBe(0);
    expect(Buffer.compare(r.bytes, readFileSync(path.join(CORPUS_DIR, 'about.md')))).toBe(0);
    const out = path.join(dir, 'out.md');
    expect((await run('export', String(imported.documents[0]!.id), '--layout', 'interleaved', '--lang', 'en,ru', '--out', out)).code).toBe(
      0,
    );
    expect(readFileSync(out, 'utf8')).toContain('## 俄美峰会可能涉及的议题');
  });

  it('list --json shows projects, documents and progress per language', async () => {
    const r = await run('list', '--json');
    expect(r.code).toBe(0);
    const { projects } = JSON.parse(r.stdout);
    expect(projects[0]).toMatchObject({ name: 'news', targetLangs: ['en', 'ru'] });
    expect(projects[0].documents[0].progress.map((p: { lang: string; percent: number }) => [p.lang, p.percent])).toEqual([
      ['en', 0],
      ['ru', 0],
    ]);
  });

  it.each([
    { name: 'unknown document', args: ['export', '999'], message: /^bitext: document 999 not found\n$/ },
    {
      name: 'invalid language code',
      args: ['export', '1', '--layout', 'target', '--lang', 'e_n'],
      message: /^bitext: --lang: "e_n" is not a valid language code/,
    },
    {
      name: 'target layout with two languages',
      args: ['export', '1', '--layout', 'target', '--lang', 'en,ru'],
      message: /exactly one language/,
    },
    { name: 'missing file', args: ['import', '/no/such.md'], message: /^bitext: \/no\/such\.md: no such file or folder\n$/ },
    { name: 'bad layout', args: ['export', '1', '--layout', 'pdf'], message: /argument 'pdf' is invalid/ },
  ])('fails with a clear message and a non-zero exit: $name', async ({ args, message }) => {
    const r = await run(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('refuses an empty file but imports the others, exiting non-zero', async () => {
    const empty = path.join(dir, 'empty.md');
    writeFileSync(empty, '');
    const r = await run('import', empty, seed, '--project', 'news', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('empty.md: the file is empty');
    expect(JSON.parse(r.stdout).documents.map((d: { action: string }) => d.action)).toEqual(['unchanged']);
  });

  it('exports XLIFF for one language and imports it back (an untouched file changes nothing)', async () => {
    const id = String(imported.documents[0]!.id);
    const file = path.join(dir, 'seed.en.xliff');
    expect((await run('export', id, '--format', 'xliff', '--lang', 'en', '--out', file)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"');
    expect((await run('export', id, '--format', 'xliff12', '--lang', 'en,ru')).stderr).toContain(
      'bitext: lang: XLIFF takes exactly one language, got "en,ru"\n',
    );
    const back = await run('import', file);
    expect(back).toMatchObject({ code: 0, stdout: `xliff     #${id} seed-article.md (en): 0 of 29 units updated\n` });
  });

  it('--help lists the commands', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const c of ['import', 'export', 'list', 'serve']) expect(r.stdout).toContain(c);
  });

  describe('bin/bitext.js, the real process', () => {
    // The tests above run the commands in this process; these start the entry point users run
    // (each start is tsx and migrations: seconds, more on a loaded machine, hence the longer timeout).
    const slow = { timeout: 120_000 };

    it('writes the original bytes (BOM included) to stdout and exits 0', slow, () => {
      const r = spawnCli(['export', String(imported.documents[1]!.id), '--layout', 'source'], { env, cwd: dir });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(Buffer.compare(r.bytes, readFileSync(path.join(CORPUS_DIR, 'about.md')))).toBe(0);
    });

    it('exits 1 with one line on stderr for a refused request', slow, () => {
      expect(spawnCli(['export', '999'], { env, cwd: dir })).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'bitext: document 999 not found\n',
      });
    });

    it("exits with commander's code and message for a bad option", slow, () => {
      const bad = spawnCli(['export', '1', '--layout', 'pdf'], { env, cwd: dir });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/argument 'pdf' is invalid/);
    });
  });
});
