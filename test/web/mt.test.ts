import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { saveTranslation } from '../../src/db/translations.js';
import { createRun } from '../../src/db/mt.js';
import { recordBatchSent } from '../../src/db/mtLedger.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/web/app.js';
import { existingJobRunner } from '../../src/web/routes/mt.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { addMembership } from '../../src/db/users.js';
import { freshDb } from '../helpers/db.js';
import { importText, segmentsWith } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';

let stub: DeepLStub;
let app: Express;
let db: Db;
let api: Client;
const env = () => ({ DEEPL_AUTH_KEY: stub.authKey, DEEPL_SERVER_URL: stub.url, MT_CONCURRENCY: '1' });
const idle = () => existingJobRunner(db)!.idle();

beforeEach(async () => {
  stub = await startDeepLStub();
  ({ app, db, api } = await testApp(env()));
});
afterEach(async () => {
  await idle();
  await stub.close();
  await db.$disconnect();
});

describe('POST /api/segments/:id/mt', () => {
  it('drafts one segment and returns the translation as the editor expects; a second call replaces the MT draft', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n\n二。\n');
    const [seg] = await segmentsWith(db, doc, 'en');
    const res = await api.post(`/api/segments/${seg!.id}/mt`).send({ lang: 'en' }).expect(200);
    expect(res.body).toEqual({
      text: '[EN-US] 一。',
      status: 'draft',
      origin: 'mt',
      version: 1,
      updatedAt: expect.any(String),
      updatedBy: 'mt:deepl',
      flags: [],
    });
    const again = await api.post(`/api/segments/${seg!.id}/mt`).send({ lang: 'en' }).expect(200);
    expect(again.body.version).toBe(2);
  });

  it("shows the flags of a draft whose markup the engine lost in the editor's segments API", async () => {
    const doc = await importText(db, 'p', 'a.md', '看`代码`。\n');
    stub.translate = ({ text }) => text.replace(/<x i="\d+"\/>/, '');
    await api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en'] })
      .expect(202);
    await idle();
    const res = await api.get(`/api/documents/${doc}/segments?lang=en`).expect(200);
    expect(res.body.segments[0].translation).toMatchObject({ text: '看。', origin: 'mt', status: 'draft', flags: ['tag_missing'] });
  });

  it('answers 409 with the current translation instead of overwriting human work', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n');
    const [seg] = await segmentsWith(db, doc, 'en');
    await saveTranslation(db, { segmentId: seg!.id, lang: 'en', text: 'One.', status: 'draft', origin: 'human', version: 0, user: 'ed' });
    const res = await api.post(`/api/segments/${seg!.id}/mt`).send({ lang: 'en' }).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'translation_exists',
      current: { text: 'One.', origin: 'human', version: 1, updatedBy: 'ed' },
    });
    expect(stub.translateRequests()).toEqual([]);
  });

  it.each([
    { name: 'unknown segment', path: '/api/segments/999/mt', body: { lang: 'en' }, status: 404, code: 'not_found' },
    { name: 'bad language', path: '/api/segments/1/mt', body: { lang: 'e_n' }, status: 400, code: 'invalid_input' },
    { name: 'missing language', path: '/api/segments/1/mt', body: {}, status: 400, code: 'invalid_input' },
    { name: 'not a project language', path: '/api/segments/1/mt', body: { lang: 'de' }, status: 400, code: 'invalid_input' },
    { name: 'code block', path: '/api/segments/2/mt', body: { lang: 'en' }, status: 400, code: 'not_translatable' },
  ])('rejects $name', async ({ path, body, status, code }) => {
    await importText(db, 'p', 'a.md', '一。\n\n```\ncode\n```\n');
    const res = await api.post(path).send(body).expect(status);
    expect(res.body.error.code).toBe(code);
  });

  it('answers 503 mt_not_configured naming the variables when no key is set', async () => {
    const bare = await testApp();
    const doc = await importText(bare.db, 'p', 'a.md', '一。\n');
    const [seg] = await segmentsWith(bare.db, doc, 'en');
    const res = await bare.api.post(`/api/segments/${seg!.id}/mt`).send({ lang: 'en' }).expect(503);
    expect(res.body.error.code).toBe('mt_not_configured');
    expect(res.body.error.message).toMatch(/DEEPL_AUTH_KEY.*OPENAI_BASE_URL.*OPENAI_MODEL/);
    await bare.api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en'] })
      .expect(503);
    const usage = await bare.api.get('/api/mt/usage').expect(200);
    expect(usage.body.provider).toBeNull();
    await bare.db.$disconnect();
  });
});

