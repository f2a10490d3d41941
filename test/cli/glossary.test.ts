import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { readGlossaryCsv } from '../../src/domain/formats/glossary.js';
import { readTbx } from '../../src/domain/formats/tbx.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { GLOSSARY_SAMPLE } from '../helpers/fixtures.js';

let dir: string;
let db: Db;
let url: string;

/** Runs `bitext` in this process (see test/helpers/cli.ts). */
const bitext = (...args: string[]) => runCli(args, { env: { DATABASE_URL: url } });

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const count = async () => ({ entries: await db.termEntry.count(), langs: await db.termLang.count() });

beforeAll(async () => {
  dir = tempDir();
  url = `file:${path.join(dir, 'cli.db')}`;
  db = await openDatabase(url);
  await db.project.create({ data: { name: 'gnews', targetLangs: 'en,ru' } });
});
afterAll(async () => {
  await db.$disconnect();
});

describe('bitext glossary', () => {
  it('imports the shared sample CSV into a project, and re-importing it changes nothing', async () => {
    const r = await bitext('glossary', 'import', GLOSSARY_SAMPLE, '--project', 'gnews');
    expect(r).toMatchObject({ code: 0, stdout: 'gnews: 31 entries read, 31 added, 0 updated, 0 unchanged\n' });
    expect((await bitext('glossary', 'import', GLOSSARY_SAMPLE, '--project', 'gnews')).stdout).toBe(
      'gnews: 31 entries read, 0 added, 0 updated, 31 unchanged\n',
    );
    const list = JSON.parse((await bitext('glossary', 'list', '--project', 'gnews', '--lang', 'ru', '--json')).stdout);
    expect(list.entries.find((e: { source: string }) => e.source === '普京')).toMatchObject({
      note: 'person',
      targets: [{ lang: 'ru', terms: ['Путин'] }],
    });
  });

  it('round-trips CSV through the database: export, re-import elsewhere, same entries and same bytes', async () => {
    const csv = (await bitext('glossary', 'export', '--project', 'gnews', '--format', 'csv')).stdout;
    expect(csv.split('\r\n')[0]).toBe('zh,en,ru,pos,note');
    expect(readGlossaryCsv(csv)).toEqual(readGlossaryCsv(readFileSync(GLOSSARY_SAMPLE, 'utf8')));
    const out = path.join(dir, 'back.csv');
    expect((await bitext('glossary', 'import', file('shared.csv', csv), '--shared')).code).toBe(0);
    await bitext('glossary', 'export', '--shared', '--format', 'csv', '--out', out);
    expect(readFileSync(out, 'utf8')).toBe(csv);
  });

  it('round-trips TBX through the database, with part of speech, several translations and forbidden variants', async () => {
    // add makes new entries only (as the web form): 川普 comes from the sample, so it is removed first; its
    // Russian goes in by import, which changes the languages it has columns for and keeps the others.
    expect((await bitext('glossary', 'remove', '川普', '--project', 'gnews')).code).toBe(0);
    await bitext(
      'glossary',
      'add',
      '川普',
      'Trump|Donald Trump',
      '--project',
      'gnews',
      '--lang',
      'en',
      '--forbidden',
      'Chuan Pu',
      '--pos',
      'properNoun',
      '--note',
      'person',
    );
    expect(
      (await bitext('glossary', 'import', file('ru.csv', 'zh,ru,forbidden_ru\n川普,Трамп,Трумп\n'), '--project', 'gnews')).stdout,
    ).toBe('gnews: 1 entries read, 0 added, 1 updated, 0 unchanged\n');
    const tbx = (await bitext('glossary', 'export', '--project', 'gnews', '--format', 'tbx')).stdout;
    const entries = readTbx(tbx);
    expect(entries.find((e) => e.source === '川普')).toEqual({
      source: '川普',
      pos: 'properNoun',
      note: 'person',
      targets: [
        { lang: 'en', terms: ['Trump', 'Donald Trump'], forbidden: ['Chuan Pu'] },
        { lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] },
      ],
    });
    await db.project.create({ data: { name: 'copy' } });
    expect((await bitext('glossary', 'import', file('g.tbx', tbx), '--project', 'copy')).stdout).toBe(
      'copy: 31 entries read, 31 added, 0 updated, 0 unchanged\n',
    );
    expect((await bitext('glossary', 'export', '--project', 'copy', '--format', 'tbx')).stdout).toBe(tbx);
  });

  it('keeps what a CSV has no column for: the sample (no forbidden_ columns) leaves forbidden variants alone', async () => {
    // 川普 gets back the sample's single English translation; its forbidden variants stay.
    expect((await bitext('glossary', 'import', GLOSSARY_SAMPLE, '--project', 'gnews')).stdout).toBe(
      'gnews: 31 entries read, 0 added, 1 updated, 30 unchanged\n',
    );
    const r = await bitext('glossary', 'import', file('clear.csv', 'zh,en,forbidden_en\n川普,Trump,\n'), '--project', 'gnews');
    expect(r.stdout).toBe('gnews: 1 entries read, 0 added, 1 updated, 0 unchanged\n');
    const list = JSON.parse((await bitext('glossary', 'list', '--project', 'gnews', '--json')).stdout);
    expect(list.entries.find((e: { source: string }) => e.source === '川普').targets).toEqual([
      { lang: 'en', terms: ['Trump'], forbidden: [] },
      { lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] },
    ]);
  });

  it.each([
    ['bad.csv', 'zh,en\n普京,Putin\n拜登\n', 'bitext: bad.csv: glossary CSV, line 3: 1 fields, the header has 2\n'],
    [
      'dup.csv',
      'zh,en\n普京,Putin\n拜登,Biden\n普京,Poutine\n',
      'bitext: dup.csv: glossary CSV, line 4: source term "普京" already appears at line 2\n',
    ],
    [
      'both.csv',
      'zh,en,forbidden_en\n拜登,Biden,Biden\n',
      'bitext: both.csv: glossary CSV, line 2, column forbidden_en: "Biden" is both allowed and forbidden\n',
    ],
    [
      'head.csv',
      'zh,english\n拜登,Biden\n',
      'bitext: head.csv: glossary CSV, line 1: column 2 "english" is not a language code, forbidden_<lang>, pos or note\n',
    ],
    [
      'bad.tbx',
      '<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>',
      'bitext: bad.tbx: TBX: <conceptEntry> 1 has no zh term\n',
    ],
    ['broken.tbx', '<tbx>\n<text>\n</tbx>', 'bitext: broken.tbx: TBX: line 3, column 1: '],
    ['terms.txt', 'zh,en\n', 'bitext: terms.txt: a glossary file is .csv or .tbx\n'],
  ])('refuses %s by name and line, storing nothing', async (name, text, message) => {
    const before = await count();
    const r = await bitext('glossary', 'import', file(name, text), '--project', 'gnews');
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(await count()).toEqual(before);
  });

  it('adds, lists, removes; needs exactly one of --project and --shared', async () => {
    expect((await bitext('glossary', 'add', '王毅', 'Wang Yi', '--shared', '--lang', 'en')).stdout).toBe(
      'shared glossary: 王毅 → en: Wang Yi (added)\n',
    );
    expect((await bitext('glossary', 'list', '--shared', '--lang', 'en')).stdout).toContain('王毅\ten\tWang Yi\t\t\n');
    expect((await bitext('glossary', 'list', '--project', 'copy', '--merged', '--json')).stdout).toContain('"Wang Yi"');
    expect((await bitext('glossary', 'remove', '王毅', '--shared')).stdout).toBe('shared glossary: removed 王毅\n');
    expect((await bitext('glossary', 'remove', '王毅', '--shared')).stderr).toBe(
      'bitext: shared glossary: "王毅" is not in the glossary\n',
    );
    expect((await bitext('glossary', 'list')).stderr).toBe('bitext: give --project NAME or --shared\n');
    expect((await bitext('glossary', 'list', '--shared', '--project', 'gnews')).stderr).toBe(
      'bitext: give either --project NAME or --shared, not both\n',
    );
    expect((await bitext('glossary', 'add', '王毅', 'Wang Yi', '--project', 'nope', '--lang', 'en')).stderr).toBe(
      'bitext: project nope not found\n',
    );
    expect((await bitext('glossary', 'add', '王毅', 'Wang\tYi', '--shared', '--lang', 'en')).stderr).toBe(
      'bitext: en: "Wang\tYi" contains a tab or line break\n',
    );
  });
  it('add refuses a source the glossary already has, as the web form does, and audits what it adds', async () => {
    const audits = () => db.auditEvent.findMany({ where: { action: 'glossary.add' }, orderBy: { id: 'asc' } });
    const before = (await audits()).length;
    const added = await bitext('glossary', 'add', '外交部', 'Foreign Ministry', '--shared', '--lang', 'en');
    expect(added).toMatchObject({ code: 0, stdout: 'shared glossary: 外交部 → en: Foreign Ministry (added)\n' });
    const entry = await db.termEntry.findFirstOrThrow({ where: { sourceTerm: '外交部', projectId: null } });
    const after = await audits();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      userName: 'cli',
      target: `/glossary/shared#${entry.id}`,
      details: JSON.stringify({ source: '外交部' }),
    });

    const again = await bitext('glossary', 'add', '外交部', 'МИД', '--shared', '--lang', 'ru');
    expect(again).toMatchObject({ code: 1, stderr: 'bitext: source: "外交部" is already in this glossary; edit that entry instead\n' });
    expect(await db.termLang.findMany({ where: { entryId: entry.id }, select: { lang: true, terms: true } })).toEqual([
      { lang: 'en', terms: JSON.stringify(['Foreign Ministry']) },
    ]);
    expect(await audits()).toHaveLength(before + 1);
  });
  it('remove and import are audited like the web delete and import, so the audit log tells who changed a glossary', async () => {
    const audits = (action: string) => db.auditEvent.findMany({ where: { action, userName: 'cli' }, orderBy: { id: 'asc' } });
    expect(await bitext('glossary', 'add', '国务院', 'State Council', '--shared', '--lang', 'en')).toMatchObject({ code: 0 });
    expect(await bitext('glossary', 'remove', '国务院', '--shared')).toMatchObject({ code: 0 });
    expect((await audits('glossary.delete')).at(-1)).toMatchObject({
      target: '/glossary/shared',
      details: JSON.stringify({ source: '国务院' }),
    });

    const csv = file('audited.csv', 'zh,en\n人大,NPC\n');
    expect(await bitext('glossary', 'import', csv, '--shared')).toMatchObject({ code: 0 });
    const imported = (await audits('glossary.import')).at(-1);
    expect(imported).toMatchObject({ target: '/glossary/shared' });
    expect(JSON.parse(imported!.details)).toMatchObject({ file: 'audited.csv', added: 1, entries: 1 });
  });
});
