/**
 * Jobs over HTTP: the server-sent events stream (real HTTP, read as it arrives), large uploads and
 * project conversions queued as jobs, the job page, and who may see a job.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { existingJobRunner } from '../../src/web/routes/jobs.js';
import { addMembership } from '../../src/db/users.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { importText } from '../helpers/mt.js';

let app: Express;
let db: Db;
let api: Client;
let adminToken: string;
const idle = () => existingJobRunner(db)!.idle();

beforeEach(async () => {
  // No sweep within a test: the stream test moves a job to running without a heartbeat.
  ({ app, db, api, adminToken } = await testApp({ IMPORT_JOB_FILES: '2', CONVERT_JOB_DOCUMENTS: '1', JOB_STALE_SECONDS: '86400' }));
});
afterEach(async () => {
  await idle();
  await db.$disconnect();
});

interface SseEvent {
  event: string;
  data: { status: string; progress: { done: number; total: number } };
}

/**
 * Opens the event stream of a job over real HTTP and hands each event to `onEvent` as it arrives;
 * resolves with every event and the response headers once the server ends the stream.
 */
function readEvents(
  jobId: number,
  token: string,
  onEvent: (e: SseEvent) => void = () => {},
): Promise<{ events: SseEvent[]; headers: http.IncomingHttpHeaders; status: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: `/api/jobs/${jobId}/events`,
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        },
        (res) => {
          const events: SseEvent[] = [];
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let cut;
            while ((cut = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              const event = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (event && data) {
                const e = { event, data: JSON.parse(data) as SseEvent['data'] };
                events.push(e);
                onEvent(e);
              }
            }
          });
          res.on('end', () => server.close(() => resolve({ events, headers: res.headers, status: res.statusCode ?? 0 })));
        },
      );
      req.on('error', reject);
    });
  });
}

describe('GET /api/jobs/:id/events', () => {
  it('streams progress as the job row changes, then the finished job, and ends the stream', async () => {
    // A job no worker runs here: the test moves it along, one step after each event it reads.
    const job = await db.job.create({ data: { type: 'manual', params: '{}' } });
    const steps = [
      { status: 'running', done: 1, total: 3 },
      { status: 'running', done: 3, total: 3 },
      { status: 'done', done: 3, total: 3, result: '{"ok":true}' },
    ];
    const { events, headers, status } = await readEvents(job.id, adminToken, () => {
      const next = steps.shift();
      // A Prisma query runs once something waits on it.
      if (next) void db.job.update({ where: { id: job.id }, data: next }).then(() => {});
    });
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    expect(events.map((e) => [e.event, e.data.status, e.data.progress.done])).toEqual([
      ['progress', 'queued', 0],
      ['progress', 'running', 1],
      ['progress', 'running', 3],
      ['end', 'done', 3],
    ]);
    expect(events.at(-1)!.data).toMatchObject({ result: { ok: true } });
  });

  it('sends only the end of a job that already finished', async () => {
    const job = await db.job.create({ data: { type: 'manual', params: '{}', status: 'cancelled', done: 2, total: 5 } });
    const { events } = await readEvents(job.id, adminToken);
    expect(events).toEqual([{ event: 'end', data: expect.objectContaining({ status: 'cancelled', progress: { done: 2, total: 5 } }) }]);
  });

  it('refuses anonymous requests and jobs of other projects like the rest of the API', async () => {
    const { default: request } = await import('supertest');
    const doc = await importText(db, 'secret', 'a.md', '一。\n');
    const job = await db.job.create({ data: { type: 'pretranslate', params: JSON.stringify({ documentId: doc, langs: ['en'] }) } });
    await request(app).get(`/api/jobs/${job.id}/events`).expect(401);
    const outsider = await clientFor(app, db, 'olga', 'reviewer');
    await outsider.client.get(`/api/jobs/${job.id}/events`).expect(404);
    await outsider.client.get(`/api/jobs/${job.id}`).expect(404);
    await api.get('/api/jobs/9999/events').expect(404);
  });
});

