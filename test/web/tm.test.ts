import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { readTmx } from '../../src/domain/formats/tmx.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { executableMarkup } from '../helpers/html.js';
import { tmxOf, tuOf } from '../helpers/tmx.js';

let app: Express;
let db: Db;
let api: Client;
let translator: Client;
let reviewer: Client;
let segIds: number[];
let otherSegId: number;

const TMX = tmxOf;
const tu = (zh: string, en: string) => tuOf(zh, en);

beforeAll(async () => {
  ({ app, db, api } = await testApp());
  const news = await importFiles(
    db,
    [
      {
        name: 'a.md',
        bytes: Buffer.from(
          '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。\n\n白宫对会议议程的评论更加简洁。\n\n俄罗斯总统普京和美国总统拜登将于6月17日在日内瓦会晤。\n',
        ),
      },
    ],
    { project: 'news', sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1e7 },
  );
  const other = await importFiles(db, [{ name: 'b.md', bytes: Buffer.from('别的项目。\n') }], {
    project: 'other',
    sourceLang: 'zh',
    targetLangs: ['en'],
    maxBytes: 1e7,
  });
  segIds = (await db.segment.findMany({ where: { documentId: news.documents[0]!.id }, orderBy: { index: 'asc' } })).map((s) => s.id);
  otherSegId = (await db.segment.findFirstOrThrow({ where: { documentId: other.documents[0]!.id } })).id;
  const t = await clientFor(app, db, 'tina', 'translator');
  const r = await clientFor(app, db, 'rita', 'reviewer');
  translator = t.client;
  reviewer = r.client;
  const projectId = news.documents[0]!.projectId;
  await db.projectMember.createMany({
    data: [
      { userId: t.id, projectId },
      { userId: r.id, projectId },
    ],
  });
  // The first segment confirmed through the API: it enters the memory.
  await api
    .put(`/api/segments/${segIds[0]}/translations/en`)
    .send({ text: 'Putin and Biden meet on <June 16>.', status: 'translated', version: 0 })
    .expect(200);
});
afterAll(async () => db.$disconnect());

describe('GET /api/segments/:id/tm', () => {
  it('answers the best matches from 70 % with score, context, differences, who and when', async () => {
    const res = await translator.get(`/api/segments/${segIds[2]}/tm?lang=en`).expect(200);
    expect(res.body).toMatchObject({ segmentId: segIds[2], lang: 'en' });
    expect(res.body.matches).toEqual([
      {
        unitId: expect.any(Number),
        score: 96,
        inContext: false,
        source: '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。',
        target: 'Putin and Biden meet on <June 16>.',
        diff: [
          { op: 'equal', text: '俄罗斯总统普京和美国总统拜登将于6月1' },
          { op: 'delete', text: '6' },
          { op: 'insert', text: '7' },
          { op: 'equal', text: '日在日内瓦会晤。' },
        ],
        createdBy: 'admin',
        updatedAt: expect.any(String),
        project: 'news',
        // Confirmed without QA errors (a unit confirmed over errors says so).
        qaErrors: false,
      },
    ]);
  });

  it('defaults to the first target language and answers an empty list when nothing is close', async () => {
    const res = await api.get(`/api/segments/${segIds[1]}/tm`).expect(200);
    expect(res.body).toMatchObject({ lang: 'en', matches: [] });
  });

  it('refuses an invalid or foreign language with 400 naming it', async () => {
    expect((await api.get(`/api/segments/${segIds[2]}/tm?lang=e_n!`).expect(400)).body.error.message).toContain('lang');
    expect((await api.get(`/api/segments/${segIds[2]}/tm?lang=fr`).expect(400)).body.error.message).toContain(
      '"fr" is not a target language',
    );
  });

  it('answers 404 for an unknown segment and for a project the user is not a member of', async () => {
    await api.get('/api/segments/999999/tm?lang=en').expect(404);
    await translator.get(`/api/segments/${otherSegId}/tm?lang=en`).expect(404);
  });

  it('needs a login', async () => {
    await request(app).get(`/api/segments/${segIds[2]}/tm?lang=en`).expect(401);
    await request(app).get('/api/tm?q=x').expect(401);
  });
});