describe('document pretranslation jobs', () => {
  it('queues a job (202), runs it in the background and reports progress and result', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n\n二。\n\n一。\n');
    const res = await api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en', 'ru'] })
      .expect(202);
    expect(res.body).toMatchObject({ jobId: expect.any(Number), estimate: { texts: 4 } });
    await idle();
    const job = await api.get(`/api/jobs/${res.body.jobId}`).expect(200);
    expect(job.body).toMatchObject({
      type: 'pretranslate',
      status: 'done',
      progress: { done: 6, total: 6 },
      error: null,
      errorCode: null,
      result: { drafted: 6, complete: true, skipped: { duplicate: 2 } },
    });
  });

  it('pretranslates only the given segments and can replace MT drafts', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n\n二。\n');
    const segs = await segmentsWith(db, doc, 'en');
    await api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en'], segmentIds: [segs[1]!.id] })
      .expect(202);
    await idle();
    expect((await segmentsWith(db, doc, 'en')).map((s) => s.translations.length)).toEqual([0, 1]);
  });

  it('cancels a running job at a batch boundary, keeping the stored batches', async () => {
    const doc = await importText(db, 'p', 'a.md', Array.from({ length: 120 }, (_, i) => `第${i}段。`).join('\n\n'));
    stub.faults.push({ path: '/v2/translate', delayMs: 400 });
    const { body } = await api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en'] })
      .expect(202);
    // Wait for the job to be taken (state, not time), then cancel while the first batch is at the provider.
    while ((await api.get(`/api/jobs/${body.jobId}`)).body.status !== 'running') await new Promise((r) => setImmediate(r));
    await api.post(`/api/jobs/${body.jobId}/cancel`).expect(200);
    await idle();
    const job = (await api.get(`/api/jobs/${body.jobId}`)).body;
    expect(job).toMatchObject({ status: 'cancelled', cancelRequested: true, progress: { done: 50, total: 120 } });
    expect(job.result.skipped.notSent).toBe(70);
    expect(await db.translation.count()).toBe(50);
  });

  it('fails a job on quota with the typed error code, keeping the partial summary', async () => {
    const doc = await importText(db, 'p', 'a.md', Array.from({ length: 60 }, (_, i) => `第${i}段。`).join('\n\n'));
    stub.usage.character_limit = 250;
    const { body } = await api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en'] })
      .expect(202);
    await idle();
    const job = (await api.get(`/api/jobs/${body.jobId}`)).body;
    expect(job).toMatchObject({ status: 'failed', errorCode: 'mt_quota_exceeded', progress: { done: 50, total: 60 } });
    expect(job.error).toMatch(/^DeepL: Quota .*\(50 of 60 segment translations done; run again to continue/);
    expect(job.result).toMatchObject({ drafted: 50, stoppedBy: { code: 'quota_exceeded' }, skipped: { notSent: 10 } });
  });

  it('cancels a queued job at once, 404 for unknown jobs', async () => {
    await idle(); // the start-up resume is over: a row written now stays queued (nothing kicks the worker)
    const created = await db.job.create({ data: { type: 'nothing-runs-this', params: '{}' } });
    const res = await api.post(`/api/jobs/${created.id}/cancel`).expect(200);
    expect(res.body.status).toBe('cancelled');
    await api.get('/api/jobs/9999').expect(404);
  });

  it('resumes jobs a stopped server left running', async () => {
    const fresh = await freshDb();
    const doc = await importText(fresh.db, 'p', 'a.md', '一。\n\n二。\n');
    const job = await fresh.db.job.create({
      data: { type: 'pretranslate', status: 'running', params: JSON.stringify({ documentId: doc, langs: ['ru'] }) },
    });
    await createApp({ db: fresh.db, config: loadConfig({ ...env(), DATABASE_URL: fresh.url }), log: () => {} });
    await existingJobRunner(fresh.db)!.idle();
    expect(await fresh.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: 'done',
      done: 2,
      total: 2,
      attempts: 1,
    });
    await fresh.db.$disconnect();
  });
});

