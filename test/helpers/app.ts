/** Test helper: the Express app over a fresh database, without listening, and authenticated clients. */
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/web/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import type { Role } from '../../src/domain/roles.js';
import { createApiToken, createUser } from '../../src/services/auth/authService.js';
import { freshDb } from './db.js';

/** A supertest agent that sends `Authorization: Bearer <token>` with every request. */
export type Client = ReturnType<typeof request.agent>;

/** Creates a user with an API token and returns a client acting as that user. */
export async function clientFor(app: Express, db: Db, name: string, role: Role): Promise<{ client: Client; token: string; id: number }> {
  const user = await createUser(db, name, role, `${name}-password-long`);
  const { token } = await createApiToken(db, name, 'tests');
  return { client: request.agent(app).set('Authorization', `Bearer ${token}`), token, id: user.id };
}

/** A fresh database, an app over it, and a client acting as an administrator; `env` adds configuration variables. */
export async function testApp(
  env: Record<string, string> = {},
): Promise<{ app: Express; db: Db; url: string; api: Client; adminToken: string }> {
  const { db, url } = await freshDb();
  const config = loadConfig({ ...env, DATABASE_URL: url });
  const app = await createApp({ db, config, log: () => {} });
  const admin = await clientFor(app, db, 'admin', 'admin');
  return { app, db, url, api: admin.client, adminToken: admin.token };
}

/** Every route of the app with its full path (mount path included), found by walking Express's router stacks. */
export function listRoutes(app: Express): { method: string; path: string }[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: string };
  const out: { method: string; path: string }[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const l of stack) {
      if (l.route) for (const m of Object.keys(l.route.methods)) out.push({ method: m.toUpperCase(), path: prefix + l.route.path });
      else if (l.handle?.stack) walk(l.handle.stack, prefix + (l.rawPath && l.rawPath !== '/' ? l.rawPath : ''));
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}
