/**
 * The Express application (created without listening, so tests can drive it with supertest).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { urlencoded } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { formatters, initI18n, LANG_COOKIE, requestLang, translator, uiLangOf, UI_LANG_NAMES, UI_LANGS } from './i18n.js';
import { errorHandler, notFound } from './errors.js';
import { localizeNotes } from './presenters/notes.js';
import { pagesRouter } from './routes/pages.js';
import { editorRouter } from './routes/editor.js';
import { apiRouter } from './routes/api.js';
import { authRouter } from './routes/auth.js';
import { adminRouter } from './routes/admin.js';
import { authenticate, csrf, requireUser } from './auth.js';
import { convertRouter } from './routes/convert.js';
import { CONVERSION_CONFIGS } from '../domain/convert.js';
import { mtRouter } from './routes/mt.js';
import { documentToolsRouter } from './routes/documentTools.js';
import { jobsRouter } from './routes/jobs.js';
import { glossaryRouter } from './routes/glossary.js';
import { reviewApiRouter, reviewPagesRouter } from './routes/review.js';
import { tmRouter } from './routes/tm.js';
import { projectExportRouter } from './routes/projectExport.js';
import { liveRouter } from './routes/live.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Everything a request handler may need. */
export interface AppContext {
  db: Db;
  config: Config;
  log: (line: string) => void;
}

/**
 * Helmet's headers with a strict CSP. HTTPS-only instructions (HSTS, `upgrade-insecure-requests`, COOP) go only on
 * answers to requests that came over HTTPS (req.secure, which follows TRUST_PROXY), or on every answer with
 * FORCE_HTTPS: sent over plain HTTP they would make the browser fetch the stylesheet and post the login form
 * over an https:// that does not exist (a LAN address).
 */
export function securityHeaders(forceHttps: boolean): express.RequestHandler {
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
  };
  const secure = helmet({ contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: [] } } });
  const plain = helmet({
    contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
    // Browsers ignore (and log an error about) Cross-Origin-Opener-Policy on an untrustworthy http:// origin.
    crossOriginOpenerPolicy: false,
  });
  const secureHeaders = fixedHeaders(secure);
  const plainHeaders = fixedHeaders(plain);
  return (req, res, next) => {
    const { set, removed } = forceHttps || req.secure ? secureHeaders : plainHeaders;
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/**
 * The headers a helmet middleware sets and removes, recorded once: with this configuration they never depend on the
 * request (no nonce, no directive functions; helmet only calls setHeader and removeHeader), and running its dozen
 * middlewares per request cost about 3 % of the server's CPU per save.
 */
function fixedHeaders(h: express.RequestHandler): { set: [string, string | number | readonly string[]][]; removed: string[] } {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let called = false;
  h({} as express.Request, recorder as unknown as express.Response, () => (called = true));
  if (!called) throw new Error('helmet did not run synchronously: its headers cannot be recorded');
  return { set, removed };
}

/** Builds the app. */
export async function createApp(ctx: AppContext): Promise<express.Express> {
  const t = await initI18n();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  // Compiled templates are cached (also their includes): without it every row partial is recompiled.
  app.enable('view cache');
  app.locals.t = t;
  app.locals.lang = 'en';
  // The interface language under its own name: views such as the editor pass `lang` for a target language.
  app.locals.uiLang = 'en';
  app.locals.conversionConfigs = CONVERSION_CONFIGS;
  app.use(securityHeaders(ctx.config.FORCE_HTTPS));
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h' }));
  app.get('/healthz', async (_req, res) => {
    await ctx.db.$queryRawUnsafe('SELECT 1');
    res.json({ ok: true });
  });
  app.use(cookieParser());
  app.use(urlencoded({ extended: false, limit: '1mb', parameterLimit: 2000 }));
  app.use(authenticate(ctx));
  // Interface language: ?lng= (remembered in a cookie), then the user's setting, then the cookie,
  // then Accept-Language, then English (see requestLang). Views get t() and the Intl formatters of it.
  app.locals.uiLangs = UI_LANGS;
  app.locals.uiLangNames = UI_LANG_NAMES;
  Object.assign(app.locals, formatters('en'));
  app.locals.fmtNotes = (notes: string) => localizeNotes('en', notes);
  app.use((req, res, next) => {
    const asked = typeof req.query.lng === 'string' ? uiLangOf(req.query.lng) : null;
    if (asked) res.cookie(LANG_COOKIE, asked, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: 365 * 86_400_000 });
    const lang = requestLang(req, res);
    res.locals.lang = lang;
    res.locals.uiLang = lang;
    res.locals.t = translator(lang);
    Object.assign(res.locals, formatters(lang));
    res.locals.fmtNotes = (notes: string) => localizeNotes(lang, notes);
    res.locals.currentUrl = req.originalUrl;
    res.vary('Accept-Language');
    next();
  });
  app.use(requireUser);
  app.use(csrf);
  app.use(authRouter(ctx));
  app.use('/admin', adminRouter(ctx));
  app.use('/api', apiRouter(ctx));
  app.use('/api', reviewApiRouter(ctx));
  app.use(pagesRouter(ctx));
  app.use(editorRouter(ctx));
  app.use(convertRouter(ctx));
  app.use(jobsRouter(ctx));
  app.use(mtRouter(ctx));
  app.use(documentToolsRouter(ctx));
  app.use(glossaryRouter(ctx));
  app.use(reviewPagesRouter(ctx));
  app.use(tmRouter(ctx));
  app.use(projectExportRouter(ctx));
  app.use(liveRouter(ctx));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
