import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { exportDocument } from '../../src/services/exportService.js';
import { saveTranslation } from '../../src/db/translations.js';
import { freshDb } from '../helpers/db.js';

const RESOURCE =
  '{\r\n  "nav": {\r\n    "home": "首页",\r\n    "hello": "你好，{{name}}"\r\n  },\r\n  "items_other": "{{count}} 篇文章",\r\n  "more": "$t(nav.home) 之外"\r\n}\r\n';
let db: Db;
let id: number;
beforeAll(async () => {
  db = (await freshDb()).db;
  id = (
    await importFiles(db, [{ name: 'zh/common.json', bytes: Buffer.from(RESOURCE) }], {
      project: 'app',
      sourceLang: 'zh',
      targetLangs: ['en', 'ru'],
      maxBytes: 1e6,
    })
  ).documents[0]!.id;
});
afterAll(async () => db.$disconnect());

describe('i18next resource files as documents', () => {
  it('imports one segment per string value and exports the file back byte for byte', async () => {
    const segs = await db.segment.findMany({ where: { documentId: id }, orderBy: { index: 'asc' } });
    expect(segs.map((s) => [s.kind, s.source])).toEqual([
      ['i18n_value', '首页'],
      ['i18n_value', '你好，{{name}}'],
      ['i18n_value', '{{count}} 篇文章'],
      ['i18n_value', '$t(nav.home) 之外'],
    ]);
    expect((await exportDocument(db, { documentId: id, layout: 'source', langs: [] })).text).toBe(RESOURCE);
    // Untranslated, the English file is the source plus the `_one` form English needs (falling back to `_other`).
    const en = JSON.parse((await exportDocument(db, { documentId: id, layout: 'target', langs: ['en'] })).text) as Record<string, unknown>;
    expect(en).toEqual({ ...(JSON.parse(RESOURCE) as Record<string, unknown>), items_one: '{{count}} 篇文章' });
  });

  it('writes the target file with the same keys, order and line endings, adding the plural keys Russian needs', async () => {
    const segs = await db.segment.findMany({ where: { documentId: id }, orderBy: { index: 'asc' } });
    const ru = ['Главная', 'Привет, {{name}}', '{{count}} статей', '$t(nav.home) и не только'];
    for (const [i, s] of segs.entries()) {
      await saveTranslation(db, {
        segmentId: s.id,
        lang: 'ru',
        text: ru[i]!,
        status: 'translated',
        origin: 'human',
        version: 0,
        user: 't',
      });
    }
    const { text, fileName } = await exportDocument(db, { documentId: id, layout: 'target', langs: ['ru'] });
    expect(fileName).toBe('common.target.ru.json');
    expect(text).toContain('\r\n');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['nav', 'items_other', 'more']));
    expect(parsed.nav).toEqual({ home: 'Главная', hello: 'Привет, {{name}}' });
    expect(parsed.items_other).toBe('{{count}} статей');
    for (const form of ['items_one', 'items_few', 'items_many']) expect(parsed).toHaveProperty(form);
  });

  it('refuses the interleaved layout, which only makes sense for articles', async () => {
    await expect(exportDocument(db, { documentId: id, layout: 'interleaved', langs: ['en'] })).rejects.toThrow(
      /interleaved is for Markdown articles/,
    );
  });
});

describe('JSON that is not an i18next resource file', () => {
  it.each([
    ['broken JSON', '{"a": '],
    ['a JSON array', '["a", "b"]'],
  ])('is refused with a message naming the file: %s', async (_name, text) => {
    const report = await importFiles(db, [{ name: 'bad.json', bytes: Buffer.from(text) }], {
      project: 'app',
      sourceLang: 'zh',
      targetLangs: ['en'],
      maxBytes: 1e6,
    });
    expect(report.documents).toEqual([]);
    expect(report.refused[0]?.message).toContain('bad.json');
  });
});
