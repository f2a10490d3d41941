/**
 * The Express application (created without listening, so tests can drive it with supertest).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { initI18n } from './i18n.js';
import { errorHandler, notFound } from './errors.js';
import { pagesRouter } from './routes/pages.js';
import { convertRouter } from './routes/convert.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Everything a request handler may need. */
export interface AppContext {
  db: Db;
  config: Config;
  log: (line: string) => void;
}

/** Builds the app. */
export async function createApp(ctx: AppContext): Promise<express.Express> {
  const t = await initI18n();
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  app.locals.t = t;
  app.locals.lang = 'en';
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], objectSrc: ["'none'"] },
      },
    }),
  );
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h' }));
  app.get('/healthz', async (_req, res) => {
    await ctx.db.$queryRawUnsafe('SELECT 1');
    res.json({ ok: true });
  });
  app.use(pagesRouter(ctx));
  app.use(convertRouter(ctx));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
