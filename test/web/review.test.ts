import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { executableMarkup } from '../helpers/html.js';

let app: Express;
let db: Db;
let admin: Client;
let reviewer: Client;
let translator: Client;
let outsider: Client;
let docId: number;
let seg: number[];

const ARTICLE = '普京将于6月16日在日内瓦会晤。\n\n会议议程\n\n会议议程\n\n他说“是”，有3人。\n';

beforeAll(async () => {
  ({ app, db, api: admin } = await testApp());
  const report = await importFiles(db, [{ name: 'summit.md', bytes: Buffer.from(ARTICLE) }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e7,
  });
  docId = report.documents[0]!.id;
  seg = (await db.segment.findMany({ where: { documentId: docId }, orderBy: { index: 'asc' } })).map((s) => s.id);
  const project = await db.project.findFirstOrThrow({ where: { name: 'news' } });
  const r = await clientFor(app, db, 'rita', 'reviewer');
  const t = await clientFor(app, db, 'tom', 'translator');
  await clientFor(app, db, 'olga', 'translator').then((o) => (outsider = o.client));
  reviewer = r.client;
  translator = t.client;
  await db.projectMember.createMany({
    data: [
      { userId: r.id, projectId: project.id },
      { userId: t.id, projectId: project.id },
    ],
  });
});
afterAll(async () => db.$disconnect());

const put = (c: Client, id: number, lang: string, body: object) => c.put(`/api/segments/${id}/translations/${lang}`).send(body);
const version = async (id: number, lang: string) =>
  (await db.translation.findUnique({ where: { segmentId_lang: { segmentId: id, lang } } }))?.version ?? 0;

describe('QA on save', () => {
  it('returns and stores the issues of every save (a wrong date is an error)', async () => {
    const res = await put(translator, seg[0]!, 'en', { text: 'Putin will meet in Geneva on June 17.', version: 0 }).expect(200);
    expect(res.body.qa).toMatchObject({ errors: 1, warnings: 0 });
    expect(res.body.qa.issues).toEqual([
      expect.objectContaining({ check: 'numbers', severity: 'error', message: 'The number 16 of the source is not in the target.' }),
    ]);
    const stored = await db.qaIssue.findMany({ where: { documentId: docId, lang: 'en' } });
    expect(stored.map((i) => [i.check, i.version])).toEqual([['numbers', 1]]);
  });

  it('replaces the stored issues when the text is fixed', async () => {
    const res = await put(translator, seg[0]!, 'en', { text: 'Putin will meet in Geneva on June 16.', version: 1 }).expect(200);
    expect(res.body.qa).toEqual({ errors: 0, warnings: 0, issues: [] });
    expect(await db.qaIssue.count({ where: { documentId: docId, lang: 'en' } })).toBe(0);
  });

  it('checks consistency with the project and with the other target of the segment', async () => {
    await put(translator, seg[1]!, 'en', { text: 'Meeting agenda', version: 0 }).expect(200);
    const res = await put(translator, seg[2]!, 'en', { text: 'Agenda', version: 0 }).expect(200);
    expect(res.body.qa.issues.map((i: { check: string }) => i.check)).toEqual(['consistency']);
    await put(translator, seg[0]!, 'ru', { text: 'Путин встретится в Женеве 16 июня.', version: 0 }).expect(200);
  });
});

