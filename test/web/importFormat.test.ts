import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { ROOT } from '../helpers/db.js';
import { testApp, type Client } from '../helpers/app.js';

const SEED = readFileSync(path.join(ROOT, 'test/fixtures/000_2f1ea46cb1892beb.txt'));
let api: Client;
let db: Db;

beforeAll(async () => {
  ({ db, api } = await testApp());
});
afterAll(async () => db.$disconnect());

describe('upload form: document format', () => {
  it('offers auto, Markdown and plain text on the projects page, auto first', async () => {
    const page = await api.get('/').expect(200);
    expect(page.text).toMatch(
      /<select name="format">\s*<option value="auto">[^<]+<\/option><option value="markdown">Markdown<\/option><option value="text">Plain text<\/option>/,
    );
  });

  it('reads the Markdown .txt article as Markdown by default and shows why on the result page', async () => {
    const res = await api.post('/import').field('project', 'web-auto').attach('files', SEED, 'article.txt').expect(200);
    expect(res.text).toContain('29 segments, read as Markdown (detected from the content)');
  });

  it('takes the same choice as the CLI: format=text gives the plain reading, in the JSON summary too', async () => {
    const res = await api
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'web-text')
      .field('format', 'text')
      .attach('files', SEED, 'article.txt')
      .expect(200);
    expect(res.body.documents[0]).toMatchObject({ segments: 28, translatable: 28, format: 'text', formatReason: 'chosen' });
    expect(res.body.documents[0].summary).toBe('new, 28 segments, read as plain text (as chosen)');
  });

  it('refuses an unknown format with 400 naming the field, and imports nothing', async () => {
    const res = await api
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'web-bad')
      .field('format', 'html')
      .attach('files', SEED, 'a.txt')
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'unknown_format',
      message: 'Format: "html" is not a document format; use one of auto, markdown, text.',
    });
    expect(await db.project.findUnique({ where: { name: 'web-bad' } })).toBeNull();
  });
});
