import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import request from 'supertest';
import type { Db } from '../../src/db/client.js';
import { tempDir } from '../helpers/db.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { makeProject20, PROJECT20_PATHS } from '../helpers/project20.js';
import { unzip } from '../helpers/zip.js';
import { saveTranslation } from '../../src/db/translations.js';

let app: Express;
let api: Client;
let db: Db;
let projectId: number;
let docs: { id: number; path: string }[];

beforeAll(async () => {
  ({ app, db, api } = await testApp());
  docs = await makeProject20(db, tempDir(), 'gnews');
  projectId = (await db.project.findUniqueOrThrow({ where: { name: 'gnews' } })).id;
}, 120_000);
afterAll(async () => db.$disconnect());

/** Collects a binary response body. */
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('project zip download', () => {
  it.each([
    {
      name: 'interleaved en+ru',
      query: 'layout=interleaved&lang=en&lang=ru',
      zip: 'gnews.interleaved.en+ru.zip',
      file: (p: string) => p.replace(/\.(md|txt)$/, '.interleaved.en+ru.md'),
    },
    { name: 'source', query: 'layout=source&lang=en', zip: 'gnews.source.zip', file: (p: string) => p },
    {
      name: 'target ru in Traditional script',
      query: 'layout=target&lang=ru&convert=s2t',
      zip: 'gnews.target.ru.zip',
      file: (p: string) => p.replace(/\.(md|txt)$/, '.target.ru.s2t.md'),
    },
    {
      name: 'XLIFF 1.2 en',
      query: 'format=xliff12&lang=en',
      zip: 'gnews.en.xliff12.zip',
      file: (p: string) => p.replace(/\.(md|txt)$/, '.en.xlf'),
    },
  ])(
    'holds all 20 documents ($name) under their stored folders, each byte for byte its own download',
    async ({ query, zip, file }) => {
      const res = await api.get(`/projects/${projectId}/export.zip?${query}`).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toBe(`attachment; filename=${zip}`);
      // Streamed: no Content-Length is known in advance.
      expect(res.headers['content-length']).toBeUndefined();
      const entries = await unzip(res.body as Buffer);
      expect([...entries.keys()].sort()).toEqual(PROJECT20_PATHS.map(file).sort());
      for (const d of docs) {
        const one = await api.get(`/documents/${d.id}/export?${query}`).buffer(true).parse(binary).expect(200);
        expect(entries.get(file(d.path))!.equals(one.body as Buffer), d.path).toBe(true);
      }
    },
    120_000,
  );

  it('refuses a wrong request before sending any zip byte, as JSON or as a page', async () => {
    const json = await api
      .get(`/projects/${projectId}/export.zip?layout=target&lang=en&lang=ru`)
      .set('Accept', 'application/json')
      .expect(400);
    expect(json.body.error.code).toBe('invalid_input');
    expect(json.headers['content-type']).toContain('application/json');
    const page = await api.get(`/projects/${projectId}/export.zip?format=xliff&lang=de`).set('Accept', 'text/html').expect(400);
    expect(page.text).toContain('is not a target language of project gnews');
  });

  it('is not found for a user who is not a member of the project (no zip, no file names)', async () => {
    const { client } = await clientFor(app, db, 'outsider', 'translator');
    const res = await client.get(`/projects/${projectId}/export.zip?layout=source`).set('Accept', 'application/json').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('with a since date holds only the documents changed after it (for incremental publishing from the browser)', async () => {
    const since = new Date().toISOString();
    const changed = docs[3]!;
    const segment = await db.segment.findFirstOrThrow({ where: { documentId: changed.id, translatable: true } });
    const current = await db.translation.findUnique({ where: { segmentId_lang: { segmentId: segment.id, lang: 'en' } } });
    await saveTranslation(db, {
      segmentId: segment.id,
      lang: 'en',
      text: 'Changed.',
      status: 'translated',
      origin: 'human',
      version: current?.version ?? 0,
      user: 'x',
    });
    const res = await api
      .get(`/projects/${projectId}/export.zip?layout=target&lang=en&since=${encodeURIComponent(since)}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const entries = await unzip(res.body as Buffer);
    expect([...entries.keys()]).toEqual([changed.path.replace(/\.(md|txt)$/, '.target.en.md')]);
    const bad = await api.get(`/projects/${projectId}/export.zip?layout=source&since=last`).set('Accept', 'application/json').expect(400);
    expect(bad.body.error.code).toBe('invalid_date');
  });

  it('offers the picker once per project on the projects page', async () => {
    const page = await api.get('/').expect(200);
    expect(page.text.match(/<select name="layout">/g)).toHaveLength(1);
    expect(page.text).toContain(`formaction="/projects/${projectId}/export.zip"`);
    expect(page.text).toContain('Download all documents (zip)');
  });
});
