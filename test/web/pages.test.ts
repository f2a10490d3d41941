import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { exportDocument } from '../../src/services/exportService.js';
import { CORPUS_DIR } from '../helpers/db.js';
import { testApp, type Client } from '../helpers/app.js';

let api: Client;
let db: Db;
let docId: number;
const seedBytes = readFileSync(path.join(CORPUS_DIR, 'seed-article.md'));

beforeAll(async () => {
  ({ db, api } = await testApp());
});
afterAll(async () => db.$disconnect());

describe('project list', () => {
  it('shows a helpful empty state before anything is imported', async () => {
    const res = await api.get('/').expect(200);
    expect(res.text).toContain('No projects yet.');
    expect(res.text).toContain('bitext import');
  });

  it('lists projects and documents with progress per language', async () => {
    const report = await importFiles(db, [{ name: 'seed-article.md', bytes: seedBytes }], {
      project: '新闻',
      sourceLang: 'zh',
      targetLangs: ['en', 'ru'],
      maxBytes: 1e7,
    });
    docId = report.documents[0]!.id;
    const res = await api.get('/').expect(200);
    expect(res.text).toContain('seed-article.md');
    expect(res.text).toContain('29 segments');
    expect(res.text).toMatch(/aria-label="en: 0% translated"/);
    expect(res.text).toMatch(/aria-label="ru: 0% translated"/);
  });

  it('sends security headers with a CSP that forbids inline script', async () => {
    const res = await api.get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('export download', () => {
  it('downloads the source layout byte for byte', async () => {
    const res = await api
      .get(`/documents/${docId}/export?layout=source`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('seed-article.md');
    expect(Buffer.compare(res.body as Buffer, seedBytes)).toBe(0);
  });

  it('produces exactly the bytes of the CLI export for the interleaved layout', async () => {
    const res = await api.get(`/documents/${docId}/export?layout=interleaved&lang=en&lang=ru`).expect(200);
    const { text } = await exportDocument(db, { documentId: docId, layout: 'interleaved', langs: ['en', 'ru'] });
    expect(res.text).toBe(text);
    expect(res.headers['content-disposition']).toContain('seed-article.interleaved.en+ru.md');
  });

  it.each([
    { name: 'unknown document', url: () => '/documents/99999/export', status: 404, code: 'not_found' },
    { name: 'non-numeric id', url: () => '/documents/abc/export', status: 400, code: 'invalid_input' },
    { name: 'unknown layout', url: () => `/documents/${docId}/export?layout=pdf`, status: 400, code: 'invalid_input' },
    {
      name: 'invalid language',
      url: () => `/documents/${docId}/export?layout=table&lang=%3Cscript%3E`,
      status: 400,
      code: 'invalid_input',
    },
  ])('answers $name with $status, as JSON or as a page', async ({ url, status, code }) => {
    const json = await api.get(url()).set('Accept', 'application/json').expect(status);
    expect(json.body.error.code).toBe(code);
    const html = await api.get(url()).set('Accept', 'text/html').expect(status);
    expect(html.text).toContain('<h1>');
    expect(html.text).not.toContain('<script');
  });
});

describe('health', () => {
  it('answers /healthz', async () => {
    await api.get('/healthz').expect(200, { ok: true });
  });
  it('answers unknown pages with 404', async () => {
    await api.get('/nope').set('Accept', 'text/html').expect(404);
  });
});

describe('import by upload', () => {
  it('imports several files with UTF-8 names and folder paths, reporting refused ones by name', async () => {
    const res = await api
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', '上传')
      .field('targets', 'en,zh-Hant')
      .field('paths', '报道/第一篇.md')
      .field('paths', '')
      .field('paths', '../../evil.md')
      .attach('files', Buffer.from('# 标题\n\n正文\n'), '第一篇.md')
      .attach('files', Buffer.alloc(0), 'empty.md')
      .attach('files', Buffer.from('段落\n'), 'evil.md')
      .expect(200);
    expect(res.body.documents.map((d: { path: string }) => d.path)).toEqual(['报道/第一篇.md', 'evil.md']);
    expect(res.body.refused).toEqual([expect.objectContaining({ path: 'empty.md', code: 'file_empty' })]);
    const project = await db.project.findUniqueOrThrow({ where: { name: '上传' } });
    expect(project.targetLangs).toBe('en,zh-Hant');
  });

  it('shows a result page to browsers and 422 when every file is refused', async () => {
    const res = await api
      .post('/import')
      .field('project', 'x')
      .attach('files', Buffer.from([0, 1, 2]), 'bin.md')
      .expect(422);
    expect(res.text).toContain('bin.md: the file is binary');
    expect(await db.project.findUnique({ where: { name: 'x' } })).toBeNull();
  });

  it('asks for at least one file', async () => {
    const res = await api.post('/import').set('Accept', 'application/json').field('project', 'x').expect(400);
    expect(res.body.error.code).toBe('no_files');
  });
});

describe('delete', () => {
  it('asks for confirmation, then deletes the document and its translations', async () => {
    const report = await importFiles(db, [{ name: 'gone.md', bytes: Buffer.from('再见\n') }], {
      project: 'del',
      sourceLang: 'zh',
      targetLangs: ['en'],
      maxBytes: 1e7,
    });
    const id = report.documents[0]!.id;
    const confirm = await api.get(`/documents/${id}/delete`).expect(200);
    expect(confirm.text).toContain('gone.md');
    expect(confirm.text).toContain(`action="/documents/${id}/delete"`);
    await api.post(`/documents/${id}/delete`).expect(303).expect('Location', '/');
    expect(await db.document.findUnique({ where: { id } })).toBeNull();
    expect(await db.segment.count({ where: { documentId: id } })).toBe(0);
    await api.post(`/documents/${id}/delete`).set('Accept', 'application/json').expect(404);
  });
});

describe('import by upload with script normalisation', () => {
  it('normalises segment sources to Simplified while the source export keeps the original bytes', async () => {
    const original = '# 返回首頁\n\n轉載自新聞\n';
    const res = await api
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'norm')
      .field('normalize', 't2s')
      .attach('files', Buffer.from(original), 'mixed.md')
      .expect(200);
    const id = res.body.documents[0].id;
    const sources = (await db.segment.findMany({ where: { documentId: id }, orderBy: { index: 'asc' } })).map((s) => s.source);
    expect(sources).toEqual(['返回首页', '转载自新闻']);
    const exported = await api.get(`/documents/${id}/export?layout=source`).expect(200);
    expect(exported.text).toBe(original);
  });
});

describe('XLIFF from the browser', () => {
  it('downloads XLIFF 1.2 for one language and takes an edited file back through the upload form', async () => {
    const dl = await api.get(`/documents/${docId}/export?format=xliff12&lang=en`).expect(200);
    expect(dl.headers['content-type']).toContain('application/xliff+xml');
    expect(dl.headers['content-disposition']).toContain('seed-article.en.xlf');
    const edited = dl.text.replace(
      /(<trans-unit id="\d+"[^>]*>\s*<source[^>]*>[\s\S]*?<\/source>)/,
      '$1<target state="translated">Edited elsewhere</target>',
    );
    const res = await api
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'ignored')
      .attach('files', Buffer.from(edited), 'seed.en.xlf')
      .expect(200);
    expect(res.body.xliff).toEqual([expect.objectContaining({ documentId: docId, lang: 'en', updated: 1 })]);
    await api.get(`/documents/${docId}/export?format=xliff&lang=en,ru`).set('Accept', 'application/json').expect(400);
  });
});
