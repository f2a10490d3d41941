import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveDocument } from '../../src/db/documents.js';
import { segmentDocument } from '../../src/domain/segment.js';
import { bitext, useCliDatabase } from '../helpers/cli.js';
import { makeProject20, PROJECT20_PATHS } from '../helpers/project20.js';

let docs: { id: number; path: string }[];
const cli = useCliDatabase(async (db, dir) => {
  docs = await makeProject20(db, dir, 'gnews');
});

/** Every file below `root`, as forward-slashed relative paths, sorted. */
const filesBelow = (root: string): string[] =>
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(root, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();

/** What `bitext export ID …` prints for one document. */
const perDocument = async (id: number, args: string[]) => {
  const r = await bitext('export', String(id), ...args);
  expect(r.code).toBe(0);
  return Buffer.from(r.stdout, 'utf8');
};

describe('bitext export --project --out-dir', () => {
  it.each([
    { name: 'source', args: ['--layout', 'source'], file: (p: string) => p },
    {
      name: 'interleaved en,ru',
      args: ['--layout', 'interleaved', '--lang', 'en,ru'],
      file: (p: string) => p.replace(/\.(md|txt)$/, '.interleaved.en+ru.md'),
    },
    {
      name: 'target en, marked',
      args: ['--layout', 'target', '--lang', 'en', '--mark-untranslated'],
      file: (p: string) => p.replace(/\.(md|txt)$/, '.target.en.md'),
    },
    { name: 'table ru', args: ['--layout', 'table', '--lang', 'ru'], file: (p: string) => p.replace(/\.(md|txt)$/, '.table.ru.md') },
    { name: 'XLIFF 2.1 en', args: ['--format', 'xliff', '--lang', 'en'], file: (p: string) => p.replace(/\.(md|txt)$/, '.en.xliff') },
    { name: 'XLIFF 1.2 ru', args: ['--format', 'xliff12', '--lang', 'ru'], file: (p: string) => p.replace(/\.(md|txt)$/, '.ru.xlf') },
  ])(
    'writes all 20 documents ($name) under their stored folders, each byte for byte its own export',
    async ({ name, args, file }) => {
      const out = path.join(cli.dir, `out-${name.replace(/\W+/g, '-')}`);
      const r = await bitext('export', '--project', 'gnews', '--out-dir', out, ...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`exported 20 documents of gnews to ${out}: 20 written, 0 identical\n`);
      expect(r.stderr).toContain('export: 20/20 documents (100%)\n');
      expect(filesBelow(out)).toEqual(PROJECT20_PATHS.map(file).sort());
      for (const d of docs) expect(readFileSync(path.join(out, file(d.path))).equals(await perDocument(d.id, args)), d.path).toBe(true);
    },
    120_000,
  );

  it('refuses to overwrite existing files without --force, writing nothing; with --force rewrites only what differs', async () => {
    const out = path.join(cli.dir, 'again');
    expect((await bitext('export', '--project', 'gnews', '--out-dir', out)).code).toBe(0);
    const sentinel = path.join(out, 'politics/article-01.md');
    writeFileSync(sentinel, 'edited by hand\n');
    const refused = await bitext('export', '--project', 'gnews', '--out-dir', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `bitext: 20 files already exist in ${out} (first: article-00.txt); nothing was written. Use --force to overwrite them\n`,
    );
    expect(readFileSync(sentinel, 'utf8')).toBe('edited by hand\n');
    const forced = await bitext('export', '--project', 'gnews', '--out-dir', out, '--force');
    expect(forced.stdout).toBe(`exported 20 documents of gnews to ${out}: 1 written, 19 identical\n`);
    expect(readFileSync(sentinel).equals(await perDocument(docs.find((d) => d.path === 'politics/article-01.md')!.id, []))).toBe(true);
  }, 120_000);

  it('--changed-since last exports only what changed since the last export of the same target', async () => {
    const out = path.join(cli.dir, 'incremental');
    const args = [
      'export',
      '--project',
      'gnews',
      '--out-dir',
      out,
      '--layout',
      'target',
      '--lang',
      'en',
      '--changed-since',
      'last',
      '--force',
    ];
    const first = await bitext(...args);
    expect(first.stdout).toBe(
      `exported 20 documents of gnews to ${out}: 20 written, 0 identical; no earlier export of this target: every document\n`,
    );
    const nothing = await bitext(...args);
    expect(nothing.stdout).toMatch(
      /^exported 0 documents of gnews to .*: 0 written, 0 identical; 20 not changed since \d{4}-\d\d-\d\dT[\d:.]+Z\n$/,
    );
    // One English translation edited: that document only. A Russian edit does not concern the English target.
    const doc = docs[7]!;
    const en = await cli.db.translation.findFirstOrThrow({ where: { lang: 'en', segment: { documentId: doc.id } } });
    await cli.db.translation.update({ where: { id: en.id }, data: { text: 'EN edited' } });
    const ru = await cli.db.translation.findFirstOrThrow({ where: { lang: 'ru', segment: { documentId: docs[8]!.id } } });
    await cli.db.translation.update({ where: { id: ru.id }, data: { text: 'RU edited' } });
    const one = await bitext(...args);
    expect(one.stdout).toMatch(/: 1 written, 0 identical; 19 not changed since /);
    const file = path.join(out, doc.path.replace(/\.(md|txt)$/, '.target.en.md'));
    expect(readFileSync(file, 'utf8')).toContain('EN edited');
    // Another target (Russian) has its own memory: its first export is complete.
    const ruFirst = await bitext(
      'export',
      '--project',
      'gnews',
      '--out-dir',
      path.join(cli.dir, 'incremental-ru'),
      '--layout',
      'target',
      '--lang',
      'ru',
      '--changed-since',
      'last',
    );
    expect(ruFirst.stdout).toContain('20 written');
  }, 120_000);

  it('--changed-since DATE compares with document imports and translation saves', async () => {
    const past = await bitext(
      'export',
      '--project',
      'gnews',
      '--out-dir',
      path.join(cli.dir, 'since-past'),
      '--changed-since',
      '2000-01-01',
    );
    expect(past.stdout).toContain('exported 20 documents');
    const future = await bitext(
      'export',
      '--project',
      'gnews',
      '--out-dir',
      path.join(cli.dir, 'since-future'),
      '--changed-since',
      '2999-01-01T00:00Z',
    );
    expect(future.stdout).toContain('exported 0 documents of gnews');
    const bad = await bitext('export', '--project', 'gnews', '--out-dir', path.join(cli.dir, 'x'), '--changed-since', 'yesterday');
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'bitext: --changed-since: "yesterday" is neither "last" nor a date such as 2026-12-01 or 2026-12-01T08:30Z\n',
    });
  }, 60_000);

  it('never writes outside --out-dir: a stored path with .. and a symbolic link inside the folder are refused before writing', async () => {
    const text = '正文\n';
    const seg = segmentDocument(text, 'markdown');
    const input = {
      projectName: 'evil',
      sourceLang: 'zh',
      targetLangs: ['en'],
      format: 'markdown',
      encoding: 'utf-8',
      sourceHash: 'h',
      byteLength: 7,
      notes: '',
      ...seg,
    };
    await saveDocument(cli.db, { ...input, path: 'ok.md' });
    await saveDocument(cli.db, { ...input, path: '../escaped.md' });
    const out = path.join(cli.dir, 'evil-out');
    const r = await bitext('export', '--project', 'evil', '--out-dir', out);
    expect(r).toMatchObject({
      code: 1,
      stderr: 'bitext: path "../escaped.md" would leave the output folder or is not a plain relative path\n',
    });
    expect(existsSync(path.join(cli.dir, 'escaped.md'))).toBe(false);
    expect(existsSync(path.join(out, 'ok.md'))).toBe(false);

    const outside = path.join(cli.dir, 'outside');
    mkdirSync(outside);
    const linked = path.join(cli.dir, 'linked-out');
    mkdirSync(linked);
    symlinkSync(outside, path.join(linked, 'politics'));
    const s = await bitext('export', '--project', 'gnews', '--out-dir', linked);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('is not a plain folder (a file or a symbolic link); nothing was written');
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(linked)).toEqual(['politics']);
  }, 60_000);

  it('skips (and names) an i18next file in the interleaved layout, and exports it as JSON in the target layout', async () => {
    const src = path.join(cli.dir, 'mixed-src');
    mkdirSync(src);
    writeFileSync(path.join(src, 'strings.json'), '{"hello": "你好"}\n');
    writeFileSync(path.join(src, 'news.md'), '# 标题\n\n正文。\n');
    expect((await bitext('import', src, '--project', 'mixed')).code).toBe(0);
    const out = path.join(cli.dir, 'mixed-out');
    const r = await bitext('export', '--project', 'mixed', '--out-dir', out, '--layout', 'interleaved', '--lang', 'en');
    expect(r).toMatchObject({ code: 0, stdout: `exported 1 document of mixed to ${out}: 1 written, 0 identical; 1 skipped\n` });
    expect(r.stderr).toContain(
      'bitext: skipped strings.json: the interleaved layout is for Markdown articles; export i18next files as target or table\n',
    );
    expect(filesBelow(out)).toEqual(['news.interleaved.en.md']);
    const t = await bitext(
      'export',
      '--project',
      'mixed',
      '--out-dir',
      path.join(cli.dir, 'mixed-target'),
      '--layout',
      'target',
      '--lang',
      'en',
    );
    expect(t.code).toBe(0);
    expect(filesBelow(path.join(cli.dir, 'mixed-target'))).toEqual(['news.target.en.md', 'strings.target.en.json']);
  });

  it('says what is missing or contradictory', async () => {
    expect((await bitext('export', '--project', 'gnews')).stderr).toBe(
      'bitext: a project export needs both --project NAME and --out-dir DIR\n',
    );
    expect((await bitext('export', '3', '--project', 'gnews', '--out-dir', cli.dir)).stderr).toBe(
      'bitext: give either a document id or --project, not both\n',
    );
    expect((await bitext('export')).stderr).toBe('bitext: give a document id, or --project NAME --out-dir DIR for a whole project\n');
    expect((await bitext('export', '--project', 'nope', '--out-dir', cli.dir)).stderr).toBe('bitext: project nope not found\n');
    expect((await bitext('export', '--project', 'gnews', '--out-dir', cli.dir, '--layout', 'target', '--lang', 'en,ru')).stderr).toContain(
      'the target layout takes exactly one language',
    );
    expect((await bitext('export', '--project', 'gnews', '--out-dir', cli.dir, '--format', 'xliff', '--lang', 'de')).stderr).toContain(
      '"de" is not a target language of project gnews',
    );
  });
});
