import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { createApp } from '../../src/web/app.js';
import { loadConfig } from '../../src/config.js';
import { firstRunSetupToken, MAX_FAILURES_PER_ACCOUNT } from '../../src/services/auth/authService.js';
import { freshDb, tableCounts } from '../helpers/db.js';
import { executableMarkup } from '../helpers/html.js';
import { clientFor, listRoutes, testApp, type Client } from '../helpers/app.js';

let app: Express;
let db: Db;
let url: string;
let admin: Client;
let rita: Client; // reviewer, member of project A
let tom: Client; // translator, member of project A
let olga: Client; // translator, member of project B
let docA: number;
let docB: number;
let segA: number;

const options = (project: string) => ({ project, sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1e7 });

beforeAll(async () => {
  ({ app, db, url, api: admin } = await testApp());
  docA = (await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('# 甲\n\n第一段\n\n第二段\n') }], options('A'))).documents[0]!.id;
  docB = (await importFiles(db, [{ name: 'b.md', bytes: Buffer.from('乙\n') }], options('B'))).documents[0]!.id;
  segA = (await db.segment.findFirstOrThrow({ where: { documentId: docA, index: 1 } })).id;
  const [pA, pB] = [
    await db.project.findUniqueOrThrow({ where: { name: 'A' } }),
    await db.project.findUniqueOrThrow({ where: { name: 'B' } }),
  ];
  const r = await clientFor(app, db, 'rita', 'reviewer');
  const t = await clientFor(app, db, 'tom', 'translator');
  const o = await clientFor(app, db, 'olga', 'translator');
  [rita, tom, olga] = [r.client, t.client, o.client];
  await db.projectMember.createMany({
    data: [
      { userId: r.id, projectId: pA.id },
      { userId: t.id, projectId: pA.id },
      { userId: o.id, projectId: pB.id },
    ],
  });
});
afterAll(async () => db.$disconnect());

const PUBLIC = new Set(['GET /healthz', 'GET /login', 'POST /login', 'GET /setup', 'POST /setup', 'POST /language']);
const concrete = (p: string) => p.replace(':id', String(docA)).replace('/segments/:id', `/segments/${segA}`).replace(':lang', 'en');

describe('unauthenticated requests', () => {
  const routes = () => listRoutes(app).filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));

  it('finds every route of the app (the table below cannot silently miss one)', () => {
    const all = routes().map((r) => `${r.method} ${r.path}`);
    for (const known of ['GET /', 'GET /documents/:id', 'PUT /api/segments/:id/translations/:lang', 'GET /admin/users', 'POST /import']) {
      expect(all).toContain(known);
    }
  });

  it('are sent to the login page (pages) or refused with 401 (API, forms), on every route', async () => {
    const before = await tableCounts(db);
    for (const r of routes()) {
      const path = r.path.startsWith('/api/segments') ? r.path.replace(':id', String(segA)).replace(':lang', 'en') : concrete(r.path);
      const method = r.method.toLowerCase() as 'get';
      const send = request(app)[method];
      const res = await send(path).set('Accept', r.path.startsWith('/api/') ? 'application/json' : 'text/html');
      if (r.method === 'GET' && !r.path.startsWith('/api/')) {
        expect([r.path, res.status, res.headers.location]).toEqual([r.path, 303, `/login?next=${encodeURIComponent(path)}`]);
      } else {
        expect([r.path, res.status]).toEqual([r.path, 401]);
      }
    }
    expect(await tableCounts(db)).toEqual(before);
  });

  it('refuses an unknown or revoked API token', async () => {
    await request(app).get('/api/documents/1/segments').set('Authorization', 'Bearer btx_nope').expect(401);
    const created = await clientFor(app, db, 'temp', 'translator');
    await db.apiToken.updateMany({ where: { userId: created.id }, data: { revokedAt: new Date() } });
    await created.client.get('/').expect(401);
  });

  it('keeps /healthz and the login page public', async () => {
    await request(app).get('/healthz').expect(200);
    await request(app).get('/login').expect(200);
  });
});

