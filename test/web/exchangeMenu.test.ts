// Issue #8: every exchange format is reachable from the one export menu of a document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { addGlossaryEntry } from '../../src/db/glossary.js';
import { readGlossaryCsv } from '../../src/domain/formats/glossary.js';
import { readTbx } from '../../src/domain/formats/tbx.js';
import { testApp, type Client } from '../helpers/app.js';

let db: Db;
let api: Client;
let docId: number;

beforeAll(async () => {
  ({ db, api } = await testApp());
  const report = await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('王毅在北京。\n') }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e6,
  });
  docId = report.documents[0]!.id;
  await addGlossaryEntry(
    db,
    { projectId: report.documents[0]!.projectId },
    {
      source: '王毅',
      pos: 'properNoun',
      targets: [
        { lang: 'en', terms: ['Wang Yi'], forbidden: [] },
        { lang: 'ru', terms: ['Ван И'], forbidden: [] },
      ],
    },
  );
  await addGlossaryEntry(
    db,
    { shared: true },
    {
      source: '北京',
      targets: [
        { lang: 'en', terms: ['Beijing'], forbidden: ['Peking'] },
        { lang: 'ru', terms: ['Пекин'], forbidden: [] },
      ],
    },
  );
});
afterAll(async () => db.$disconnect());

describe('the export menu', () => {
  it('offers Markdown, XLIFF 2.1 and 1.2, TMX and the glossary as CSV and TBX', async () => {
    const res = await api.get(`/documents/${docId}?lang=en`).expect(200);
    const formats = [...res.text.matchAll(/<select name="format">([\s\S]*?)<\/select>/g)][0]![1]!;
    expect([...formats.matchAll(/value="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '',
      'xliff',
      'xliff12',
      'tmx',
      'glossary-csv',
      'glossary-tbx',
    ]);
  });

  it.each([
    ['glossary-csv', 'text/csv', (text: string) => readGlossaryCsv(text)],
    ['glossary-tbx', 'application/x-tbx+xml', (text: string) => readTbx(text)],
  ])('downloads %s: the project glossary merged with the shared one', async (format, type, read) => {
    const res = await api
      .get(`/documents/${docId}/export?format=${format}&lang=en&lang=ru`)
      .buffer(true)
      .parse((r, cb) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (body += c));
        r.on('end', () => cb(null, body));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(type);
    expect(res.headers['content-disposition']).toContain('news');
    const entries = read(res.body as string);
    expect(entries.map((e) => e.source).sort()).toEqual(['北京', '王毅']);
    expect(entries.find((e) => e.source === '北京')!.targets.find((t) => t.lang === 'en')).toMatchObject({
      terms: ['Beijing'],
      forbidden: ['Peking'],
    });
  });
});
