import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { saveTranslation } from '../../src/db/translations.js';
import type { Origin, Status } from '../../src/domain/status.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { tableCounts } from '../helpers/db.js';
import { rebuildMemory } from '../../src/services/tmService.js';

let app: Express;
let db: Db;
let api: Client;
let translator: Client;
let docId: number;
let segIds: number[];

const ARTICLE = [
  '# 普京会见习近平',
  '',
  '普京会见习近平。',
  '',
  '双方讨论了乌克兰局势，见[新闻](https://putin.example.com)。',
  '',
  '普京会见习近平。',
  '',
  '会谈持续了三个小时。',
  '',
].join('\n');

async function setText(index: number, text: string, status: Status, origin: Origin = 'human') {
  const current = await db.translation.findUnique({ where: { segmentId_lang: { segmentId: segIds[index]!, lang: 'en' } } });
  return saveTranslation(db, {
    segmentId: segIds[index]!,
    lang: 'en',
    text,
    status,
    origin,
    version: current?.version ?? 0,
    user: 'setup',
  });
}

const textOf = async (index: number) =>
  (await db.translation.findUnique({ where: { segmentId_lang: { segmentId: segIds[index]!, lang: 'en' } } }))?.text;

beforeAll(async () => {
  ({ app, db, api } = await testApp());
  translator = (await clientFor(app, db, 'tina', 'translator')).client;
  const report = await importFiles(db, [{ name: 'a.md', bytes: Buffer.from(ARTICLE) }], {
    project: 'p',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e6,
  });
  docId = report.documents[0]!.id;
  segIds = (await db.segment.findMany({ where: { documentId: docId }, orderBy: { index: 'asc' } })).map((s) => s.id);
  // tina needs membership to see the project
  await db.projectMember.create({
    data: { userId: (await db.user.findUniqueOrThrow({ where: { name: 'tina' } })).id, projectId: report.documents[0]!.projectId },
  });
});
afterAll(async () => db.$disconnect());