describe('roles and project membership', () => {
  const put = (c: Client, seg: number, body: object) => c.put(`/api/segments/${seg}/translations/en`).send(body);

  it.each([
    {
      name: 'a translator saves a translation',
      who: () => tom,
      call: () => put(tom, segA, { text: 'First', version: 0, status: 'translated' }),
      status: 200,
    },
    {
      name: 'a translator cannot approve',
      who: () => tom,
      call: () => put(tom, segA, { text: 'First', version: 1, status: 'reviewed' }),
      status: 403,
    },
    {
      name: 'a reviewer approves',
      who: () => rita,
      call: () => put(rita, segA, { text: 'First', version: 1, status: 'reviewed' }),
      status: 200,
    },
    { name: 'a translator cannot administer users', who: () => tom, call: () => tom.get('/admin/users'), status: 403 },
    { name: 'a reviewer cannot administer users', who: () => rita, call: () => rita.get('/admin/audit'), status: 403 },
    { name: 'an admin administers users', who: () => admin, call: () => admin.get('/admin/users'), status: 200 },
    {
      name: 'a translator cannot import',
      who: () => tom,
      call: () => tom.post('/import').field('project', 'A').attach('files', Buffer.from('x\n'), 'x.md'),
      status: 403,
    },
    { name: 'a translator cannot delete', who: () => tom, call: () => tom.post(`/documents/${docA}/delete`), status: 403 },
    { name: 'a non-member does not see the document', who: () => olga, call: () => olga.get(`/documents/${docA}`), status: 404 },
    {
      name: 'a non-member cannot list its segments',
      who: () => olga,
      call: () => olga.get(`/api/documents/${docA}/segments`),
      status: 404,
    },
    { name: 'a non-member cannot save into it', who: () => olga, call: () => put(olga, segA, { text: 'x', version: 0 }), status: 404 },
    { name: 'a non-member cannot export it', who: () => tom, call: () => tom.get(`/documents/${docB}/export`), status: 404 },
    { name: 'a member sees the document of their project', who: () => olga, call: () => olga.get(`/documents/${docB}`), status: 200 },
    {
      name: 'a reviewer cannot import into a project they are not a member of',
      who: () => rita,
      call: () => rita.post('/import').field('project', 'B').attach('files', Buffer.from('x\n'), 'x.md'),
      status: 404,
    },
  ])('$name ($status)', async ({ call, status }) => {
    const res = await call();
    expect(res.status).toBe(status);
  });

  it('lists only the projects a user is a member of', async () => {
    const home = await olga.get('/').expect(200);
    expect(home.text).toContain('b.md');
    expect(home.text).not.toContain('a.md');
    const all = await admin.get('/').expect(200);
    expect(all.text).toContain('a.md');
    expect(all.text).toContain('b.md');
  });

  it('makes a reviewer a member of the project their import creates', async () => {
    await rita.post('/import').field('project', 'Rita’s').attach('files', Buffer.from('丙\n'), 'c.md').expect(200);
    expect((await rita.get('/').expect(200)).text).toContain('c.md');
    expect((await tom.get('/').expect(200)).text).not.toContain('c.md');
  });

  it('records who imported, translated, reviewed and exported in the audit log', async () => {
    await admin.get(`/documents/${docA}/export?layout=target&lang=en`).expect(200);
    const actions = (await db.auditEvent.findMany({ select: { action: true, userName: true } })).map((e) => `${e.userName}:${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining(['system:import', 'tom:translation.save', 'rita:translation.review', 'admin:export', 'rita:import']),
    );
    const page = await admin.get('/admin/audit?action=translation.review').expect(200);
    expect(page.text).toContain('rita');
    expect(page.text).toContain(`segment:${segA}/en`);
  });
});

describe('browser sessions', () => {
  async function loginAgent(name: string, password: string) {
    const agent = request.agent(app);
    const page = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, name, password, next: '/' });
    return { agent, csrf, res };
  }

  it('sets an HttpOnly, SameSite session cookie and keeps it in the database across restarts', async () => {
    const { agent, res } = await loginAgent('rita', 'rita-password-long');
    expect(res.status).toBe(303);
    const cookie = res.headers['set-cookie']!.toString();
    expect(cookie).toMatch(/bitext_session=bts_[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax/);
    expect(cookie).not.toContain('Secure');
    await agent.get('/').expect(200);
    const token = /bitext_session=([^;]+)/.exec(cookie)![1]!;
    expect(JSON.stringify(await db.session.findMany())).not.toContain(token);
    const restarted = await createApp({ db, config: loadConfig({ DATABASE_URL: url }), log: () => {} });
    await request(restarted).get('/').set('Cookie', `bitext_session=${token}`).expect(200);
  });

  it('marks cookies Secure behind a TLS proxy when TRUST_PROXY is set', async () => {
    const proxied = await createApp({ db, config: loadConfig({ DATABASE_URL: url, TRUST_PROXY: 'true' }), log: () => {} });
    const res = await request(proxied).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['set-cookie']!.toString()).toMatch(/bitext_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
  });

  it('refuses a form post without the CSRF token and changes nothing', async () => {
    const { agent, csrf } = await loginAgent('rita', 'rita-password-long');
    const before = await tableCounts(db);
    const res = await agent.post(`/documents/${docA}/delete`).type('form').send({}).set('Accept', 'application/json').expect(403);
    expect(res.body.error.code).toBe('csrf_failed');
    await agent
      .post(`/documents/${docA}/delete`)
      .type('form')
      .send({ _csrf: 'x'.repeat(43) })
      .expect(403);
    await agent.put(`/api/segments/${segA}/translations/en`).send({ text: 'no token', version: 5 }).expect(403);
    expect(await tableCounts(db)).toEqual(before);
    // The same request with the token goes through (proving the refusal was about the token).
    await agent.put(`/api/segments/${segA}/translations/en`).set('X-CSRF-Token', csrf).send({ text: 'with token', version: 2 }).expect(200);
  });

  it('revokes the session at logout', async () => {
    const { agent, csrf, res } = await loginAgent('tom', 'tom-password-long');
    const cookie = /bitext_session=[^;]+/.exec(res.headers['set-cookie']!.toString())![0];
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    await request(app).get('/').set('Cookie', cookie).set('Accept', 'text/html').expect(303);
  });

  it('throttles failed logins per account with one generic message, whatever the reason', async () => {
    const wrong = await loginAgent('olga', 'not her password');
    const unknown = await loginAgent('nobody', 'whatever password');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.text).toContain('Wrong user name or password.');
    expect(unknown.res.text).toContain('Wrong user name or password.');
    for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT; i++) await loginAgent('olga', 'still wrong');
    const blocked = await loginAgent('olga', 'olga-password-long');
    expect(blocked.res.status).toBe(429);
    expect(blocked.res.text).toContain('Too many failed logins');
    const other = await loginAgent('rita', 'rita-password-long');
    expect(other.res.status).toBe(303);
  });

  it('only redirects to paths on this site after login', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/login?next=//evil.example/x').expect(200);
    expect(page.text).toContain('name="next" value="/"');
  });
});

describe('first run', () => {
  it('creates the first admin through a one-time setup link, and no default password exists', async () => {
    const { db: empty, url: emptyUrl } = await freshDb();
    const fresh = await createApp({ db: empty, config: loadConfig({ DATABASE_URL: emptyUrl }), log: () => {} });
    expect(await empty.user.count()).toBe(0);
    const token = (await firstRunSetupToken(empty))!;
    expect(token).toMatch(/^setup_/);
    const agent = request.agent(fresh);
    const form = await agent.get(`/setup?token=${token}`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const bad = await agent
      .post('/setup')
      .type('form')
      .send({ _csrf: csrf, token: 'setup_wrong', name: 'boss', password: 'a long password' });
    expect(bad.status).toBe(403);
    await agent.post('/setup').type('form').send({ _csrf: csrf, token, name: 'boss', password: 'a long password' }).expect(303);
    expect(await empty.user.findUniqueOrThrow({ where: { name: 'boss' } })).toMatchObject({ role: 'admin' });
    await agent.get('/admin/users').expect(200);
    const again = await request
      .agent(fresh)
      .post('/setup')
      .set('Cookie', `bitext_csrf=${csrf}`)
      .type('form')
      .send({ _csrf: csrf, token, name: 'eve', password: 'a long password' });
    expect(again.status).toBe(409);
    expect(await firstRunSetupToken(empty)).toBeNull();
    await empty.$disconnect();
  });
});

describe('hostile documents render inert everywhere', () => {
  const PAYLOADS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(2)>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(3)"><script>alert(4)</script></svg>',
    '[click](javascript:alert(5))',
    '[click](JaVaScRiPt:alert(6))',
    '![x](javascript:alert(7))',
    '<a href="javascript:alert(8)">x</a>',
    '<iframe src="data:text/html,<script>alert(9)</script>"></iframe>',
    '<object data="x.svg"></object><embed src="x.swf">',
    '<div style="background:url(javascript:alert(10))">x</div>',
    '"><script>alert(11)</script>',
    "'><img src=x onerror=alert(12)>",
    '<details open ontoggle=alert(13)>',
    '&lt;script&gt;alert(14)&lt;/script&gt;',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>',
  ];

  it.each(['editor', 'rows', 'home'])('in the %s HTML', async (where) => {
    const text = PAYLOADS.map((p, i) => `段落 ${i}: ${p}\n\n${p}\n`).join('\n');
    const name = '"><img src=x onerror=alert(99)>.md';
    const id = (await importFiles(db, [{ name, bytes: Buffer.from(text) }], options('hostile'))).documents[0]!.id;
    const url = where === 'editor' ? `/documents/${id}?lang=en` : where === 'rows' ? `/documents/${id}/rows?lang=en&offset=0` : '/';
    const body = (await admin.get(url).expect(200)).text;
    expect(body).toContain(where === 'home' ? '&#34;&gt;&lt;img src=x onerror=alert(99)&gt;.md' : '段落 1');
    expect(executableMarkup(body)).toEqual([]);
    // The checker itself finds what it must (so the assertion above can fail).
    expect(executableMarkup(PAYLOADS.join('\n')).length).toBeGreaterThan(10);
    await db.document.delete({ where: { id } });
  });
});

describe('bad input on the API changes nothing', () => {
  it.each([
    ['an unknown document', () => `/api/documents/999999/segments`, 404],
    ['a non-numeric id', () => `/api/documents/abc/segments`, 400],
    ['an invalid language code', () => `/api/documents/${docA}/segments?lang=%3Cx%3E`, 400],
    ['a language that is not a target', () => `/api/documents/${docA}/segments?lang=fr`, 400],
    ['a negative offset', () => `/api/documents/${docA}/segments?offset=-1`, 400],
    ['a huge limit', () => `/api/documents/${docA}/segments?limit=100000`, 400],
    ['an unknown status filter', () => `/api/documents/${docA}/segments?status=done`, 400],
  ])('GET segments with %s', async (_name, path, status) => {
    const before = await tableCounts(db);
    const res = await admin.get(path()).expect(status);
    expect(res.body.error.code).toBeTruthy();
    expect(await tableCounts(db)).toEqual(before);
  });
});

describe('secrets and internal errors', () => {
  it('answers an unexpected failure with a generic 500: no message, stack or secret reaches the browser', async () => {
    const logged: string[] = [];
    const broken = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'project') throw new Error('connection to postgres://bitext:SECRET-PASSWORD@db failed');
        return Reflect.get(target, prop, receiver);
      },
    });
    const failing = await createApp({ db: broken, config: loadConfig({ DATABASE_URL: url }), log: (l) => logged.push(l) });
    const res = await request(failing)
      .get('/')
      .set('Authorization', `Bearer ${await adminToken()}`)
      .set('Accept', 'text/html')
      .expect(500);
    expect(res.text).toContain('500 · internal_error');
    expect(res.text).not.toContain('SECRET-PASSWORD');
    expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
    const json = await request(failing)
      .get('/')
      .set('Authorization', `Bearer ${await adminToken()}`)
      .set('Accept', 'application/json')
      .expect(500);
    expect(json.body).toEqual({ error: { code: 'internal_error', message: expect.stringMatching(/^Something went wrong on the server/) } });
    expect(logged.join('')).toContain('GET /');
  });

  it('prints database URLs without their password', async () => {
    const { redactUrl } = await import('../../src/config.js');
    expect(redactUrl('postgres://bitext:s3cr3t@127.0.0.1:5432/bitext')).toBe('postgres://bitext:***@127.0.0.1:5432/bitext');
    expect(redactUrl('file:data/bitext.db')).toBe('file:data/bitext.db');
  });
});

async function adminToken(): Promise<string> {
  const { createApiToken } = await import('../../src/services/auth/authService.js');
  return (await createApiToken(db, 'admin', 'secrets test')).token;
}