describe('access', () => {
  it('lets a translator draft segments of their projects only, and keeps bulk work and usage for reviewers and admins', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n');
    const otherDoc = await importText(db, 'q', 'b.md', '二。\n');
    const [seg] = await segmentsWith(db, doc, 'en');
    const [otherSeg] = await segmentsWith(db, otherDoc, 'en');
    const translator = await clientFor(app, db, 'tina', 'translator');
    const reviewer = await clientFor(app, db, 'rob', 'reviewer');
    const project = await db.project.findUniqueOrThrow({ where: { name: 'p' } });
    await addMembership(db, translator.id, project.id);
    await addMembership(db, reviewer.id, project.id);

    await translator.client.post(`/api/segments/${seg!.id}/mt`).send({ lang: 'en' }).expect(200);
    await translator.client.post(`/api/segments/${otherSeg!.id}/mt`).send({ lang: 'en' }).expect(404);
    await translator.client
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['ru'] })
      .expect(403);
    await translator.client
      .post('/api/mt/estimate')
      .send({ documentId: otherDoc, langs: ['en'] })
      .expect(404);
    await translator.client.get('/api/mt/usage').expect(403);

    const { body } = await reviewer.client
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['ru'] })
      .expect(202);
    await translator.client.get(`/api/jobs/${body.jobId}`).expect(200);
    await translator.client.post(`/api/jobs/${body.jobId}/cancel`).expect(403);
    await reviewer.client
      .post(`/api/documents/${otherDoc}/pretranslate`)
      .send({ langs: ['ru'] })
      .expect(404);
    await idle();
    const events = await db.auditEvent.findMany({
      where: { action: { in: ['translation.mt', 'document.pretranslate'] } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.userName, e.action])).toEqual([
      ['tina', 'translation.mt'],
      ['rob', 'document.pretranslate'],
    ]);
  });

  it('refuses anonymous requests', async () => {
    const { default: request } = await import('supertest');
    await request(app).post('/api/segments/1/mt').send({ lang: 'en' }).expect(401);
    await request(app).get('/api/jobs/1').expect(401);
  });
});

describe('usage and estimate', () => {
  it('reports the provider usage and billed characters per project and language', async () => {
    const doc = await importText(db, 'p', 'a.md', '一二三。\n');
    await api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en', 'ru'] })
      .expect(202);
    await idle();
    const res = await api.get('/api/mt/usage').expect(200);
    expect(res.body).toMatchObject({
      provider: { name: 'deepl', characterCount: 8, characterLimit: 500_000 },
      recorded: [
        { project: 'p', lang: 'en', provider: 'deepl', billedCharacters: 4, requests: 1, batches: 1 },
        { project: 'p', lang: 'ru', provider: 'deepl', billedCharacters: 4, requests: 1, batches: 1 },
      ],
      totals: { billedCharacters: 8 },
      pricePerMillion: 20,
    });
  });

  it('estimates characters and cost for a document or a project', async () => {
    const doc = await importText(db, 'p', 'a.md', '一二三。\n\n一二三。\n');
    const project = await db.project.findFirstOrThrow();
    const byDoc = await api
      .post('/api/mt/estimate')
      .send({ documentId: doc, langs: ['en', 'ru'] })
      .expect(200);
    expect(byDoc.body).toMatchObject({ texts: 2, characters: 8, requests: 2, pricePerMillion: 20 });
    const byProject = await api
      .post('/api/mt/estimate')
      .send({ projectId: project.id, langs: ['en'] })
      .expect(200);
    expect(byProject.body.characters).toBe(4);
    await api
      .post('/api/mt/estimate')
      .send({ langs: ['en'] })
      .expect(400);
  });

  it("estimates exactly the editor filter's segments, not the whole document, and 0 when nothing would be sent", async () => {
    const doc = await importText(db, 'p', 'a.md', '一二三。\n\n四五六七。\n\n八九。\n');
    const segs = await db.segment.findMany({ where: { documentId: doc }, orderBy: { index: 'asc' } });
    const one = await api
      .post('/api/mt/estimate')
      .send({ documentId: doc, langs: ['en'], segmentIds: [segs[1]!.id] })
      .expect(200);
    expect(one.body).toMatchObject({ texts: 1, characters: 5 });
    await saveTranslation(db, {
      segmentId: segs[1]!.id,
      lang: 'en',
      text: 'Four five six seven.',
      status: 'translated',
      origin: 'human',
      version: 0,
      user: 'admin',
    });
    const none = await api
      .post('/api/mt/estimate')
      .send({ documentId: doc, langs: ['en'], segmentIds: [segs[1]!.id] })
      .expect(200);
    expect(none.body).toMatchObject({ texts: 0, characters: 0, requests: 0 });
    await api
      .post('/api/mt/estimate')
      .send({ projectId: 1, langs: ['en'], segmentIds: [segs[1]!.id] })
      .expect(400);
  });
});

