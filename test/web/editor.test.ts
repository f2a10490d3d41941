import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { CORPUS_DIR } from '../helpers/db.js';
import { testApp, type Client } from '../helpers/app.js';

let api: Client;
let db: Db;
let seedId: number;
let longId: number;
let hostileId: number;

const HOSTILE = [
  '# <script>alert(1)</script>标题',
  '',
  '<img src=x onerror="alert(2)">',
  '',
  '见[点我](javascript:alert(3))和<svg onload=alert(4)>',
  '',
  '```html',
  '<script>alert(5)</script>',
  '```',
  '',
].join('\n');

beforeAll(async () => {
  ({ db, api } = await testApp());
  const files = ['seed-article.md', 'transcript__2022__02__20220201-53479675.md'].map((name) => ({
    name,
    bytes: readFileSync(path.join(CORPUS_DIR, name)),
  }));
  const report = await importFiles(db, [...files, { name: 'hostile.md', bytes: Buffer.from(HOSTILE) }], {
    project: 'p',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e7,
  });
  [seedId, longId, hostileId] = report.documents.map((d) => d.id) as [number, number, number];
});
afterAll(async () => db.$disconnect());

describe('editor page', () => {
  it('shows source and target side by side, one row per segment, opaque blocks read-only', async () => {
    const res = await api.get(`/documents/${seedId}?lang=en`).expect(200);
    expect(res.text.match(/<div class="seg"/g)).toHaveLength(29);
    expect(res.text.match(/<div class="seg opaque"/g)).toHaveLength(1);
    expect(res.text.match(/<textarea /g)).toHaveLength(29);
    expect(res.text).toContain('Thematic break');
    expect(res.text).toContain('<span class="mk mk-link" title="https://gnews.org/zh-hans/1273823/">[</span>');
    expect(res.text).toContain('src="/static/editor.js"');
  });

  it('renders the longest corpus article incrementally: first page plus a link to the next rows', async () => {
    const res = await api.get(`/documents/${longId}?lang=en`).expect(200);
    expect(res.text.match(/<div class="seg[ "]/g)).toHaveLength(100);
    expect(res.text).toContain('1,949 segments');
    const next = /id="more" data-url="([^"]+)"/.exec(res.text)![1]!.replace(/&amp;/g, '&');
    const rows = await api.get(next).expect(200);
    expect(rows.text.match(/<div class="seg[ "]/g)).toHaveLength(100);
    expect(rows.headers['x-next-url']).toContain('offset=200');
  });

  it('jumps to a segment number', async () => {
    const res = await api.get(`/documents/${longId}?lang=en&goto=1500`).expect(200);
    expect(res.text).toMatch(/<span class="num" aria-hidden="true">1500<\/span>/);
    expect(res.text).toContain('data-focus=');
    expect(res.text).toContain('Show earlier segments');
  });

  it('sends only the rows from a segment on for "Go to segment" (no page load), filters ignored as on the page', async () => {
    const rows = await api.get(`/documents/${longId}/rows?lang=en&goto=1500&limit=40&status=reviewed`).expect(200);
    const numbers = [...rows.text.matchAll(/<span class="num" aria-hidden="true">(\d+)<\/span>/g)].map((m) => Number(m[1]));
    expect(numbers[0]).toBe(1500);
    expect(numbers).toHaveLength(40);
    expect(rows.text).not.toContain('<html');
    // The rows after the screenful come in pages of the usual size.
    expect(rows.headers['x-next-url']).toBe(`/documents/${longId}/rows?lang=en&offset=1539&limit=100`);
    expect(rows.headers['x-prev-url']).toBe(`/documents/${longId}?lang=en&offset=1399`);
  });

  it('filters by status and shows a clear empty state', async () => {
    const res = await api.get(`/documents/${seedId}?lang=en&status=reviewed`).expect(200);
    expect(res.text).toContain('No segment matches these filters.');
  });

  it('refuses a language that is not a target of the project', async () => {
    const res = await api.get(`/documents/${seedId}?lang=fr`).set('Accept', 'text/html').expect(400);
    expect(res.text).toContain('is not a target language');
  });

  it('renders hostile Markdown and HTML inert', async () => {
    const res = await api.get(`/documents/${hostileId}?lang=en`).expect(200);
    const body = res.text;
    expect(body).not.toMatch(/<script>alert/);
    expect(body).not.toMatch(/<img src=x/);
    expect(body).not.toMatch(/<svg/);
    expect(body).not.toMatch(/href="javascript:/);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&lt;img src=x onerror=&#34;alert(2)&#34;&gt;');
  });
});
