import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { testApp, type Client } from '../helpers/app.js';

// QA issue messages follow the interface language (?lng=) in the editor rows, the QA page, the save
// answer and the document QA API; `message` stays English beside `localizedMessage`.
let db: Db;
let api: Client;
let docId: number;
let segId: number;

const EN = 'The number 16 of the source is not in the target.';
const ZH = '原文中的数字 16 不在译文中。';
const RU = 'Числа 16 из оригинала нет в переводе.';

beforeAll(async () => {
  ({ db, api } = await testApp());
  const report = await importFiles(db, [{ name: 'summit.md', bytes: Buffer.from('普京将于6月16日在日内瓦会晤。\n') }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en'],
    maxBytes: 1e7,
  });
  docId = report.documents[0]!.id;
  segId = (await db.segment.findFirstOrThrow({ where: { documentId: docId } })).id;
});
afterAll(async () => db.$disconnect());

/** The issue line of the editor row (check name and message). */
const rowIssue = (html: string) =>
  /<li class="qa-error" data-check="numbers"><span class="qa-check">([^<]*)<\/span> ([^<]*)<\/li>/.exec(html)?.slice(1);

describe('localized QA messages', () => {
  it('stores the key and parameters beside the English message', async () => {
    await api
      .put(`/api/segments/${segId}/translations/en?lng=en`)
      .send({ text: 'Putin will meet in Geneva on June 17.', version: 0 })
      .expect(200);
    const [row] = await db.qaIssue.findMany({ where: { documentId: docId } });
    expect(row).toMatchObject({ check: 'numbers', key: 'numbersMissing', message: EN });
    expect(JSON.parse(row!.params)).toEqual({ number: '16' });
  });

  it.each([
    ['en', EN],
    ['zh-Hans', ZH],
    ['ru', RU],
  ])('%s: the save answer carries the localized message and keeps the English one', async (lng, text) => {
    const version = (await db.translation.findFirstOrThrow({ where: { segmentId: segId, lang: 'en' } })).version;
    const res = await api
      .put(`/api/segments/${segId}/translations/en?lng=${lng}`)
      .send({ text: 'Putin will meet in Geneva on June 17.', version })
      .expect(200);
    expect(res.body.qa.issues).toEqual([expect.objectContaining({ key: 'numbersMissing', message: EN, localizedMessage: text })]);
  });

  it.each([
    ['en', 'Numbers', EN],
    ['zh-Hans', '数字', ZH],
    ['ru', 'Числа', RU],
  ])('%s: the editor row, the QA page and the document QA API show it', async (lng, check, text) => {
    const editor = await api.get(`/documents/${docId}?lang=en&lng=${lng}`).expect(200);
    expect(rowIssue(editor.text)).toEqual([check, text]);
    const page = await api.get(`/documents/${docId}/qa?lang=en&lng=${lng}`).expect(200);
    expect(page.text).toContain(`<span class="qa-check">${check}</span> ${text}</li>`);
    const json = await api.get(`/api/documents/${docId}/qa?lang=en&lng=${lng}`).expect(200);
    expect(json.body.segments[0].issues).toEqual([expect.objectContaining({ message: EN, localizedMessage: text })]);
    const run = await api.post(`/api/documents/${docId}/qa?lang=en&lng=${lng}`).expect(200);
    expect(run.body.segments[0].issues).toEqual([expect.objectContaining({ message: EN, localizedMessage: text })]);
  });

  it('ru: a reviewed save refused for QA errors lists the issues in Russian', async () => {
    const version = (await db.translation.findFirstOrThrow({ where: { segmentId: segId, lang: 'en' } })).version;
    const res = await api
      .put(`/api/segments/${segId}/translations/en?lng=ru`)
      .send({ text: 'Putin will meet in Geneva on June 17.', version, status: 'reviewed' })
      .expect(422);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ message: EN, localizedMessage: RU })]);
  });

  it('ru: a row stored before message keys shows its English message', async () => {
    await db.qaIssue.updateMany({ where: { documentId: docId }, data: { key: '', params: '{}' } });
    const editor = await api.get(`/documents/${docId}?lang=en&lng=ru`).expect(200);
    expect(rowIssue(editor.text)).toEqual(['Числа', EN]);
  });
});