describe('concordance', () => {
  it('finds a Chinese phrase in sources over JSON, with the hits marked', async () => {
    const res = await translator.get(`/api/tm?q=${encodeURIComponent('拜登')}&side=source`).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.units[0].sourcePieces.filter((p: { hit: boolean }) => p.hit)).toEqual([{ text: '拜登', hit: true }]);
  });

  it('renders the page with the phrase highlighted and document text escaped', async () => {
    const res = await translator.get('/tm?q=june&side=target').expect(200);
    expect(res.text).toContain('<mark>June</mark>');
    expect(res.text).toContain('&lt;');
    expect(res.text).not.toContain('<June');
    expect(executableMarkup(res.text)).toEqual([]);
    expect(res.text).toContain('href="/tm"');
  });

  it('refuses a bad side', async () => {
    await api.get('/api/tm?q=x&side=both').expect(400);
  });
});

describe('TMX download and upload', () => {
  it('imports a TMX file into a project (zh-CN / en-GB mapped onto zh / en) and shows what it stored', async () => {
    const res = await reviewer
      .post('/tm/import')
      .set('Accept', 'application/json')
      .field('project', 'news')
      .attach(
        'file',
        Buffer.from(
          TMX(tu('克里姆林宫表示。', 'The Kremlin said.') + tu('没有英文', '').replace('<tuv xml:lang="en-GB"><seg></seg></tuv>', '')),
        ),
        '外部.tmx',
      )
      .expect(200);
    expect(res.body).toMatchObject({ file: '外部.tmx', units: 2, pairs: 1, created: 1, project: 'news', langs: ['zh→en'] });
    expect(await db.tmUnit.findFirst({ where: { source: '克里姆林宫表示。' } })).toMatchObject({
      targetLang: 'en',
      origin: 'tmx',
      createdBy: 'rita',
    });
  });

  it('refuses bad XML by file name and stores nothing', async () => {
    const before = await db.tmUnit.count();
    const res = await api
      .post('/tm/import')
      .set('Accept', 'application/json')
      .field('project', 'news')
      .attach('file', Buffer.from('<tmx><body>'), 'kaputt.tmx')
      .expect(400);
    expect(res.body.error.message).toMatch(/^kaputt\.tmx: /);
    expect(await db.tmUnit.count()).toBe(before);
  });

  it('lets only admins import shared memory, and translators not at all', async () => {
    const file = Buffer.from(TMX(tu('共享。', 'Shared.')));
    await translator.post('/tm/import').field('project', 'news').attach('file', file, 'a.tmx').expect(403);
    await reviewer.post('/tm/import').set('Accept', 'application/json').field('project', '').attach('file', file, 'a.tmx').expect(400);
    await reviewer.post('/tm/import').set('Accept', 'application/json').field('project', 'other').attach('file', file, 'a.tmx').expect(404);
    await api.post('/tm/import').set('Accept', 'application/json').field('project', '').attach('file', file, 'a.tmx').expect(200);
    expect((await db.tmUnit.findFirstOrThrow({ where: { source: '共享。' } })).projectId).toBeNull();
  });

  it('downloads the memory a user may see as TMX', async () => {
    const res = await translator.get('/tm/export?lang=en').expect(200);
    expect(res.headers['content-disposition']).toContain('memory.en.tmx');
    const sources = readTmx(res.text).units.map((u) => u.variants[0]!.text);
    expect(sources).toEqual(expect.arrayContaining(['俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。', '共享。']));
    await translator.get('/tm/export?project=other').expect(404);
  });

  it('exports a document as TMX from the export picker (confirmed translations only)', async () => {
    const docId = (await db.segment.findUniqueOrThrow({ where: { id: segIds[0]! } })).documentId;
    const res = await api.get(`/documents/${docId}/export?format=tmx&lang=en&lang=ru`).expect(200);
    expect(res.headers['content-disposition']).toContain('a.en+ru.tmx');
    const doc = readTmx(res.text);
    expect(doc.units.map((u) => u.variants.map((v) => [v.lang, v.text]))).toEqual([
      [
        ['zh', '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。'],
        ['en', 'Putin and Biden meet on <June 16>.'],
      ],
    ]);
  });

  it('accepts a .tmx file in the home page upload form, into the named project', async () => {
    const res = await api
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'news')
      .attach('files', Buffer.from(TMX(tu('上传表单。', 'Upload form.'))), 'memory.tmx')
      .expect(200);
    expect(res.body.tmx).toEqual([expect.objectContaining({ file: 'memory.tmx', created: 1, project: 'news' })]);
  });
});

describe('import by upload', () => {
  it('says how many segments the memory prefilled', async () => {
    const res = await api
      .post('/import')
      .field('project', 'news')
      .attach('files', Buffer.from('俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。\n\n新的段落。\n'), 'again.md')
      .expect(200);
    expect(res.text).toContain('segment translations prefilled from the translation memory: 1');
  });
});