describe('review workflow', () => {
  it('refuses reviewed with 422 qa_errors listing the failing checks, changing nothing', async () => {
    await put(translator, seg[3]!, 'en', { text: 'He said «yes», 3 people.', version: 0 }).expect(200);
    const before = await version(seg[3]!, 'en');
    await put(reviewer, seg[3]!, 'en', { text: 'He said «yes», 3 people.', version: before, status: 'translated' }).expect(200);
    const v = await version(seg[3]!, 'en');
    const res = await put(reviewer, seg[3]!, 'en', { text: 'He said «yes», 4 people.', version: v, status: 'reviewed' }).expect(422);
    expect(res.body.error).toMatchObject({ code: 'qa_errors', checks: ['numbers'] });
    expect(res.body.error.issues).toEqual([expect.objectContaining({ check: 'numbers', severity: 'error' })]);
    expect(res.body.error.message).toBe('Cannot mark as reviewed: 1 QA error remains (numbers). Fix it or give a reason to override.');
    // The same refusal in a Russian interface says it in Russian.
    const ru = await put(reviewer, seg[3]!, 'en', { text: 'He said «yes», 4 people.', version: v, status: 'reviewed' })
      .set('Accept-Language', 'ru')
      .expect(422);
    expect(ru.body.error.message).toBe(
      'Нельзя отметить как проверенный: осталась 1 ошибка QA (numbers). Исправьте её или укажите причину исключения.',
    );
    expect(await version(seg[3]!, 'en')).toBe(v);
  });

  it('accepts reviewed with warnings only', async () => {
    const v = await version(seg[0]!, 'en');
    const res = await put(reviewer, seg[0]!, 'en', {
      text: 'Putin will meet in Geneva on June 16.',
      version: v,
      status: 'reviewed',
    }).expect(200);
    expect(res.body).toMatchObject({ status: 'reviewed' });
  });

  it('accepts an override reason from a reviewer and records it on the revision and in the audit log', async () => {
    const v = await version(seg[3]!, 'en');
    const res = await put(reviewer, seg[3]!, 'en', {
      text: 'He said «yes», 4 people.',
      version: v,
      status: 'reviewed',
      override: 'the source is wrong, 4 is right',
    }).expect(200);
    expect(res.body).toMatchObject({ status: 'reviewed', qa: { errors: 1, override: 'the source is wrong, 4 is right' } });
    const rev = await db.revision.findFirstOrThrow({ where: { translation: { segmentId: seg[3]!, lang: 'en' } }, orderBy: { id: 'desc' } });
    expect(rev.note).toBe('QA override (numbers): the source is wrong, 4 is right');
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'translation.review' }, orderBy: { id: 'desc' } });
    expect(event.userName).toBe('rita');
    expect(JSON.parse(event.details)).toMatchObject({ override: 'the source is wrong, 4 is right', failingChecks: ['numbers'] });
  });

  it.each([
    ['reviewed', {}],
    ['rejected', { comment: 'wrong' }],
    ['draft', { override: 'me too' }],
  ])('refuses a translator %s (403), changing nothing', async (status, extra) => {
    const v = await version(seg[1]!, 'en');
    const res = await put(translator, seg[1]!, 'en', { text: 'Meeting agenda', version: v, status, ...extra }).expect(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await version(seg[1]!, 'en')).toBe(v);
  });

  it('refuses a rejection without a comment (400 comment_required)', async () => {
    const v = await version(seg[1]!, 'en');
    const res = await put(reviewer, seg[1]!, 'en', { text: 'Meeting agenda', version: v, status: 'rejected', comment: '  ' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'comment_required', field: 'comment' });
  });

  it('rejects with a comment, stored as a segment comment and audited', async () => {
    const v = await version(seg[1]!, 'en');
    const res = await put(reviewer, seg[1]!, 'en', {
      text: 'Meeting agenda',
      version: v,
      status: 'rejected',
      comment: 'Use "Agenda"',
    }).expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', origin: 'human' });
    const comments = await translator.get(`/api/segments/${seg[1]}/comments?lang=en`).expect(200);
    expect(comments.body.comments).toEqual([
      expect.objectContaining({ author: 'rita', text: 'Use "Agenda"', kind: 'rejection', resolved: false }),
    ]);
    expect(await db.auditEvent.count({ where: { action: 'translation.reject', userName: 'rita' } })).toBe(1);
  });
});

describe('provenance', () => {
  it('keeps origin mt and its engine when an MT draft is confirmed unchanged, and shows who drafted it', async () => {
    const t = await db.translation.create({
      data: { segmentId: seg[3]!, lang: 'ru', text: 'Он сказал «да».', status: 'draft', origin: 'mt', engine: 'deepl', updatedBy: 'admin' },
    });
    await db.revision.create({
      data: { translationId: t.id, version: 1, text: t.text, status: 'draft', origin: 'mt', engine: 'deepl', createdBy: 'admin' },
    });
    const res = await put(translator, seg[3]!, 'ru', { text: 'Он сказал «да».', version: 1, status: 'translated' }).expect(200);
    expect(res.body).toMatchObject({ status: 'translated', origin: 'mt', engine: 'deepl', updatedBy: 'tom' });
    const history = await translator.get(`/api/segments/${seg[3]}/translations/ru/history`).expect(200);
    expect(history.body.provenance).toMatchObject({ origin: 'mt', engine: 'deepl', by: 'admin' });
  });

  it('becomes human with no engine once the text is edited', async () => {
    const res = await put(translator, seg[3]!, 'ru', { text: 'Он сказал: «да».', version: 2 }).expect(200);
    expect(res.body).toMatchObject({ status: 'draft', origin: 'human', engine: '' });
  });
});

