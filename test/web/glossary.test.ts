import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { addMembership } from '../../src/db/users.js';
import { exchangeEntry, listGlossaryEntries, saveGlossaryEntries } from '../../src/db/glossary.js';
import { readGlossaryCsv } from '../../src/domain/formats/glossary.js';
import { readTbx } from '../../src/domain/formats/tbx.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { GLOSSARY_SAMPLE } from '../helpers/fixtures.js';
import { executableMarkup } from '../helpers/html.js';
import { importText } from '../helpers/mt.js';

const SAMPLE = readFileSync(GLOSSARY_SAMPLE);
let app: Express;
let db: Db;
let admin: Client;
let translator: Client;
let reviewer: Client;
let outsider: Client;
let projectId: number;
let docId: number;

const counts = async () => ({ entries: await db.termEntry.count(), langs: await db.termLang.count() });

beforeAll(async () => {
  ({ app, db, api: admin } = await testApp());
  docId = await importText(db, 'gnews', 'a.md', '弗拉基米尔·普京在`普京`和https://kremlin.ru/普京 会见川普。\n');
  projectId = (await db.project.findFirstOrThrow({ where: { name: 'gnews' } })).id;
  const t = await clientFor(app, db, 'tina', 'translator');
  const r = await clientFor(app, db, 'rita', 'reviewer');
  outsider = (await clientFor(app, db, 'otto', 'reviewer')).client;
  await addMembership(db, t.id, projectId);
  await addMembership(db, r.id, projectId);
  translator = t.client;
  reviewer = r.client;
  await saveGlossaryEntries(db, { shared: true }, [
    {
      source: '川普',
      note: 'person',
      targets: [
        { lang: 'en', terms: ['Trump'], forbidden: ['Chuan Pu'] },
        { lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] },
      ],
    },
  ]);
});

describe('glossary pages: roles', () => {
  it('lets a translator read the project and shared glossaries and export them, but not edit', async () => {
    const page = await translator.get(`/projects/${projectId}/glossary`).expect(200);
    expect(page.text).toContain('川普');
    expect(page.text).not.toContain('id="entry-form"');
    await translator.get('/glossary/shared').expect(200);
    await translator.get(`/projects/${projectId}/glossary/export?format=tbx`).expect(200).expect('Content-Type', /x-tbx/);
    await translator.post(`/projects/${projectId}/glossary/entries`).type('form').send({ source: '普京', terms_en: 'Putin' }).expect(403);
    await translator.post(`/projects/${projectId}/glossary/import`).attach('file', SAMPLE, 'sample.csv').expect(403);
    expect(await listGlossaryEntries(db, { projectId })).toEqual([]);
  });

  it('lets a reviewer edit the project glossary but not the shared one; hides other projects', async () => {
    await reviewer
      .post(`/projects/${projectId}/glossary/entries`)
      .type('form')
      .send({ source: '普京', terms_en: 'Putin', terms_ru: 'Путин', note: 'person' })
      .expect(303);
    await reviewer.post('/glossary/shared/entries').type('form').send({ source: '拜登', terms_en: 'Biden' }).expect(403);
    await outsider.get(`/projects/${projectId}/glossary`).expect(404);
    await outsider.post(`/projects/${projectId}/glossary/entries`).type('form').send({ source: '拜登', terms_en: 'Biden' }).expect(404);
    expect((await listGlossaryEntries(db, { projectId })).map((e) => e.source)).toEqual(['普京']);
  });

  it('lets an admin edit the shared glossary: add, edit (several translations, forbidden), delete', async () => {
    await admin.post('/glossary/shared/entries').type('form').send({ source: '王毅', terms_en: 'Wang Yi', terms_ru: 'Ван И' }).expect(303);
    const [entry] = (await listGlossaryEntries(db, { shared: true })).filter((e) => e.source === '王毅');
    const form = await admin.get(`/glossary/shared?edit=${entry!.id}`).expect(200);
    expect(form.text).toContain(`name="id" value="${entry!.id}"`);
    expect(form.text).toContain('value="Wang Yi"');
    await admin
      .post('/glossary/shared/entries')
      .type('form')
      .send({
        id: String(entry!.id),
        source: '王毅',
        pos: 'properNoun',
        terms_en: 'Wang Yi | Wang',
        forbidden_en: 'Wang I',
        terms_ru: 'Ван И',
      })
      .expect(303);
    expect((await listGlossaryEntries(db, { shared: true })).find((e) => e.id === entry!.id)).toMatchObject({
      pos: 'properNoun',
      targets: [
        { lang: 'en', terms: ['Wang Yi', 'Wang'], forbidden: ['Wang I'] },
        { lang: 'ru', terms: ['Ван И'], forbidden: [] },
      ],
    });
    await admin.post(`/glossary/shared/entries/${entry!.id}/delete`).type('form').send({}).expect(303);
    expect((await listGlossaryEntries(db, { shared: true })).map((e) => e.source)).toEqual(['川普']);
  });

  it('searches, and shows the shared entries that apply with those the project overrides', async () => {
    await admin.post(`/projects/${projectId}/glossary/entries`).type('form').send({ source: '川普', terms_en: 'Donald Trump' }).expect(303);
    const page = await admin.get(`/projects/${projectId}/glossary`).expect(200);
    expect(page.text).toMatch(/class="overridden"[\s\S]*川普/);
    const found = await admin.get(`/projects/${projectId}/glossary?q=${encodeURIComponent('Путин')}`).expect(200);
    expect(found.text).toContain('普京');
    expect(found.text).not.toContain('Donald Trump');
    // % and _ are characters, not wildcards (issue 13): no entry contains them.
    for (const q of ['%', '_', '%_%_%']) {
      const none = await admin.get(`/projects/${projectId}/glossary?q=${encodeURIComponent(q)}`).expect(200);
      expect(none.text).not.toContain('普京');
      expect(none.text).not.toContain('Donald Trump');
    }
  });
});