describe('estimate with the OpenAI-compatible provider', () => {
  it("counts requests by that provider's limits (20 texts each, not DeepL's 50), exactly as the CLI's dry run does", async () => {
    // Nothing is sent for an estimate: the base URL only has to be configured.
    const openai = { MT_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'm' };
    const t = await testApp(openai);
    try {
      const doc = await importText(t.db, 'p', 'a.md', Array.from({ length: 45 }, (_, i) => `第${i}段。`).join('\n\n') + '\n');
      const web = await t.api
        .post('/api/mt/estimate')
        .send({ documentId: doc, langs: ['en'] })
        .expect(200);
      expect(web.body).toMatchObject({ provider: 'openai', texts: 45, requests: 3 });
      const cli = await runCli(['pretranslate', '--document', String(doc), '--lang', 'en', '--dry-run', '--json'], {
        env: { ...openai, DATABASE_URL: t.url },
      });
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.stdout)).toEqual(web.body);
    } finally {
      await t.db.$disconnect();
    }
  });
});

describe('usage page', () => {
  it("shows billed and possibly billed characters separately, and the difference from the provider's count, after recovering a dead run", async () => {
    const doc = await importText(db, 'p', 'a.md', '一二三。\n');
    await api
      .post(`/api/documents/${doc}/pretranslate`)
      .send({ langs: ['en'] })
      .expect(202);
    await idle();
    const project = await db.project.findFirstOrThrow();
    // A run whose process died with one batch at the provider (billed there: the stub counts it).
    const dead = await createRun(db, {
      provider: 'deepl',
      langs: ['en'],
      params: {},
      owner: `${os.hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}`,
    });
    await recordBatchSent(db, { runId: dead, projectId: project.id, lang: 'en', provider: 'deepl', texts: 1, sentCharacters: 7 });
    stub.usage.character_count += 7;
    const page = await api.get('/admin/usage').expect(200);
    expect(page.text).toContain('1 run whose process had died was marked interrupted.');
    expect(page.text).toContain('Possibly billed');
    const cells = (label: string) => new RegExp(`<th scope="row">${label}</th><td class="num"[^>]*>([^<]*)</td>`).exec(page.text)?.[1];
    expect(cells('Provider&#39;s count this period')).toBe('11');
    expect(cells('Recorded as billed by bitext')).toBe('4');
    expect(cells('Possibly billed \\(outcome unknown\\)')).toBe('7');
    expect(cells('Difference \\(provider − billed\\)')).toBe('7');
    expect(cells('Not explained by possibly billed batches')).toBe('0');
    expect(await db.mtRun.findUniqueOrThrow({ where: { id: dead } })).toMatchObject({ status: 'interrupted' });
  });

  it('shows recorded billing to admins and refuses others', async () => {
    const { app: a, db: d, api: admin } = await testApp();
    const page = await admin.get('/admin/usage').expect(200);
    expect(page.text).toContain('Machine translation usage');
    expect(page.text).toContain('Machine translation is not configured');
    expect(page.text).toContain('Nothing has been sent to machine translation yet.');
    const { client } = await clientFor(a, d, 'rev', 'reviewer');
    await client.get('/admin/usage').expect(403);
    await d.$disconnect();
  });
});
