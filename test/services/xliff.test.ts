import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { exportXliff, importXliff } from '../../src/services/xliffService.js';
import { saveTranslation } from '../../src/db/translations.js';
import { corpusFiles, freshDb, tableCounts } from '../helpers/db.js';

let db: Db;
let ids: number[];
beforeAll(async () => {
  db = (await freshDb()).db;
  const report = await importFiles(db, corpusFiles(), { project: 'corpus', sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1e7 });
  ids = report.documents.map((d) => d.id);
  // Some translations in each document, so states other than untranslated travel too.
  for (const id of ids) {
    const segs = await db.segment.findMany({ where: { documentId: id, translatable: true }, orderBy: { index: 'asc' }, take: 3 });
    for (const [i, s] of segs.entries()) {
      await saveTranslation(db, {
        segmentId: s.id,
        lang: 'en',
        text: `EN ${i}`,
        status: (['draft', 'translated', 'reviewed'] as const)[i]!,
        origin: 'human',
        version: 0,
        user: 't',
      });
    }
  }
});
afterAll(async () => db.$disconnect());

describe.each(['xliff', 'xliff12'] as const)('%s export and import', (format) => {
  it('changes nothing when an untouched export of every corpus document is imported back', async () => {
    const before = await tableCounts(db);
    for (const id of ids) {
      const { text } = await exportXliff(db, { documentId: id, langs: ['en'], format });
      const report = await importXliff(db, 'back.xlf', text);
      expect(report).toMatchObject({ documentId: id, updated: 0 });
    }
    expect(await tableCounts(db)).toEqual(before);
  });

  it('updates exactly the units whose targets were edited elsewhere, as translated with origin import', async () => {
    const id = ids.find((_, i) => corpusFiles()[i]!.name === 'seed-article.md')!;
    const { text } = await exportXliff(db, { documentId: id, langs: ['ru'], format });
    const segs = await db.segment.findMany({ where: { documentId: id, translatable: true }, orderBy: { index: 'asc' } });
    const [a, b] = [segs[5]!, segs[8]!];
    // Edit two targets the way another tool would: fill the <target> of two units.
    let edited = text;
    for (const [seg, value] of [
      [a, 'Первый перевод'],
      [b, 'Второй перевод'],
    ] as const) {
      const unit = new RegExp(
        `(<(?:unit|trans-unit) id="${seg.id}"[\\s\\S]*?<source[^>]*>[\\s\\S]*?</source>)(\\s*<target[^>]*>[\\s\\S]*?</target>|\\s*<target[^>]*/>)?`,
      );
      edited = edited.replace(unit, (_m, head: string) => `${head}<target>${value}</target>`);
    }
    const report = await importXliff(db, 'edited.xlf', edited);
    expect(report).toMatchObject({ updated: 2, unchanged: segs.length - 2 });
    const stored = await db.translation.findMany({ where: { lang: 'ru', segment: { documentId: id } }, orderBy: { segmentId: 'asc' } });
    expect(
      stored.filter((t) => t.text === 'Первый перевод' || t.text === 'Второй перевод').map((t) => [t.segmentId, t.status, t.origin]),
    ).toEqual([
      [a.id, 'translated', 'import'],
      [b.id, 'translated', 'import'],
    ]);
    await db.translation.deleteMany({ where: { lang: 'ru', segment: { documentId: id } } });
  });
});

describe('refused XLIFF files change nothing', () => {
  const cases: { name: string; edit: (xml: string) => string; message: RegExp }[] = [
    {
      name: 'a file for another document path',
      edit: (x) => x.replace(/original="[^"]+"/, 'original="other.md"'),
      message: /is for "other\.md"/,
    },
    {
      name: 'a target language that is not a project target',
      edit: (x) => x.replace(/trgLang="en"/, 'trgLang="fr"'),
      message: /"fr" is not a target language/,
    },
    {
      name: 'a unit that is not a segment of the document',
      edit: (x) => x.replace(/<unit id="(\d+)"/, '<unit id="99999999"'),
      message: /units 99999999 are not segments/,
    },
    { name: 'malformed XML', edit: (x) => x.slice(0, x.length / 2), message: /xliff|XML|line/i },
  ];
  it.each(cases)('$name', async ({ edit, message }) => {
    const { text } = await exportXliff(db, { documentId: ids[0]!, langs: ['en'], format: 'xliff' });
    const before = await tableCounts(db);
    await expect(importXliff(db, 'bad.xliff', edit(text))).rejects.toThrow(message);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('refuses the whole file when a translation changed here after the export', async () => {
    const id = ids[0]!;
    const { text } = await exportXliff(db, { documentId: id, langs: ['en'], format: 'xliff' });
    const seg = await db.segment.findFirstOrThrow({ where: { documentId: id, translatable: true }, orderBy: { index: 'asc' } });
    const current = await db.translation.findFirstOrThrow({ where: { segmentId: seg.id, lang: 'en' } });
    await saveTranslation(db, {
      segmentId: seg.id,
      lang: 'en',
      text: 'changed here',
      status: 'translated',
      origin: 'human',
      version: current.version,
      user: 't',
    });
    const edited = text.replace(/(<unit id="\d+"[\s\S]*?<target[^>]*>)[\s\S]*?(<\/target>)/, '$1changed elsewhere$2');
    const before = await tableCounts(db);
    await expect(importXliff(db, 'late.xliff', edited)).rejects.toThrow(/was changed here after the export/);
    expect(await tableCounts(db)).toEqual(before);
  });
});

// The one place the rule lives: the web export link, `bitext export --format` and the project export all go through it.
describe('an XLIFF export', () => {
  it.each([
    { why: 'no language', langs: [] as string[], value: '' },
    { why: 'two languages', langs: ['en', 'ru'], value: 'en,ru' },
  ])('is refused with one_lang for $why (XLIFF carries one target language)', async ({ langs, value }) => {
    await expect(exportXliff(db, { documentId: ids[0]!, langs, format: 'xliff' })).rejects.toMatchObject({
      code: 'invalid_input',
      key: 'one_lang',
      params: { value },
      message: `lang: XLIFF takes exactly one language, got "${value}"`,
    });
  });
});