describe('glossary pages: validation, CSRF, import and export', () => {
  it.each([
    [{ source: '' }, 'source: the source term is required', 'source'],
    [
      { source: '北京', terms_en: 'Beijing', forbidden_en: 'Beijing' },
      'forbidden_en: &#34;Beijing&#34; is both allowed and forbidden',
      'forbidden_en',
    ],
    [{ source: '北京', terms_ru: 'Пекин | Пекин' }, 'ru: a term appears twice', 'ru'],
    [{ source: '普京', terms_en: 'Putin' }, 'source: &#34;普京&#34; is already in this glossary', 'source'],
  ])('refuses %j with a 400 naming the field, keeps the typed values, stores nothing', async (body, message, field) => {
    const before = await counts();
    const res = await admin.post(`/projects/${projectId}/glossary/entries`).type('form').send(body).expect(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`data-field="${field}"`);
    if (body.source) expect(res.text).toContain(`value="${body.source}"`);
    expect(await counts()).toEqual(before);
  });

  it('refuses posts without the CSRF token from a browser session and changes nothing', async () => {
    const agent = request.agent(app);
    const login = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
    await agent.post('/login').type('form').send({ _csrf: csrf, name: 'rita', password: 'rita-password-long', next: '/' }).expect(303);
    const before = await counts();
    await agent.post(`/projects/${projectId}/glossary/entries`).type('form').send({ source: '拜登', terms_en: 'Biden' }).expect(403);
    await agent.post(`/projects/${projectId}/glossary/import`).attach('file', SAMPLE, 'sample.csv').expect(403);
    const [entry] = await listGlossaryEntries(db, { projectId });
    await agent.post(`/projects/${projectId}/glossary/entries/${entry!.id}/delete`).type('form').send({}).expect(403);
    expect(await counts()).toEqual(before);
    await agent
      .post(`/projects/${projectId}/glossary/entries`)
      .type('form')
      .send({ _csrf: csrf, source: '拜登', terms_en: 'Biden' })
      .expect(303);
    await agent.post(`/projects/${projectId}/glossary/entries/${entry!.id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
  });

  it.each([
    ['bad.csv', 'zh,en\n普京,Putin\n拜登\n', 400, 'bad.csv: glossary CSV, line 3: 1 fields, the header has 2'],
    [
      'bad.tbx',
      '<tbx><text><body><conceptEntry><langSec xml:lang="zh"><termSec><term>甲</term></termSec></langSec></conceptEntry><conceptEntry><langSec xml:lang="zh"><termSec><term>甲</term></termSec></langSec></conceptEntry></body></text></tbx>',
      400,
      'bad.tbx: TBX, &lt;conceptEntry&gt; 2: source term',
    ],
    ['notes.txt', 'zh,en\n', 400, 'notes.txt: a glossary file is .csv or .tbx'],
    ['empty.csv', '', 422, 'empty.csv: the file is empty'],
  ])('refuses the upload %s by name and line, changing nothing', async (name, text, status, message) => {
    const before = await counts();
    const res = await admin.post(`/projects/${projectId}/glossary/import`).attach('file', Buffer.from(text), name).expect(status);
    expect(res.text).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it('imports the sample by upload and exports it back (CSV and TBX)', async () => {
    await admin
      .post('/glossary/shared/import')
      .attach('file', SAMPLE, 'glossary-sample.csv')
      .expect(303)
      .expect('Location', '/glossary/shared?added=30&updated=0&unchanged=1');
    const csv = await admin
      .get('/glossary/shared/export?format=csv')
      .expect(200)
      .expect('Content-Disposition', /glossary-shared\.csv/);
    const stored = (await listGlossaryEntries(db, { shared: true })).map(exchangeEntry);
    expect(readGlossaryCsv(csv.text)).toEqual(stored);
    expect(stored.map((e) => e.source).sort()).toEqual(
      readGlossaryCsv(SAMPLE.toString('utf8'))
        .map((e) => e.source)
        .sort(),
    );
    const tbx = await admin
      .get('/glossary/shared/export?format=tbx')
      .buffer(true)
      .parse((res, cb) => {
        let s = '';
        res.on('data', (d: Buffer) => (s += d.toString()));
        res.on('end', () => cb(null, s));
      });
    expect(readTbx(tbx.body as string)).toEqual(readGlossaryCsv(csv.text));
  });
});

describe('the home page upload', () => {
  it('puts .csv and .tbx files into the named project glossary, beside documents (paths kept), refusing bad ones by name', async () => {
    const res = await admin
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'upload')
      .field('paths', 'names.csv')
      .field('paths', 'dir/b.md')
      .field('paths', 'bad.tbx')
      .attach('files', Buffer.from('zh,en,ru\n王毅,Wang Yi,Ван И\n'), 'names.csv')
      .attach('files', Buffer.from('王毅说。\n'), 'b.md')
      .attach('files', Buffer.from('<tbx>'), 'bad.tbx')
      .expect(200);
    expect(res.body.documents.map((d: { path: string }) => d.path)).toEqual(['dir/b.md']);
    expect(res.body.glossary).toEqual([{ path: 'names.csv', entries: 1, added: 1, updated: 0, unchanged: 0 }]);
    expect(res.body.refused).toEqual([
      expect.objectContaining({ path: 'bad.tbx', message: expect.stringMatching(/bad\.tbx: TBX: line 1/) }),
    ]);
    const project = await db.project.findFirstOrThrow({ where: { name: 'upload' } });
    expect((await listGlossaryEntries(db, { projectId: project.id })).map((e) => e.source)).toEqual(['王毅']);
  });

  it('refuses a glossary for a project that does not exist yet', async () => {
    const res = await admin
      .post('/import')
      .set('Accept', 'application/json')
      .field('project', 'nowhere')
      .attach('files', SAMPLE, 'sample.csv')
      .expect(422);
    expect(res.body.refused[0].message).toBe('sample.csv: a glossary goes into an existing project: import its documents first');
  });
});

describe('editor and links', () => {
  it('marks glossary terms in the source with their translations, never inside code or URLs', async () => {
    // The project's 川普 has only English; Russian comes from the shared entry, and the project adds a forbidden variant.
    await saveGlossaryEntries(db, { projectId }, [{ source: '川普', targets: [{ lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] }] }]);
    const page = await translator.get(`/documents/${docId}?lang=ru`).expect(200);
    expect(page.text).toContain(`href="/projects/${projectId}/glossary"`);
    expect(page.text).toContain(
      '<span class="term" title="Владимир Путин\nperson">弗拉基米尔·普京</span>在<span class="mk mk-code">`普京`</span>和' +
        '<span class="mk mk-url" title="https://kremlin.ru/普京">https://kremlin.ru/普京</span> 会见' +
        '<span class="term term-forbidden" title="Трамп\nDo not use: Трумп\nperson">川普</span>。',
    );
    const en = await translator.get(`/documents/${docId}?lang=en`).expect(200);
    expect(en.text).toContain('<span class="term" title="Donald Trump\nperson">川普</span>');
  });

  it('keeps hostile glossary text inert on the glossary page and in the editor', async () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    await saveGlossaryEntries(db, { projectId }, [
      { source: '会见', note: evil, targets: [{ lang: 'ru', terms: [`встреча ${evil}`], forbidden: [] }] },
    ]);
    for (const url of [
      `/projects/${projectId}/glossary`,
      `/documents/${docId}?lang=ru`,
      `/projects/${projectId}/glossary?edit=${(await listGlossaryEntries(db, { projectId })).at(-1)!.id}`,
    ]) {
      const page = await admin.get(url).expect(200);
      expect(executableMarkup(page.text)).toEqual([]);
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('links the glossary from the home page', async () => {
    expect((await translator.get('/').expect(200)).text).toContain(`href="/projects/${projectId}/glossary"`);
  });
});