describe('history and restore', () => {
  it('lists revisions newest first with who, when, status, origin and a diff against the previous one', async () => {
    const res = await translator.get(`/api/segments/${seg[0]}/translations/en/history`).expect(200);
    const revs = res.body.revisions;
    expect(revs.map((r: { version: number }) => r.version)).toEqual([3, 2, 1]);
    expect(revs[0]).toMatchObject({ status: 'reviewed', origin: 'human', createdBy: 'rita', createdAt: expect.any(String) });
    expect(revs[1].diff).toEqual([
      { op: 'equal', text: 'Putin will meet in Geneva on June ' },
      { op: 'delete', text: '17' },
      { op: 'insert', text: '16' },
      { op: 'equal', text: '.' },
    ]);
    expect(revs[2].diff).toEqual([{ op: 'insert', text: 'Putin will meet in Geneva on June 17.' }]);
  });

  it('restores a revision as a new draft revision, with its QA, and audits it', async () => {
    const first = (await db.revision.findFirstOrThrow({ where: { translation: { segmentId: seg[0]!, lang: 'en' }, version: 1 } })).id;
    const res = await translator
      .post(`/api/segments/${seg[0]}/translations/en/restore`)
      .send({ revisionId: first, version: 3 })
      .expect(200);
    expect(res.body).toMatchObject({ text: 'Putin will meet in Geneva on June 17.', status: 'draft', version: 4, qa: { errors: 1 } });
    const rev = await db.revision.findFirstOrThrow({ where: { translation: { segmentId: seg[0]!, lang: 'en' }, version: 4 } });
    expect(rev.note).toBe('restored version 1');
    expect(await db.auditEvent.count({ where: { action: 'translation.restore' } })).toBe(1);
  });

  it('refuses a restore from a stale version with 409', async () => {
    const first = (await db.revision.findFirstOrThrow({ where: { translation: { segmentId: seg[0]!, lang: 'en' }, version: 2 } })).id;
    const res = await translator
      .post(`/api/segments/${seg[0]}/translations/en/restore`)
      .send({ revisionId: first, version: 3 })
      .expect(409);
    expect(res.body.error.code).toBe('version_conflict');
  });

  it('refuses a revision of another segment with 404', async () => {
    const other = (await db.revision.findFirstOrThrow({ where: { translation: { segmentId: seg[1]!, lang: 'en' } } })).id;
    await translator.post(`/api/segments/${seg[0]}/translations/en/restore`).send({ revisionId: other, version: 4 }).expect(404);
  });
});

describe('comments', () => {
  it('adds, lists and resolves comments per segment and language', async () => {
    const added = await translator.post(`/api/segments/${seg[2]}/comments`).send({ lang: 'ru', text: ' Проверьте термин ' }).expect(201);
    expect(added.body).toMatchObject({ author: 'tom', text: 'Проверьте термин', kind: 'comment', lang: 'ru', resolved: false });
    expect((await translator.get(`/api/segments/${seg[2]}/comments?lang=en`).expect(200)).body.comments).toEqual([]);
    const resolved = await reviewer.patch(`/api/comments/${added.body.id}`).send({ resolved: true }).expect(200);
    expect(resolved.body.resolved).toBe(true);
  });

  it('refuses an empty comment and a language that is not a target', async () => {
    expect((await translator.post(`/api/segments/${seg[2]}/comments`).send({ lang: 'en', text: ' ' }).expect(400)).body.error.code).toBe(
      'invalid_input',
    );
    await translator.post(`/api/segments/${seg[2]}/comments`).send({ lang: 'de', text: 'x' }).expect(400);
  });

  it('hides comments of projects the user is not a member of (404)', async () => {
    await outsider.get(`/api/segments/${seg[2]}/comments?lang=ru`).expect(404);
    await outsider.post(`/api/segments/${seg[2]}/comments`).send({ lang: 'ru', text: 'x' }).expect(404);
  });
});

