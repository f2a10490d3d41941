import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR, freshDatabaseUrl, ROOT, tempDir } from '../helpers/db.js';

const dir = tempDir();
const env = { ...process.env, DATABASE_URL: await freshDatabaseUrl() };
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/bitext.js'), ...args], { env, encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const seed = path.join(CORPUS_DIR, 'seed-article.md');

describe('bitext CLI', () => {
  let imported: { documents: { id: number; path: string; segments: number; translatable: number }[] };

  beforeAll(() => {
    const r = run('import', seed, path.join(CORPUS_DIR, 'about.md'), '--project', 'news', '--json');
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

  it('export --layout source writes the original bytes to stdout and to --out', () => {
    const id = String(imported.documents[1]!.id);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/bitext.js'), 'export', id, '--layout', 'source'], { env });
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, readFileSync(path.join(CORPUS_DIR, 'about.md')))).toBe(0);
    const out = path.join(dir, 'out.md');
    expect(run('export', String(imported.documents[0]!.id), '--layout', 'interleaved', '--lang', 'en,ru', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('## 俄美峰会可能涉及的议题');
  });

  it('list --json shows projects, documents and progress per language', () => {
    const r = run('list', '--json');
    expect(r.code).toBe(0);
    const { projects } = JSON.parse(r.stdout);
    expect(projects[0]).toMatchObject({ name: 'news', targetLangs: ['en', 'ru'] });
    expect(projects[0].documents[0].progress.map((p: { lang: string; percent: number }) => [p.lang, p.percent])).toEqual([['en', 0], ['ru', 0]]);
  });

  it.each([
    { name: 'unknown document', args: ['export', '999'], message: /^bitext: document 999 not found\n$/ },
    { name: 'invalid language code', args: ['export', '1', '--layout', 'target', '--lang', 'e_n'], message: /^bitext: --lang: "e_n" is not a valid language code/ },
    { name: 'target layout with two languages', args: ['export', '1', '--layout', 'target', '--lang', 'en,ru'], message: /exactly one language/ },
    { name: 'missing file', args: ['import', '/no/such.md'], message: /^bitext: \/no\/such\.md: no such file or folder\n$/ },
    { name: 'bad layout', args: ['export', '1', '--layout', 'pdf'], message: /argument 'pdf' is invalid/ },
  ])('fails with a clear message and a non-zero exit: $name', ({ args, message }) => {
    const r = run(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('refuses an empty file but imports the others, exiting non-zero', () => {
    const empty = path.join(dir, 'empty.md');
    writeFileSync(empty, '');
    const r = run('import', empty, seed, '--project', 'news', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('empty.md: the file is empty');
    expect(JSON.parse(r.stdout).documents.map((d: { action: string }) => d.action)).toEqual(['unchanged']);
  });

  it('exports XLIFF for one language and imports it back (an untouched file changes nothing)', () => {
    const id = String(imported.documents[0]!.id);
    const file = path.join(dir, 'seed.en.xliff');
    expect(run('export', id, '--format', 'xliff', '--lang', 'en', '--out', file).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"');
    expect(run('export', id, '--format', 'xliff12', '--lang', 'en,ru').stderr).toContain('--format xliff12 takes exactly one language');
    const back = run('import', file);
    expect(back).toMatchObject({ code: 0, stdout: `xliff     #${id} seed-article.md (en): 0 of 29 units updated\n` });
  });

  it('--help lists the commands', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    for (const c of ['import', 'export', 'list', 'serve']) expect(r.stdout).toContain(c);
  });
});
