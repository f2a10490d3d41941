import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type request from 'supertest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { exportDocument } from '../../src/services/exportService.js';
import { saveTranslation } from '../../src/db/translations.js';
import { CORPUS_DIR } from '../helpers/db.js';
import { testApp, type Client } from '../helpers/app.js';

let api: Client;
let db: Db;
let projectId: number;
let docId: number;

const binary = (r: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  ({ db, api } = await testApp());
  const report = await importFiles(
    db,
    [{ name: 'a.md', bytes: Buffer.from('# 软件\n\n鼠标和内存。\n\n`软件` 和 [软件](http://x/软件)\n') }],
    {
      project: 'web',
      sourceLang: 'zh',
      targetLangs: ['en'],
      maxBytes: 1e7,
    },
  );
  docId = report.documents[0]!.id;
  projectId = report.documents[0]!.projectId;
});
afterAll(async () => db.$disconnect());

describe('converter page', () => {
  it('shows the form with every configuration and the projects whose terms can apply', async () => {
    const res = await api.get('/convert').expect(200);
    expect(res.text).toContain('enctype="multipart/form-data"');
    for (const c of ['s2t', 's2twp', 'hk2s', 'jp2t', 's2hkp', 'hk2sp']) expect(res.text).toContain(`value="${c}"`);
    expect(res.text).toContain(`<option value="${projectId}">web</option>`);
    expect(res.text).not.toMatch(/<script(?! src)/);
  });

  it('converts pasted text (multipart) and highlights the changed characters', async () => {
    const res = await api
      .post('/convert')
      .field('text', '软件开发 `软件`')
      .field('config', 's2twp')
      .field('format', 'markdown')
      .expect(200);
    // Adjacent changed characters form one highlighted range; inline code is untouched.
    expect(res.text).toContain('<pre class="converted" lang="zh"><mark title="软件开发">軟體開發</mark> `软件`</pre>');
    expect(res.text).toContain('1 change highlighted');
  });

  it('converts pasted text sent urlencoded too', async () => {
    const res = await api.post('/convert').type('form').send({ text: '鼠标', config: 's2twp' }).expect(200);
    expect(res.text).toContain('<mark title="鼠标">滑鼠</mark>');
  });

  it('escapes markup from the input: a <script> in the text appears escaped, never as a tag', async () => {
    const evil = '<script>alert("软件")</script><img src=x onerror=alert(1)>';
    const res = await api.post('/convert').field('text', evil).field('config', 's2t').field('format', 'plain').expect(200);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain(
      '&lt;script&gt;alert(&#34;<mark title="软">軟</mark>件&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
  });

  it('converts an uploaded file (GB18030 too) and downloads the result under a derived name', async () => {
    const gbk = iconv.encode('软件开发的过程中，鼠标和内存都很重要。\n', 'gb18030');
    const res = await api
      .post('/convert')
      .field('config', 's2twp')
      .field('action', 'download')
      .attach('file', gbk, 'note.md')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-disposition']).toContain('note.s2twp.md');
    expect((res.body as Buffer).toString('utf8')).toBe('軟體開發的過程中，滑鼠和記憶體都很重要。\n');
  });

  it('applies the chosen project terms', async () => {
    await api.post(`/projects/${projectId}/conversion/terms`).type('form').send({ kind: 'protect', term: '内存' }).expect(303);
    const res = await api
      .post('/convert')
      .field('text', '内存和鼠标')
      .field('config', 's2twp')
      .field('projectId', String(projectId))
      .expect(200);
    expect(res.text).toContain('内存和<mark title="鼠标">滑鼠</mark>');
  });

  it('refuses an unknown configuration through the error page', async () => {
    const res = await api.post('/convert').set('Accept', 'text/html').field('text', 'x').field('config', 'bogus').expect(400);
    expect(res.text).toContain('&#34;bogus&#34; is not a known conversion configuration');
  });
});

describe('POST /api/convert', () => {
  it('answers { text, changed } with offsets into the result', async () => {
    const res = await api.post('/api/convert').send({ text: '软件 `软件`', config: 's2twp' }).expect(200);
    expect(res.body).toEqual({ text: '軟體 `软件`', changed: [{ start: 0, end: 2, beforeStart: 0, beforeEnd: 2 }] });
  });

  it.each([
    ['s2hkp', '鼠标 `鼠标` [[zh:鼠标]]', '滑鼠 `鼠标` [[zh:鼠标|滑鼠]]'],
    ['hk2sp', '滑鼠和硬碟', '鼠标和硬盘'],
  ])('offers the Hong Kong phrase configuration %s', async (config, text, expected) => {
    const res = await api.post('/api/convert').send({ text, config }).expect(200);
    expect(res.body.text).toBe(expected);
  });

  it('converts plain text when asked', async () => {
    const res = await api.post('/api/convert').send({ text: '`软件`', config: 's2t', format: 'plain' }).expect(200);
    expect(res.body.text).toBe('`軟件`');
  });

  it.each([
    {
      why: 'unknown configuration, naming it and listing the valid ones',
      body: { text: 'x', config: 'zz' },
      status: 400,
      code: 'unknown_config',
      message: /"zz" is not a known.*s2twp/,
    },
    { why: 'missing text', body: { config: 's2t' }, status: 400, code: 'invalid_input', message: /^Text: required/ },
    {
      why: 'unknown project',
      body: { text: 'x', config: 's2t', projectId: 9999 },
      status: 404,
      code: 'not_found',
      message: /project 9999/,
    },
  ])('answers JSON 4xx for $why', async ({ body, status, code, message }) => {
    const res = await api.post('/api/convert').send(body).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await api.post('/api/convert').set('Content-Type', 'application/json').send('{"text":').expect(400);
    expect(res.body.error.code).toBe('malformed_body');
  });
});

describe('project conversion page', () => {
  const page = () => `/projects/${projectId}/conversion`;

  it('adds, lists and deletes terms with redirect after post', async () => {
    const add = await api.post(`${page()}/terms`).type('form').send({ kind: 'override', term: '软件', replacement: '軟件' }).expect(303);
    expect(add.headers.location).toBe(`${page()}?added=1&updated=0&unchanged=0`);
    const res = await api.get(add.headers.location!).expect(200);
    expect(res.text).toContain('Saved: 1 added, 0 updated, 0 unchanged.');
    expect(res.text).toMatch(/<td lang="zh">软件<\/td><td lang="zh">軟件<\/td>/);
    const id = /data-term-id="(\d+)">\s*<td lang="zh">软件/.exec(res.text)![1];
    const del = await api.post(`${page()}/terms/${id}/delete`).expect(303);
    expect((await api.get(del.headers.location!)).text).not.toMatch(/<td lang="zh">软件<\/td>/);
  });

  it('escapes terms on the page', async () => {
    await api.post(`${page()}/terms`).type('form').send({ kind: 'protect', term: '<b>x</b>' }).expect(303);
    const res = await api.get(page()).expect(200);
    expect(res.text).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(res.text).not.toContain('<b>x</b>');
  });

  it('imports a terms file (multipart) and refuses a bad one, naming the lines, storing nothing', async () => {
    const ok = await api
      .post(`${page()}/import`)
      .field('kind', 'override')
      .attach('file', Buffer.from('鼠标,滑鼠標\n信息,資訊\n'), 'o.csv')
      .expect(303);
    expect(ok.headers.location).toContain('added=2');
    const before = await db.conversionTerm.count();
    const bad = await api
      .post(`${page()}/import`)
      .set('Accept', 'text/html')
      .field('kind', 'override')
      .attach('file', Buffer.from('a,b\nc\n'), 'bad.csv')
      .expect(400);
    expect(bad.text).toContain('bad.csv: 1 bad row(s), nothing imported: line 2');
    expect(await db.conversionTerm.count()).toBe(before);
  });

  it.each([
    { why: 'an unknown kind', body: { kind: 'zap', term: 'x' }, status: 400 },
    { why: 'an empty term', body: { kind: 'protect', term: '' }, status: 400 },
  ])('refuses $why', async ({ body, status }) => {
    await api.post(`${page()}/terms`).type('form').send(body).expect(status);
  });

  it('answers an unknown project with 404', async () => {
    await api.get('/projects/9999/conversion').set('Accept', 'text/html').expect(404);
  });

  it('saves per-language configurations and drafts the whole project', async () => {
    await api.post(`${page()}/configs`).type('form').send({ 'zh-TW': 's2tw', 'zh-Hant': 's2t', 'zh-HK': 's2hk' }).expect(303);
    expect(await db.project.findUniqueOrThrow({ where: { id: projectId } })).toMatchObject({ conversionConfigs: 'zh-TW=s2tw' });
    const r = await api.post(`${page()}/targets`).type('form').send('langs=zh-TW&langs=zh-HK').expect(303);
    expect(r.headers.location).toBe(`${page()}?drafted=6&kept=0`);
    const t = await db.translation.findFirstOrThrow({ where: { lang: 'zh-TW', segment: { documentId: docId, index: 0 } } });
    expect(t).toMatchObject({ text: '軟件', origin: 'opencc', status: 'draft' }); // s2tw + the project's override 软件 → 軟件
  });
});

describe('zh-HK targets with Hong Kong phrases', () => {
  it('lets a project draft zh-HK with s2hkp', async () => {
    const hk = await importFiles(db, [{ name: 'hk.md', bytes: Buffer.from('服务器的硬盘坏了。\n') }], {
      project: 'hk',
      sourceLang: 'zh',
      targetLangs: ['zh-HK'],
      maxBytes: 1e7,
    });
    const page = `/projects/${hk.documents[0]!.projectId}/conversion`;
    expect((await api.get(page).expect(200)).text).toContain('value="s2hkp"');
    await api.post(`${page}/configs`).type('form').send({ 'zh-HK': 's2hkp' }).expect(303);
    await api.post(`${page}/targets`).type('form').send('langs=zh-HK').expect(303);
    const t = await db.translation.findFirstOrThrow({ where: { lang: 'zh-HK', segment: { documentId: hk.documents[0]!.id } } });
    expect(t).toMatchObject({ text: '伺服器的硬碟壞了。', origin: 'opencc' }); // s2hk would give 服務器的硬盤
  });
});

describe('Traditional Chinese target APIs', () => {
  it('drafts a document into the given languages', async () => {
    const res = await api
      .post(`/api/documents/${docId}/convert-targets`)
      .send({ langs: ['zh-Hant'] })
      .expect(200);
    expect(res.body).toMatchObject({ documentId: docId, langs: [{ lang: 'zh-Hant', config: 's2t', drafted: 3, kept: 0 }] });
  });

  it('drafts one segment and returns the translation JSON, 409 over human work', async () => {
    const [s0, s1] = await db.segment.findMany({ where: { documentId: docId }, orderBy: { index: 'asc' } });
    const res = await api.post(`/api/segments/${s1!.id}/convert`).send({ lang: 'zh-hant-hk' }).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['origin', 'status', 'text', 'updatedAt', 'updatedBy', 'version']);
    expect(res.body).toMatchObject({ text: '滑鼠標和内存。', status: 'draft', origin: 'opencc', version: 1 }); // 内存 is a protected term here
    const cur = await db.translation.findUniqueOrThrow({ where: { segmentId_lang: { segmentId: s0!.id, lang: 'zh-Hant' } } });
    await saveTranslation(db, {
      segmentId: s0!.id,
      lang: 'zh-Hant',
      text: '人工',
      status: 'reviewed',
      origin: 'human',
      version: cur.version,
      user: 'ann',
    });
    const conflict = await api.post(`/api/segments/${s0!.id}/convert`).send({ lang: 'zh-Hant' }).expect(409);
    expect(conflict.body.error).toMatchObject({ code: 'translation_kept', current: { text: '人工', origin: 'human' } });
  });

  it.each([
    {
      why: 'a language conversion cannot draft',
      url: () => `/api/documents/${docId}/convert-targets`,
      body: { langs: 'en' },
      status: 400,
      code: 'not_convertible',
    },
    {
      why: 'an invalid language code',
      url: () => `/api/documents/${docId}/convert-targets`,
      body: { langs: ['<x>'] },
      status: 400,
      code: 'invalid_input',
    },
    {
      why: 'an unknown document',
      url: () => '/api/documents/9999/convert-targets',
      body: { langs: ['zh-Hant'] },
      status: 404,
      code: 'not_found',
    },
    { why: 'an unknown segment', url: () => '/api/segments/9999/convert', body: { lang: 'zh-Hant' }, status: 404, code: 'not_found' },
  ])('answers $why with JSON $status', async ({ url, body, status, code }) => {
    const res = await api.post(url()).send(body).expect(status);
    expect(res.body.error.code).toBe(code);
  });
});