describe('document QA', () => {
  it('runs every check over the document, stores the results and lists them per segment', async () => {
    const res = await admin.post(`/api/documents/${docId}/qa?lang=en`).expect(200);
    expect(res.body).toMatchObject({ documentId: docId, lang: 'en', checked: 4, errors: 2 });
    expect(res.body.segments.map((s: { number: number }) => s.number)).toEqual([1, 2, 3, 4]);
    const stored = await admin.get(`/api/documents/${docId}/qa?lang=en`).expect(200);
    expect(stored.body.segments.map((s: { number: number }) => s.number)).toEqual([1, 2, 3, 4]);
    expect(stored.body.checks.find((c: { id: string }) => c.id === 'numbers')).toMatchObject({ count: 2, severity: 'error' });
  });

  it('filters the segment list by stored QA results', async () => {
    const errors = await admin.get(`/api/documents/${docId}/segments?lang=en&qa=error`).expect(200);
    expect(errors.body.segments.map((s: { index: number }) => s.index)).toEqual([0, 3]);
    const consistency = await admin.get(`/api/documents/${docId}/segments?lang=en&qa=consistency`).expect(200);
    expect(consistency.body.segments.map((s: { index: number }) => s.index)).toEqual([1, 2]);
  });

  it('answers 400 for a language that is not a target and 404 for an unknown document', async () => {
    await admin.post(`/api/documents/${docId}/qa?lang=de`).expect(400);
    await admin.post(`/api/documents/99999/qa?lang=en`).expect(404);
  });
});

describe('QA in the editor pages', () => {
  it('shows stored issues under each row with badges, the QA filter and counts per check', async () => {
    const res = await reviewer.get(`/documents/${docId}?lang=en`).expect(200);
    expect(res.text).toContain('<option value="error">has errors (2)</option>');
    expect(res.text).toContain('<option value="numbers">check: Numbers (2)</option>');
    expect(res.text).toMatch(
      /<li class="qa-error" data-check="numbers"><span class="qa-check">Numbers<\/span> The number 16 of the source is not in the target\.<\/li>/,
    );
    expect(res.text).toContain('<script src="/static/editor-review.js" type="module"></script>');
    expect(res.text).toContain('class="approve"');
  });

  it('filters rows by QA result and gives translators no approve or reject buttons', async () => {
    const res = await translator.get(`/documents/${docId}?lang=en&qa=consistency`).expect(200);
    expect(res.text.match(/<div class="seg"/g)).toHaveLength(2);
    expect(res.text).not.toContain('class="approve"');
    expect(res.text).not.toContain('class="reject"');
  });

  it('marks issues stale when the text changed without QA (a bulk write)', async () => {
    await db.translation.update({ where: { segmentId_lang: { segmentId: seg[1]!, lang: 'en' } }, data: { version: { increment: 1 } } });
    const res = await reviewer.get(`/documents/${docId}?lang=en&qa=consistency`).expect(200);
    expect(res.text).toContain('class="qa-warning qa-stale" data-check="consistency"');
  });

  it('runs QA from the QA page (a form post) and lists issues per segment, escaping document text', async () => {
    const v = await version(seg[2]!, 'en');
    await put(translator, seg[2]!, 'en', { text: 'Agenda <img src=x onerror=alert(1)>', version: v }).expect(200);
    await reviewer
      .post(`/documents/${docId}/qa`)
      .type('form')
      .send({ lang: 'en' })
      .expect(303)
      .expect('Location', `/documents/${docId}/qa?lang=en`);
    const page = await reviewer.get(`/documents/${docId}/qa?lang=en`).expect(200);
    expect(page.text).toContain('Segment 3');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(executableMarkup(page.text)).toEqual([]);
    const editor = await reviewer.get(`/documents/${docId}?lang=en`).expect(200);
    expect(executableMarkup(editor.text)).toEqual([]);
  });
});
