import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { saveTranslation } from '../../src/db/translations.js';

const dir = tempDir();
const url = `file:${path.join(dir, 'qa.db')}`;
/** In this process (see test/helpers/cli.ts); bin/bitext.js itself is tested in cli.test.ts. */
const run = (...args: string[]) => runCli(args, { env: { DATABASE_URL: url } });

let db: Db;
let docId: number;
let segs: number[];

beforeAll(async () => {
  const file = path.join(dir, 'summit.md');
  writeFileSync(file, '普京将于6月16日在日内瓦会晤。\n\n他说“是”。\n\n会议议程\n');
  const r = await run('import', file, '--project', 'news', '--json');
  expect(r.code).toBe(0);
  docId = JSON.parse(r.stdout).documents[0].id;
  db = await openDatabase(url);
  segs = (await db.segment.findMany({ where: { documentId: docId }, orderBy: { index: 'asc' } })).map((s) => s.id);
  const save = (i: number, text: string, version = 0) =>
    saveTranslation(db, { segmentId: segs[i]!, lang: 'en', text, status: 'translated', origin: 'human', version, user: 'admin' });
  await save(0, 'Putin will meet in Geneva on June 17.');
  await save(1, 'He said «yes».');
});
afterAll(async () => db.$disconnect());

describe('bitext qa', () => {
  it('prints the issues per segment and exits 1 while error-level issues remain', async () => {
    const r = await run('qa', String(docId), '--lang', 'en');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'summit.md (en): 2 translation(s) checked, 1 error(s), 2 warning(s)',
        '#1 [translated]',
        '  error   numbers: The number 16 of the source is not in the target.',
        '#2 [translated]',
        '  warning quotes: Quotation mark « is not used in English; use “…”.',
        '  warning quotes: Quotation mark » is not used in English; use “…”.',
        '',
      ].join('\n'),
    );
  });

  it('--json prints the report and stores the results for the editor', async () => {
    const r = await run('qa', String(docId), '--lang', 'en', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      documentId: docId,
      path: 'summit.md',
      lang: 'en',
      checked: 2,
      errors: 1,
      warnings: 2,
      checks: { numbers: 1, quotes: 2 },
    });
    expect(report.segments[0]).toMatchObject({
      segmentId: segs[0],
      number: 1,
      issues: [{ check: 'numbers', severity: 'error', side: 'source' }],
    });
    expect(await db.qaIssue.count({ where: { documentId: docId, lang: 'en' } })).toBe(3);
  });

  it('exits 0 once only warnings remain', async () => {
    await saveTranslation(db, {
      segmentId: segs[0]!,
      lang: 'en',
      text: 'Putin will meet in Geneva on June 16.',
      status: 'translated',
      origin: 'human',
      version: 1,
      user: 'admin',
    });
    const r = await run('qa', String(docId), '--lang', 'en', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ errors: 0, warnings: 2 });
  });

  it('checks nothing in a language without translations', async () => {
    const r = await run('qa', String(docId), '--lang', 'ru');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('summit.md (ru): 0 translation(s) checked, 0 error(s), 0 warning(s)\n');
  });

  it.each([
    { name: 'unknown document', args: ['qa', '999', '--lang', 'en'], message: /^bitext: document 999 not found\n$/ },
    {
      name: 'language not a target',
      args: ['qa', '1', '--lang', 'de'],
      message: /^bitext: --lang: "de" is not a target language of project news \(en, ru\)\n$/,
    },
    { name: 'invalid language code', args: ['qa', '1', '--lang', 'e_n'], message: /^bitext: --lang: "e_n" is not a valid language code/ },
    { name: 'two languages', args: ['qa', '1', '--lang', 'en,ru'], message: /^bitext: --lang: give exactly one language\n$/ },
  ])('fails with a clear message and exit code 1: $name', async ({ args, message }) => {
    const r = await run(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