describe('find and replace', () => {
  beforeAll(async () => {
    await setText(0, 'Putin meets Xi Jinping', 'translated');
    await setText(1, 'Putin met Xi Jinping.', 'reviewed');
    await setText(2, 'The sides discussed Ukraine, see [news](https://putin.example.com).', 'draft', 'mt');
    await setText(3, 'Putin met Xi Jinping.', 'translated');
  });

  it('previews without changing anything, marking matches, and skips reviewed translations by default', async () => {
    const before = await tableCounts(db);
    const res = await api.get(`/documents/${docId}/replace?lang=en&find=putin&replace=Vladimir+Putin`).expect(200);
    expect(await tableCounts(db)).toEqual(before);
    expect(res.text).toContain('<del>Putin</del>');
    expect(res.text).toContain('<ins>Vladimir Putin</ins>');
    expect(res.text).toContain('1 reviewed translation matches but is skipped.');
    // the URL containing "putin" is not offered for replacement
    expect(res.text).not.toContain('https://<del>');
    const json = await api
      .get(`/documents/${docId}/replace?lang=en&find=putin&replace=Vladimir+Putin`)
      .set('Accept', 'application/json')
      .expect(200);
    expect(json.body.changes.map((c: { index: number }) => c.index)).toEqual([0, 3]);
  });

  it('applies exactly the previewed changes as ordinary saves (revision, human origin), leaving reviewed ones alone', async () => {
    const preview = await api
      .get(`/documents/${docId}/replace?lang=en&find=Putin&replace=Vladimir+Putin&matchCase=1`)
      .set('Accept', 'application/json');
    const previewed = preview.body.changes.map((c: { segmentId: number; version: number }) => `${c.segmentId}:${c.version}`).join(',');
    const res = await api
      .post(`/documents/${docId}/replace`)
      .set('Accept', 'application/json')
      .type('form')
      .send({ lang: 'en', find: 'Putin', replace: 'Vladimir Putin', matchCase: '1', previewed })
      .expect(200);
    expect(res.body).toMatchObject({ changed: 2, matches: 2, conflicts: [], skippedReviewed: 1 });
    expect(await textOf(0)).toBe('Vladimir Putin meets Xi Jinping');
    expect(await textOf(1)).toBe('Putin met Xi Jinping.');
    const t = await db.translation.findUniqueOrThrow({
      where: { segmentId_lang: { segmentId: segIds[3]!, lang: 'en' } },
      include: { revisions: true },
    });
    expect(t).toMatchObject({ status: 'translated', origin: 'human', version: 2 });
    expect(t.revisions).toHaveLength(2);
  });

  it('leaves a translation edited after the preview alone and reports it as a conflict', async () => {
    const preview = await api.get(`/documents/${docId}/replace?lang=en&find=Xi+Jinping&replace=Xi`).set('Accept', 'application/json');
    const previewed = preview.body.changes.map((c: { segmentId: number; version: number }) => `${c.segmentId}:${c.version}`).join(',');
    await setText(0, 'Vladimir Putin meets Xi Jinping today', 'translated'); // someone else edits segment 0
    const res = await api
      .post(`/documents/${docId}/replace`)
      .set('Accept', 'application/json')
      .type('form')
      .send({ lang: 'en', find: 'Xi Jinping', replace: 'Xi', previewed })
      .expect(200);
    expect(res.body.conflicts).toEqual([{ segmentId: segIds[0], index: 0 }]);
    expect(res.body.changed).toBe(1);
    expect(await textOf(0)).toBe('Vladimir Putin meets Xi Jinping today');
  });

  it('changes reviewed translations only when asked, sending them back to translated', async () => {
    const preview = await api
      .get(`/documents/${docId}/replace?lang=en&find=met&replace=meets&includeReviewed=1&wholeWord=1`)
      .set('Accept', 'application/json');
    const previewed = preview.body.changes.map((c: { segmentId: number; version: number }) => `${c.segmentId}:${c.version}`).join(',');
    await api
      .post(`/documents/${docId}/replace`)
      .type('form')
      .send({ lang: 'en', find: 'met', replace: 'meets', includeReviewed: '1', wholeWord: '1', previewed })
      .expect(200);
    const t = await db.translation.findUniqueOrThrow({ where: { segmentId_lang: { segmentId: segIds[1]!, lang: 'en' } } });
    expect(t).toMatchObject({ text: 'Putin meets Xi Jinping.', status: 'translated' });
  });

  it('refuses translators including reviewed translations (403) and bad patterns (400 naming the field), changing nothing', async () => {
    const before = await tableCounts(db);
    await translator
      .get(`/documents/${docId}/replace?lang=en&find=a&replace=b&includeReviewed=1`)
      .set('Accept', 'application/json')
      .expect(403);
    const bad = await api.get(`/documents/${docId}/replace?lang=en&find=(&regex=1`).set('Accept', 'application/json').expect(400);
    expect(JSON.stringify(bad.body)).toContain('find');
    await api.post(`/documents/${docId}/replace`).type('form').send({ lang: 'en', find: '', previewed: '' }).expect(400);
    await api.post(`/documents/${docId}/replace`).type('form').send({ lang: 'xx-bad-', find: 'a', previewed: '' }).expect(400);
    await api.get(`/documents/${docId}/replace?lang=de&find=a`).expect(400);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('shows an empty form with no preview when nothing is asked yet', async () => {
    const res = await translator.get(`/documents/${docId}/replace?lang=en`).expect(200);
    expect(res.text).toContain('name="find"');
    expect(res.text).not.toContain('replace-preview');
    expect(res.text).not.toContain('includeReviewed'); // translators cannot include reviewed translations
  });
});

describe('analysis', () => {
  it('reports progress, repetitions, match bands, the MT estimate and post-edit distance, as HTML and JSON', async () => {
    // ru: one MT draft confirmed unchanged, one rewritten
    const save = (i: number, text: string, status: Status, origin: Origin, version: number) =>
      saveTranslation(db, { segmentId: segIds[i]!, lang: 'ru', text, status, origin, version, user: 'x' });
    await save(0, 'Путин встретился с Си Цзиньпином', 'draft', 'mt', 0);
    await save(0, 'Путин встретился с Си Цзиньпином', 'translated', 'mt', 1);
    await save(2, 'Стороны обсудили Украину', 'draft', 'mt', 0);
    await save(2, 'Стороны обсудили ситуацию на Украине, см. [новости](https://putin.example.com).', 'translated', 'human', 1);
    // Saved below the service layer: put the confirmed translations into the memory the match bands use.
    await rebuildMemory(db);
    const res = await api.get(`/documents/${docId}/analysis?lang=ru`).set('Accept', 'application/json').expect(200);
    const r = res.body;
    expect(r.total.segments).toBe(5);
    expect(r.byStatus.translated.segments).toBe(2);
    expect(r.byStatus.untranslated.segments).toBe(3);
    expect(r.repetitions.segments).toBe(1); // 普京会见习近平。 twice
    expect(r.postEdit.segments.map((p: { index: number }) => p.index)).toEqual([0, 2]);
    expect(r.postEdit.unchanged).toBe(1);
    expect(r.postEdit.segments[1].distance).toBeGreaterThan(20);
    // untranslated: 普京会见习近平。 (8, an 85–94 % memory match of the heading's unit), its repetition (not billed), 会谈持续了三个小时。 (10)
    expect(r.matchBands['85-94'].segments).toBe(1);
    expect(r.matchBands['100'].segments).toBe(0); // a confirmed segment does not match its own memory unit
    expect(r.mtEstimate).toEqual({ segments: 2, characters: 18 });
    expect(r.mtEstimatedCost).toBe(0); // 18 characters at €20 per million round to €0.00
    const html = await api.get(`/documents/${docId}/analysis?lang=ru`).expect(200);
    expect(html.text).toContain('Post-edit distance');
    expect(html.text).toContain('Repetitions');
  });

  it('says so plainly when nothing started as a machine draft', async () => {
    const res = await translator.get(`/documents/${docId}/analysis?lang=en`).expect(200);
    expect(res.text).toContain('No confirmed translation started as a machine draft yet.');
  });

  it('is localised: the Russian interface shows Russian headings', async () => {
    const res = await api.get(`/documents/${docId}/analysis?lang=ru&lng=ru`).expect(200);
    expect(res.text).toContain('Объём постредактирования');
  });
});
