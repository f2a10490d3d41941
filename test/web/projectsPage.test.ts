/**
 * The projects page and its reports (issue 14): drafts counted in the progress label as in `bitext list`, one
 * export picker per project, the encoding note and import refusals in the interface language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import iconv from 'iconv-lite';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { progressLine, projectOverview } from '../../src/services/overviewService.js';
import { saveTranslation } from '../../src/db/translations.js';
import { testApp } from '../helpers/app.js';
import { finishedImportJobRefusingBigFile } from '../helpers/importJob.js';

let app: Express;
let db: Db;
let token: string;
let docId: number;
const NBSP = '\u00a0';
const GBK = iconv.encode('# 标题\n\n第一段。\n\n第二段。\n\n第三段。\n', 'gbk');

beforeAll(async () => {
  ({ app, db, adminToken: token } = await testApp({ MAX_IMPORT_BYTES: '1000' }));
  const report = await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('# 标题\n\n第一段。\n\n第二段。\n\n第三段。\n') }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e6,
  });
  docId = report.documents[0]!.id;
  const segments = await db.segment.findMany({ where: { documentId: docId, translatable: true }, orderBy: { index: 'asc' } });
  // One confirmed translation and two drafts out of four segments.
  for (const [i, s] of segments.slice(0, 3).entries()) {
    await saveTranslation(db, {
      segmentId: s.id,
      lang: 'en',
      text: `T${i}`,
      status: i === 0 ? 'translated' : 'draft',
      origin: 'human',
      version: 0,
      user: 'admin',
    });
  }
});
afterAll(async () => db.$disconnect());

const as = (lang: string) => (path: string) => request(app).get(path).set('Authorization', `Bearer ${token}`).set('Accept-Language', lang);

// The bars showed drafts in orange while the label and `bitext list` said 0 %: the drafts are now named beside it.
describe('progress with drafts', () => {
  it('counts drafts in the service, and bitext list prints them', async () => {
    const [project] = await projectOverview(db);
    const en = project!.documents[0]!.progress.find((g) => g.lang === 'en')!;
    expect({ percent: en.percent, drafts: en.drafts }).toEqual({ percent: 25, drafts: 2 });
    expect(progressLine(en)).toBe('en 25% translated, 2 drafts');
    expect(progressLine({ lang: 'ru', percent: 0, drafts: 0 })).toBe('ru 0% translated');
    expect(progressLine({ lang: 'ru', percent: 0, drafts: 1 })).toBe('ru 0% translated, 1 draft');
  });

  it.each([
    ['en', 'en: 25% translated, 2 drafts'],
    ['ru', `en: переведено 25${NBSP}%, 2 черновика`],
    ['zh-Hans', 'en: 已翻译 25%，2 个草稿'],
  ])('the projects page says the same in %s', async (lang, label) => {
    const res = await as(lang)('/').expect(200);
    expect(res.text).toContain(`aria-label="${label}"`);
  });
});

// Each document row repeated a six-control export form: now one picker per project, one button per row.
describe('one export picker per project', () => {
  it('renders the choices once and a Download button per document that submits them to its own export route', async () => {
    await importFiles(db, [{ name: 'b.md', bytes: Buffer.from('第二篇。\n') }], {
      project: 'news',
      sourceLang: 'zh',
      targetLangs: ['en', 'ru'],
      maxBytes: 1e6,
    });
    const res = await as('en')('/').expect(200);
    const projectId = (await db.project.findUniqueOrThrow({ where: { name: 'news' } })).id;
    expect(res.text.match(/<select name="layout">/g)).toHaveLength(1);
    expect(res.text).toContain(`<form class="export export-picker" id="export-${projectId}"`);
    const buttons = [
      ...res.text.matchAll(/<button type="submit" class="export-doc" form="export-(\d+)" formaction="\/documents\/(\d+)\/export"/g),
    ];
    expect(buttons.map((b) => b[1])).toEqual([String(projectId), String(projectId)]);
    expect(buttons.map((b) => b[2])).toContain(String(docId));
    // What the browser sends for the picker's defaults keeps working on the existing export route.
    const download = await as('en')(`/documents/${docId}/export?layout=interleaved&lang=en&lang=ru&convert=&format=`).expect(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.text).toContain('T1');
  });
});

describe('import reports in the interface language', () => {
  it('shows the encoding note in Russian in the upload report, its JSON summary and on the projects page', async () => {
    const html = await request(app)
      .post('/import')
      .set('Authorization', `Bearer ${token}`)
      .set('Accept-Language', 'ru')
      .field('project', 'news')
      .attach('files', GBK, 'gbk.md')
      .expect(200);
    expect(html.text).toContain('(преобразован из GB18030/GBK в UTF-8)');
    const json = await request(app)
      .post('/import')
      .set('Authorization', `Bearer ${token}`)
      .set('Accept-Language', 'zh-Hans')
      .set('Accept', 'application/json')
      .field('project', 'news')
      .attach('files', GBK, 'gbk2.md')
      .expect(200);
    expect(json.body.documents[0].summary).toContain('已从 GB18030/GBK 转换为 UTF-8');
    const home = await as('ru')('/').expect(200);
    expect(home.text).toContain('<div class="note">преобразован из GB18030/GBK в UTF-8</div>');
  });

  it('names a too-large file of a background import in Russian with human sizes on the job page', async () => {
    const jobId = await finishedImportJobRefusingBigFile(db, 'news');
    const res = await as('ru')(`/jobs/${jobId}`).expect(200);
    expect(res.text).toContain(`<li>big.md: размер файла 1,5 кБ больше предела 1${NBSP}000 байт.</li>`);
  });

  it('gives the upload form the limit and localized messages for the check made before sending', async () => {
    const res = await as('ru')('/').expect(200);
    expect(res.text).toContain('data-max-bytes="1000"');
    expect(res.text).toContain(`data-too-large="{{file}}: {{size}} &gt; 1${NBSP}000 байт (наибольший допустимый файл), не отправлен."`);
  });
});
