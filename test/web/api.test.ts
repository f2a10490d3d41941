import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { providerOf, type Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { CORPUS_DIR, tableCounts } from '../helpers/db.js';
import { testApp, type Client } from '../helpers/app.js';

let api: Client;
let db: Db;
let docId: number;
let segIds: number[];
let codeSegId: number;

beforeAll(async () => {
  ({ db, api } = await testApp());
  const seed = readFileSync(path.join(CORPUS_DIR, 'seed-article.md'));
  const report = await importFiles(
    db,
    [
      { name: 'seed-article.md', bytes: seed },
      { name: 'code.md', bytes: Buffer.from('段落\n\n```\ncode\n```\n') },
    ],
    { project: 'news', sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1e7 },
  );
  docId = report.documents[0]!.id;
  const segs = await db.segment.findMany({ where: { documentId: docId, translatable: true }, orderBy: { index: 'asc' } });
  segIds = segs.map((s) => s.id);
  codeSegId = (await db.segment.findFirstOrThrow({ where: { documentId: report.documents[1]!.id, kind: 'code' } })).id;
});
afterAll(async () => db.$disconnect());

const put = (id: number, lang: string, body: unknown) => api.put(`/api/segments/${id}/translations/${lang}`).send(body as object);

describe('GET /api/documents/:id/segments', () => {
  it('lists segments with their translation in the requested language, paginated', async () => {
    const res = await api.get(`/api/documents/${docId}/segments?lang=ru&offset=2&limit=3`).expect(200);
    expect(res.body).toMatchObject({ documentId: docId, lang: 'ru', total: 30, offset: 2, limit: 3 });
    expect(res.body.segments).toHaveLength(3);
    expect(res.body.segments[0]).toEqual({
      id: expect.any(Number),
      index: 2,
      kind: 'heading',
      source: '俄美峰会可能涉及的议题',
      translatable: true,
      translation: { text: '', status: 'untranslated', origin: null, version: 0, updatedAt: null, updatedBy: null, flags: [] },
    });
  });

  it('defaults to the first target language of the project', async () => {
    const res = await api.get(`/api/documents/${docId}/segments?limit=1`).expect(200);
    expect(res.body.lang).toBe('en');
  });
});

describe('PUT /api/segments/:id/translations/:lang', () => {
  it('saves a first translation (version 0) as a human draft and returns version 1', async () => {
    const res = await put(segIds[0]!, 'en', { text: 'Back to home', version: 0 }).expect(200);
    expect(res.body).toMatchObject({ text: 'Back to home', status: 'draft', origin: 'human', version: 1, updatedBy: 'admin' });
  });

  it('confirms with status translated and bumps the version', async () => {
    const res = await put(segIds[0]!, 'en', { text: 'Back to the home page', status: 'translated', version: 1 }).expect(200);
    expect(res.body).toMatchObject({ status: 'translated', version: 2 });
  });

  it('answers a stale version with 409 and the current translation, changing nothing', async () => {
    const before = await tableCounts(db);
    const res = await put(segIds[0]!, 'en', { text: 'Overwrite?', version: 1 }).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'version_conflict',
      current: { text: 'Back to the home page', version: 2, status: 'translated' },
    });
    expect(await tableCounts(db)).toEqual(before);
  });

  it('filters by status and by text after saves', async () => {
    const byStatus = await api.get(`/api/documents/${docId}/segments?lang=en&status=translated`).expect(200);
    expect(byStatus.body.segments.map((s: { id: number }) => s.id)).toEqual([segIds[0]]);
    expect(byStatus.body.counts.status).toMatchObject({ translated: 1, untranslated: 28 });
    const byText = await api.get(`/api/documents/${docId}/segments?lang=en&q=${encodeURIComponent('home page')}&scope=target`).expect(200);
    expect(byText.body.total).toBe(1);
    const untranslated = await api.get(`/api/documents/${docId}/segments?lang=en&status=untranslated&limit=500`).expect(200);
    expect(untranslated.body.total).toBe(28);
  });

  it('finds text whatever its letter case, Latin and Cyrillic alike, on SQLite and PostgreSQL', async () => {
    await put(segIds[3]!, 'ru', { text: 'Встреча в Москве', version: 0 }).expect(200);
    const find = async (lang: string, q: string, scope = 'target') =>
      (await api.get(`/api/documents/${docId}/segments?lang=${lang}&q=${encodeURIComponent(q)}&scope=${scope}`).expect(200)).body.total;
    expect(await find('en', 'HOME PAGE')).toBe(1);
    expect(await find('en', 'home page', 'both')).toBe(1);
    expect(await find('ru', 'москве')).toBe(1);
    expect(await find('ru', 'ВСТРЕЧА В')).toBe(1);
    expect(await find('ru', 'Петербург')).toBe(0);
  });

  it('matches the typed text literally, % _ and \\ included, on SQLite and PostgreSQL (issue 13: q=% matched every segment)', async () => {
    await put(segIds[6]!, 'en', { text: 'Up 50% in 2024_Q1 (see C:\\data)', version: 0 }).expect(200);
    await put(segIds[7]!, 'en', { text: 'Up 5 points in 2024 Q1', version: 0 }).expect(200);
    const find = async (q: string, scope = 'target') =>
      (await api.get(`/api/documents/${docId}/segments?lang=en&q=${encodeURIComponent(q)}&scope=${scope}`).expect(200)).body.segments.map(
        (s: { id: number }) => s.id,
      );
    expect(await find('%')).toEqual([segIds[6]]);
    expect(await find('_')).toEqual([segIds[6]]);
    expect(await find('\\')).toEqual([segIds[6]]);
    expect(await find('50%')).toEqual([segIds[6]]);
    expect(await find('5_')).toEqual([]);
    expect(await find('2024%Q1')).toEqual([]);
    expect(await find('%', 'source')).toEqual([]);
    expect(await find(`%_%_%${'_'.repeat(120)}`, 'source')).toEqual([]);
  });

  it('lets exactly one of 20 concurrent saves of the same version win', async () => {
    const id = segIds[5]!;
    await put(id, 'en', { text: 'v1', version: 0 }).expect(200);
    const revisionsBefore = await db.revision.count();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => put(id, 'en', { text: `edit ${i}`, version: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await db.revision.count()).toBe(revisionsBefore + 1);
  });

  it('answers 409, never 500, to 20 concurrent first saves of a segment (the unique key race on PostgreSQL)', async () => {
    // Repeated on fresh segments and languages: the race between the existence check and the insert is rare per run.
    for (const [i, lang] of [
      [10, 'en'],
      [11, 'en'],
      [12, 'en'],
      [10, 'ru'],
      [11, 'ru'],
      [12, 'ru'],
    ] as const) {
      const id = segIds[i]!;
      const revisionsBefore = await db.revision.count();
      const results = await Promise.all(Array.from({ length: 20 }, (_, n) => put(id, lang, { text: `first ${n}`, version: 0 })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(19).fill(409)]);
      for (const r of results.filter((x) => x.status === 409)) {
        expect(r.body.error).toMatchObject({ code: 'version_conflict', current: { version: 1 } });
      }
      expect(await db.revision.count()).toBe(revisionsBefore + 1);
    }
  });

  it.each([
    { name: 'unknown segment', id: () => 999999, lang: 'en', body: { text: 'x', version: 0 }, status: 404, code: 'not_found' },
    {
      name: 'language not in the project',
      id: () => segIds[1]!,
      lang: 'fr',
      body: { text: 'x', version: 0 },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'invalid language code',
      id: () => segIds[1]!,
      lang: 'e*n',
      body: { text: 'x', version: 0 },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'text of the wrong type',
      id: () => segIds[1]!,
      lang: 'en',
      body: { text: 42, version: 0 },
      status: 400,
      code: 'invalid_input',
    },
    { name: 'missing version', id: () => segIds[1]!, lang: 'en', body: { text: 'x' }, status: 400, code: 'invalid_input' },
    {
      name: 'unknown status',
      id: () => segIds[1]!,
      lang: 'en',
      body: { text: 'x', version: 0, status: 'done' },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'empty text confirmed',
      id: () => segIds[1]!,
      lang: 'en',
      body: { text: ' ', version: 0, status: 'translated' },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'text too large',
      id: () => segIds[1]!,
      lang: 'en',
      body: { text: 'x'.repeat(100_001), version: 0 },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'non-translatable segment',
      id: () => codeSegId,
      lang: 'en',
      body: { text: 'x', version: 0 },
      status: 400,
      code: 'invalid_input',
    },
  ])('refuses $name with $status and changes nothing', async ({ id, lang, body, status, code }) => {
    const before = await tableCounts(db);
    const res = await put(id(), lang, body).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toBeTruthy();
    expect(await tableCounts(db)).toEqual(before);
  });

  it('refuses a malformed JSON body and an oversized body', async () => {
    const bad = await api
      .put(`/api/segments/${segIds[1]}/translations/en`)
      .set('Content-Type', 'application/json')
      .send('{"text":')
      .expect(400);
    expect(bad.body.error.code).toBe('malformed_body');
    const huge = await api
      .put(`/api/segments/${segIds[1]}/translations/en`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(600_000), version: 0 }))
      .expect(413);
    expect(huge.body.error.code).toBe('body_too_large');
  });

  it('stores nothing, not even the translation, when the memory write of a confirmed save fails, and answers a typed 503', async () => {
    // A trigger makes every memory insert fail, as a full disk or a broken memory table would.
    const pg = providerOf(db) === 'postgresql';
    const install = pg
      ? [
          `CREATE FUNCTION refuse_tm() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'memory write refused by the test'; END $$ LANGUAGE plpgsql`,
          `CREATE TRIGGER refuse_tm BEFORE INSERT OR UPDATE ON "TmUnit" FOR EACH ROW EXECUTE FUNCTION refuse_tm()`,
        ]
      : [`CREATE TRIGGER refuse_tm BEFORE INSERT ON "TmUnit" BEGIN SELECT RAISE(ABORT, 'memory write refused by the test'); END`];
    const remove = pg ? ['DROP TRIGGER refuse_tm ON "TmUnit"', 'DROP FUNCTION refuse_tm()'] : ['DROP TRIGGER refuse_tm'];
    const id = segIds[9]!;
    await put(id, 'en', { text: 'A first draft', version: 0 }).expect(200);
    const counts = async () => ({
      ...(await tableCounts(db)),
      audit: await db.auditEvent.count(),
      qa: await db.qaIssue.count(),
      tm: await db.tmUnit.count(),
    });
    const before = await counts();
    for (const sql of install) await db.$executeRawUnsafe(sql);
    try {
      const res = await put(id, 'en', { text: 'The confirmed text', status: 'translated', version: 1 }).expect(503);
      expect(res.body.error).toMatchObject({ code: 'save_not_stored' });
    } finally {
      for (const sql of remove) await db.$executeRawUnsafe(sql);
    }
    expect(await counts()).toEqual(before);
    const row = await db.translation.findUniqueOrThrow({ where: { segmentId_lang: { segmentId: id, lang: 'en' } } });
    expect(row).toMatchObject({ text: 'A first draft', version: 1, status: 'draft' });
    // The editor retries the same save: it is not a conflict, since nothing was stored.
    await put(id, 'en', { text: 'The confirmed text', status: 'translated', version: 1 }).expect(200);
    expect(await db.tmUnit.count()).toBe(before.tm + 1);
  });
});
