/**
 * Login throttling under parallel load, against the app listening on a real port: every attempt is
 * reserved in the database before the password is checked, so 100 simultaneous wrong passwords get at
 * most the documented number of password checks and the rest 429 with Retry-After.
 */
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { loadConfig } from '../../src/config.js';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from '../../src/services/auth/authService.js';
import { freshDb } from '../helpers/db.js';
import { listen } from '../helpers/server.js';

// A spy on the password check: counts every verification the login makes.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/services/auth/secrets.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/services/auth/secrets.js')>();
  return {
    ...original,
    verifyPassword: async (password: string, stored: string) => {
      checks.count++;
      return original.verifyPassword(password, stored);
    },
  };
});

let db: Db;
let server: Server;
let base: string;

beforeAll(async () => {
  // The suite shares modules between test files (isolate: false): the app is loaded afresh here, so that it
  // is built on the mocked module above and not on a copy an earlier file loaded.
  vi.resetModules();
  const { createApp } = await import('../../src/web/app.js');
  const { createUser } = await import('../../src/services/auth/authService.js');
  const fresh = await freshDb();
  db = fresh.db;
  // Behind a proxy, so that each test chooses the client address with X-Forwarded-For.
  const app = await createApp({ db, config: loadConfig({ DATABASE_URL: fresh.url, TRUST_PROXY: 'true' }), log: () => {} });
  ({ server, base } = await listen(app));
  await createUser(db, 'olga', 'translator', 'olga-password-long');
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await db.$disconnect();
});
afterEach(async () => {
  await db.loginThrottle.deleteMany({});
  await db.auditEvent.deleteMany({});
});

/** A CSRF cookie and token from the login page (the login form is a browser form with CSRF protection). */
async function csrf(): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${base}/login`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  return { cookie, token };
}

/** One login form post from `address`. */
async function post(form: { cookie: string; token: string }, name: string, password: string, address: string) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, 'x-forwarded-for': address },
    body: new URLSearchParams({ _csrf: form.token, name, password, next: '/' }).toString(),
  });
  await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

/** Sends all the logins at once and sums up the answers. */
async function parallel(logins: { name: string; address: string }[], password = 'not the password') {
  const form = await csrf();
  checks.count = 0;
  const answers = await Promise.all(logins.map((l) => post(form, l.name, password, l.address)));
  const statuses: Record<number, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const failedAudits = await db.auditEvent.count({ where: { action: 'login.failed' } });
  return { answers, statuses, checked: checks.count, failedAudits };
}

// Each password check is a 32 MiB scrypt: 20 of them take a while on a loaded machine.
describe('login throttling under 100 parallel requests', { timeout: 180_000 }, () => {
  it('checks at most 5 passwords of one account, whatever the number of addresses', async () => {
    const logins = Array.from({ length: 100 }, (_, i) => ({ name: 'olga', address: `10.0.${i >> 8}.${i & 255}` }));
    const { answers, statuses, checked, failedAudits } = await parallel(logins);
    expect(checked).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(failedAudits).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(statuses).toEqual({ 401: MAX_FAILURES_PER_ACCOUNT, 429: 100 - MAX_FAILURES_PER_ACCOUNT });
    for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    // The right password is refused too now: the account is locked for the window.
    const form = await csrf();
    expect((await post(form, 'olga', 'olga-password-long', '10.9.9.9')).status).toBe(429);
  });

  it('checks at most 20 passwords from one address, whatever the account names', async () => {
    const logins = Array.from({ length: 100 }, (_, i) => ({ name: `user${i}`, address: '192.0.2.7' }));
    const { answers, statuses, checked, failedAudits } = await parallel(logins);
    expect(checked).toBe(MAX_FAILURES_PER_ADDRESS);
    expect(failedAudits).toBe(MAX_FAILURES_PER_ADDRESS);
    expect(statuses).toEqual({ 401: MAX_FAILURES_PER_ADDRESS, 429: 100 - MAX_FAILURES_PER_ADDRESS });
    for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    // Accounts refused by the address limit keep no failure: only the 20 checked ones count one.
    const rows = await db.loginThrottle.findMany({ where: { key: { startsWith: 'user:' } } });
    expect(rows.filter((r) => r.failures > 0)).toHaveLength(MAX_FAILURES_PER_ADDRESS);
  });

  it('still lets the right password in under the limit and gives back its reservation', async () => {
    const form = await csrf();
    expect((await post(form, 'olga', 'wrong password', '198.51.100.1')).status).toBe(401);
    expect((await post(form, 'olga', 'olga-password-long', '198.51.100.1')).status).toBe(303);
    // The success cleared the account's failures and did not count against the address.
    expect(await db.loginThrottle.findUnique({ where: { key: 'user:olga' } })).toBeNull();
    expect((await db.loginThrottle.findUnique({ where: { key: 'ip:198.51.100.1' } }))?.failures).toBe(1);
  });
});
