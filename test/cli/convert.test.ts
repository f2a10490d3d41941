import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { CORPUS_DIR, freshDatabaseUrl, tempDir } from '../helpers/db.js';
import { CONVERSION_CONFIG_NAMES, convertMarkdownDocument } from '../../src/domain/convert.js';

const dir = tempDir();
const env = { DATABASE_URL: await freshDatabaseUrl() };
/** In this process (see test/helpers/cli.ts); bin/bitext.js itself is tested in cli.test.ts. */
const run = (args: string[], stdin?: string | Buffer) => runCli(args, { env, stdin });
const write = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const seed = path.join(CORPUS_DIR, 'seed-article.md');
const markdown = '# 软件\n\n```js\nconst 软件 = "软件";\n```\n\n[鼠标](http://x/软件) 和内存\n';

describe('bitext convert', () => {
  it('--list prints every configuration with a description', async () => {
    const r = await run(['convert', '--list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...CONVERSION_CONFIG_NAMES]);
    expect(r.stdout).toMatch(/^s2twp\s+zh-Hans → zh-Hant-TW\s+Simplified → Traditional \(Taiwan\) with Taiwanese phrases/m);
  });

  it('reads stdin and writes stdout, Markdown-aware by default (code and link targets untouched)', async () => {
    const r = await run(['convert', '--config', 's2twp'], markdown);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('# 軟體\n\n```js\nconst 软件 = "软件";\n```\n\n[滑鼠](http://x/软件) 和記憶體\n');
  });

  it.each([
    ['s2hkp', '[鼠标](http://x/鼠标)和硬盘，[[zh:硬盘]]\n', '[滑鼠](http://x/鼠标)和硬碟，[[zh:硬盘|硬碟]]\n'],
    ['hk2sp', '[滑鼠](http://x/滑鼠)和硬碟\n', '[鼠标](http://x/滑鼠)和硬盘\n'],
  ])('--config %s converts Hong Kong phrases (configurations opencc-js lacks), Markdown-aware', async (config, input, expected) => {
    const r = await run(['convert', '--config', config], input);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
  });

  it('--plain converts everything', async () => {
    expect((await run(['convert', '--config', 's2t', '--plain'], '`软件`')).stdout).toBe('`軟件`');
  });

  it('converts files one after the other, byte-identical to the library, and writes --out', async () => {
    const a = write('a.md', markdown);
    const out = path.join(dir, 'out.md');
    const r = await run(['convert', '--config', 's2hk', a, seed, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const expected = convertMarkdownDocument(markdown, 's2hk') + convertMarkdownDocument(readFileSync(seed, 'utf8'), 's2hk');
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });

  it('passes empty input through as empty output', async () => {
    expect(await run(['convert', '--config', 't2s'], '')).toMatchObject({ code: 0, stdout: '' });
  });

  it.each([
    {
      why: 'an unknown configuration, listing the valid ones',
      args: ['convert', '--config', 'x2y'],
      message: /^bitext: --config: "x2y" is not a known conversion configuration; use one of s2t, t2s, .*jp2t\n$/,
    },
    { why: 'no configuration', args: ['convert'], message: /^bitext: --config is required/ },
    { why: 'a missing file', args: ['convert', '--config', 's2t', '/no/such.md'], message: /^bitext: .*no such file/i },
    {
      why: 'an unknown project',
      args: ['convert', '--config', 's2t', '--project', 'nope'],
      message: /^bitext: project nope not found\n$/,
    },
  ])('fails with one clear line and a non-zero exit on $why', async ({ args, message }) => {
    const r = await run(args, '软件');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});

describe('project terms, normalised import, zh-Hant drafts, converted export', () => {
  let docId: number;

  beforeAll(async () => {
    const mixed = write('mixed.md', '# 返回首頁\n\n软件與鼠標。\n');
    const r = await run(['import', mixed, '--project', 'cli', '--normalize', 't2s', '--targets', 'en', '--json']);
    expect(r.stderr).toBe('');
    docId = JSON.parse(r.stdout).documents[0].id;
  });

  it('import --normalize t2s keeps the source export byte-identical', async () => {
    const r = await run(['export', String(docId)]);
    expect(Buffer.compare(r.bytes, readFileSync(path.join(dir, 'mixed.md')))).toBe(0);
    // …while the sources are Simplified: the table layout shows them.
    const table = (await run(['export', String(docId), '--layout', 'table', '--lang', 'en'])).stdout;
    expect(table).toContain('| 返回首页 |');
    expect(table).toContain('| 软件与鼠标。 |');
  });

  it('refuses an unknown --normalize configuration', async () => {
    const r = await run(['import', path.join(dir, 'mixed.md'), '--normalize', 'zz']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--normalize: "zz" is not a known conversion configuration/);
  });

  it('convert-terms import stores terms that convert --project applies; a bad file stores nothing', async () => {
    const good = write('o.csv', 'from,to\n软件,軟件\n');
    expect(await run(['convert-terms', 'import', good, '--project', 'cli', '--kind', 'override'])).toMatchObject({
      code: 0,
      stdout: 'cli: 1 added, 0 updated, 0 unchanged\n',
    });
    expect((await run(['convert-terms', 'import', write('p.txt', '鼠标\n'), '--project', 'cli', '--kind', 'protect'])).code).toBe(0);
    const bad = await run(['convert-terms', 'import', write('bad.csv', '内存,記憶體\n硬盘\n'), '--project', 'cli', '--kind', 'override']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'bitext: bad.csv: 1 bad row(s), nothing imported: line 2: an override needs two columns: from,to (nothing to replace "硬盘" with)\n',
    );
    expect(
      JSON.parse((await run(['convert-terms', 'list', '--project', 'cli', '--json'])).stdout).terms.map((t: { term: string }) => t.term),
    ).toEqual(['鼠标', '软件']);
    expect((await run(['convert', '--config', 's2twp', '--project', 'cli'], '软件、鼠标和内存')).stdout).toBe('軟件、鼠标和記憶體');
    const noKind = await run(['convert-terms', 'import', good, '--project', 'cli']);
    expect(noKind.code).not.toBe(0);
    expect(noKind.stderr).toMatch(/--kind/);
  });

  it('convert-targets drafts zh-TW and zh-Hant, then keeps its counts on a second run', async () => {
    const r = await run(['convert-targets', '--document', String(docId), '--lang', 'zh-TW,zh-Hant']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `#${docId} mixed.md zh-TW (s2twp): 2 drafted, 0 updated, 0 unchanged, 0 kept\n` +
        `#${docId} mixed.md zh-Hant (s2t): 2 drafted, 0 updated, 0 unchanged, 0 kept\n` +
        "  added zh-TW, zh-Hant to the project's target languages\n",
    );
    const again = JSON.parse((await run(['convert-targets', '--project', 'cli', '--lang', 'zh-TW', '--json'])).stdout);
    expect(again.documents[0].langs[0]).toMatchObject({ lang: 'zh-TW', unchanged: 2, drafted: 0 });
    expect((await run(['export', String(docId), '--layout', 'target', '--lang', 'zh-TW'])).stdout).toBe('# 返回首頁\n\n軟件與鼠标。\n');
  });

  it.each([
    {
      why: 'neither --document nor --project',
      args: ['convert-targets', '--lang', 'zh-TW'],
      message: /give either --document ID or --project NAME/,
    },
    {
      why: 'a language conversion cannot draft',
      args: ['convert-targets', '--project', 'cli', '--lang', 'en'],
      message: /"en" cannot be drafted by conversion/,
    },
    {
      why: 'an unknown project',
      args: ['convert-targets', '--project', 'zz', '--lang', 'zh-TW'],
      message: /^bitext: project zz not found\n$/,
    },
  ])('convert-targets fails clearly on $why', async ({ args, message }) => {
    const r = await run(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('export --convert converts the rendered output of any layout', async () => {
    const r = await run(['export', String(docId), '--layout', 'source', '--convert', 's2twp']);
    // The source layout is the raw bytes (鼠標, Traditional): the override 软件 → 軟件 applies.
    expect(r.stdout).toBe('# 返回首頁\n\n軟件與滑鼠。\n');
    const inter = await run(['export', String(docId), '--layout', 'interleaved', '--lang', 'zh-Hant', '--convert', 't2s']);
    // A project's overrides apply to every conversion made for it, whatever the direction.
    expect(inter.stdout).toBe('# 返回首页\n\n# 返回首页\n\n軟件与鼠标。\n\n软件与鼠标。\n');
    expect((await run(['export', String(docId), '--convert', 'nope'])).stderr).toMatch(/--convert: "nope" is not a known/);
  });

  it('--help lists the conversion commands', async () => {
    const r = await run(['--help']);
    for (const c of ['convert ', 'convert-terms', 'convert-targets']) expect(r.stdout).toContain(c);
  });
});
