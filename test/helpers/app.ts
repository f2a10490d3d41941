/** Test helper: the Express app over a fresh database, without listening. */
import type { Express } from 'express';
import { createApp } from '../../src/web/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { freshDb } from './db.js';

/** A fresh database and an app over it; `env` adds configuration variables (e.g. DEEPL_AUTH_KEY). */
export async function testApp(env: Record<string, string> = {}): Promise<{ app: Express; db: Db; url: string }> {
  const { db, url } = await freshDb();
  const config = loadConfig({ ...env, DATABASE_URL: url });
  const app = await createApp({ db, config, log: () => {} });
  return { app, db, url };
}
