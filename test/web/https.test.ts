import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../src/web/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { freshDb } from '../helpers/db.js';

let db: Db;
let url: string;

beforeAll(async () => {
  ({ db, url } = await freshDb());
});
afterAll(async () => db.$disconnect());

const appWith = (env: Record<string, string | undefined>) =>
  createApp({ db, config: loadConfig({ ...env, DATABASE_URL: url }), log: () => {} });

// Over plain HTTP on a LAN address, `upgrade-insecure-requests` made the browser fetch the stylesheet and
// post the login form over an https:// that does not exist: nobody could sign in (issue 14).
describe('HTTPS-only headers follow how the request arrived', () => {
  it.each([
    { why: 'plain HTTP on a LAN name, no proxy', env: {}, headers: {}, https: false },
    {
      why: 'a forged X-Forwarded-Proto without TRUST_PROXY is not believed',
      env: {},
      headers: { 'X-Forwarded-Proto': 'https' },
      https: false,
    },
    { why: 'plain HTTP through a trusted proxy', env: { TRUST_PROXY: 'true' }, headers: { 'X-Forwarded-Proto': 'http' }, https: false },
    { why: 'HTTPS terminated by a trusted proxy', env: { TRUST_PROXY: 'true' }, headers: { 'X-Forwarded-Proto': 'https' }, https: true },
    { why: 'FORCE_HTTPS says every request is HTTPS', env: { FORCE_HTTPS: 'true' }, headers: {}, https: true },
  ])('$why: upgrade and HSTS only when HTTPS ($https)', async ({ env, headers, https }) => {
    const res = await request(await appWith(env))
      .get('/login')
      .set('Host', 'bitext.test:3000')
      .set(headers)
      .expect(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp.includes('upgrade-insecure-requests')).toBe(https);
    expect(res.headers['strict-transport-security'] !== undefined).toBe(https);
  });

  it('refuses a FORCE_HTTPS that is not true or false, naming the variable', () => {
    expect(() => loadConfig({ FORCE_HTTPS: 'yes' })).toThrow(/FORCE_HTTPS/);
  });
});
