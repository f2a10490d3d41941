/**
 * Failures a hostile signed-in user can provoke answer a clear 4xx that reveals nothing: 404s for other
 * projects' things read exactly as for missing ones, malformed uploads and deeply nested JSON are refused
 * by name, and a password change ends the user's API tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';

let app: Express;
let db: Db;
let admin: Client;
let tom: Client; // translator, member of project A only
let tomToken: string;
let docB: number;
let segB: number;
let commentB: number;

const options = (project: string) => ({ project, sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1e7 });
const MISSING = 999_999;

beforeAll(async () => {
  ({ app, db, api: admin } = await testApp());
  await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('甲\n') }], options('A'));
  docB = (await importFiles(db, [{ name: 'b.md', bytes: Buffer.from('乙\n') }], options('B'))).documents[0]!.id;
  segB = (await db.segment.findFirstOrThrow({ where: { documentId: docB } })).id;
  commentB = (await admin.post(`/api/segments/${segB}/comments`).send({ lang: 'en', text: 'secret note' }).expect(201)).body.id;
  const t = await clientFor(app, db, 'tom', 'translator');
  [tom, tomToken] = [t.client, t.token];
  const a = await db.project.findUniqueOrThrow({ where: { name: 'A' } });
  await db.projectMember.create({ data: { userId: t.id, projectId: a.id } });
});
afterAll(async () => db.$disconnect());

describe('404 answers for things in a project the user cannot see', () => {
  // Each request is sent for a thing of project B and for a missing id; the answers must be the same but for the id.
  const cases: { name: string; send: (id: number) => request.Test; id: () => number }[] = [
    { name: 'document segments (API)', send: (id) => tom.get(`/api/documents/${id}/segments`), id: () => docB },
    { name: 'document page', send: (id) => tom.get(`/documents/${id}?lang=en`).set('Accept', 'application/json'), id: () => docB },
    {
      name: 'document export',
      send: (id) => tom.get(`/documents/${id}/export?layout=source`).set('Accept', 'application/json'),
      id: () => docB,
    },
    { name: 'segment save', send: (id) => tom.put(`/api/segments/${id}/translations/en`).send({ text: 'x', version: 0 }), id: () => segB },
    { name: 'segment history', send: (id) => tom.get(`/api/segments/${id}/translations/en/history`), id: () => segB },
    { name: 'comment', send: (id) => tom.patch(`/api/comments/${id}`).send({ resolved: true }), id: () => commentB },
  ];

  it.each(cases)('$name: the same 404 text as for a missing id', async ({ send, id }) => {
    const hidden = await send(id());
    const missing = await send(MISSING);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.message.replace(String(id()), 'ID')).toBe(missing.body.error.message.replace(String(MISSING), 'ID'));
    expect({ ...hidden.body.error, id: 'ID', message: '' }).toEqual({ ...missing.body.error, id: 'ID', message: '' });
    expect(hidden.body.error.message).not.toMatch(/project/i);
  });

  it('a job about a hidden document reads as a missing job', async () => {
    const job = await db.job.create({ data: { type: 'pretranslate', params: JSON.stringify({ documentId: docB }), status: 'done' } });
    const hidden = await tom.get(`/api/jobs/${job.id}`);
    const missing = await tom.get(`/api/jobs/${MISSING}`);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.error.message.replace(String(job.id), 'ID')).toBe(missing.body.error.message.replace(String(MISSING), 'ID'));
  });
});

describe('uploads', () => {
  const deep = Buffer.from(`${'{"a":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`);

  it('refuses JSON nested 10,000 levels deep with a 4xx naming the file', async () => {
    const res = await admin.post('/import').set('Accept', 'application/json').field('project', 'deep').attach('files', deep, 'deep.json');
    expect(res.status).toBe(422);
    expect(res.body.refused).toEqual([
      expect.objectContaining({
        path: 'deep.json',
        code: 'json_too_deep',
        message: 'deep.json: the JSON is nested deeper than 100 levels.',
      }),
    ]);
  });

  it('imports the other files of an upload beside the refused deep one', async () => {
    const res = await admin
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'deep')
      .attach('files', deep, 'deep.json')
      .attach('files', Buffer.from('{"title": "你好"}\n'), 'ok.json');
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d: { path: string }) => d.path)).toEqual(['ok.json']);
    expect(res.body.refused.map((r: { path: string }) => r.path)).toEqual(['deep.json']);
  });

  // A file name with control characters makes busboy fail with "Malformed part header".
  const malformed = (filename: string) => {
    const boundary = 'bitextBoundary';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="project"\r\n\r\nP\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: text/markdown\r\n\r\n正文\r\n--${boundary}--\r\n`,
    );
    return { type: `multipart/form-data; boundary=${boundary}`, body };
  };

  it.each([
    { route: '/import', name: 'document upload' },
    { route: '/tm/import', name: 'memory upload (parseForm)' },
  ])('answers 400, not 500, to a file name with control characters: $name', async ({ route }) => {
    const { type, body } = malformed('a\x01\x1b.md');
    const before = await db.document.count();
    const res = await admin.post(route).set('Accept', 'application/json').set('Content-Type', type).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'malformed_upload' });
    expect(res.body.error.message).toMatch(/malformed.*control characters/);
    expect(await db.document.count()).toBe(before);
  });
});

describe('a password change', () => {
  it("revokes the user's API tokens and sessions", async () => {
    await tom.get('/api/documents/1/segments').expect((r) => expect(r.status).not.toBe(401));
    const user = await db.user.findUniqueOrThrow({ where: { name: 'tom' } });
    await admin.post(`/admin/users/${user.id}`).type('form').send({ role: 'translator', password: 'a brand new password' }).expect(303);
    const res = await request(app).get('/api/documents/1/segments').set('Authorization', `Bearer ${tomToken}`);
    expect(res.status).toBe(401);
    expect(await db.apiToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.password', target: 'user:tom' } });
    expect(JSON.parse(event.details)).toEqual({ sessions: 0, tokens: 1 });
  });
});