describe('large uploads as import jobs', () => {
  const upload = (client: Client, n: number, accept = 'application/json') => {
    let req = client.post('/import').set('Accept', accept).field('project', 'bulk').field('targets', 'en');
    for (let i = 1; i <= n; i++) req = req.attach('files', Buffer.from(`第${i}篇。\n`), `f${i}.md`);
    return req;
  };

  it('imports small uploads at once and queues larger ones (202 with the job), with a report per file', async () => {
    const small = await upload(api, 2).expect(200);
    expect(small.body.documents).toHaveLength(2);
    const big = await upload(api, 3).expect(202);
    expect(big.body).toMatchObject({ jobId: expect.any(Number), job: { type: 'import', status: 'queued' } });
    await idle();
    const job = (await api.get(`/api/jobs/${big.body.jobId}`).expect(200)).body;
    expect(job).toMatchObject({ status: 'done', progress: { done: 3, total: 3 } });
    expect(job.result.documents.map((d: { path: string; action: string }) => `${d.path}:${d.action}`)).toEqual([
      'f1.md:unchanged',
      'f2.md:unchanged',
      'f3.md:created',
    ]);
    const page = await api.get(`/jobs/${big.body.jobId}`).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('f3.md');
    expect(page.text).toContain('f3.md</a>: new, 1 segment, read as Markdown');
  });

  it('sends the browser form to the job page, and lets the reviewer who uploaded follow a job into a new project', async () => {
    const reviewer = await clientFor(app, db, 'rita', 'reviewer');
    const res = await upload(reviewer.client, 3, 'text/html').expect(303);
    expect(res.headers.location).toMatch(/^\/jobs\/\d+$/);
    await idle();
    const page = await reviewer.client.get(res.headers.location!).expect(200);
    expect(page.text).toContain('f1.md');
    const project = await db.project.findUniqueOrThrow({ where: { name: 'bulk' } });
    expect(await db.projectMember.count({ where: { userId: reviewer.id, projectId: project.id } })).toBe(1);
  });
});

describe('project conversion as a job', () => {
  it('queues the conversion of a large project from the API and from the form, and reports the counts', async () => {
    for (let i = 1; i <= 2; i++) await importText(db, 'p', `d${i}.md`, `软件${i}。\n`);
    const project = await db.project.findUniqueOrThrow({ where: { name: 'p' } });
    const res = await api
      .post(`/api/projects/${project.id}/convert-targets`)
      .send({ langs: ['zh-Hant'] })
      .expect(202);
    await idle();
    expect((await api.get(`/api/jobs/${res.body.jobId}`)).body).toMatchObject({
      status: 'done',
      progress: { done: 2, total: 2 },
      result: { documents: 2, drafted: 2, addedTargets: ['zh-Hant'] },
    });
    const form = await api.post(`/projects/${project.id}/conversion/targets`).type('form').send('langs=zh-TW').expect(303);
    expect(form.headers.location).toMatch(/^\/jobs\/\d+$/);
    await idle();
    const page = await api.get(form.headers.location!).expect(200);
    expect(page.text).toContain(`/projects/${project.id}/conversion`);
  });

  it('refuses a project the user cannot see (404) and a language conversion cannot draft (400), queuing nothing', async () => {
    await importText(db, 'p', 'd.md', '软件。\n');
    const project = await db.project.findUniqueOrThrow({ where: { name: 'p' } });
    const translator = await clientFor(app, db, 'tim', 'translator');
    await translator.client
      .post(`/api/projects/${project.id}/convert-targets`)
      .send({ langs: ['zh-Hant'] })
      .expect(404);
    await addMembership(db, translator.id, project.id);
    await api
      .post(`/api/projects/${project.id}/convert-targets`)
      .send({ langs: ['en'] })
      .expect(400);
    expect(await db.job.count()).toBe(0);
  });
});