describe('export download through a conversion', () => {
  it('gives exactly the bytes of the service export with convert=', async () => {
    const res = await api.get(`/documents/${docId}/export?layout=source&convert=s2twp`).expect(200);
    const { text, fileName } = await exportDocument(db, { documentId: docId, layout: 'source', langs: [], convert: 's2twp' });
    expect(res.text).toBe(text);
    expect(res.headers['content-disposition']).toContain(fileName);
    expect(text).toContain('`软件`'); // inline code untouched
  });

  it('refuses an unknown configuration', async () => {
    const res = await api.get(`/documents/${docId}/export?convert=x2y`).set('Accept', 'application/json').expect(400);
    expect(res.body.error.code).toBe('unknown_config');
  });

  it('offers the conversion on the project list', async () => {
    const res = await api.get('/').expect(200);
    expect(res.text).toContain('name="convert"');
    expect(res.text).toContain(`/projects/${projectId}/conversion`);
  });
});

describe('seed article through the page', () => {
  it('round-trips a real article: the highlighted pieces join back to the converted text', async () => {
    const seed = readFileSync(path.join(CORPUS_DIR, 'seed-article.md'), 'utf8');
    const fromApi = await api.post('/api/convert').send({ text: seed, config: 's2hk' }).expect(200);
    const page = await api.post('/convert').field('text', seed).field('config', 's2hk').expect(200);
    const pre = /<pre class="converted" lang="zh">([\s\S]*?)<\/pre>/.exec(page.text)![1]!;
    const unescaped = pre
      .replace(/<mark title="[^"]*">|<\/mark>/g, '')
      .replace(/&#34;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(unescaped).toBe(fromApi.body.text);
  });
});

describe('converter form round trip', () => {
  it('puts the input back in the textarea so that a leading blank line survives a browser re-submit', async () => {
    const res = await api.post('/convert').field('text', '\n软件').field('config', 's2t').expect(200);
    expect(res.text).toContain('<textarea name="text" rows="10" lang="zh">\n\n软件</textarea>');
  });
});
